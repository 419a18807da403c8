"""The committed claims.db is what the code builds from seeds/ (content, not bytes)."""

from kcheck.db import ClaimStore, open_db

from conftest import ROOT, copy_db

VOLATILE = {"ingested_utc"}


def content(path):
    db = open_db(path)
    out = {}
    for table in ("sources", "sentences", "claims"):
        rows = [{k: v for k, v in r.items() if k not in VOLATILE} for r in db.table(table).rows]
        out[table] = sorted(rows, key=lambda r: r["id"])
    return out


def committed(tmp_path):
    """A copy: opening the committed file itself would migrate it in place."""
    assert (ROOT / "claims.db").exists(), "claims.db is missing: run `make claims.db` and commit it"
    return copy_db(ROOT / "claims.db", tmp_path / "committed.db")


def test_committed_database_matches_a_fresh_build(seeded_db, tmp_path):
    got, want = content(committed(tmp_path)), content(seeded_db)
    for table in want:
        assert got[table] == want[table], f"claims.db is stale ({table} differs): run `make claims.db` and commit it"


def test_default_corpus_is_the_seeds(tmp_path):
    store = ClaimStore(open_db(committed(tmp_path)))
    assert sorted(s["path"] for s in store.sources()) == sorted(f"seeds/{p.name}" for p in (ROOT / "seeds").iterdir())

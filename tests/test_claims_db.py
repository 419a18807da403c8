"""The committed claims.db is what the code builds from seeds/ (content, not bytes)."""

import pytest
from conftest import ROOT, copy_db

from kcheck.db import ClaimStore, open_db

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end

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


def test_committed_database_is_reproducible_byte_for_byte(tmp_path):
    """18.9: `make claims.db` records SOURCE_DATE_EPOCH as the ingest time, so a rebuild of
    unchanged seeds gives the very bytes that are committed (and `make demo` leaves git clean)."""
    import os
    import subprocess
    import sys
    from datetime import datetime

    with_time = open_db(committed(tmp_path)).execute("select ingested_utc from sources limit 1").fetchone()[0]
    epoch = int(datetime.fromisoformat(with_time).timestamp())
    out = tmp_path / "rebuilt.db"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    env.pop("KCHECK_DB", None)
    subprocess.run(
        [sys.executable, "-m", "kcheck", "ingest", "--quiet", "--db", str(out), "seeds/"], cwd=ROOT, env=env, check=True
    )
    assert out.read_bytes() == (ROOT / "claims.db").read_bytes()
    assert "SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)" in (ROOT / "Makefile").read_text()


SCORES = """
import sys
from kcheck.compare.cluster import _prepare, candidate_features
from kcheck.compare.copies import derivations
from kcheck.compare.scorer import shipped
from kcheck.db import ClaimStore, open_db

store = ClaimStore(open_db(sys.argv[1], create=False))
nodes, index = _prepare(list(store.frames_for_grouping()), None, store.vectors())
scorer = shipped()
for i, j, v in candidate_features(nodes, index, derivations(store.sources_for_comparison())):
    print(nodes[i].id, nodes[j].id, " ".join(x.hex() for x in v), scorer.probability(v).hex())
"""


def test_pair_scores_do_not_depend_on_the_process(seeded_db, tmp_path):
    """Every candidate pair's features and score to the last bit under two string-hash seeds:
    sets iterate in an order that follows the seed, and a float sum in another order can
    differ in its last bits (which could tip a pair over the threshold one run in many)."""
    import os
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", SCORES, str(seeded_db)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0].count("\n") > 100
    assert sorted(runs[0].splitlines()) == sorted(runs[1].splitlines())

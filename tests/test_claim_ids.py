"""Claim ids by any unique prefix, as git takes hashes: `show` and `compare --claim`."""

import json

import pytest

from kcheck.cli import app
from kcheck.db import ClaimStore, open_db
from kcheck.errors import NotFound


@pytest.fixture
def ids_store():
    """Three claims with chosen ids: two share the prefix c12ab, one stands alone."""
    store = ClaimStore(open_db(None))
    text = "The lantern festival drew nine thousand visitors to the marsh town."
    store.db.table("sources").insert({"id": "s1", "name": "gazette", "path": "gazette.txt", "text": text}, pk="id")
    for cid in ("c12ab00000000000a", "c12ab00000000000b", "c9f00000000000000"):
        store.db.table("claims").insert(
            {"id": cid, "source_id": "s1", "start": 0, "end": len(text), "quote": text, "text": text, "boilerplate": 0},
            pk="id",
        )
    return store


def test_a_unique_prefix_is_the_claim(ids_store):
    assert ids_store.resolve_claim_id("c9") == "c9f00000000000000"
    assert ids_store.resolve_claim_id("c12ab00000000000b") == "c12ab00000000000b"  # the whole id too
    assert ids_store.resolve_claim_id(" C12AB00000000000A ") == "c12ab00000000000a"  # as pasted


def test_an_ambiguous_prefix_says_how_many(ids_store):
    with pytest.raises(
        NotFound, match=r"ambiguous: 2 claims start with 'c12a' \(c12ab00000000000a, c12ab00000000000b\)"
    ):
        ids_store.resolve_claim_id("c12a")


def test_no_match_names_the_closest_ids(ids_store):
    with pytest.raises(NotFound, match=r"no claim starts with 'c9f1'; did you mean c9f00000000000000\?"):
        ids_store.resolve_claim_id("c9f1")
    with pytest.raises(NotFound, match="did you mean c12ab00000000000b or c9f00000000000000"):
        ids_store.resolve_claim_id("c5")  # between the two: both neighbours share only the "c"


def test_show_and_compare_take_a_prefix(runner, seeded_db):
    rows = json.loads(runner.invoke(app, ["claims", "--db", str(seeded_db), "--boilerplate", "--json"]).stdout)
    ids = sorted(r["id"] for r in rows)
    target = min(r["id"] for r in rows if not r["boilerplate"])  # in a group, so compare has one to show

    def shared(k):
        return sum(i.startswith(target[:k]) for i in ids)

    n = next(k for k in range(2, 18) if shared(k) == 1)  # its shortest unique prefix
    full = json.loads(runner.invoke(app, ["show", "--db", str(seeded_db), "--json", target]).stdout)
    short = runner.invoke(app, ["show", "--db", str(seeded_db), "--json", target[:n]])
    assert short.exit_code == 0 and json.loads(short.stdout) == full
    group = runner.invoke(app, ["compare", "--db", str(seeded_db), "--json", "--claim", target[:n]])
    assert group.exit_code == 0 and target in {c["id"] for c in json.loads(group.stdout)["claims"]}

    for args in (["show", target[: n - 1]], ["compare", "--claim", target[: n - 1]]):
        r = runner.invoke(app, [args[0], "--db", str(seeded_db), *args[1:]])
        assert r.exit_code == 1 and f"ambiguous: {shared(n - 1)} claims start with '{target[: n - 1]}'" in r.stderr
    for args in (["show", "czz"], ["compare", "--claim", "czz"]):
        r = runner.invoke(app, [args[0], "--db", str(seeded_db), *args[1:]])
        assert r.exit_code == 1 and f"no claim starts with 'czz'; did you mean {ids[-1]}?" in r.stderr

"""Guards the figures on the seeds gold set, so a change that lowers them fails."""

from kcheck.db import ClaimStore, open_db

from conftest import DATA
from scoring import score


def test_span_recall_of_the_claims_listing(seeded_db):
    claims = [{"source": c["source"], "start": c["start"], "end": c["end"]} for c in ClaimStore(open_db(seeded_db)).claims()]
    assert score(DATA / "seeds_gold.jsonl", claims).span_recall >= 0.90

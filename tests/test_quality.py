"""Guards the figures on the seeds gold set, and on a second gold set about another event
(tests/data/ferry: three short reports of a ferry disaster, written for this project with
their own paraphrases and planted clashes), so a change that lowers them fails."""

from kcheck.db import ClaimStore, open_db

from conftest import DATA
from scoring import score


def test_span_recall_of_the_claims_listing(seeded_db):
    claims = [{"source": c["source"], "start": c["start"], "end": c["end"]} for c in ClaimStore(open_db(seeded_db)).claims()]
    assert score(DATA / "seeds_gold.jsonl", claims).span_recall >= 0.90


def test_report_figures_on_the_seeds(seeded_db):
    """The floors sit at what the current code scores (see the issue notes); raise them
    when the figures improve, never lower them to let a change through."""
    from kcheck import report

    data = report.build(ClaimStore(open_db(seeded_db)))
    s = score(DATA / "seeds_gold.jsonl", data)
    assert s.span_recall >= 0.95
    assert s.pair_recall >= 0.55
    assert s.pair_precision >= 0.90
    assert s.verdict_accuracy >= 0.80


def test_report_figures_on_another_event(tmp_path):
    from kcheck import report
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    store = ClaimStore(open_db(tmp_path / "ferry.db"))
    ingest([str(DATA / "ferry")], store, model=DEFAULT_MODEL)
    s = score(DATA / "ferry_gold.jsonl", report.build(store))
    assert s.span_recall >= 0.95
    assert s.pair_recall >= 0.75
    assert s.pair_precision >= 0.90
    assert s.verdict_accuracy >= 0.95

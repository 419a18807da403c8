"""Guards the figures on the seeds gold set, and on gold sets about other events
(tests/data/ferry, train and fire: three or four short reports each, of a ferry disaster, a
train derailment and a wildfire, written for this project with their own paraphrases and
planted clashes),
so a change that lowers them fails."""

import pytest

from kcheck.db import ClaimStore, open_db

from conftest import DATA
from scoring import score

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end


def test_span_recall_of_the_claims_listing(seeded_db):
    claims = [{"source": c["source"], "start": c["start"], "end": c["end"]} for c in ClaimStore(open_db(seeded_db)).claims()]
    assert score(DATA / "seeds_gold.jsonl", claims).span_recall >= 0.90


def test_report_figures_on_the_seeds(seeded_db):
    """The floors sit at what the current code scores (see the issue notes); raise them
    when the figures improve, never lower them to let a change through."""
    from kcheck import report

    data = report.build(ClaimStore(open_db(seeded_db)))
    s = score(DATA / "seeds_gold.jsonl", data)
    assert s.span_recall >= 0.97
    assert s.pair_recall >= 0.60
    assert s.pair_precision >= 0.90
    assert s.verdict_accuracy >= 0.85


@pytest.mark.parametrize("corpus, floors", [
    # ferry: written in the second session; train: written in the fifth, before its fixes
    # (it first scored 1.00 / .56 / .69 / .67); fire: written in the sixth, before its fixes
    # (it first scored .97 / .55 / .57 / .57)
    ("ferry", (0.95, 0.85, 0.90, 0.95)),
    ("train", (0.95, 0.85, 0.95, 0.90)),
    ("fire", (0.95, 0.70, 0.85, 0.85)),
])
def test_report_figures_on_other_events(tmp_path, corpus, floors):
    from kcheck import report
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    store = ClaimStore(open_db(tmp_path / f"{corpus}.db"))
    ingest([str(DATA / corpus)], store, model=DEFAULT_MODEL)
    s = score(DATA / f"{corpus}_gold.jsonl", report.build(store))
    figures = (s.span_recall, s.pair_recall, s.pair_precision, s.verdict_accuracy)
    assert all(x >= f for x, f in zip(figures, floors)), figures

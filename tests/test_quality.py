"""Quality floors on every gold corpus in the project, with the shipped scorer.

The scorer's weights were fitted on these same corpora (kcheck/data/scorer.json says which), so
these figures are in-sample: they guard against regressions, nothing more. The figures to
raise are the leave-one-corpus-out ones (`make eval`) and the blind first scores recorded in
tests/data/README.md. Each floor sits a little under what the shipped code scores; raise a floor
when the figure rises, never lower one to let a change through without saying why in the notes.
"""

import pytest
from conftest import DATA, ROOT

from kcheck.db import ClaimStore, open_db
from kcheck.evaluation import load_gold, score

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end

# corpus: (span recall, pair recall, pair precision, verdict accuracy) floors
FLOORS = {
    "seeds": (0.97, 0.35, 0.72, 0.88),
    "ferry": (0.97, 0.90, 0.85, 0.90),
    "train": (
        0.97,
        0.87,
        0.96,
        0.85,
    ),  # its gold quotes a whole clause for a toll; a figure claim now stops before "when ..."
    "fire": (0.94, 0.70, 0.78, 0.74),  # verdict .76 by the refit on 35 (threshold .62): its arrest clash split
    "plant": (0.96, 0.44, 0.73, 0.59),  # verdict .61 by the refit on 35
    "flood": (0.96, 0.43, 0.71, 0.56),
    "trial": (0.90, 0.28, 0.60, 0.63),
    "bus": (0.90, 0.43, 0.67, 0.63),
    "jet": (0.89, 0.29, 0.50, 0.69),
    "coalition": (0.95, 0.35, 0.65, 0.62),
    "tanker": (0.97, 0.49, 0.72, 0.62),  # verdict .63 after this round
    "mine": (0.93, 0.32, 0.83, 0.55),
    "council": (0.87, 0.29, 0.66, 0.57),
    "hospital": (0.91, 0.32, 0.56, 0.57),
    "stadium": (0.93, 0.39, 0.75, 0.53),
    "outbreak": (0.97, 0.39, 0.52, 0.53),
    "quake": (0.95, 0.37, 0.66, 0.62),
    "strike": (0.89, 0.33, 0.44, 0.63),
    "heist": (
        0.97,
        0.44,
        0.57,
        0.57,
    ),  # verdict .59 by the refit on 35; pair recall .46 by the refit on 38 (threshold .64)
    "deal": (0.92, 0.40, 0.55, 0.43),
    "storm": (0.96, 0.46, 0.56, 0.52),
    "bridge": (0.93, 0.33, 0.56, 0.68),  # verdict .69 after this round
    "recount": (0.93, 0.37, 0.57, 0.59),
    "avalanche": (
        0.96,
        0.34,
        0.78,
        0.64,
    ),  # pair recall .36 by the refit on 35 (threshold .62)
    "blast": (0.96, 0.54, 0.80, 0.56),  # verdict .60 -> .57 by the refit on 29 (spill added, threshold .64)
    "escape": (0.91, 0.34, 0.70, 0.60),
    "cable": (0.94, 0.30, 0.54, 0.53),
    "hack": (0.95, 0.40, 0.57, 0.47),  # precision .61 -> .58 by the refit with volcano (threshold .64)
    "spill": (0.93, 0.33, 0.57, 0.42),  # precision .58 after this round
    "volcano": (0.93, 0.34, 0.55, 0.49),  # verdict .50 after this round
    "airline": (0.97, 0.45, 0.63, 0.62),
    "heat": (0.97, 0.56, 0.66, 0.52),
    "protest": (0.88, 0.41, 0.75, 0.61),
    "recall": (0.90, 0.32, 0.58, 0.53),
    "doping": (0.92, 0.42, 0.62, 0.53),
    "launch": (0.95, 0.39, 0.62, 0.55),
    "collapse": (0.88, 0.38, 0.71, 0.40),
    "layoffs": (0.93, 0.42, 0.60, 0.50),
}


def test_span_recall_of_the_claims_listing(seeded_db):
    claims = [
        {"source": c["source"], "start": c["start"], "end": c["end"]} for c in ClaimStore(open_db(seeded_db)).claims()
    ]
    assert score(load_gold(DATA / "seeds_gold.jsonl"), claims).span_recall >= 0.90


def test_every_gold_corpus_has_floors():
    corpora = {p.name for p in DATA.iterdir() if p.is_dir()} | {"seeds"}
    assert corpora == set(FLOORS)


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_report_figures(tmp_path, corpus):
    from kcheck import report
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    store = ClaimStore(open_db(tmp_path / f"{corpus}.db"))
    folder = ROOT / "seeds" if corpus == "seeds" else DATA / corpus
    ingest([str(folder)], store, model=DEFAULT_MODEL)
    s = score(load_gold(DATA / f"{corpus}_gold.jsonl"), report.build(store))
    figures = (s.span_recall, s.pair_recall, s.pair_precision, s.verdict_accuracy)
    assert all(x >= f for x, f in zip(figures, FLOORS[corpus])), figures

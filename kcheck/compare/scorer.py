"""The fitted pair scorer: how likely two claims of different sources state one fact.

A logistic model over the features of `kcheck.compare.pairs`, with weights and a linking
threshold fitted on the project's gold corpora by `make fit` (see kcheck/fitting.py) and
shipped as data in kcheck/data/scorer.json, with the corpora and the commit they were fitted
on. Nothing here is set by hand: to change what links, change a feature or the gold, and refit.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources

from kcheck.compare.pairs import FEATURES

PATH = "data/scorer.json"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class ConflictJudge:
    """How likely a clash a rule found between two linked claims is a real conflict, not two
    values of two different things: a logistic model over the pair's link probability, the
    conflict's kind and what its rule says of it (kcheck.compare.verdict.conflict_features)."""

    weights: tuple[float, ...] = ()
    threshold: float = 0.0  # a clash below this probability is not reported
    features: tuple[str, ...] = ()

    def probability(self, values: list[float]) -> float:
        return _sigmoid(sum(w * v for w, v in zip(self.weights, values))) if self.weights else 1.0


@dataclass(frozen=True)
class Scorer:
    weights: tuple[float, ...]
    threshold: float  # average-linkage probability a claim needs to join a group
    features: tuple[str, ...] = FEATURES
    conflicts: ConflictJudge = ConflictJudge()

    def probability(self, values: list[float]) -> float:
        return _sigmoid(sum(w * v for w, v in zip(self.weights, values)))

    def as_json(self, **about) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "weights": [round(w, 6) for w in self.weights],
                "threshold": round(self.threshold, 4),
                "conflicts": {
                    "features": list(self.conflicts.features),
                    "weights": [round(w, 6) for w in self.conflicts.weights],
                    "threshold": round(self.conflicts.threshold, 4),
                },
                **about,
            },
            indent=1,
        )


@functools.lru_cache(maxsize=1)
def shipped() -> Scorer:
    """The scorer in kcheck/data/scorer.json; a feature it does not know weighs nothing."""
    from kcheck.compare.verdict import CONFLICT_FEATURES

    data = json.loads(resources.files("kcheck").joinpath(PATH).read_text(encoding="utf-8"))
    known = dict(zip(data["features"], data["weights"]))
    judge = ConflictJudge()
    if data.get("conflicts", {}).get("weights"):
        c = data["conflicts"]
        cw = dict(zip(c["features"], c["weights"]))
        judge = ConflictJudge(tuple(cw.get(n, 0.0) for n in CONFLICT_FEATURES), c["threshold"], CONFLICT_FEATURES)
    return Scorer(tuple(known.get(name, 0.0) for name in FEATURES), data["threshold"], conflicts=judge)

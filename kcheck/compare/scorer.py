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
import operator
from dataclasses import dataclass
from importlib import resources

from kcheck.compare.pairs import FEATURES

PATH = "data/scorer.json"


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Scorer:
    weights: tuple[float, ...]
    threshold: float  # average-linkage probability a claim needs to join a group
    features: tuple[str, ...] = FEATURES

    def probability(self, values: list[float]) -> float:
        # map(mul) adds the same products in the same order as a generator would, at a
        # third of the cost: it runs for every candidate pair
        return _sigmoid(sum(map(operator.mul, self.weights, values)))

    def as_json(self, **about) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "weights": [round(w, 6) for w in self.weights],
                "threshold": round(self.threshold, 4),
                **about,
            },
            indent=1,
        )


@functools.lru_cache(maxsize=1)
def shipped() -> Scorer:
    """The scorer in kcheck/data/scorer.json; a feature it does not know weighs nothing."""
    data = json.loads(resources.files("kcheck").joinpath(PATH).read_text(encoding="utf-8"))
    known = dict(zip(data["features"], data["weights"]))
    return Scorer(tuple(known.get(name, 0.0) for name in FEATURES), data["threshold"])

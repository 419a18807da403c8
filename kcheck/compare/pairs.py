"""What is known of a candidate pair of claims, as numbers the fitted scorer weighs.

Word overlap (IDF-weighted, with WordNet concepts for part credit), names shared, whether the
predicates name one act, the sentence embeddings' cosine when claims have vectors, and each
rule's signals (one count, two different figures, one person's title, a denial of one act).
No weight is set here: `kcheck.compare.scorer` holds weights fitted on the gold corpora.
"""

from __future__ import annotations

import math

from kcheck.compare.features import CONTENT_WEIGHT, ENT_REF, Index, related_words
from kcheck.compare.model import Node
from kcheck.compare.rules import RULES, Pair
from kcheck.lexicon import same_act

BASE = (
    "bias",
    "words",
    "content",
    "names",
    "related",
    "same_act",
    "related_act",
    "shared_rare",
    "length_ratio",
    "both_figures",
    "one_figure",
    "same_kind",
    "by_slot",
    "cosine",
    "has_cosine",
    "values_differ",
    "copy",
)
FEATURES: tuple[str, ...] = BASE + tuple(name for rule in RULES for name in rule.signals)


def features(
    x: Node,
    y: Node,
    by_slot: bool,
    index: Index,
    cosine: float | None = None,
    copy: bool = False,
    values_differ: bool = False,
) -> list[float]:
    """The pair's features, in FEATURES order."""
    a, b = x.profile, y.profile
    common = a.words & b.words
    shared = index.weight(common)
    related = related_words(a, b, index) if a.concepts and b.concepts else 0.0
    denom = a.w_words + b.w_words
    content = 2 * shared / denom if denom else 0.0
    related_part = 2 * related / denom if denom else 0.0
    w_ents = index.weight(a.ents & b.ents)
    names = 2 * w_ents / (a.w_ents + b.w_ents) * min(1.0, w_ents / ENT_REF) if a.w_ents + b.w_ents else 0.0
    words = CONTENT_WEIGHT * (content + related_part) + (1 - CONTENT_WEIGHT) * names if common else 0.0
    same = bool(x.pred) and x.pred == y.pred
    related_act = not same and bool(x.verb and y.verb) and x.verb != y.verb and same_act(x.verb, y.verb)
    rare = max((index.idf.get(w, 0.0) for w in common), default=0.0) / math.log(index.n + 2)
    kx, ky = x.kind, y.kind
    figures = (kx == "figure") + (ky == "figure")
    lx, ly = x.length, y.length
    base = {
        "bias": 1.0,
        "words": words,
        "content": content,
        "names": names,
        "related": related_part,
        "same_act": float(same),
        "related_act": float(related_act),
        "shared_rare": rare,
        "length_ratio": min(lx, ly) / max(lx, ly, 1),
        "both_figures": float(figures == 2),
        "one_figure": float(figures == 1),
        "same_kind": float(bool(kx) and kx == ky),
        "by_slot": float(by_slot),
        "cosine": cosine or 0.0,
        "has_cosine": float(cosine is not None),
        "values_differ": float(values_differ),
        "copy": float(copy),
    }
    pair = Pair(same or related_act, by_slot, index)
    for rule in RULES:
        base.update(rule.signal(x, y, pair))
    return [base.get(name, 0.0) for name in FEATURES]

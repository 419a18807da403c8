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
    idf = index.idf
    common = a.words & b.words
    # the shared words' weights once, for their sum and the rarest (the same sum as
    # index.weight(common), exact whatever the set's order: see Index.weight)
    weights = [idf.get(w, 0.0) for w in common]
    shared = math.fsum(weights)
    related = related_words(a, b, index) if a.concepts and b.concepts else 0.0
    denom = a.w_words + b.w_words
    content = 2 * shared / denom if denom else 0.0
    related_part = 2 * related / denom if denom else 0.0
    common_ents = a.ents & b.ents
    w_ents = index.weight(common_ents) if common_ents else 0
    names = 2 * w_ents / (a.w_ents + b.w_ents) * min(1.0, w_ents / ENT_REF) if a.w_ents + b.w_ents else 0.0
    words = CONTENT_WEIGHT * (content + related_part) + (1 - CONTENT_WEIGHT) * names if common else 0.0
    same = bool(x.pred) and x.pred == y.pred
    related_act = (
        not same and x.acts and y.acts and bool(x.verb and y.verb) and x.verb != y.verb and same_act(x.verb, y.verb)
    )
    rare = max(weights) / math.log(index.n + 2) if weights else 0.0
    kx, ky = x.kind, y.kind
    figures = (kx == "figure") + (ky == "figure")
    lx, ly = x.length, y.length
    # a list in BASE order, not a dict of names: this runs for every candidate pair (millions)
    values = [
        1.0,
        words,
        content,
        names,
        related_part,
        float(same),
        float(related_act),
        rare,
        min(lx, ly) / max(lx, ly, 1),
        float(figures == 2),
        float(figures == 1),
        float(bool(kx) and kx == ky),
        float(by_slot),
        cosine or 0.0,
        float(cosine is not None),
        float(values_differ),
        float(copy),
    ]
    pair = Pair(same or related_act, by_slot, index)
    frames = x.frame is not None and y.frame is not None
    for rule, signals, zeros, need_frames in _SIGNALLING:
        if need_frames and not frames:
            values.extend(zeros)
            continue
        found = rule.signal(x, y, pair)
        values.extend([found.get(name, 0.0) for name in signals] if found else zeros)
    return values


# the rules that give signals, with their signals' names (each rule's own, in FEATURES order)
_SIGNALLING = tuple(
    (rule, rule.signals, (0.0,) * len(rule.signals), rule.signals_need_frames) for rule in RULES if rule.signals
)
assert len(set(FEATURES)) == len(FEATURES), "a signal's name must be unique among the features"

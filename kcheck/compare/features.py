"""How alike two claims' wordings are: IDF-weighted overlap of content words and names.

Words that few claims use say more; a name most claims share ("the city" in a story about
the city) only says the topic is shared. A WordNet concept two different words share
("inquiry" / "investigation") counts for part of a shared word, never alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from kcheck.frame import EMPTY

CONTENT_WEIGHT = 0.65  # the words carry the fact; shared entities alone are only a shared topic
# shared names count in full when they are as rare as a name in one claim in twenty; a name in
# half of a corpus's claims only says the topic is shared
ENT_REF = math.log(20)
# a small corpus counts as this many claims: in four claims, any word two sources share is in
# half of them, which says nothing about how common it is
TOPIC_MIN_CLAIMS = 200
SYNONYM_CREDIT = 0.7  # a shared concept ("inquiry" / "investigation") counts less than a shared word

NO_CONCEPTS: Mapping[str, frozenset[str]] = {}  # shared by every claim without any; never mutated


class Index:
    """IDF weights over the claims being compared."""

    def __init__(
        self, feats: Iterable[set[str] | frozenset[str]], counts: dict[str, int] | None = None, n: int | None = None
    ) -> None:
        """IDF over `feats`, or over corpus-wide `counts` of `n` claims when given."""
        df: dict[str, int] = defaultdict(int)
        seen = 0
        if counts is not None:
            df.update(counts)
        else:
            for fs in feats:
                seen += 1
                for f in fs:
                    df[f] += 1
        self.n = seen if n is None else n
        self.df = df
        n_ref = max(self.n, TOPIC_MIN_CLAIMS)
        self.idf = {f: math.log((n_ref + 1) / (d + 0.5)) for f, d in df.items()}

    def weight(self, fs: Iterable[str]) -> float:
        """The summed IDF of `fs`. A set's order follows Python's per-process string hashing, and
        a float sum taken in another order can differ in its last bits; fsum's sum is exact to
        the last bit whatever the order, so a score never depends on the process that made it."""
        return math.fsum(self.idf.get(f, 0.0) for f in fs)


class Profile:
    """A claim's content words and entity keys, with their weights, and the WordNet concepts of
    each content word."""

    __slots__ = ("words", "ents", "w_words", "w_ents", "concepts")

    def __init__(
        self,
        words: frozenset[str],
        ents: frozenset[str],
        concepts: Mapping[str, frozenset[str]] | None = None,
        index: Index | None = None,
    ) -> None:
        """Weighted by `index`, or later with weigh() when the index is built from the profiles."""
        self.words = words or EMPTY
        self.ents = ents or EMPTY
        self.concepts = concepts or NO_CONCEPTS
        self.w_words = self.w_ents = 0.0
        if index is not None:
            self.weigh(index)

    def weigh(self, index: Index) -> None:
        self.w_words = index.weight(self.words)
        self.w_ents = index.weight(self.ents)


def related_words(a: Profile, b: Profile, index: Index) -> float:
    """Weight of the word pairs that differ but share a WordNet concept, each word used once."""
    if not a.concepts or not b.concepts:
        return 0.0
    credit, used = 0.0, set()
    for x in sorted(a.words - b.words):
        cx = a.concepts.get(x)
        if not cx:
            continue
        for y in sorted(b.words - a.words):
            if y not in used and b.concepts.get(y) and not cx.isdisjoint(b.concepts[y]):
                used.add(y)
                credit += SYNONYM_CREDIT * min(index.idf.get(x, 0.0), index.idf.get(y, 0.0))
                break
    return credit


def profile_similarity(a: Profile, b: Profile, index: Index) -> float:
    """Weighted Dice over content words (a shared concept counts for part of a shared word)
    and over entities; no shared content word, no link: concepts alone join too much."""
    common = a.words & b.words
    if not common:
        return 0.0
    shared = index.weight(common)
    related = related_words(a, b, index)
    content = 2 * (shared + related) / (a.w_words + b.w_words)
    if not a.ents and not b.ents:
        return content
    w = index.weight(a.ents & b.ents)
    ents = 2 * w / (a.w_ents + b.w_ents) * min(1.0, w / ENT_REF) if a.w_ents + b.w_ents else 0.0
    return CONTENT_WEIGHT * content + (1 - CONTENT_WEIGHT) * ents


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the smaller set's size."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0

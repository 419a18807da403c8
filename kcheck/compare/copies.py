"""Which sources copy another: a copy corroborates nothing.

Wire copy is reprinted with small edits; two reprints of one story are one source, not two.
A source whose long word sequences (shingles) are largely found in another, earlier one is
taken to copy it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from kcheck.normalize import fold

SHINGLE = 8  # words per shingle
DERIVED_SHARE = 0.25  # share of a source's shingles found in another to call it derived
HEAD = 20  # holders of one shingle that are paired with all the others


def shingles(text: str, n: int = SHINGLE) -> set[int]:
    words = re.findall(r"\w+", fold(text).lower())
    return {hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}


def derivations(sources: list[dict]) -> dict[str, tuple[str, float]]:
    """source name -> (the source it appears to copy, share of its shingles found there).

    Counting, for every shingle, every pair of the sources holding it grows with the square
    of the sources; a shingle held by many sources pairs each of them with the HEAD earliest
    (by publication date, then name), the likeliest originals: the work is at most HEAD pairs
    per source and shingle, and an original is found however many copies there are."""
    sh = {s["name"]: shingles(s["text"]) for s in sources}
    pub = {s["name"]: s.get("published") or "" for s in sources}
    order = sorted(sh, key=lambda n: (pub[n] or "\uffff", n))  # dated sources first, earliest first
    owners: dict[int, list[str]] = defaultdict(list)
    for name in order:
        for x in sh[name]:
            owners[x].append(name)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for names in owners.values():
        if len(names) < 2:
            continue
        head = names[:HEAD]
        for a in head:
            for b in head:
                if a != b:
                    shared[(a, b)] += 1
        for a in names[HEAD:]:
            for b in head:
                shared[(a, b)] += 1
                shared[(b, a)] += 1
    out: dict[str, tuple[str, float]] = {}
    for (a, b), k in sorted(shared.items()):
        share = k / max(1, len(sh[a]))
        if share < DERIVED_SHARE:
            continue
        # the copy is the later one; with no dates, the one with the larger share copied
        back = k / max(1, len(sh[b]))
        a_later = (pub[a] > pub[b]) if pub[a] and pub[b] and pub[a] != pub[b] else share >= back
        if a_later and (a not in out or out[a][1] < share):
            out[a] = (b, round(share, 3))
    return out

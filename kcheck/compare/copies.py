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
MAX_SHARERS = 20  # a shingle held by more sources than this is a stock phrase, not a copied passage


def shingles(text: str, n: int = SHINGLE) -> set[int]:
    words = re.findall(r"\w+", fold(text).lower())
    return {hash(" ".join(words[i: i + n])) for i in range(max(0, len(words) - n + 1))}


def derivations(sources: list[dict]) -> dict[str, tuple[str, float]]:
    """source name -> (the source it appears to copy, share of its shingles found there)."""
    sh = {s["name"]: shingles(s["text"]) for s in sources}
    owners: dict[int, list[str]] = defaultdict(list)
    for name, ss in sh.items():
        for x in ss:
            owners[x].append(name)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for names in owners.values():
        if 1 < len(names) <= MAX_SHARERS:
            for a in names:
                for b in names:
                    if a != b:
                        shared[(a, b)] += 1
    pub = {s["name"]: s.get("published") or "" for s in sources}
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

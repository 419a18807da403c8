"""Which source copies which: shared 8-word sequences (shingles), at any number of sources.

compare.derivations counts, for every shingle, every pair of the sources holding it, and skips
a shingle held by more than 20 sources to keep that from growing with the square of the
sources: so when 21 sources carried one wire story, none was found to copy it ("21 sources,
21 independent"). Here a shingle held by many sources pairs each of them with the 20 earliest
(by publication date, then name), the likeliest originals: the work is at most 20 pairs per
source and shingle, and an original is found however many copies there are. Below 21 holders
the counts, and so the result, are compare.derivations' own.

(A copy of that function's rules, kept apart because compare.py is being restructured in
another session; it should take this in and this module should go.)
"""

from __future__ import annotations

from collections import defaultdict

from kcheck.compare import DERIVED_SHARE, shingles

HEAD = 20  # holders of one shingle that are paired with all the others


def derivations(sources: list[dict]) -> dict[str, tuple[str, float]]:
    """source name -> (the source it appears to copy, share of its shingles found there)."""
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

"""Which sources tell one story: claims are compared only within a story.

A database often holds articles about several events. Two short claims from two of them
("Twelve people were hurt" in an article on a factory fire, "Nine people were hurt" in one on
a tram collision) share every word that counts, and would be grouped and reported as a
conflict. The claims cannot tell the two events apart; their sources can: articles about one
event name the same places, people and bodies, articles about two events mostly do not.

- A source's names are the entity keys of its claims (`Frame.ents`).
- Two sources' affinity is the number of names they share, up to NAME_SHARE (then 1.0). A
  name held by more than COMMON_NAME sources (a country, a wire agency) is ignored: it is in
  too many stories to tell them apart, and pairing all its holders would grow with the square
  of their number.
- Sources are joined by average linkage at STORY_LINK, so one stray shared name (a reused
  outlet name, a capital) does not chain two stories into one.
- A source that joins no other is placed in no story, and is compared with every source, as
  all sources were before stories: too few names to place it is no evidence that it tells
  another story. A database of one story is one story, and nothing changes there.

NAME_SHARE and STORY_LINK were chosen on the test corpora ingested into one database (see
docs/comparison.md, "Stories"): the setting that keeps every corpus whole when ingested alone
and keeps apart the most claims of different corpora when they are ingested together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

NAME_SHARE = 3  # names two sources share for full affinity
STORY_LINK = 0.2  # mean affinity at which two sets of sources join into one story
COMMON_NAME = 50  # a name held by more sources than this tells no story apart


def stories(names_of: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """source -> story number, for the sources placed in a story of two or more sources; a
    source absent from the result is in no story (compared with every source)."""
    sources = sorted(names_of)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sources):
        for name in set(names_of[s]):
            holders[name].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for held in holders.values():
        if 2 <= len(held) <= COMMON_NAME:
            for x in range(len(held)):
                for y in range(x + 1, len(held)):
                    shared[(held[x], held[y])] += 1
    affinity = {pair: min(1.0, k / NAME_SHARE) for pair, k in shared.items()}
    out: dict[str, int] = {}
    for story, members in enumerate(m for m in _average_linkage(len(sources), affinity) if len(m) > 1):
        for i in members:
            out[sources[i]] = story
    return out


def _average_linkage(n: int, affinity: dict[tuple[int, int], float]) -> list[list[int]]:
    """Join the pairs of highest affinity first; two sets of sources join when their mean
    affinity (pairs sharing no name count 0) reaches STORY_LINK. Each set keeps the sum of its
    affinities to each other set, so a join costs the joined sets' neighbours, not the square
    of their sizes."""
    of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), a in affinity.items():
        links[i][j] = links[j][i] = a
    for i, j in sorted(affinity, key=lambda ij: (-affinity[ij], ij)):
        x, y = of[i], of[j]
        if x == y or links[x].get(y, 0.0) / (len(members[x]) * len(members[y])) < STORY_LINK:
            continue
        if len(members[x]) < len(members[y]):
            x, y = y, x  # the larger set absorbs the smaller
        for z, total in links.pop(y).items():
            if z == x:
                continue
            links[x][z] = links[x].get(z, 0.0) + total
            del links[z][y]
            links[z][x] = links[x][z]
        del links[x][y]
        for k in members[y]:
            of[k] = x
        members[x].extend(members.pop(y))
    return [sorted(m) for _, m in sorted(members.items())]


SHOWN_NAMES = 3  # names a story is shown by


def story_names(names_of: Mapping[str, Iterable[str]], story_of: Mapping[str, int]) -> dict[int, list[str]]:
    """story -> the names most of its sources hold (at most SHOWN_NAMES, commonest first), as
    `kcheck sources` shows the story: what its articles have in common."""
    held: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for source, story in story_of.items():
        for name in set(names_of[source]):
            held[story][name] += 1
    out = {}
    for story, counts in held.items():
        shown: list[str] = []
        # the fuller of two names of one party first; "lind" adds nothing beside "petra lind"
        for name in sorted(counts, key=lambda n: (-counts[n], -n.count(" "), n)):
            words = f" {name.removeprefix('E:')} "
            if len(shown) < SHOWN_NAMES and not any(words in f" {s} " for s in shown):
                shown.append(words.strip())
        out[story] = shown
    return out


def apart(story_of: Mapping[str, int], a: str, b: str) -> bool:
    """The two sources are placed in two different stories."""
    x, y = story_of.get(a), story_of.get(b)
    return x is not None and y is not None and x != y

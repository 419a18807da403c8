"""Which claims state one fact: candidates by blocking, pairs scored, groups by average linkage.

- Claims are compared only between sources of one story (`stories`): two articles about two
  events hold claims alike in every word ("Twelve people were hurt") that no claim-level
  evidence can tell apart, and the names the articles use can.
- Candidates come from blocking, never from all pairs: an inverted index over each claim's
  rarer features (stems of content lemmas, normalized entities, WordNet concepts) and over
  the rules' slot keys (the counted noun of a quantity, the predicate of a dated fact). A
  feature shared by a large share of the corpus scores pairs but does not generate them, so
  a claim meets at most (its features x BLOCK_DF) candidates: linear in the corpus size.
- A pair's score is the IDF-weighted overlap of its words (`features`), adjusted by the
  rules: a rule may veto a pair (two facts, however alike the words) or raise it (one fact,
  however different the words).
- Clusters grow by average linkage under a cap of one statement per source: single linkage
  chains a corpus into a few huge groups, and repetition in one source is no corroboration.
  A clause stating one figure or date and that figure's or date's own claim are one
  statement at two grains (`Grains`), and may share a group.
"""

from __future__ import annotations

import gc
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from kcheck.compare.copies import derivations
from kcheck.compare.features import Index, Profile
from kcheck.compare.model import Node
from kcheck.compare.pairs import features
from kcheck.compare.rules import RULES, VALUE_PREFIX, Rule
from kcheck.compare.scorer import Scorer, shipped
from kcheck.compare.stories import apart as stories_apart
from kcheck.compare.stories import stories, story_names
from kcheck.compare.verdict import Group, judged, values_differ
from kcheck.frame import EMPTY, ROLE_KINDS, Frame
from kcheck.lexicon import verb_senses

BLOCK_DF = 60  # a feature shared by more claims than this scores pairs but does not generate them


def slot_keys(f: Frame) -> set[str]:
    # interned: a regrouping keeps every claim's slot keys, and many claims share each
    return {sys.intern(k) for rule in RULES for k in rule.keys(f)}


def comparison_keys(f: Frame) -> frozenset[str]:
    """The keys a claim is found by: features, slot keys and WordNet concept keys."""
    return _keys(f.words | f.ents, slot_keys(f), f.concepts)


def _keys(feats: frozenset[str], slots: Iterable[str], concepts: Mapping[str, frozenset[str]]) -> frozenset[str]:
    return frozenset(feats | set(slots) | {"C:" + x for cs in concepts.values() for x in cs})


def group_claims(
    claims: Iterable[Frame],
    sources: list[dict],
    scorer: Scorer | None = None,
    vectors: Mapping[str, tuple[float, ...]] | None = None,
) -> list[Group]:
    """Every claim in exactly one group, groups ordered conflicts first, then singles, then agreements."""
    groups, _, _ = group_claims_with_keys(claims, sources, scorer=scorer, vectors=vectors)
    return sorted(groups, key=Group.sort_key)


def group_claims_with_keys(
    claims: Iterable[Frame],
    sources: list[dict],
    index: Index | None = None,
    derived: dict | None = None,
    load: Callable[[list[str]], list[Frame]] | None = None,
    scorer: Scorer | None = None,
    vectors: Mapping[str, tuple[float, ...]] | None = None,
    load_bare: Callable[[list[str]], list[Frame]] | None = None,
) -> tuple[Iterator[Group], Mapping[str, frozenset[str]], dict[str, tuple[int, list[str]]]]:
    """Groups (judged lazily, in no particular order); each claim's comparison keys (claim id
    -> features, slot keys and concept keys) for the stored index that incremental regrouping
    looks candidates up in; and the stories (source id -> story number and the names it is
    shown by) of the sources placed in one. `index` gives corpus-wide document frequencies
    when only part of the corpus is regrouped.

    With `load` (claim ids -> frames), `claims` may be a stream in (source, start, end, id)
    order: only what pair scoring needs of each claim is kept while clustering, and the claims
    of each group are loaded again to judge it, so a million claims are never in memory at once.
    With `load_bare` too (claim ids -> frames of where the claims are and what they say, see
    ClaimStore.bare_frames_by_ids), the claims alone in their group are loaded by it: judging
    one claim compares nothing, and most groups are one claim."""
    # grouping allocates millions of small objects and no reference cycles; the cyclic
    # collector would rescan the growing heap again and again (superlinear time)
    enabled = gc.isenabled()
    gc.disable()
    try:
        if load is None:
            claims = sorted(claims, key=lambda c: (c.source, c.start, c.end, c.id))
            by_id = {c.id: c for c in claims}
            load = lambda ids: [by_id[i] for i in ids]  # noqa: E731
        derived = derivations(sources) if derived is None else derived
        nodes, index = _prepare(claims, index, vectors)
        names = source_names(nodes)
        story_of = stories(names)
        shown = story_names(names, story_of)
        del names  # a set of names per source: at 25,000 sources, memory the clustering needs
        scorer = scorer or shipped()
        clusters, scores = _cluster(nodes, index, scorer, derived, story_of)
    finally:
        if enabled:
            gc.enable()
    pub = {s["name"]: (s.get("published") if not s.get("published_note") else None) for s in sources}
    position = {n.id: i for i, n in enumerate(nodes)}
    threshold = scorer.threshold

    def link(a: str, b: str) -> float | None:
        i, j = sorted((position[a], position[b]))
        p = scores.get((i, j), 0.0)
        return p if p >= threshold else None

    if load_bare is not None:
        linked = {nodes[i].id for members in clusters if len(members) > 1 for i in members}
        load = _split_load(load, load_bare, linked)
    return (
        judged([[nodes[i].id for i in members] for members in clusters], load, derived, pub, link),
        _KeyView(nodes),
        {source: (story, shown[story]) for source, story in story_of.items()},
    )


def _split_load(
    load: Callable[[list[str]], list[Frame]], load_bare: Callable[[list[str]], list[Frame]], linked: set[str]
) -> Callable[[list[str]], list[Frame]]:
    """Whole frames for the claims of groups of two or more, bare ones for the rest."""

    def both(ids: list[str]) -> list[Frame]:
        return load([i for i in ids if i in linked]) + load_bare([i for i in ids if i not in linked])

    return both


class _KeyView(Mapping):
    """claim id -> comparison keys, computed when read (a set per claim for a million claims
    would be a large share of the memory grouping needs)."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.pos = {n.id: i for i, n in enumerate(nodes)}

    def __getitem__(self, cid: str) -> frozenset[str]:
        n = self.nodes[self.pos[cid]]
        return _keys(n.profile.words | n.profile.ents, n.slots, n.profile.concepts)

    def __iter__(self) -> Iterator[str]:
        return (n.id for n in self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)


def _prepare(
    claims: Iterable[Frame], index: Index | None, vectors: Mapping[str, tuple[float, ...]] | None = None
) -> tuple[list[Node], Index]:
    nodes = []
    acts: dict[str, bool] = {}  # verb -> has a verb sense: asked once per verb, not per pair
    for f in claims:
        slots = slot_keys(f)
        node = Node(f, Profile(f.words, f.ents, f.concepts), frozenset(slots) if slots else EMPTY)
        # one copy of each of these strings for all the claims that hold it, not one per claim
        node.source = sys.intern(node.source)
        node.name = sys.intern(node.name)
        node.kind = sys.intern(node.kind)
        node.pred = sys.intern(node.pred)
        node.verb = sys.intern(node.verb)
        if node.verb:
            known = acts.get(node.verb)
            node.acts = known if known is not None else acts.setdefault(node.verb, bool(verb_senses(node.verb)))
        if vectors:
            node.vector = vectors.get(node.id)
        nodes.append(node)
    if index is None:  # words and entities are disjoint: counted apart, no union per claim
        index = Index((fs for n in nodes for fs in (n.profile.words, n.profile.ents)), n=len(nodes))
    for n in nodes:
        n.profile.weigh(index)
    return nodes, index


def _candidates(nodes: list[Node], index: Index) -> Iterator[tuple[int, dict[int, bool]]]:
    """Per claim, the later claims sharing a block with it, and whether a shared slot key found
    them (each pair once)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        p = n.profile
        for f in (*p.words, *p.ents):
            if index.df.get(f, 0) <= BLOCK_DF:
                postings[f].append(i)
        for k in n.slots:
            postings[k].append(i)
        for k in {"C:" + x for cs in p.concepts.values() for x in cs}:
            postings[k].append(i)
    for i, n in enumerate(nodes):
        p = n.profile
        cands: dict[int, bool] = {}
        for f in (*p.words, *p.ents):
            if index.df.get(f, 0) <= BLOCK_DF:
                for j in postings[f]:
                    if j > i:
                        cands.setdefault(j, False)
        for f in ["C:" + x for cs in p.concepts.values() for x in sorted(cs)]:
            if index.df.get(f, len(postings[f])) <= BLOCK_DF:
                for j in postings[f]:
                    if j > i:
                        cands.setdefault(j, False)
        for k in n.slots:
            if index.df.get(k, len(postings[k])) <= BLOCK_DF:
                # a shared value finds a pair but is no shared slot: the scorer weighs it (value_same)
                slot = not k.startswith(VALUE_PREFIX)
                for j in postings[k]:
                    if j > i:
                        if slot:
                            cands[j] = True
                        else:
                            cands.setdefault(j, False)
        yield i, cands


def _cluster(
    nodes: list[Node], index: Index, scorer: Scorer, derived: dict, story_of: Mapping[str, int]
) -> tuple[list[list[int]], dict[tuple[int, int], float]]:
    # only pairs that could ever link are kept, so memory follows the links, not the candidates
    floor = scorer.threshold / 2
    pair_scores: dict[tuple[int, int], float] = {}
    for i, j, values in candidate_features(nodes, index, derived, story_of):
        p = scorer.probability(values)
        if p >= floor:
            pair_scores[(i, j)] = p
    for n in nodes:
        n.frame = None  # the frames kept for the value checks are not needed any more
    grains = Grains(nodes)
    clusters = average_linkage(
        len(nodes), pair_scores, [n.source for n in nodes], scorer.threshold, grains.one_statement
    )
    # the scores of pairs within a group are kept: verdicts compare only directly linked claims
    cluster_of = {i: k for k, members in enumerate(clusters) for i in members}
    return clusters, {ij: p for ij, p in pair_scores.items() if cluster_of[ij[0]] == cluster_of[ij[1]]}


def source_names(nodes: list[Node]) -> dict[str, set[str]]:
    """source id -> the entity keys of its claims, which place it in a story."""
    names: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        names[n.source].update(n.profile.ents)
    return names


def candidate_features(
    nodes: list[Node], index: Index, derived: dict, story_of: Mapping[str, int] | None = None
) -> Iterator[tuple[int, int, list[float]]]:
    """(i, j, features) for every candidate pair of claims from two sources of one story
    (`story_of`, found from the claims' names when not given)."""
    if story_of is None:
        story_of = stories(source_names(nodes))
    for i, cands in _candidates(nodes, index):
        x = nodes[i]
        for j, by_slot in cands.items():
            y = nodes[j]
            if x.source == y.source or stories_apart(story_of, x.source, y.source) or _apart(x, y):
                continue
            yield i, j, pair_features(x, y, by_slot, index, bool(derived) and _copies(x.name, y.name, derived))


# only the rules that can set two claims apart are asked, for every candidate pair
_APART = tuple(rule for rule in RULES if type(rule).apart is not Rule.apart)


def _apart(x: Node, y: Node) -> bool:
    for rule in _APART:
        if rule.apart(x, y):
            return True
    return False


def pair_features(x: Node, y: Node, by_slot: bool, index: Index, copy: bool = False) -> list[float]:
    """The features of a candidate pair, with the value check that only slot-sharing pairs get."""
    differ = False
    if (
        by_slot
        and x.frame is not None
        and y.frame is not None
        and (x.pred == y.pred or any(rule.aligned(x, y) for rule in RULES))
    ):
        differ = values_differ(x.frame, y.frame)
    cos = None if x.vector is None or y.vector is None else cosine(x, y)
    return features(x, y, by_slot, index, cos, copy, differ)


def cosine(x: Node, y: Node) -> float | None:
    if x.vector is None or y.vector is None:
        return None
    return float(x.vector @ y.vector)


def _copies(a: str | None, b: str | None, derived: dict) -> bool:
    return bool(a and b) and (derived.get(a, ("",))[0] == b or derived.get(b, ("",))[0] == a)


FINE_GRAINS = {"figure", "date"}  # claims that state one value of a longer claim


class Grains:
    """Which two claims of one source are one statement told at two grains: a clause that states
    one figure or one date and nothing else the splitter took out, and that figure's or date's
    own claim ("The council approved the plan, which will cost 40 million euros" and "the plan,
    which will cost 40 million euros"). Such a pair may share a group: the clause, linked first
    to other sources' figures, would else shut its own figure out of the group theirs are in. A
    clause holding two figures, or a figure and a named person's title, a figure's own claim
    holding a date claim, and any claim holding an age ("Ana Ruiz, 52, a nurse": her age and
    her job; "Among the dead was Ana Ruiz, 52": who died and how old she was), state two
    things, and each stays with its own."""

    def __init__(self, nodes: list[Node]) -> None:
        self.nodes = nodes
        self.by_source: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(nodes):
            self.by_source[n.source].append(i)
        self._inside: dict[int, list[int]] = {}  # asked only for claims that meet their source in a merge

    def inside(self, i: int) -> list[int]:
        if i not in self._inside:
            a = self.nodes[i]
            self._inside[i] = [
                j
                for j in self.by_source[a.source]
                if j != i and a.start <= self.nodes[j].start and self.nodes[j].end <= a.end
            ]
        return self._inside[i]

    def one_statement(self, x: int, y: int) -> bool:
        for outer, inner in ((x, y), (y, x)):
            # a figure's own claim that holds a date claim states two values: the count and the day
            if (
                self.nodes[outer].kind not in FINE_GRAINS | ROLE_KINDS
                and self.nodes[inner].kind in FINE_GRAINS
                and self.inside(outer) == [inner]
                and not _an_age(self.nodes[inner])
            ):
                return True
        return False


def _an_age(n: Node) -> bool:
    """An age is its person's, never what the clause holding it states: "Among the passengers
    was Ana Ruiz, 52" tells who was aboard, "Ana Ruiz, 52" how old she is."""
    return any(k == "Q:age" or k.startswith("F:age:") for k in n.slots)  # frames are gone by linkage


def average_linkage(
    n: int,
    scores: dict[tuple[int, int], float],
    source_of: list[str],
    threshold: float,
    one_statement: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Join the best-scored pairs first; two groups join when their claims' mean score, counting
    unscored pairs as 0, reaches `threshold`, and they hold no two statements of one source
    (two claims of one source meet in a group only where `one_statement` says they are one)."""
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < threshold:
            break
        a, b = cluster[i], cluster[j]
        if a == b:
            continue
        ma, mb = members[a], members[b]
        same = _same_statements(ma, mb, source_of, one_statement)
        if same is None:
            continue  # repetition in one source is not corroboration
        known = [scores[k] for x in ma for y in mb if (k := (min(x, y), max(x, y))) in scores]
        # two grains of one statement are never scored (one source): no pair to count
        if sum(known) / (len(ma) * len(mb) - same) < threshold:
            continue
        for y in mb:
            cluster[y] = a
        ma.extend(mb)
        del members[b]
    return [sorted(m) for m in members.values()]


def _same_statements(
    ma: list[int], mb: list[int], source_of: list[str], one_statement: Callable[[int, int], bool] | None
) -> int | None:
    """How many pairs across the two groups are one source's statement at two grains; None when
    the groups hold two statements of one source."""
    shared = {source_of[x] for x in ma} & {source_of[y] for y in mb}
    if not shared:
        return 0
    if one_statement is None:
        return None
    same = 0
    for x in ma:
        if source_of[x] in shared:
            for y in mb:
                if source_of[y] == source_of[x]:
                    if not one_statement(x, y):
                        return None
                    same += 1
    return same

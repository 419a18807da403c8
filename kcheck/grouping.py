"""Keeping the stored groups current: a full regrouping, or only what new sources touch.

Groups are computed once after each ingest and stored; queries only read them. If the stored
groups were built from other sources (an older database, an interrupted run), they are rebuilt
first. Comparison is imported only then, so queries on current groups stay fast.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3

from kcheck.db import ClaimStore

INCREMENTAL_MIN = 20_000  # below this many claims a full regrouping takes a few seconds at most
INCREMENTAL_SHARE = 0.05  # and above this share of new claims it is the safer choice anyway
COPY_CANDIDATES = 20  # sources a new source is checked against for copying


def regroup(store: ClaimStore, full: bool = False) -> int:
    """Group the non-boilerplate claims and store the groups; returns how many groups changed.

    On a large database to which sources were only added since the last grouping, only the
    groups that the new claims could join are regrouped (with corpus-wide word frequencies);
    the rest are kept as they are. Otherwise, or with `full`, everything is regrouped."""
    from kcheck.compare import (  # queries with current groups never need it
        BLOCK_DF,
        derivations,
        group_claims_with_keys,
    )

    stamp = store.content_stamp()  # taken first: a change after it makes the save a no-op
    added = None if full else _added_sources(store)
    if added:
        new = store.frames_of_sources(added)
        total = store.claim_count()
        if total >= INCREMENTAL_MIN and len(new) <= INCREMENTAL_SHARE * total:
            return _regroup_touched(store, added, new, stamp, total)
    sources = store.sources_for_comparison()
    links = derivations(sources)
    sources = [{k: v for k, v in s.items() if k != "text"} for s in sources]  # the texts are done with
    # claims stream in; each group's claims are loaded again to judge it, and the groups are
    # stored as they are judged: at a million claims, a list of them all would not fit
    groups, keys, stories = group_claims_with_keys(
        store.frames_for_grouping(),
        sources,
        derived=links,
        load=store.frames_by_ids,
        vectors=store.vectors(),
        load_bare=store.bare_frames_by_ids,
    )
    store.save_groups((g.row() for g in groups), links, stamp, keys, BLOCK_DF, stories)
    return store.db.execute("select count(*) from groups").fetchone()[0]


def _added_sources(store: ClaimStore) -> list[str] | None:
    """Ids of the sources added since the last grouping, when nothing else changed (no source
    removed or replaced, same comparison code, comparison index written)."""
    from kcheck import __version__

    before = store.state("grouped_sources")
    if not before or not store.state("keys_stamp") or store.state("keys_stamp") != store.groups_stamp():
        return None
    if store.state("grouped_version") not in (None, __version__):
        return None
    old = set(json.loads(before))
    now = {r[0] for r in store.db.execute("select id from sources")}
    return sorted(now - old) if old <= now and now != old else None


def _regroup_touched(store: ClaimStore, added: list[str], new: list, stamp: str, total: int) -> int:
    from kcheck.compare import BLOCK_DF, Index, comparison_keys, derivations, group_claims_with_keys

    new_keys = {c.id: comparison_keys(c) for c in new}
    wanted = set().union(*new_keys.values()) if new_keys else set()
    counts = store.key_counts(wanted)
    for ks in new_keys.values():
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
    # candidates: the stored claims sharing a key rare enough to generate pairs with a new
    # claim, as blocking in a full regrouping would pair them (one shared key may link two
    # claims when their embeddings agree)
    rare = {k for k in wanted if counts[k] <= BLOCK_DF}
    candidates = set(store.claims_with_keys(rare))
    touched = store.groups_of_claims(candidates)
    members = {cid for ids in touched.values() for cid in ids}
    old = store.frames_by_ids(members)
    # corpus-wide frequencies for every key of the claims being regrouped
    old_keys = {c.id: comparison_keys(c) for c in old}
    more = set().union(*old_keys.values()) - set(counts) if old_keys else set()
    counts.update(store.key_counts(more))
    index = Index([], counts=counts, n=total)  # a change since the count makes the save a no-op (stamp)
    # copies: the new sources against the sources of the most candidates (a copy shares most
    # of its rare keys with its original), and the groups' sources for publication dates
    by_source: dict[str, int] = {}
    for c in old:
        if c.id in candidates:
            by_source[c.source] = by_source.get(c.source, 0) + 1
    likely = set(sorted(by_source, key=lambda n: (-by_source[n], n))[:COPY_CANDIDATES])
    names = {c.source for c in old} | {c.source for c in new}
    sources = store.sources_for_comparison(names)
    copy_check = [s for s in sources if s["name"] in likely or s["id"] in added]
    links = store.stored_links()
    new_names = {s["name"] for s in sources if s["id"] in added}
    # a stored link is kept unless a new source explains it: the subset may miss the original
    found = {a: v for a, v in derivations(copy_check).items() if a in new_names or a not in links}
    links.update(found)
    groups, _, placed = group_claims_with_keys(
        old + new, sources, index=index, derived=links, vectors=store.vectors([c.id for c in old + new])
    )
    rows = [g.row() for g in groups]
    # most of the regrouped groups come out as they are stored; deleting and writing them again
    # would dirty pages all over the grouping tables (most of an addition's time)
    same = store.groups_stored_as(rows)
    store.save_group_changes(
        [r for r in rows if r["id"] not in same],
        sorted(g for g in touched if g not in same),
        found,
        stamp,
        new_keys,
        counts,
        BLOCK_DF,
        _placed(store.stored_stories(), placed),
    )
    return len(rows)


def _placed(
    stored: dict[str, tuple[int, list[str]]], found: dict[str, tuple[int, list[str]]]
) -> dict[str, tuple[int, list[str]]]:
    """Stories for the regrouped sources that had none (the new ones, and any that a new one
    now places), among the stored stories. Such a source joins the stored story most of the
    stored sources placed beside it are in; with none beside it, it starts a story of its
    own. Stored placements stay as they are until the next full regrouping."""
    beside: dict[int, list[int]] = {}
    for sid, (story, _) in found.items():
        if sid in stored:
            beside.setdefault(story, []).append(stored[sid][0])
    names = {story: shown for story, shown in stored.values()}
    fresh = max(names, default=-1) + 1
    out = {}
    for sid in sorted(s for s in found if s not in stored):
        story, shown = found[sid]
        if beside.get(story):
            votes = beside[story]
            taken = min(set(votes), key=lambda k: (-votes.count(k), k))
            out[sid] = (taken, names[taken])
        else:
            out[sid] = (fresh + story, shown)
    return out


def ensure_groups(store: ClaimStore) -> None:
    if store.groups_stamp() != store.content_stamp():
        regroup(store)


@contextlib.contextmanager
def consistent(store: ClaimStore):
    """A command's whole read, in one snapshot whose groups hold every claim exactly once.

    An ingest stores its sources one transaction each and regroups at the end; a reader in
    between saw the new sources with the old groups (a report holding 21 claims out of 543),
    and its own regrouping was not saved when the ingest changed the sources again. So: bring
    the stored groups up to date if that can be done; then read in one snapshot, and if its
    groups are still behind its sources, group that snapshot's claims into private tables
    for this reader only (see ClaimStore.shadow). Current groups, the usual case, are found
    by the snapshot's own check alone (hashing 25,000 sources' stamps takes 20 ms)."""
    with store.snapshot():
        if store.groups_stamp() == store.content_stamp():
            yield store
            return
    try:
        ensure_groups(store)
    except sqlite3.OperationalError as e:
        if "locked" not in str(e) and "busy" not in str(e):
            raise  # a writer held the lock past the busy timeout: the snapshot below copes
    with store.snapshot():
        if store.groups_stamp() != store.content_stamp():
            with store.shadow():
                regroup(store, full=True)
                yield store
        else:
            yield store

"""The discrepancy report as data, and its Markdown and HTML renderings.

Groups are computed once after each ingest and stored; a report only reads them. If the
stored groups were built from other sources (an older database, an interrupted run), they
are rebuilt first.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import sqlite3

from kcheck.db import ClaimStore
from kcheck.errors import NotFound

VERDICT_TITLES = {"conflict": "Conflicts", "single": "Single attestations", "agree": "Agreements"}


INCREMENTAL_MIN = 20_000  # below this many claims a full regrouping takes a few seconds at most
INCREMENTAL_SHARE = 0.05  # and above this share of new claims it is the safer choice anyway
COPY_CANDIDATES = 20  # sources a new source is checked against for copying
SLOT_PREFIXES = {"Q:", "M:", "D:", "R:", "T:", "A:"}
RAREST = 5  # a key held by this few claims is a candidate on its own ("spokes" in a small corpus)


def regroup(store: ClaimStore, full: bool = False) -> int:
    """Group the non-boilerplate claims and store the groups; returns how many groups changed.

    On a large database to which sources were only added since the last grouping, only the
    groups that the new claims could join are regrouped (with corpus-wide word frequencies);
    the rest are kept as they are. Otherwise, or with `full`, everything is regrouped."""
    from kcheck.compare import group_claims_with_keys  # queries with current groups never need it
    from kcheck.copies import derivations

    stamp = store.content_stamp()  # taken first: a change after it makes the save a no-op
    added = None if full else _added_sources(store)
    if added:
        new = store.claims_of_sources(added)
        total = store.claim_count()
        if total >= INCREMENTAL_MIN and len(new) <= INCREMENTAL_SHARE * total:
            return _regroup_touched(store, added, new, stamp)
    sources = store.sources_for_comparison()
    links = derivations(sources)
    sources = [{k: v for k, v in s.items() if k != "text"} for s in sources]  # the texts are done with
    # claims stream in; each group's claims are loaded again to judge it, and the groups are
    # stored as they are judged: at a million claims, a list of them all would not fit
    groups, keys = group_claims_with_keys(store.claims_for_grouping(), sources, derived=links,
                                          load=store.claims_by_ids)
    store.save_groups(groups, links, stamp, keys)
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


def _regroup_touched(store: ClaimStore, added: list[str], new: list[dict], stamp: str) -> int:
    from kcheck.compare import BLOCK_DF, Index, comparison_keys, group_claims_with_keys
    from kcheck.copies import derivations

    new_keys = {c["id"]: comparison_keys(c) for c in new}
    wanted = set().union(*new_keys.values()) if new_keys else set()
    counts = store.key_counts(wanted)
    for ks in new_keys.values():
        for k in ks:
            counts[k] = counts.get(k, 0) + 1
    # candidates: stored claims sharing a key rare enough to generate pairs with a new claim,
    # and either two such keys, a slot key or a very rare key (one shared common word alone
    # rarely makes a link)
    rare = {k for k in wanted if counts[k] <= BLOCK_DF}
    hits = store.claims_with_keys(rare)
    candidates = {cid for cid, ks in hits.items()
                  if any(len(ks & nk) >= 2 or any(k[:2] in SLOT_PREFIXES or counts[k] <= RAREST for k in ks & nk)
                         for nk in new_keys.values())}
    touched = store.groups_of_claims(candidates)
    members = {cid for ids in touched.values() for cid in ids}
    old = store.claims_by_ids(members)
    # corpus-wide frequencies for every key of the claims being regrouped
    old_keys = {c["id"]: comparison_keys(c) for c in old}
    more = set().union(*old_keys.values()) - set(counts) if old_keys else set()
    counts.update(store.key_counts(more))
    index = Index([], counts=counts, n=store.claim_count())
    # copies: the new sources against the sources of the most candidates (a copy shares most
    # of its rare keys with its original), and the groups' sources for publication dates
    by_source: dict[str, int] = {}
    for c in old:
        if c["id"] in candidates:
            by_source[c["source"]] = by_source.get(c["source"], 0) + 1
    likely = set(sorted(by_source, key=lambda n: (-by_source[n], n))[:COPY_CANDIDATES])
    names = {c["source"] for c in old} | {c["source"] for c in new}
    sources = store.sources_for_comparison(names)
    copy_check = [s for s in sources if s["name"] in likely or s["id"] in added]
    links = store.stored_links()
    new_names = {s["name"] for s in sources if s["id"] in added}
    # a stored link is kept unless a new source explains it: the subset may miss the original
    found = {a: v for a, v in derivations(copy_check).items() if a in new_names or a not in links}
    links.update(found)
    groups, _ = group_claims_with_keys(old + new, sources, index=index, derived=links)
    groups = list(groups)
    store.save_group_changes(groups, sorted(touched), found, stamp, new_keys, counts)
    return len(groups)


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
    for this reader only (see ClaimStore.shadow)."""
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


def build(store: ClaimStore, verdict: str | None = None) -> dict:
    """The JSON contract: {"sources": [...], "groups": [...]} in report order."""
    ensure_groups(store)
    links = store.source_links()
    sources = []
    for s in store.sources():
        link = links.get(s["name"])
        sources.append({
            "name": s["name"], "title": s["title"], "outlet": s["outlet"], "published": s["published"],
            "published_note": s["published_note"], "claims": s["claims"],
            "derived_from": link["derived_from"] if link else None,
        })
    return {"sources": sources, "groups": store.groups(verdict)}


CANDIDATES = 5  # matching claims (one per group) shown with the group `compare TEXT` picks


def find_group(store: ClaimStore, text: str | None = None, claim_id: str | None = None) -> dict:
    """The group holding a claim, or the group of the claim that best matches a text, with
    the best few matching claims of other groups and their scores (`candidates`), so that a
    wrong first match shows what else there was."""
    ensure_groups(store)
    candidates: list[dict] = []
    if claim_id:
        gid = store.group_of(claim_id)
        if gid is None:
            raise NotFound(f"no claim with id {claim_id!r} (list them with: kcheck claims)")
    else:
        # every word counts, "80" and "km" too: numbers are what a claim is often checked for
        terms = re.findall(r"\w+", text or "")
        if not terms:
            raise NotFound("give some words to look for, e.g. kcheck compare \"ceasefire 2020\"")
        query = " OR ".join(f'"{t}"' for t in terms)
        seen: set[str] = set()
        for r in store.db.query(
                "select c.id, s.name as source, c.start, c.end, c.quote, round(-bm25(claims_fts), 2) as score, "
                "gc.group_id, g.verdict from claims_fts f join claims c on c.rowid = f.rowid "
                "join sources s on s.id = c.source_id join group_claims gc on gc.claim_id = c.id "
                "join groups g on g.id = gc.group_id where claims_fts match ? and c.boilerplate = 0 "
                "order by bm25(claims_fts), c.id limit 200", [query]):
            if r["group_id"] not in seen:
                seen.add(r["group_id"])
                candidates.append({"claim_id": r.pop("id"), **r})
            if len(candidates) == CANDIDATES:
                break
        if not candidates:
            raise NotFound(f"no claim matches {text!r}")
        gid = candidates[0]["group_id"]
    for g in store.groups(ids=[gid]):
        return {**g, "candidates": candidates}
    raise NotFound("that claim is not in any group; run kcheck ingest again to rebuild the groups")


# --- renderings -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_MD_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def md(s: str) -> str:
    """Untrusted text as inert Markdown: every character that starts markup backslash-escaped,
    < > & as HTML entities (a renderer passes raw HTML through, and not every one honours a
    backslash before "<"), and control characters (ESC, bidi overrides) shown as codes."""
    s = " ".join((s or "").split())
    s = _MD_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def markdown(report: dict) -> str:
    out = ["# kcheck discrepancy report", ""]
    out.append("| source | title | published | claims | copies |")
    out.append("|---|---|---|---|---|")
    for s in report["sources"]:
        pub = (s["published"] or "not found") + (" (doubtful)" if s["published"] and s["published_note"] else "")
        out.append(f"| {md(s['name'])} | {md(s['title'] or '')} | {pub} | {s['claims']} | {md(s['derived_from'] or '')} |")
    for verdict, title in VERDICT_TITLES.items():
        groups = [g for g in report["groups"] if g["verdict"] == verdict]
        out += ["", f"## {title} ({len(groups)})", ""]
        for g in groups:
            head = f"**{g['slot']}**: " if g.get("slot") else ""
            out.append(f"- {head}{md(g['explanation'])}")
            for c in g["claims"]:
                out.append(f"  - `{c['source']}` [{c['start']}:{c['end']}] “{md(c['quote'])}”")
            for n in g["notes"]:
                out.append(f"  - note: {md(n)}")
    return "\n".join(out) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}
.group{border-left:4px solid #999;padding:.3rem .8rem;margin:.8rem 0}.conflict{border-color:#c0392b}
.single{border-color:#d4a017}.agree{border-color:#27ae60}.quote{font-family:Georgia,serif}
.src{font-family:monospace;font-size:.85em;color:#555}.note{color:#666;font-size:.9em}
"""


def html_page(report: dict) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>kcheck discrepancy report</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>kcheck discrepancy report</h1>",
             "<table><tr><th>source</th><th>title</th><th>published</th><th>claims</th><th>copies</th></tr>"]
    for s in report["sources"]:
        pub = (s["published"] or "not found") + (" (doubtful)" if s["published"] and s["published_note"] else "")
        parts.append(f"<tr><td class=src>{e(s['name'])}</td><td>{e(s['title'] or '')}</td><td>{e(pub)}</td>"
                     f"<td>{s['claims']}</td><td>{e(s['derived_from'] or '')}</td></tr>")
    parts.append("</table>")
    for verdict, title in VERDICT_TITLES.items():
        groups = [g for g in report["groups"] if g["verdict"] == verdict]
        parts.append(f"<h2>{e(title)} ({len(groups)})</h2>")
        for g in groups:
            parts.append(f'<div class="group {e(verdict)}" id="{e(g["id"])}"><p>{e(g["explanation"])}</p><table>')
            for c in g["claims"]:
                parts.append(f"<tr><td class=src>{e(c['source'])}<br>{c['start']}–{c['end']}</td>"
                             f"<td class=quote>“{e(c['quote'])}”</td></tr>")
            parts.append("</table>")
            for n in g["notes"]:
                parts.append(f"<p class=note>{e(n)}</p>")
            parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def claim_details(store: ClaimStore, claim_id: str) -> dict:
    """A claim with its paragraph, source metadata, slots and group, for `kcheck show`."""
    ensure_groups(store)
    c = store.claim(claim_id)
    text = store.source_text(c["source_id"])
    para_start = max(text.rfind("\n", 0, c["start"]) + 1, 0)
    para_end = text.find("\n", c["end"])
    para_end = len(text) if para_end == -1 else para_end
    group = next(iter(store.groups(ids=[c["group_id"]])), None) if c["group_id"] else None
    return {
        "id": c["id"], "text": c["text"], "quote": c["quote"], "start": c["start"], "end": c["end"],
        "paragraph": {"start": para_start, "end": para_end, "text": text[para_start:para_end]},
        "source": {"name": c["source"], "title": c["title"], "outlet": c["outlet"], "published": c["published"],
                   "published_note": c["published_note"]},
        "slots": {k: c[k] for k in ("kind", "subject", "predicate", "object", "negated", "polarity", "hedges", "speaker",
                                     "entities", "dates", "quantities", "headline")},
        "group": group,
    }

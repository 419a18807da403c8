"""The discrepancy report as data, and its Markdown and HTML renderings.

Groups are computed once after each ingest and stored; a report only reads them. If the
stored groups were built from other sources (an older database, an interrupted run), they
are rebuilt first.
"""

from __future__ import annotations

import html
import json
import re

from kcheck.db import ClaimStore
from kcheck.errors import NotFound
from kcheck.grouping import ensure_groups, regroup  # noqa: F401  (regroup: `kcheck report --regroup`)

VERDICT_TITLES = {"conflict": "Conflicts", "single": "Single attestations", "agree": "Agreements"}


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


def find_group(store: ClaimStore, text: str | None = None, claim_id: str | None = None) -> dict:
    """The group holding a claim, or the claim that best matches a text."""
    ensure_groups(store)
    if claim_id:
        gid = store.group_of(claim_id)
        if gid is None:
            raise NotFound(f"no claim with id {claim_id!r} (list them with: kcheck claims)")
    else:
        terms = [t for t in re.findall(r"\w+", text or "") if len(t) > 2]
        if not terms:
            raise NotFound("give some words to look for, e.g. kcheck compare \"ceasefire 2020\"")
        query = " OR ".join(f'"{t}"' for t in terms)
        row = store.db.execute(
            "select c.id from claims_fts f join claims c on c.rowid = f.rowid "
            "where claims_fts match ? and c.boilerplate = 0 order by bm25(claims_fts) limit 1", [query]).fetchone()
        if row is None:
            raise NotFound(f"no claim matches {text!r}")
        gid = store.group_of(row[0])
    for g in store.groups(ids=[gid]):
        return g
    raise NotFound("that claim is not in any group; run kcheck ingest again to rebuild the groups")


# --- renderings -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(s: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join((s or "").split()))


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

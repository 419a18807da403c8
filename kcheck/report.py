"""The discrepancy report as data, and its Markdown and HTML renderings.

Groups are computed once after each ingest and stored; a report only reads them. If the
stored groups were built from other sources (an older database, an interrupted run), they
are rebuilt first.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote as quote_url

from kcheck.db import ClaimStore
from kcheck.errors import NotFound
from kcheck.frame import measure_label
from kcheck.grouping import consistent, ensure_groups, regroup  # noqa: F401  (used by the CLI)
from kcheck.units import scale
from kcheck.values import ranges_overlap

VERDICT_TITLES = {"conflict": "Conflicts", "single": "Single attestations", "agree": "Agreements"}


def build(store: ClaimStore, verdict: str | None = None) -> dict:
    """The JSON contract: {"sources": [...], "groups": [...], "summary": {...}}, groups in report order."""
    ensure_groups(store)
    links = store.source_links()
    sources = []
    for s in store.sources():
        link = links.get(s["name"])
        sources.append(
            {
                "name": s["name"],
                "title": s["title"],
                "outlet": s["outlet"],
                "url": s["url"],
                "path": s["path"],
                "published": s["published"],
                "published_note": s["published_note"],
                "claims": s["claims"],
                "derived_from": link["derived_from"] if link else None,
            }
        )
    report: dict = {"sources": sources, "groups": store.groups(verdict), "figures": figures(store)}
    verdicts, kinds = store.verdict_counts()  # the whole database's, also when one verdict is shown
    report["summary"] = summary(report, verdicts, kinds, verdict)
    return report


def figures(store: ClaimStore) -> list[dict]:
    """The figures view: one row per measured thing that two or more sources give a figure
    for, each source's value with its quote and offsets, flagged where they disagree."""
    rows: dict[str, dict] = {}
    ranges: dict[str, list[tuple[float, float | None]]] = {}
    for c in store.figure_claims():
        quantities = json.loads(c["quantities"] or "[]")
        if not quantities:
            continue
        q = quantities[0]
        row = rows.setdefault(
            c["group_id"],
            {
                "group": c["group_id"],
                "disagree": c["verdict"] == "conflict",
                "unit": q.get("unit") or "",
                "measure": measure_label(
                    q.get("dim") or "",
                    q.get("what") or "",
                    q.get("by") or "",
                    q.get("whose") or "",
                    q.get("unit") or "",
                ),
                "values": [],
            },
        )
        row["values"].append(
            {
                "source": c["source"],
                "claim_id": c["id"],
                "value": q["text"],
                "quote": c["quote"],
                "start": q.get("start", c["start"]),
                "end": q.get("end", c["end"]),
            }
        )
        ranges.setdefault(c["group_id"], []).append(_range(q))
    out = [r for r in rows.values() if len({v["source"] for v in r["values"]}) >= 2]
    for r in out:
        spans = ranges[r["group"]]
        overlap = all(ranges_overlap(*x, *y) for i, x in enumerate(spans) for y in spans[i + 1 :])
        # "differ": the figures do not overlap, yet no rule judged them one measure's values
        r["state"] = "disagree" if r["disagree"] else "agree" if overlap else "differ"
    return out


# how the Markdown and HTML figures views show a measure's state (see figures())
FIGURE_WORDS = {"disagree": "**differs**", "differ": "*apart, not compared*", "agree": "same"}
FIGURE_FLAGS = {"disagree": "≠ differs", "differ": "≠ apart, not compared", "agree": "= same"}
FIGURE_CLASSES = {"disagree": "differs", "differ": "apart", "agree": "same"}


def _state(f: dict) -> str:
    return f.get("state") or ("disagree" if f.get("disagree") else "agree")


def _range(q: dict) -> tuple[float, float | None]:
    factor = scale(q.get("unit") or "")
    return q["lo"] * factor, (q["hi"] * factor if q.get("hi") is not None else None)


CANDIDATES = 5  # matching claims (one per group) shown with the group `compare TEXT` picks


def find_group(store: ClaimStore, text: str | None = None, claim_id: str | None = None) -> dict:
    """The group holding a claim, or the group of the claim that best matches a text, with
    the best few matching claims of other groups and their scores (`candidates`), so that a
    wrong first match shows what else there was."""
    ensure_groups(store)
    candidates: list[dict] = []
    if claim_id:
        gid = store.group_of(store.resolve_claim_id(claim_id))
        if gid is None:
            raise NotFound(f"claim {claim_id!r} is boilerplate, in no group (kcheck show {claim_id} shows it)")
    else:
        # every word counts, "80" and "km" too: numbers are what a claim is often checked for
        terms = re.findall(r"\w+", text or "")
        if not terms:
            raise NotFound('give some words to look for, e.g. kcheck compare "ceasefire 2020"')
        query = " OR ".join(f'"{t}"' for t in terms)
        seen: set[str] = set()
        for r in store.db.query(
            "select c.id, s.name as source, c.start, c.end, c.quote, round(-bm25(claims_fts), 2) as score, "
            "gc.group_id, g.verdict from claims_fts f join claims c on c.rowid = f.rowid "
            "join sources s on s.id = c.source_id join group_claims gc on gc.claim_id = c.id "
            "join groups g on g.id = gc.group_id where claims_fts match ? and c.boilerplate = 0 "
            "order by bm25(claims_fts), c.id limit 200",
            [query],
        ):
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


# --- what every rendering shows ------------------------------------------------------
# Pure functions over the report dict, so the terminal, Markdown and HTML say the same.

VERDICT_WORDS = {"conflict": "CONFLICT", "single": "SINGLE", "agree": "AGREE"}
SECTION_IDS = {"conflict": "conflicts", "single": "singles", "agree": "agreements"}


def summary(report: dict, verdicts: dict | None = None, kinds: dict | None = None, verdict: str | None = None) -> dict:
    """Counts for the top of a report. `verdicts` (verdict -> groups) and `kinds` (conflict
    kind -> groups) count the whole database; without them the report's own groups are counted."""
    groups = report["groups"]
    if verdicts is None:
        verdicts = Counter(g["verdict"] for g in groups)
    if kinds is None:
        kinds = Counter(g.get("slot") or "other" for g in groups if g["verdict"] == "conflict")
    return {
        "sources": len(report["sources"]),
        "claims": sum(s.get("claims") or 0 for s in report["sources"]),
        "conflicts": verdicts.get("conflict", 0),
        "conflict_kinds": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        **figure_counts(report),
        "agreements": verdicts.get("agree", 0),
        "single_attestations": verdicts.get("single", 0),
        "verdict": verdict,
    }


def figure_counts(report: dict) -> dict:
    """How many figures the report compares and how many of them disagree (None without figures)."""
    figures = report.get("figures")
    if figures is None:
        return {"figures": None, "figures_disagree": None}
    return {"figures": len(figures), "figures_disagree": sum(1 for f in figures if f.get("disagree"))}


def summary_of(report: dict) -> dict:
    """The report's summary (a hand-built report without one is counted here); the figure counts
    always follow the figures the report carries."""
    return {**(report.get("summary") or summary(report)), **figure_counts(report)}


def summary_items(s: dict) -> list[tuple[str, str, str, str]]:
    """(key, label, count, detail) rows of a summary, in reading order; figures only when counted."""
    kinds = ", ".join(f"{n} {k}" for k, n in s["conflict_kinds"].items())
    rows = [
        ("sources", "sources", str(s["sources"]), ""),
        ("claims", "claims", str(s["claims"]), ""),
        ("conflicts", "conflicts", str(s["conflicts"]), kinds),
    ]
    if s.get("figures") is not None:
        rows.append(
            ("figures_disagree", "figures that disagree", str(s["figures_disagree"]), f"of {s['figures']} compared")
        )
    rows += [
        ("agreements", "agreements", str(s["agreements"]), ""),
        ("single_attestations", "single attestations", str(s["single_attestations"]), ""),
    ]
    return rows


def sections(report: dict) -> list[tuple[str, str, list[dict]]]:
    """(verdict, title, groups) for each verdict the report holds groups of: no empty sections."""
    out = []
    for verdict, title in VERDICT_TITLES.items():
        groups = [g for g in report["groups"] if g["verdict"] == verdict]
        if groups:
            out.append((verdict, title, groups))
    return out


def _unique(items) -> list:
    return list(dict.fromkeys(i for i in items if i))


def heading(g: dict) -> list[str]:
    """A group's one-line heading, in parts: verdict, kind, what was measured (or else the
    conflict's detail), and how many sources: CONFLICT · number · passengers aboard · 3 sources, 2 independent."""
    parts = [VERDICT_WORDS.get(g["verdict"], g["verdict"].upper())]
    conflicts = g.get("conflicts") or []
    if g["verdict"] == "conflict":
        kinds = _unique(c.get("slot") for c in conflicts) or _unique([g.get("slot")])
        if kinds:
            parts.append(" + ".join(kinds))
        what = _unique(c.get("measure") for c in conflicts) or _unique(c.get("detail") for c in conflicts)
        if what:
            parts.append("; ".join(what))
    n, k = g.get("sources", 1), g.get("independent_sources", 1)
    parts.append(f"{n} source{'s' if n != 1 else ''}" + (f", {k} independent" if n > 1 else ""))
    return parts


def clashes(g: dict) -> list[str]:
    """One short line per distinct clash: ‘value’ vs ‘value’, and the detail when the heading names
    the measure instead."""
    out, seen = [], set()
    for c in g.get("conflicts") or []:
        values = [str(v) for v in c.get("values") or []]
        line = " vs ".join(f"‘{v}’" for v in values) + (
            f": {c['detail']}" if c.get("measure") and c.get("detail") else ""
        )
        key = (frozenset(values), c.get("detail") if c.get("measure") else None)  # a vs b is b vs a
        if values and key not in seen:
            seen.add(key)
            out.append(line)
    return out


_PLAIN_WORDS = {"not", "no", "never", "be", "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by"}


def find_value(quote: str, value: str, loose: bool = True) -> list[tuple[int, int]]:
    """Where a compared value sits in a quote: the value itself as a whole word group, or else
    (`loose`) its words as the quote inflects them (a lemma "mediate" in "Kremlin-mediated",
    "uphold" in "upheld")."""
    value = (value or "").strip()
    if not value:
        return []
    m = re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", quote, re.I)
    if m:
        return [m.span()]
    if not loose:
        return []
    out = []
    words = list(re.finditer(r"\w+", quote))
    for w in re.findall(r"\w+", value.lower()):
        if w in _PLAIN_WORDS or len(w) < 3:
            continue
        for t in words:
            word = t.group(0).lower()
            if word.startswith(w[: max(4, len(w) - 2)]) or (
                word[:2] == w[:2] and difflib.SequenceMatcher(None, word, w).ratio() >= 0.7
            ):
                out.append(t.span())
    return out


def marks(g: dict, figures: list | None = None) -> dict[str, list[tuple[int, int]]]:
    """claim id -> the spans of its quote (offsets into the quote) holding a value the sources
    differ on: each conflict's values, and the values of the figures that disagree."""
    by_id = {c["id"]: c for c in g["claims"]}
    found: dict[str, list[tuple[int, int]]] = {}
    for conflict in g.get("conflicts") or []:
        sides = [by_id[m["id"]] for m in conflict.get("claims") or [] if m.get("id") in by_id]
        values = [str(v) for v in conflict.get("values") or []]
        if len(sides) == len(values) == 2 and _verbatim(sides[::-1], values) > _verbatim(sides, values):
            sides.reverse()  # some clashes list their values in the other order than their claims
        for claim, value in zip(sides, values):
            found.setdefault(claim["id"], []).extend(find_value(claim["quote"], value))
    for f in figures or []:
        if not f.get("disagree"):
            continue
        for v in f.get("values") or []:
            claim = by_id.get(v.get("claim_id"))
            if not claim:
                continue
            start, end = v.get("start"), v.get("end")
            if isinstance(start, int) and isinstance(end, int) and claim["start"] <= start < end <= claim["end"]:
                found.setdefault(claim["id"], []).append((start - claim["start"], end - claim["start"]))
            else:
                found.setdefault(claim["id"], []).extend(find_value(claim["quote"], str(v.get("value") or "")))
    return {cid: _merged(spans) for cid, spans in found.items() if spans}


def _verbatim(claims: list[dict], values: list[str]) -> int:
    """How many values stand word for word in the claim at the same place."""
    return sum(bool(find_value(c["quote"], v, loose=False)) for c, v in zip(claims, values))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def pieces(quote: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """A quote cut into (text, marked) pieces at the marked spans."""
    out, at = [], 0
    for s, e in spans:
        if s > at:
            out.append((quote[at:s], False))
        out.append((quote[s:e], True))
        at = e
    if at < len(quote):
        out.append((quote[at:], False))
    return out


def published(s: dict) -> str:
    return (s.get("published") or "not found") + (
        " (doubtful)" if s.get("published") and s.get("published_note") else ""
    )


def source_href(s: dict, base: Path | None = None) -> str | None:
    """Where a source can be opened: its web address, or its file (relative to `base`, the folder
    the report is written to, when given). Only http(s) addresses are links: the text chose them."""
    url = s.get("url") or ""
    if re.match(r"https?://[^\s\"'<>]+$", url, re.I):
        return url
    path = s.get("path")
    if not path or path == "-":
        return None
    p = Path(path)
    if base is not None:
        p = Path(os.path.relpath(p.resolve(), base.resolve()))
    return quote_url(p.as_posix()) if not p.is_absolute() else p.as_uri()


# --- Markdown ---------------------------------------------------------------------------


def _md_marked(quote: str, spans: list[tuple[int, int]]) -> str:
    """A quote with its marked pieces in bold; md() trims each piece, so the spaces between
    pieces are put back here."""
    out = ""
    for text, marked in pieces(quote, spans):
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        body = md(text)
        out += lead + (f"**{body}**" if marked and body else body) + trail
    return " ".join(out.split())


def markdown(report: dict) -> str:
    s = summary_of(report)
    out = ["# kcheck discrepancy report", ""]
    out.append(
        " · ".join(
            f"{count} {label}" + (f" ({detail})" if detail else "") for _, label, count, detail in summary_items(s)
        )
    )
    out += ["", "| source | title | outlet | published | claims | copies |", "|---|---|---|---|---|---|"]
    for src in report["sources"]:
        out.append(
            f"| {md(src['name'])} | {md(src['title'] or '')} | {md(src.get('outlet') or '')} | {published(src)} "
            f"| {src['claims']} | {md(src['derived_from'] or '')} |"
        )
    figures = report.get("figures")
    if figures:
        out += [
            "",
            f"## Figures ({s['figures_disagree']} of {s['figures']} disagree)",
            "",
            "| | measure | unit | values |",
            "|---|---|---|---|",
        ]
        for f in figures:
            values = "; ".join(
                f"{md(str(v.get('value')))} ({md(v.get('source') or '')}, `{md(v.get('claim_id') or '')}`)"
                for v in f.get("values") or []
            )
            out.append(
                f"| {FIGURE_WORDS[_state(f)]} | {md(f.get('measure') or '')} | {md(f.get('unit') or '')} | {values} |"
            )
    for verdict, title, groups in sections(report):
        out += ["", f"## {title} ({len(groups)})", ""]
        if verdict == "single":
            out += ["| source | claim | quote |", "|---|---|---|"]
            for g in groups:
                for c in g["claims"]:
                    out.append(f"| {md(c['source'])} | `{c['id']}` | “{md(c['quote'])}” |")
            continue
        for g in groups:
            spans = marks(g, figures)
            out += [f"### {md(' · '.join(heading(g)))}", ""]
            out += [f"- {md(line)}" for line in clashes(g)]
            for c in g["claims"]:
                out.append(
                    f"- **{md(c['source'])}** `{c['id']}` [{c['start']}:{c['end']}] “{_md_marked(c['quote'], spans.get(c['id'], []))}”"
                )
            for n in g["notes"]:
                out.append(f"- note: {md(n)}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML --------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;line-height:1.45;max-width:72rem;margin:0 auto;padding:1rem;color:#1d1d1d;
 overflow-wrap:break-word}
h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin:1.8rem 0 .6rem}
h3{font-size:1rem;margin:0 0 .4rem}
a{color:#0b57a4}
code,.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;white-space:nowrap}
.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));gap:.5rem;margin:0;padding:0}
.summary div{border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem}
.summary dt{font-size:.8rem;color:#555}.summary dd{margin:0;font-size:1.4rem;font-weight:600}
.summary dd small{font-size:.75rem;font-weight:400;color:#555;display:block}
.summary .n-conflicts dd{color:#b3261e}
nav ol{margin:.2rem 0;padding-left:1.3rem}nav li{margin:.1rem 0}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.3rem 0 1rem;width:100%}
td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.num{text-align:right}
.nowrap,.date{white-space:nowrap}
.group{border-left:4px solid #999;padding:.4rem .8rem;margin:1rem 0;background:#fcfcfc}
.conflict{border-color:#b3261e}.single{border-color:#c99700}.agree{border-color:#1e7b3a}
.verdict{font-weight:700}.conflict .verdict{color:#b3261e}.agree .verdict{color:#1e7b3a}
.clash{margin:.2rem 0;color:#333}
.claims{list-style:none;margin:.4rem 0;padding:0}.claims li{margin:.5rem 0}
.meta{font-size:.85rem;color:#555;display:flex;flex-wrap:wrap;gap:.2rem .8rem}
blockquote{margin:.15rem 0 0;font-family:Georgia,serif}
mark{background:#ffe27a;padding:0 .1em;border-radius:2px}
.note{color:#666;font-size:.9em}
.differs .flag{color:#b3261e;font-weight:700}.apart .flag{color:#8a5a00}.flag{font-size:.8rem}
ul.values{margin:0;padding-left:1rem}
details{margin:.5rem 0}summary{cursor:pointer}summary h2{display:inline;font-size:1.25rem}
@media (max-width:40rem){
 body{padding:.6rem}
 table.reflow,table.reflow tbody,table.reflow tr,table.reflow td,table.reflow th{display:block;width:100%}
 table.reflow thead{display:none}
 table.reflow tr{border:1px solid #ccc;margin:.4rem 0;padding:.2rem 0}
 table.reflow td,table.reflow th{border:0;padding:.1rem .5rem}
 table.reflow td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:.8rem}
 table.reflow td.num{text-align:left}
 table.reflow td:empty{display:none}
}
@media print{
 body{max-width:none;padding:0;font-size:10pt;color:#000}
 nav{display:none}
 details::details-content{content-visibility:visible;display:contents}
 summary{list-style:none}
 .group{break-inside:avoid;background:none}
 mark{background:none;font-weight:700;text-decoration:underline}
 a{color:#000}a[href^="http"]::after{content:" <" attr(href) ">";font-size:.8em}
 .scroll{overflow:visible}
}
"""


def html_page(report: dict, base: Path | None = None) -> str:
    """One self-contained page (no script, no outside files); every piece of source text escaped.
    `base`: the folder the page is written to, for links to source files."""
    e = html.escape
    s = summary_of(report)
    figures = report.get("figures")
    secs = sections(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kcheck discrepancy report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>kcheck discrepancy report</h1>",
        '<section id="summary" aria-label="summary"><dl class="summary">',
    ]
    for key, label, count, detail in summary_items(s):
        parts.append(
            f'<div class="n-{key}"><dt>{e(label)}</dt><dd><span data-count="{key}">{count}</span>'
            + (f"<small>{e(detail)}</small>" if detail else "")
            + "</dd></div>"
        )
    parts.append("</dl>")
    if s.get("verdict"):
        parts.append(f"<p>Showing {e(VERDICT_TITLES[s['verdict']].lower())} only.</p>")
    parts.append("</section>")

    toc = ['<nav id="contents"><h2>Contents</h2><ol>']
    if figures:
        toc.append(f'<li><a href="#figures">Figures ({s["figures_disagree"]} of {s["figures"]} disagree)</a></li>')
    toc.append(f'<li><a href="#sources">Sources ({len(report["sources"])})</a></li>')
    for verdict, title, groups in secs:
        toc.append(f'<li><a href="#{SECTION_IDS[verdict]}">{e(title)} ({len(groups)})</a>')
        if verdict == "conflict":
            toc.append(
                "<ol>"
                + "".join(f'<li><a href="#{e(g["id"])}">{_h(" · ".join(heading(g)[1:]))}</a></li>' for g in groups)
                + "</ol>"
            )
        toc.append("</li>")
    parts += toc + ["</ol></nav>"]

    if figures:
        parts += [
            f'<section id="figures"><h2>Figures ({s["figures_disagree"]} of {s["figures"]} disagree)</h2>',
            '<div class="scroll"><table class="reflow"><thead><tr><th>measure</th><th>unit</th><th>values</th>'
            "</tr></thead><tbody>",
        ]
        for f in figures:
            flag = f'<span class="flag">{FIGURE_FLAGS[_state(f)]}</span>'
            values = "".join(
                f"<li><strong>{e(str(v.get('value')))}</strong> {e(v.get('source') or '')} "
                f'<a class="id" href="#{e(v.get("claim_id") or "")}">{e(v.get("claim_id") or "")}</a></li>'
                for v in f.get("values") or []
            )
            parts.append(
                f'<tr class="{FIGURE_CLASSES[_state(f)]}"><th scope="row">'
                f'{e(f.get("measure") or "")} {flag}</th><td data-label="unit">{e(f.get("unit") or "")}</td>'
                f'<td data-label="values"><ul class="values">{values}</ul></td></tr>'
            )
        parts.append("</tbody></table></div></section>")

    parts += [
        '<section id="sources"><h2>Sources</h2><div class="scroll"><table class="reflow">',
        "<thead><tr><th>source</th><th>title</th><th>outlet</th><th>published</th><th>claims</th>"
        "<th>copies</th></tr></thead><tbody>",
    ]
    for src in report["sources"]:
        href = source_href(src, base)
        name = f'<a href="{e(href)}">{e(src["name"])}</a>' if href else e(src["name"])
        parts.append(
            f'<tr id="source-{e(src["name"])}"><th scope="row" class="nowrap">{name}</th>'
            f'<td data-label="title">{e(src["title"] or "")}</td>'
            f'<td data-label="outlet">{e(src.get("outlet") or "")}</td>'
            f'<td data-label="published" class="date">{e(published(src))}</td>'
            f'<td data-label="claims" class="num">{src["claims"]}</td>'
            f'<td data-label="copies">{e(src["derived_from"] or "")}</td></tr>'
        )
    parts.append("</tbody></table></div></section>")

    hrefs = {src["name"]: source_href(src, base) for src in report["sources"]}
    for verdict, title, groups in secs:
        sid = SECTION_IDS[verdict]
        if verdict == "conflict":
            parts.append(f'<section id="{sid}"><h2>{e(title)} ({len(groups)})</h2>')
        else:
            parts.append(f'<section id="{sid}"><details><summary><h2>{e(title)} ({len(groups)})</h2></summary>')
        if verdict == "single":
            parts.append(
                '<div class="scroll"><table class="reflow"><thead><tr><th>source</th><th>claim</th>'
                "<th>quote</th></tr></thead><tbody>"
            )
            for g in groups:
                for c in g["claims"]:
                    parts.append(
                        f'<tr id="{e(c["id"])}"><td data-label="source">{_source_link(c, hrefs)}</td>'
                        f'<td data-label="claim"><code>{e(c["id"])}</code> '
                        f'<span class="nowrap">{c["start"]}–{c["end"]}</span></td>'
                        f'<td data-label="quote">“{_h(c["quote"])}”</td></tr>'
                    )
            parts.append("</tbody></table></div>")
        else:
            for g in groups:
                parts.append(_html_group(g, figures, hrefs))
        parts.append("</section>" if verdict == "conflict" else "</details></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


_UNBROKEN = re.compile(r"\b\d+(?:[-–/.:]\d+)+\b|\bc[0-9a-f]{16}\b")


def _h(s: str) -> str:
    """Escaped text in which dates, number ranges and claim ids never break across lines
    (a browser breaks "2024-05-29" after a hyphen)."""
    return _UNBROKEN.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', html.escape(s))


def _source_link(c: dict, hrefs: dict) -> str:
    href = hrefs.get(c["source"])
    name = html.escape(c["source"])
    return f'<a class="nowrap" href="{html.escape(href)}">{name}</a>' if href else f'<span class="nowrap">{name}</span>'


def _html_group(g: dict, figures: list | None, hrefs: dict) -> str:
    e = html.escape
    head = heading(g)
    spans = marks(g, figures)
    out = [
        f'<article class="group {e(g["verdict"])}" id="{e(g["id"])}">',
        f'<h3><span class="verdict">{e(head[0])}</span> · {_h(" · ".join(head[1:]))}</h3>',
    ]
    out += [f'<p class="clash">{_h(line)}</p>' for line in clashes(g)]
    out.append('<ul class="claims">')
    for c in g["claims"]:
        quote = "".join(
            f"<mark>{_h(t)}</mark>" if marked else _h(t) for t, marked in pieces(c["quote"], spans.get(c["id"], []))
        )
        out.append(
            f'<li id="{e(c["id"])}"><div class="meta">{_source_link(c, hrefs)}<code>{e(c["id"])}</code>'
            f'<span class="nowrap">{c["start"]}–{c["end"]}</span></div><blockquote>“{quote}”</blockquote></li>'
        )
    out.append("</ul>")
    out += [f'<p class="note">{_h(n)}</p>' for n in g.get("notes") or []]
    out.append("</article>")
    return "\n".join(out)


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
        "id": c["id"],
        "text": c["text"],
        "quote": c["quote"],
        "start": c["start"],
        "end": c["end"],
        "paragraph": {"start": para_start, "end": para_end, "text": text[para_start:para_end]},
        "source": {
            "name": c["source"],
            "title": c["title"],
            "outlet": c["outlet"],
            "url": c["url"],
            "path": c["path"],
            "published": c["published"],
            "published_note": c["published_note"],
        },
        "slots": {
            k: c[k]
            for k in (
                "kind",
                "subject",
                "predicate",
                "object",
                "negated",
                "polarity",
                "hedges",
                "speaker",
                "entities",
                "dates",
                "quantities",
                "headline",
            )
        },
        "group": group,
    }

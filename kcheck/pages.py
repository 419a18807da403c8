"""The discrepancy report as a Markdown document and as one self-contained HTML page.

Both render the dict `kcheck.report.build` returns, through the pure functions of
kcheck.report that the terminal view uses too (summary, sections, headings, clashes, marks),
so the three say the same. Source text is untrusted: Markdown escapes every character that
starts markup, HTML escapes everything and links only http(s) addresses.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import quote as quote_url

from kcheck.output import story_label
from kcheck.report import (
    SECTION_IDS,
    VERDICT_TITLES,
    clashes,
    heading,
    marks,
    pieces,
    published,
    sections,
    summary_items,
    summary_of,
)

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


# how the Markdown and HTML figures views show a measure's state (see figures())
FIGURE_WORDS = {"disagree": "**differs**", "differ": "*apart, not compared*", "agree": "same"}
FIGURE_FLAGS = {"disagree": "≠ differs", "differ": "≠ apart, not compared", "agree": "= same"}
FIGURE_CLASSES = {"disagree": "differs", "differ": "apart", "agree": "same"}


def _state(f: dict) -> str:
    return f.get("state") or ("disagree" if f.get("disagree") else "agree")


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
    out += [
        "",
        "| source | title | outlet | published | claims | copies | story |",
        "|---|---|---|---|---|---|---|",
    ]
    for src in report["sources"]:
        out.append(
            f"| {md(src['name'])} | {md(src['title'] or '')} | {md(src.get('outlet') or '')} | {published(src)} "
            f"| {src['claims']} | {md(src['derived_from'] or '')} | {md(story_label(src, 'none'))} |"
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
        "<th>copies</th><th>story</th></tr></thead><tbody>",
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
            f'<td data-label="copies">{e(src["derived_from"] or "")}</td>'
            f'<td data-label="story">{e(story_label(src, "none"))}</td></tr>'
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

"""The terminal views of what a command returns, for people: the report (through a pager when
it is long), a group with its quotes and the values that differ marked, compare's candidates, a
claim in its paragraph, and the results of verify and doctor. Apart from kcheck.output, which
holds what every command prints with (consoles, messages, the listing formats); Markdown and
HTML renderings of the report are in kcheck.pages."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from kcheck import output
from kcheck.output import one_line, safe, short, text

if TYPE_CHECKING:
    from rich.text import Text


VERDICT_STYLE = {"conflict": "bold red", "single": "yellow", "agree": "green"}
MARK_STYLE = "bold black on yellow"


def plain() -> bool:
    """True where styles do not show (piped, TERM=dumb): quotes and values are then marked with
    plain characters, »like this«, instead of colour."""
    return output.consoles()[0].color_system is None


def marked(quote: str, spans: list[tuple[int, int]], plain_marks: bool) -> Text:
    """A quote in curly quotes with the spans that differ highlighted (or put in »…«)."""
    from rich.text import Text

    from kcheck.report import pieces

    t = Text("“")
    for piece, is_marked in pieces(quote, spans):
        if is_marked and plain_marks:
            t.append("»" + safe(piece) + "«")
        else:
            t.append(safe(piece), style=MARK_STYLE if is_marked else "")
    t.append("”")
    return t


def _heading(g: dict):
    """The group's heading on one line: what was measured (or the detail) is cut to make room,
    never the verdict, the kind or the count of sources."""
    from kcheck.report import heading

    parts = heading(g)
    width = output.consoles()[0].width
    if len(parts) > 2 and len(" · ".join(parts)) > width:
        room = width - len(" · ".join(parts[:-2] + ["", parts[-1]]))
        parts[-2] = parts[-2][: max(room - 1, 0)].rstrip() + "…"
    t = text(parts[0], VERDICT_STYLE.get(g["verdict"], ""))
    t.append(text(" · " + " · ".join(parts[1:]), "bold"))
    return one_line(t)


# a figures-view state: its mark, style (None: the quiet default) and words
FIGURE_STATES: dict[str, tuple[str, str | None, str]] = {
    "disagree": ("≠", "bold red", "differs"),
    "differ": ("≠", "yellow", "values apart, not judged one measure: read the quotes"),
    "agree": ("=", None, "same"),
}


def group_renderables(g: dict, figures: list | None = None, explain: bool = False) -> list:
    """One group: its heading, what clashes, then each claim as a line naming the source, the
    claim id and the offsets (never wrapped), and the quote under it with the values that differ marked."""
    from rich.padding import Padding

    from kcheck.report import clashes, marks

    plain_marks = plain()
    spans = marks(g, figures)
    out: list = [_heading(g)]
    out += [Padding(text(line), (0, 0, 0, 2)) for line in clashes(g)]
    for c in g["claims"]:
        head = text(c["source"], "bold")
        head.append(text("  " + c["id"], "cyan"))
        head.append(text(f"  {c['start']}-{c['end']}", "dim"))
        out += [one_line(head, 2), Padding(marked(c["quote"], spans.get(c["id"], []), plain_marks), (0, 0, 0, 6))]
    if explain:
        out.append(Padding(text(g["explanation"], "dim"), (0, 0, 0, 2)))
    out += [Padding(text(f"note: {n}", "dim"), (0, 0, 0, 2)) for n in g.get("notes") or []]
    out.append(text(""))
    return out


def print_group(g: dict) -> None:
    """`kcheck compare`: the group with its explanation."""
    console = output.consoles()[0]
    for r in group_renderables(g, explain=True):
        console.print(r)


def print_candidates(candidates: list[dict]) -> None:
    """`compare TEXT`: the best-matching claims of each group, the chosen one first, with scores."""
    from rich.table import Table

    if len(candidates) < 2:
        return
    table = Table(
        title="best matches (bm25 score; the first one's group is shown above)", title_justify="left", expand=True
    )
    for col in ("score", "verdict", "source", "group"):
        table.add_column(col, no_wrap=True)
    table.add_column("quote", ratio=4)
    for c in candidates:
        table.add_row(
            text(f"{c['score']:.2f}"),
            text(c["verdict"]),
            text(c["source"]),
            text(c["group_id"]),
            text(f"“{short(c['quote'], 120)}”"),
        )
    output.consoles()[0].print(table)


def report_renderables(report: dict) -> list:
    """The terminal report, top to bottom: summary, figures, sources, then conflicts, single
    attestations (one compact table) and agreements; a section with nothing in it is left out."""
    from rich import box
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table

    from kcheck.report import VERDICT_TITLES as TITLES
    from kcheck.report import published, sections, summary_items, summary_of

    s = summary_of(report)
    out: list = [text("kcheck report", "bold")]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for key, label, count, detail in summary_items(s):
        style = "bold red" if key in ("conflicts", "figures_disagree") and count != "0" else ""
        grid.add_row(text(label), text(count, style), text(detail, "dim"))
    out.append(Padding(grid, (0, 0, 0, 2)))
    if s.get("verdict"):
        out.append(text(f"  showing {TITLES[s['verdict']].lower()} only", "dim"))
    out.append(text(""))

    figures = report.get("figures")
    if figures:
        out += [Rule(text(f"Figures ({s['figures_disagree']} of {s['figures']} disagree)", "bold"))]
        for f in figures:
            state = f.get("state") or ("disagree" if f.get("disagree") else "agree")
            mark, flag, note = FIGURE_STATES[state]
            line = text(mark + " ", flag or "green")
            line.append(text(f.get("measure") or "", "bold"))
            if f.get("unit"):
                line.append(text(f" ({f['unit']})"))
            line.append(text(f" · {note}", flag or "dim"))
            line = one_line(line)
            values = Table.grid(padding=(0, 2))
            for _ in range(3):
                values.add_column(no_wrap=True)
            for v in f.get("values") or []:
                values.add_row(text(v.get("value"), "bold"), text(v.get("source")), text(v.get("claim_id"), "cyan"))
            out += [line, Padding(values, (0, 0, 0, 4))]
        out.append(text(""))

    src = Table(
        box=box.SIMPLE_HEAD, show_edge=False, expand=True, padding=(0, 1), title="Sources", title_justify="left"
    )
    src.add_column("source", no_wrap=True)
    src.add_column("published", min_width=10, max_width=10)  # "(doubtful)" goes under the date
    src.add_column("claims", justify="right", no_wrap=True)
    src.add_column("title · outlet", ratio=1, no_wrap=True, overflow="ellipsis")
    for x in report["sources"]:
        heading = text(x["title"] or "(no title)")
        if x.get("outlet"):
            heading.append(text(" · " + x["outlet"], "dim"))
        src.add_row(text(x["name"]), text(published(x)), text(x["claims"]), heading)
    out.append(src)
    out += [
        text(f"  {x['name']} appears to copy {x['derived_from']}", "dim")
        for x in report["sources"]
        if x["derived_from"]
    ]

    for verdict, title, groups in sections(report):
        out += [text(""), Rule(text(f"{title} ({len(groups)})", VERDICT_STYLE[verdict]))]
        if verdict == "single":
            # one line per claim: a table reads faster than a hundred and more small blocks
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=True, padding=(0, 1))
            table.add_column("source", no_wrap=True)
            table.add_column("claim", no_wrap=True)
            table.add_column("quote", ratio=1, no_wrap=True, overflow="ellipsis")
            for g in groups:
                for c in g["claims"]:
                    table.add_row(text(c["source"]), text(c["id"], "cyan"), text(f"“{c['quote']}”"))
            out.append(table)
            continue
        for g in groups:
            out += group_renderables(g, figures)
    return out


def print_report(report: dict, pager: bool = True) -> None:
    """The terminal report; through a pager (as git does) when stdout is a terminal and the
    report is taller than the screen, unless `pager` is False."""
    console = output.consoles()[0]
    items = report_renderables(report)
    if not (pager and console.is_terminal):
        for r in items:
            console.print(r)
        return
    with console.capture() as captured:
        for r in items:
            console.print(r)
    out = captured.get()
    if out.count("\n") > console.size.height:
        page(out)
    else:
        sys.stdout.write(out)
        sys.stdout.flush()


def page(out: str) -> None:
    """Show text through $PAGER, or `less` with LESS=FRX as git sets it (quit when it fits one
    screen, pass colours, leave the text on the screen); written straight out when there is none."""
    import os
    import shlex
    import shutil
    import subprocess

    cmd = os.environ.get("PAGER", "less").strip()
    try:
        program = shlex.split(cmd)[0] if cmd else ""
    except ValueError:
        program = ""
    if program in ("", "cat") or shutil.which(program) is None:
        sys.stdout.write(out)
        sys.stdout.flush()
        return
    env = {**os.environ}
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, env=env)  # a shell, as git: PAGER="less -S"
    try:
        assert proc.stdin is not None
        proc.stdin.write(out.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit before the end
    while True:
        try:
            proc.wait()
            return
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs


def print_claim(d: dict) -> None:
    """`kcheck show`: the quote highlighted inside its paragraph, then slots and group."""
    from rich.table import Table
    from rich.text import Text

    console = output.consoles()[0]
    src = d["source"]
    console.print(text(d["text"], "bold"))
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="dim")
    meta.add_column()
    pub = (src["published"] or "not found") + (
        f" ({src['published_note']})" if src["published_note"] and src["published"] else ""
    )
    for k, v in (
        ("id", d["id"]),
        ("source", src["name"]),
        ("title", src["title"] or "(not found)"),
        ("outlet", src["outlet"] or "(not found)"),
        ("url", src["url"]) if src.get("url") else ("path", src.get("path") or ""),
        ("published", pub),
        ("offsets", f"{d['start']}-{d['end']}"),
    ):
        meta.add_row(k, text(v))
    slots = d["slots"]
    for k in ("kind", "subject", "predicate", "object", "speaker"):
        if slots.get(k):
            meta.add_row(k, text(slots[k]))
    meta.add_row("negated", text("yes (" + ", ".join(slots["polarity"]) + ")" if slots["negated"] else "no"))
    if slots["hedges"]:
        meta.add_row("hedges", text(", ".join(slots["hedges"])))
    if slots["entities"]:
        meta.add_row(
            "entities",
            text(
                ", ".join(
                    f"{e['text']}{' → ' + e['refers_to'] if e.get('refers_to') else ''} ({e['label']}: {e['norm']})"
                    for e in slots["entities"]
                )
            ),
        )
    for key in ("dates", "quantities"):
        if slots[key]:
            meta.add_row(key, text("; ".join(_value(v) for v in slots[key])))
    console.print(meta)
    para = d["paragraph"]
    shown = Text()
    shown.append(safe(d["paragraph"]["text"][: d["start"] - para["start"]]), style="dim")
    if plain():
        shown.append("»" + safe(d["quote"]) + "«")  # piped: the highlight would be lost
    else:
        shown.append(safe(d["quote"]), style="bold reverse")
    shown.append(safe(d["paragraph"]["text"][d["end"] - para["start"] :]), style="dim")
    console.print()
    console.print(shown)
    console.print()
    if d["group"]:
        print_group(d["group"])


def _value(v: dict) -> str:
    if "value" in v:
        rng = f"{v['lo']:g}-{'inf' if v.get('hi') is None else format(v['hi'], 'g')}"
        return f"{v['text']} = {rng}" + (f" {v['unit']}" if v.get("unit") else "")
    if v.get("kind") == "duration":
        return f"{v['text']} = {v.get('years_lo')}-{v.get('years_hi', 'inf')} years"
    if v.get("lo"):
        return f"{v['text']} = {v['lo']}..{v['hi']}"
    return f"{v['text']} (not anchored)"


def print_verify(results: list) -> None:
    """`kcheck verify`: one row per check, each naming the file and line it is about."""
    from rich.table import Table

    console = output.consoles()[0]
    table = Table(show_lines=True, expand=True)
    # the claim's id and its file:line, and the status, never wrap: they are what a reader (or
    # grep) looks for first; at 80 columns the detail takes what is left
    table.add_column("claim", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("detail", ratio=1, overflow="fold")
    rows = []
    for r in results:
        for q in r.quotes:
            detail = q.detail or f"“{q.quote}” at {q.start}-{q.end}"
            where_from = "" if q.source in detail else f"in {q.source}: "
            rows.append((q.ok, f"{r.file}:{q.line}", r.id, "quote", q.status, where_from + detail))
        ev = r.evidence
        rows.append(
            (
                ev["status"] == "supported",
                f"{r.file}:{r.line}",
                r.id,
                f"sources ≥ {r.min_sources}",
                ev["status"],
                ev.get("detail", ""),
            )
        )
    # failing checks first (in file order), then the passing ones: a refused commit shows what
    # to fix at the top, not among the passes
    for ok, where, cid, check, status, detail in sorted(rows, key=lambda row: row[0]):
        claim = text(cid)
        claim.append("\n" + where, style="dim")
        table.add_row(claim, text(check), text(status, "green" if ok else "bold red"), text(detail))
    console.print(table)
    failed = [r.id for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} of {len(results)} claims pass" + (
        f"; failing: {', '.join(failed)}" if failed else ""
    )
    console.print(text(summary, "bold red" if failed else "green"))


def print_doctor(checks: list) -> None:
    """One line per check and per problem, never wrapped: they are read with grep."""
    console = output.consoles()[0]
    for c in checks:
        console.print(text(("ok    " if c.ok else "FAIL  ") + c.name, "green" if c.ok else "bold red"), soft_wrap=True)
        for p in c.problems:
            console.print(text(f"      {p}"), soft_wrap=True)
        for n in getattr(c, "notes", ()):
            console.print(text(f"      {n}", "dim"), soft_wrap=True)

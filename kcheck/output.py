"""The only place data is printed. Source text is untrusted: it is always printed as plain
text (rich `Text`, never markup), and control characters are made visible."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import tempfile
from typing import Iterable

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


@cache
def _consoles():
    from rich.console import Console

    return Console(highlight=False), Console(stderr=True, highlight=False)


def __getattr__(name: str):
    # rich loads only when something is printed for people: --json/--nl/--csv never pay for it
    if name == "console":
        return _consoles()[0]
    if name == "err":
        return _consoles()[1]
    raise AttributeError(name)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(s: object) -> str:
    """Text with terminal control characters (ANSI escapes, bidi overrides) shown as codes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}", "" if s is None else str(s))


def message(s: str) -> None:
    """A message on stderr, one line, never wrapped or read as markup."""
    sys.stderr.write(safe(s).replace("\n", " ") + "\n")
    sys.stderr.flush()


def text(s: object, style: str = "") -> "Text":
    from rich.text import Text

    return Text(safe(s), style=style)


def render(rows: Iterable[dict], fmt: str, columns: list[tuple[str, str]], title: str | None = None,
           csv_guard: bool = True) -> None:
    """rows: dicts; columns: (key, header) for the table and CSV. JSON formats carry every key.

    Machine formats are written to a spooled file first (memory up to 8 MB, then disk) and
    copied to stdout once the last row is read: a query that fails half-way leaves nothing
    on stdout, never a lone "[" or a header row that a script would take for an answer."""
    if fmt == "table":
        _table(rows, columns, title)
        return
    with tempfile.SpooledTemporaryFile(max_size=8_000_000, mode="w+", encoding="utf-8", newline="") as out:
        if fmt == "json":
            n = 0
            out.write("[")
            for row in rows:
                out.write(("," if n else "") + "\n  " + json.dumps(row, ensure_ascii=False))
                n += 1
            out.write("\n]\n" if n else "]\n")
        elif fmt == "nl":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            cell = guarded_cell if csv_guard else _cell
            w = csv.writer(out)
            w.writerow([h for _, h in columns])
            for row in rows:
                w.writerow([cell(row.get(k)) for k, _ in columns])
        out.seek(0)
        shutil.copyfileobj(out, sys.stdout)
    sys.stdout.flush()


def _table(rows: Iterable[dict], columns: list[tuple[str, str]], title: str | None) -> None:
    from rich.table import Table

    console = _consoles()[0]
    table = Table(title=title, show_lines=False, expand=False)
    for _, header in columns:
        table.add_column(header, overflow="fold")
    n = 0
    for row in rows:
        table.add_row(*[text(_cell(row.get(k))) for k, _ in columns])
        n += 1
    if n:
        console.print(table)
    else:
        message("(nothing to show)")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def guarded_cell(v: object) -> str:
    """A CSV cell a spreadsheet shows as text (OWASP's advice for CSV injection): a leading '
    before = + - @ tab or CR, which would start a formula; control characters (ESC...) shown
    as codes, as the table shows them. Numbers are left alone: -3 is a number, not a formula."""
    s = _cell(v)
    if isinstance(v, (int, float)) or not s:
        return s
    s = safe(s.replace("\r\n", "\n"))  # newlines and tabs stay: CSV quotes them
    return "'" + s if s.startswith(_FORMULA) else s


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def short(s: str, n: int = 80) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


VERDICT_STYLE = {"conflict": "bold red", "single": "yellow", "agree": "green"}
VERDICT_TITLES = {"conflict": "Conflicts", "single": "Single attestations", "agree": "Agreements"}


def group_table(g: dict) -> "Table":
    """One group: its verdict and explanation, and every source's quote side by side."""
    from rich.table import Table
    from rich.text import Text

    title = Text()
    title.append(g["verdict"].upper(), style=VERDICT_STYLE.get(g["verdict"], ""))
    if g.get("slot"):
        title.append(f" ({g['slot']})")
    title.append(f"  {g['sources']} source{'s' if g['sources'] != 1 else ''}, {g['independent_sources']} independent")
    table = Table(title=title, title_justify="left", show_header=True, expand=True)
    table.add_column("source", no_wrap=True, ratio=1)
    table.add_column("offsets", no_wrap=True)
    table.add_column("quote", ratio=4)
    for c in g["claims"]:
        table.add_row(text(c["source"]), text(f"{c['start']}-{c['end']}"), text(f"“{c['quote']}”"))
    return table


def print_group(g: dict) -> None:
    console = _consoles()[0]
    console.print(group_table(g))
    console.print(text(g["explanation"], "dim"))
    for n in g.get("notes") or []:
        console.print(text(f"note: {n}", "dim"))
    console.print()


def print_candidates(candidates: list[dict]) -> None:
    """`compare TEXT`: the best-matching claims of each group, the chosen one first, with scores."""
    from rich.table import Table

    if len(candidates) < 2:
        return
    table = Table(title="best matches (bm25 score; the first one's group is shown above)", title_justify="left",
                  expand=True)
    for col in ("score", "verdict", "source", "group"):
        table.add_column(col, no_wrap=True)
    table.add_column("quote", ratio=4)
    for c in candidates:
        table.add_row(text(f"{c['score']:.2f}"), text(c["verdict"]), text(c["source"]), text(c["group_id"]),
                      text(f"“{short(c['quote'], 120)}”"))
    _consoles()[0].print(table)


def print_report(report: dict) -> None:
    from rich.table import Table

    console = _consoles()[0]
    src = Table(title="Sources", title_justify="left")
    for col in ("source", "title", "published", "claims", "copies"):
        src.add_column(col)
    for s in report["sources"]:
        pub = (s["published"] or "not found") + (" (doubtful)" if s["published"] and s["published_note"] else "")
        src.add_row(text(s["name"]), text(short(s["title"] or "", 60)), text(pub), text(s["claims"]), text(s["derived_from"] or ""))
    console.print(src)
    for verdict, title in VERDICT_TITLES.items():
        groups = [g for g in report["groups"] if g["verdict"] == verdict]
        console.rule(text(f"{title} ({len(groups)})", VERDICT_STYLE[verdict]))
        lone = [g for g in groups if verdict == "single" and g["sources"] == 1]
        for g in groups:
            if g not in lone:
                print_group(g)
        if lone:
            # one source each: a single table reads faster than a hundred small ones
            table = Table(show_header=True, expand=True)
            table.add_column("source", no_wrap=True, ratio=1)
            table.add_column("offsets", no_wrap=True)
            table.add_column("quote", ratio=4)
            for g in lone:
                c = g["claims"][0]
                table.add_row(text(c["source"]), text(f"{c['start']}-{c['end']}"), text(f"“{c['quote']}”"))
            console.print(table)


def print_claim(d: dict) -> None:
    """`kcheck show`: the quote highlighted inside its paragraph, then slots and group."""
    from rich.table import Table
    from rich.text import Text

    console = _consoles()[0]
    src = d["source"]
    console.print(text(d["text"], "bold"))
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="dim")
    meta.add_column()
    pub = (src["published"] or "not found") + (f" ({src['published_note']})" if src["published_note"] and src["published"] else "")
    for k, v in (("id", d["id"]), ("source", src["name"]), ("title", src["title"] or "(not found)"),
                 ("outlet", src["outlet"] or "(not found)"), ("published", pub), ("offsets", f"{d['start']}-{d['end']}")):
        meta.add_row(k, text(v))
    slots = d["slots"]
    for k in ("kind", "subject", "predicate", "object", "speaker"):
        if slots.get(k):
            meta.add_row(k, text(slots[k]))
    meta.add_row("negated", text("yes (" + ", ".join(slots["polarity"]) + ")" if slots["negated"] else "no"))
    if slots["hedges"]:
        meta.add_row("hedges", text(", ".join(slots["hedges"])))
    if slots["entities"]:
        meta.add_row("entities", text(", ".join(
            f"{e['text']}{' → ' + e['refers_to'] if e.get('refers_to') else ''} ({e['label']}: {e['norm']})"
            for e in slots["entities"])))
    for key in ("dates", "quantities"):
        if slots[key]:
            meta.add_row(key, text("; ".join(_value(v) for v in slots[key])))
    console.print(meta)
    para = d["paragraph"]
    shown = Text()
    shown.append(safe(d["paragraph"]["text"][: d["start"] - para["start"]]), style="dim")
    shown.append(safe(d["quote"]), style="bold reverse")
    shown.append(safe(d["paragraph"]["text"][d["end"] - para["start"]:]), style="dim")
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

    console = _consoles()[0]
    table = Table(show_lines=True, expand=True)
    # file:line and status never wrap: they are what a reader (or grep) looks for first
    table.add_column("where", no_wrap=True)
    table.add_column("claim", ratio=1, overflow="fold")
    table.add_column("check", ratio=1, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("detail", ratio=3, overflow="fold")
    rows = []
    for r in results:
        for q in r.quotes:
            rows.append((q.ok, f"{r.file}:{q.line}", r.id, f"quote in {q.source}", q.status,
                         q.detail or f"“{q.quote}” at {q.start}-{q.end}"))
        ev = r.evidence
        rows.append((ev["status"] == "supported", f"{r.file}:{r.line}", r.id, f"evidence (min {r.min_sources})",
                     ev["status"], ev.get("detail", "")))
    # failing checks first (in file order), then the passing ones: a refused commit shows what
    # to fix at the top, not among the passes
    for ok, where, cid, check, status, detail in sorted(rows, key=lambda row: row[0]):
        table.add_row(text(where), text(cid), text(check), text(status, "green" if ok else "bold red"), text(detail))
    console.print(table)
    failed = [r.id for r in results if not r.passed]
    summary = f"{len(results) - len(failed)} of {len(results)} claims pass" + (f"; failing: {', '.join(failed)}" if failed else "")
    console.print(text(summary, "bold red" if failed else "green"))


def print_doctor(checks: list) -> None:
    """One line per check and per problem, never wrapped: they are read with grep."""
    console = _consoles()[0]
    for c in checks:
        console.print(text(("ok    " if c.ok else "FAIL  ") + c.name, "green" if c.ok else "bold red"), soft_wrap=True)
        for p in c.problems:
            console.print(text(f"      {p}"), soft_wrap=True)
        for n in getattr(c, "notes", ()):
            console.print(text(f"      {n}", "dim"), soft_wrap=True)

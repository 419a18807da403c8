"""Printing for every command: the consoles, messages on stderr, and listings as a table, JSON,
JSON lines or CSV. With kcheck.terminal (the rich views of a report, a group, a claim and of the
checks' results) the only place data is printed. Source text is untrusted: it is always printed
as plain text (rich `Text`, never markup), and control characters are made visible."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text


@cache
def consoles():
    from rich.console import Console

    return Console(highlight=False), Console(stderr=True, highlight=False)


def __getattr__(name: str):
    # rich loads only when something is printed for people: --json/--nl/--csv never pay for it
    if name == "console":
        return consoles()[0]
    if name == "err":
        return consoles()[1]
    raise AttributeError(name)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(s: object) -> str:
    """Text with terminal control characters (ANSI escapes, bidi overrides) shown as codes."""
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}",
        "" if s is None else str(s),
    )


def message(s: str) -> None:
    """A message on stderr, one line, never wrapped or read as markup."""
    sys.stderr.write(safe(s).replace("\n", " ") + "\n")
    sys.stderr.flush()


def text(s: object, style: str = "") -> Text:
    from rich.text import Text

    return Text(safe(s), style=style)


def object_of_lists(data: dict[str, list]) -> str:
    """A JSON object of lists written as `render` writes a list: one compact row per line.
    Indented JSON goes through the json module's pure-Python encoder, which took 0.7 s for
    the 25,000 rows of `stats` on a database of that many sources; this uses the C one."""
    parts = [
        json.dumps(key, ensure_ascii=False)
        + ": ["
        + ",".join("\n  " + json.dumps(row, ensure_ascii=False) for row in rows)
        + ("\n ]" if rows else "]")
        for key, rows in data.items()
    ]
    return "{\n " + ",\n ".join(parts) + "\n}"


def render(
    rows: Iterable[dict], fmt: str, columns: list[tuple[str, str]], title: str | None = None, csv_guard: bool = True
) -> None:
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
    cells = [[_cell(row.get(k)) for k, _ in columns] for row in rows]
    if cells:
        _listing(cells, [h for _, h in columns], title)
    else:
        message("(nothing to show)")


MIN_TEXT = 16  # the narrowest a column of running text gets before a listing turns into records


def _listing(cells: list[list[str]], headers: list[str], title: str | None) -> None:
    """A table whose single-word columns (ids, names, numbers, dates) never wrap and whose headers
    are never broken; when those cannot fit the terminal, one record per row instead (as psql's
    expanded display), so that nothing is cut mid-word."""
    from rich.padding import Padding
    from rich.table import Table

    console = consoles()[0]
    fixed = [all(not any(ch.isspace() for ch in row[i]) for row in cells) for i in range(len(headers))]
    widths = [
        max([len(headers[i])] + [len(row[i]) for row in cells]) if fixed[i] else max(MIN_TEXT, len(headers[i]))
        for i in range(len(headers))
    ]
    if sum(widths) + 3 * len(headers) + 1 > console.width:
        if title:
            console.print(text(title, "italic"))
        for row in cells:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(overflow="fold")
            for header, value in zip(headers[1:], row[1:]):
                grid.add_row(text(header), text(value))
            console.print(one_line(text(f"{headers[0]} {row[0]}", "bold")))
            console.print(Padding(grid, (0, 0, 1, 2)))
        return
    table = Table(title=title, show_lines=False, expand=False)
    for header, keep, width in zip(headers, fixed, widths):
        table.add_column(header, no_wrap=keep, min_width=width if keep else len(header), overflow="fold")
    for row in cells:
        table.add_row(*[text(v) for v in row])
    console.print(table)


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


def one_line(t: Text, indent: int = 0):
    """A line cut with an ellipsis at the terminal's edge, never wrapped. (console.print joins
    consecutive Text objects into one, which drops their own no_wrap; a Padding keeps it.)"""
    from rich.padding import Padding

    t.no_wrap, t.overflow = True, "ellipsis"
    return Padding(t, (0, 0, 0, indent))


def story_label(s: dict, none: str) -> str:
    """A source's story as listings and reports show it: its number and the names it is known
    by ("2: norvale textiles, petra lind"), or `none` when the source was placed in no story
    (it is compared with every source)."""
    if s.get("story") is None:
        return none
    return f"{s['story']}: {', '.join(s.get('story_names') or [])}"

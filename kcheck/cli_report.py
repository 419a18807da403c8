"""`kcheck report`: the whole discrepancy report as a table, Markdown, HTML or JSON, on stdout
or written atomically to a file."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kcheck.cli_common import DEFAULT_DB, DbOpt, Verdict, existing_store, handle_errors
from kcheck.errors import KcheckError, UsageError


class ReportFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    html = "html"
    json = "json"


@handle_errors
def report(
    db: DbOpt = DEFAULT_DB,
    format_: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table, markdown, html or json.")
    ] = ReportFormat.table,
    verdict: Annotated[Verdict | None, typer.Option(help="Only groups with this verdict.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    regroup: Annotated[
        bool, typer.Option("--regroup", help="Regroup every claim first (after incremental additions).")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page the table (by default a report taller than the terminal goes through $PAGER or less).",
        ),
    ] = False,
) -> None:
    """The discrepancy report: conflicts first, then single attestations, then agreements.

    Example: kcheck report --format html -o report.html
    """
    import json
    import sys

    from kcheck import pages
    from kcheck import report as rep
    from kcheck.terminal import print_report

    if format_ == ReportFormat.table and output is not None:
        raise UsageError("--output takes markdown, html or json; the table is for the terminal")
    if output is not None and not output.parent.is_dir():
        raise UsageError(f"--output {output}: folder {output.parent} does not exist")
    store = existing_store(db)
    if regroup:
        rep.regroup(store, full=True)
    with rep.consistent(store):
        data = rep.build(store, verdict.value if verdict else None)
    if format_ == ReportFormat.table:
        print_report(data, pager=not no_pager)
        return
    rendered = {
        ReportFormat.json: lambda: json.dumps(data, ensure_ascii=False, indent=1) + "\n",
        ReportFormat.markdown: lambda: pages.markdown(data),
        ReportFormat.html: lambda: pages.html_page(data, base=output.parent if output else None),
    }[format_]()
    if output:
        write_atomically(output, rendered)
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()


def write_atomically(path: Path, content: str) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.kcheck-tmp")
    try:
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise KcheckError(f"cannot write {path}: {e.strerror or e}") from None

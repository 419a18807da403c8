"""`kcheck ingest`: the one command that writes claims and loads spaCy and the embedding model
(only inside the command, so that no query pays for them)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from kcheck.cli_common import DEFAULT_DB, DbOpt, handle_errors, store_for
from kcheck.errors import EXIT_ERROR


@handle_errors
def ingest(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Files (.txt, .md, .html), directories, or - for stdin.")
    ],
    db: DbOpt = DEFAULT_DB,
    model: Annotated[str | None, typer.Option(envvar="KCHECK_MODEL", help="spaCy pipeline (env KCHECK_MODEL).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Decode files with this encoding instead of UTF-8.")] = None,
    name: Annotated[str, typer.Option(help="Source name for text read from stdin.")] = "stdin",
    force: Annotated[bool, typer.Option("--force", help="Re-split sources even when unchanged.")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a source of the same name that came from another file.")
    ] = False,
    any_language: Annotated[
        bool, typer.Option("--any-language", help="Ingest text that does not look like English.")
    ] = False,
    max_size: Annotated[
        int, typer.Option(min=1, help="Refuse inputs larger than this many bytes (8 MB: ~9 minutes of parsing).")
    ] = 8_000_000,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Parser processes (default: the machine's cores; small jobs use one).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Split sources into atomic claims with exact quote spans and store them.

    Example: kcheck ingest seeds/
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kcheck.ingest import ingest as run_ingest
    from kcheck.nlp import model_name
    from kcheck.output import err, message

    opened = []

    def open_store():
        # only once there is something to store: a run that reads nothing creates no database
        opened.append(store_for(db))
        return opened[0]

    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )
    task = progress.add_task("", total=None)

    def on_event(kind: str, msg: str) -> None:
        if kind in {"skip", "warn"}:
            message(f"warning: {msg}")
        elif kind == "stored":
            progress.update(task, advance=1, description=msg)

    with progress:
        result = run_ingest(
            paths,
            open_store,
            model=model_name(model),
            encoding=encoding,
            stdin_name=name,
            on_event=on_event,
            force=force,
            replace=replace,
            any_language=any_language,
            max_bytes=max_size,
            workers=workers or os.cpu_count() or 1,
        )
    if opened:
        from kcheck.report import ensure_groups

        ensure_groups(opened[0])
    if not quiet:
        done = (
            f"{len(result.added)} added, {len(result.replaced)} replaced, {len(result.unchanged)} unchanged, "
            f"{len(result.skipped)} skipped"
        )
        if result.empty:
            done += f", {len(result.empty)} with no claims"
        if opened:
            n_sources, n_claims = opened[0].totals()
            message(
                f"{done}: {result.claims} new claims; {db} holds {n_sources} source{'s' if n_sources != 1 else ''} "
                f"and {n_claims} claim{'s' if n_claims != 1 else ''}"
            )
        else:
            message(f"{done}: nothing to store; {db} was not {'changed' if db.exists() else 'created'}")
    if result.skipped:
        raise typer.Exit(EXIT_ERROR)

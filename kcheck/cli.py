"""The kcheck command line. Commands parse flags, call the core and hand results to output.py."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from kcheck import __version__
from kcheck.errors import EXIT_ERROR, KcheckError, UsageError


class Command(TyperCommand):
    """Usage lines as click writes them ("ID", "PATH..."), not typer's "{ID}" for required ones."""

    def collect_usage_pieces(self, ctx):
        return [re.sub(r"^\{(.*)\}$", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]


class Typer(typer.Typer):
    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Split news sources into quotable atomic claims and compare them across sources.",
)

DbOpt = Annotated[Path, typer.Option("--db", envvar="KCHECK_DB", help="Claims database (env KCHECK_DB).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON array.")]
JsonObjectFlag = Annotated[bool, typer.Option("--json", help="One JSON object.")]
NlFlag = Annotated[bool, typer.Option("--nl", help="One JSON object per line.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="CSV with a header row.")]
CsvGuardFlag = Annotated[
    bool,
    typer.Option(
        "--csv-guard/--no-csv-guard",
        help="With --csv, put ' before cells starting with = + - @ (spreadsheets run them as formulas) and show control characters as codes.",
    ),
]
DEFAULT_DB = Path("claims.db")


def handle_errors(fn):
    """Turn kcheck's errors into a one-line message and an exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from kcheck.output import message

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BrokenPipeError:
            # the reader went away (`kcheck claims --json | head -1`): stop quietly, as cat
            # does, with the status a shell gives a process that SIGPIPE ended
            _silence_stdout()
            raise typer.Exit(141) from None
        except KcheckError as e:
            message(f"Error: {e}")
            raise typer.Exit(e.exit_code) from None
        except sqlite3.DatabaseError as e:
            message(f"Error: database problem: {e}")
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            message("Interrupted; sources stored so far are complete, the one in progress was not written.")
            raise typer.Exit(130) from None
        except Exception as e:  # a bug: say so in one line, keep the traceback for KCHECK_DEBUG
            if os.environ.get("KCHECK_DEBUG"):
                raise
            message(f"Error: unexpected {type(e).__name__}: {e} (set KCHECK_DEBUG=1 for a traceback)")
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's buffer): nothing is flushed to a pipe


def output_format(json_: bool, nl: bool, csv_: bool) -> str:
    chosen = [name for name, on in (("json", json_), ("nl", nl), ("csv", csv_)) if on]
    if len(chosen) > 1:
        raise UsageError("choose one of --json, --nl and --csv")
    return chosen[0] if chosen else "table"


def store_for(db: Path, create: bool = True):
    from kcheck.db import ClaimStore, open_db

    return ClaimStore(open_db(db, create=create))


def existing_store(db: Path):
    if not db.exists():
        raise KcheckError(f"{db}: no such database; create it with: kcheck ingest --db {db} PATH")
    return store_for(db, create=False)


@contextlib.contextmanager
def reading(db: Path):
    """An existing database, read in one snapshot whose groups are current (see grouping.consistent)."""
    from kcheck.report import consistent

    store = existing_store(db)
    with consistent(store):
        yield store


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """Split news sources into quotable atomic claims and compare them across sources."""


@app.command()
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
        int, typer.Option(min=1, help="Refuse inputs larger than this many bytes (10 MB: ~7 minutes of parsing).")
    ] = 10_000_000,
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


@app.command()
@handle_errors
def sources(
    db: DbOpt = DEFAULT_DB,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    csv_guard: CsvGuardFlag = True,
) -> None:
    """List the sources: title, outlet, date, claims, boilerplate, sentences with no claim, conflicts, single, copies.

    Example: kcheck sources --json
    """
    from kcheck.output import render

    fmt = output_format(json_, nl, csv_)
    with reading(db) as store:
        rows = store.sources()
    for r in rows:
        r["published_display"] = r["published"] or "(not found)"
        if r["published_note"] and r["published"]:
            r["published_display"] += " (doubtful)"
        r["outlet_display"] = r["outlet"] or "(not found)"
    if fmt != "table":
        rows = [{k: v for k, v in r.items() if not k.endswith("_display")} for r in rows]
    shown = "_display" if fmt == "table" else ""  # a CSV cell is the value itself, empty when not found
    render(
        rows,
        fmt,
        [
            ("name", "source"),
            ("title", "title"),
            ("outlet" + shown, "outlet"),
            ("published" + shown, "published"),
            ("claims", "claims"),
            ("boilerplate_sentences", "boilerplate"),
            ("no_claim_sentences", "no claim"),
            ("conflicts", "conflicts"),
            ("single_attestations", "single"),
            ("copies", "copies"),
        ],
        csv_guard=csv_guard,
    )


@app.command()
@handle_errors
def figures(
    db: DbOpt = DEFAULT_DB,
    disagree: Annotated[
        bool,
        typer.Option(
            "--disagree",
            help="Only measures whose figures differ: a conflict (disagree), or values apart no rule compared (differ).",
        ),
    ] = False,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    csv_guard: CsvGuardFlag = True,
) -> None:
    """Figures two or more sources give for one measure, one row per source, with each value's quote and offsets.

    A measure's state is agree, disagree (a conflict), or differ (the values are apart, yet no rule judged
    them one measure's: read the quotes).

    Example: kcheck figures --disagree
    """
    from kcheck.output import render, short
    from kcheck.report import figures as figure_rows

    fmt = output_format(json_, nl, csv_)
    with reading(db) as store:
        measures = figure_rows(store)
    rows = [
        {"group": f["group"], "measure": f["measure"], "state": f["state"], **v}
        for f in measures
        if f["state"] != "agree" or not disagree
        for v in f["values"]
    ]
    if fmt == "table":
        rows = [{**r, "quote_short": short(r["quote"], 60)} for r in rows]
        columns = [
            ("measure", "measure"),
            ("state", "figures"),
            ("source", "source"),
            ("value", "value"),
            ("quote_short", "quote"),
        ]
    else:
        columns = [
            (k, k) for k in ("group", "measure", "state", "source", "claim_id", "value", "start", "end", "quote")
        ]
    render(rows, fmt, columns, csv_guard=csv_guard)


CLAIM_KEYS = [
    "id",
    "source",
    "source_id",
    "start",
    "end",
    "quote",
    "text",
    "verdict",
    "group_id",
    "kind",
    "sentence_idx",
    "headline",
    "boilerplate",
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
]


class Verdict(str, Enum):
    agree = "agree"
    conflict = "conflict"
    single = "single"


@app.command()
@handle_errors
def claims(
    db: DbOpt = DEFAULT_DB,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", help='Search, ranked: words, "a phrase", prefix*; anything else is a plain word.'
        ),
    ] = None,
    fts: Annotated[
        bool, typer.Option("--fts", help="Read --search as SQLite FTS5 syntax (AND, OR, NOT, NEAR, column:).")
    ] = False,
    source: Annotated[str | None, typer.Option(help="Only this source (its name).")] = None,
    verdict: Annotated[Verdict | None, typer.Option(help="Only claims whose group has this verdict.")] = None,
    entity: Annotated[
        str | None, typer.Option(help='Only claims naming this entity ("US" finds "the United States").')
    ] = None,
    include_boilerplate: Annotated[
        bool, typer.Option("--boilerplate", help="Include claims from site furniture.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many claims.")] = None,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    csv_guard: CsvGuardFlag = True,
) -> None:
    """List stored claims with their source, verdict and quote.

    Example: kcheck claims --search "Nagorno-Karabakh" --source 001_14c9ce7ab1e8d72f --json
    """
    from kcheck.output import render, short

    fmt = output_format(json_, nl, csv_)
    if fts and not search:
        raise UsageError("--fts reads the --search query: give one")
    with reading(db) as store:
        if source:
            store.require_source(source)
        rows = (
            {k: c.get(k) for k in CLAIM_KEYS}
            for c in store.claims(
                source,
                include_boilerplate,
                search=search,
                fts=fts,
                verdict=verdict.value if verdict else None,
                entity=entity,
                limit=limit,
            )
        )
        if fmt == "table":
            rows = ({**r, "quote_short": short(r["quote"], 60), "text_short": short(r["text"], 60)} for r in rows)
            render(
                rows,
                fmt,
                [
                    ("id", "id"),
                    ("source", "source"),
                    ("verdict", "verdict"),
                    ("text_short", "claim"),
                    ("quote_short", "quote"),
                ],
            )
        else:
            render(
                rows,
                fmt,
                [(k, k) for k in ("id", "source", "start", "end", "verdict", "quote", "text", "kind", "speaker")],
                csv_guard=csv_guard,
            )


@app.command()
@handle_errors
def show(
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id (from kcheck claims).")],
    db: DbOpt = DEFAULT_DB,
    json_: JsonObjectFlag = False,
) -> None:
    """One claim: its quote inside its paragraph, offsets, source, slots, and its group.

    Example: kcheck show c1a2b3c4d5e6f7a8
    """
    import json

    from kcheck.output import print_claim
    from kcheck.report import claim_details

    with reading(db) as store:
        details = claim_details(store, claim_id)
    if json_:
        typer.echo(json.dumps(details, ensure_ascii=False, indent=1))
    else:
        print_claim(details)


@app.command()
@handle_errors
def stats(
    db: DbOpt = DEFAULT_DB,
    json_: JsonObjectFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    csv_guard: CsvGuardFlag = True,
) -> None:
    """Counts per verdict, per conflict kind and per source (--json: one object of three lists).

    Example: kcheck stats --json
    """
    import json

    from kcheck.output import render

    fmt = output_format(json_, nl, csv_)
    with reading(db) as store:
        data = store.stats()
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    verdicts = [("verdict", "verdict"), ("groups", "groups"), ("claims", "claims")]
    kinds = [("slot", "conflict kind"), ("groups", "groups")]
    per_source = [
        ("source", "source"),
        ("claims", "claims"),
        ("agree", "agree"),
        ("conflict", "conflict"),
        ("single", "single"),
        ("boilerplate_sentences", "boilerplate"),
    ]
    if fmt == "table":
        render(data["verdicts"], fmt, verdicts, title="per verdict")
        render(data["conflict_kinds"], fmt, kinds, title="per conflict kind")
        render(data["sources"], fmt, per_source, title="per source")
        return
    # --nl and --csv: one flat table, each row saying what it counts
    rows = (
        [
            {"count_by": "verdict", "key": r["verdict"], "groups": r["groups"], "claims": r["claims"]}
            for r in data["verdicts"]
        ]
        + [{"count_by": "conflict_kind", "key": r["slot"], "groups": r["groups"]} for r in data["conflict_kinds"]]
        + [{"count_by": "source", "key": r["source"], **{k: r[k] for k, _ in per_source[1:]}} for r in data["sources"]]
    )
    render(
        rows,
        fmt,
        [
            ("count_by", "count_by"),
            ("key", "key"),
            ("groups", "groups"),
            ("claims", "claims"),
            ("agree", "agree"),
            ("conflict", "conflict"),
            ("single", "single"),
            ("boilerplate_sentences", "boilerplate_sentences"),
        ],
        csv_guard=csv_guard,
    )


class ReportFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    html = "html"
    json = "json"


@app.command()
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
    from kcheck.output import print_report

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


@app.command()
@handle_errors
def compare(
    text_: Annotated[str | None, typer.Argument(metavar="TEXT", help="Words of the claim to look for.")] = None,
    claim: Annotated[str | None, typer.Option("--claim", help="A claim id (from kcheck claims).")] = None,
    db: DbOpt = DEFAULT_DB,
    json_: JsonObjectFlag = False,
) -> None:
    """Show how the sources compare on one claim: its group, verdict, explanation and quotes.

    With TEXT, the group of the best-matching claim, then the best matches of other groups with their scores.

    Example: kcheck compare "ceasefire 2020"
    """
    import json

    from kcheck.output import print_candidates, print_group
    from kcheck.report import find_group

    if bool(text_) == bool(claim):
        raise UsageError("give either TEXT or --claim ID")
    with reading(db) as store:
        g = find_group(store, text=text_, claim_id=claim)
    if json_:
        typer.echo(json.dumps(g, ensure_ascii=False, indent=1))
    else:
        print_group(g)
        print_candidates(g["candidates"])


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
@handle_errors
def verify(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FILE]...", help="Claims files (YAML); none: every claims.yaml / claims.yml under this folder."
        ),
    ] = None,
    db: DbOpt = DEFAULT_DB,
    write_anchors: Annotated[
        bool,
        typer.Option("--write-anchors", help="Record offsets, context and sha256 of each resolved quote in the file."),
    ] = False,
    format_: Annotated[VerifyFormat, typer.Option("--format", "-f", help="table or json.")] = VerifyFormat.table,
) -> None:
    """Check curated claims files: every quote against its source, every claim against the evidence.

    Exit 0 when every claim passes, 1 when any fails, 2 for an unreadable or malformed file.
    Failing claims are listed first.

    Example: kcheck verify examples/claims.yaml
    """
    import json

    from kcheck.output import print_verify
    from kcheck.verify import claims_files, verify_files

    if not files:
        files = claims_files(Path("."))
        if not files:
            raise UsageError("no claims.yaml or claims.yml under this folder; name the claims files to check")
    with reading(db) as store:
        results = verify_files(files, store, write_anchors=write_anchors)
    if format_ == VerifyFormat.json:
        typer.echo(
            json.dumps(
                {"passed": all(r.passed for r in results), "claims": [r.as_dict() for r in results]},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print_verify(results)
    if not all(r.passed for r in results):
        raise typer.Exit(EXIT_ERROR)


@app.command()
@handle_errors
def doctor(
    db: DbOpt = DEFAULT_DB,
    json_: JsonFlag = False,
) -> None:
    """Check a database: SQLite integrity, schema, source hashes, claims, quotes, sentences, the full-text index, groups.

    Exit 1 when anything is wrong, each problem on its own line.

    Example: kcheck doctor --db claims.db
    """
    import json

    from kcheck.doctor import run_path
    from kcheck.output import print_doctor

    if not db.exists():
        raise KcheckError(f"{db}: no such database")
    checks = run_path(db)
    if json_:
        typer.echo(json.dumps([c.__dict__ for c in checks], ensure_ascii=False, indent=1))
    else:
        print_doctor(checks)
    if not all(c.ok for c in checks):
        raise typer.Exit(EXIT_ERROR)


def main() -> None:
    app()

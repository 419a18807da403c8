"""What every command shares: the option types, the wrapper that turns errors into a message
and an exit status, the choice of output format, and opening the database for reading. Apart
from cli.py so that the command modules import it without importing the app that lists them."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kcheck.errors import EXIT_ERROR, KcheckError, UsageError

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
    from kcheck.grouping import consistent

    store = existing_store(db)
    with consistent(store):
        yield store


class Verdict(str, Enum):
    agree = "agree"
    conflict = "conflict"
    single = "single"

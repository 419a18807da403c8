"""The checks, whose exit status says pass or fail: `kcheck verify` (curated claims files against
their sources) and `kcheck doctor` (a database's integrity)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kcheck.cli_common import DEFAULT_DB, DbOpt, JsonFlag, handle_errors, reading
from kcheck.errors import EXIT_ERROR, KcheckError, UsageError


class VerifyFormat(str, Enum):
    table = "table"
    json = "json"


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

    from kcheck.terminal import print_verify
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
    from kcheck.terminal import print_doctor

    if not db.exists():
        raise KcheckError(f"{db}: no such database")
    checks = run_path(db)
    if json_:
        typer.echo(json.dumps([c.__dict__ for c in checks], ensure_ascii=False, indent=1))
    else:
        print_doctor(checks)
    if not all(c.ok for c in checks):
        raise typer.Exit(EXIT_ERROR)

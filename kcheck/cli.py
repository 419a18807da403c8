"""The kcheck command line: the typer app, its global options and the list of its commands.
Commands parse flags, call the core and hand results to kcheck.output or kcheck.terminal; they
live by concern in cli_ingest.py, cli_query.py, cli_report.py and cli_check.py, and share
cli_common.py."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from typer.core import TyperCommand

from kcheck import __version__, cli_check, cli_ingest, cli_query, cli_report


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


# registered in the order `kcheck --help` lists them
for command in (
    cli_ingest.ingest,
    cli_query.sources,
    cli_query.figures,
    cli_query.claims,
    cli_query.show,
    cli_query.stats,
    cli_report.report,
    cli_query.compare,
    cli_check.verify,
    cli_check.doctor,
):
    app.command()(command)


def main() -> None:
    app()

"""The query commands: sources, figures, claims, show, stats and compare. They read the
database in one snapshot and never import spaCy or a model."""

from __future__ import annotations

from typing import Annotated

import typer

from kcheck.cli_common import (
    DEFAULT_DB,
    CsvFlag,
    CsvGuardFlag,
    DbOpt,
    JsonFlag,
    JsonObjectFlag,
    NlFlag,
    Verdict,
    handle_errors,
    output_format,
    reading,
)
from kcheck.db_queries import PARSE_SLOTS
from kcheck.errors import UsageError


@handle_errors
def sources(
    db: DbOpt = DEFAULT_DB,
    json_: JsonFlag = False,
    nl: NlFlag = False,
    csv_: CsvFlag = False,
    csv_guard: CsvGuardFlag = True,
) -> None:
    """List the sources: title, outlet, date, claims, boilerplate, sentences with no claim, conflicts, single, copies, story.

    Claims are compared only between sources of one story (sources that name the same places,
    people and bodies); a source placed in no story is compared with every source.

    Example: kcheck sources --json
    """
    from kcheck.output import render, story_label

    fmt = output_format(json_, nl, csv_)
    with reading(db) as store:
        rows = store.sources()
    for r in rows:
        r["published_display"] = r["published"] or "(not found)"
        if r["published_note"] and r["published"]:
            r["published_display"] += " (doubtful)"
        r["outlet_display"] = r["outlet"] or "(not found)"
        r["story_display"] = story_label(r, "(none)")
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
            ("story" + shown, "story"),
        ],
        csv_guard=csv_guard,
    )


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
    *PARSE_SLOTS,
    "quantities",
]


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

    from kcheck.report import claim_details
    from kcheck.terminal import print_claim

    with reading(db) as store:
        details = claim_details(store, claim_id)
    if json_:
        typer.echo(json.dumps(details, ensure_ascii=False, indent=1))
    else:
        print_claim(details)


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
    from kcheck.output import object_of_lists, render

    fmt = output_format(json_, nl, csv_)
    with reading(db) as store:
        data = store.stats()
    if fmt == "json":
        typer.echo(object_of_lists(data))
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

    from kcheck.report import find_group
    from kcheck.terminal import print_candidates, print_group

    if bool(text_) == bool(claim):
        raise UsageError("give either TEXT or --claim ID")
    with reading(db) as store:
        g = find_group(store, text=text_, claim_id=claim)
    if json_:
        typer.echo(json.dumps(g, ensure_ascii=False, indent=1))
    else:
        print_group(g)
        print_candidates(g["candidates"])

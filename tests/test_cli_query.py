import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from sqlite_utils import Database

from kcheck.cli import app
from kcheck.db import ClaimStore, open_db
from kcheck.db_queries import EMPTY_COUNTS
from kcheck.migrations import migrations

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end


def invoke_json(runner, *args):
    result = runner.invoke(app, list(args) + ["--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_is_ranked_full_text(runner, seeded_db):
    rows = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "ceasefire")
    assert rows and all("ceasefire" in (r["text"] + r["quote"]).lower() for r in rows)
    phrase = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", '"joint military"')
    assert phrase and all("joint military" in r["quote"].lower() for r in phrase)
    prefix = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "peacekeep*")
    assert {r["id"] for r in prefix} >= {
        r["id"] for r in invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "peacekeepers")
    }
    # ranking: a claim that says it twice over ranks above one that mentions it in passing
    assert len(invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "ceasefire", "--limit", "2")) == 2


def test_limited_search_is_the_head_of_the_full_ranking(runner, seeded_db, monkeypatch):
    import kcheck.db_queries

    monkeypatch.setattr(kcheck.db_queries, "SEARCH_PAGE", 1)  # pages of 4, 16, 64 ... ranked matches
    db = str(seeded_db)
    full = [r["id"] for r in invoke_json(runner, "claims", "--db", db, "--search", "Russia")]
    assert len(full) > 20 and len(set(full)) == len(full)
    for n in (1, 5, 30):
        assert [
            r["id"] for r in invoke_json(runner, "claims", "--db", db, "--search", "Russia", "--limit", str(n))
        ] == full[:n]
    # a filter that the best matches fail: later pages are read until enough claims pass it
    rows = invoke_json(runner, "claims", "--db", db, "--search", "Russia")
    last = rows[-1]["source"]
    of_last = [r["id"] for r in rows if r["source"] == last]
    got = invoke_json(runner, "claims", "--db", db, "--search", "Russia", "--source", last, "--limit", "2")
    assert [r["id"] for r in got] == of_last[:2]
    assert invoke_json(runner, "claims", "--db", db, "--search", "Russia", "--source", last, "--limit", "500") == [
        r for r in invoke_json(runner, "claims", "--db", db, "--search", "Russia", "--source", last)
    ]


def test_bad_search_syntax_is_a_usage_error(runner, seeded_db):
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--search", '"unbalanced', "--fts"])
    assert (
        result.exit_code == 2 and result.stderr.startswith("Error: bad search query") and result.stderr.count("\n") == 1
    )


@pytest.mark.parametrize(
    "query, minimum", [("Nagorno-Karabakh", 30), ("Armenia's", 10), ("U.S.", 1), ('"unbalanced', 0), ("peacekeep*", 5)]
)
def test_plain_searches_just_work(runner, seeded_db, query, minimum):
    """18.1: hyphens, apostrophes and dots are words to look for, not FTS5 operators ("no such
    column: Karabakh"); `sqlite-utils search --quote` finds 33 claims for Nagorno-Karabakh."""
    rows = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", query)
    assert len(rows) >= minimum
    words = [w.lower() for w in re.findall(r"\w+", query)]
    assert all(all(w.rstrip("*")[:8] in (r["text"] + r["quote"]).lower() for w in words) for r in rows)


def test_fts_syntax_is_there_when_asked_for(runner, seeded_db):
    either = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "ceasefire OR peacekeepers", "--fts")
    ceasefire = invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "ceasefire")
    assert len(either) > len(ceasefire) > 0
    assert invoke_json(runner, "claims", "--db", str(seeded_db), "--search", "ceasefire OR peacekeepers") == []


@pytest.mark.parametrize(
    "args",
    [
        ["--search", "*"],
        ["--search", "*", "--fts"],
        [
            "--search",
            "  ",
        ],
        ["--fts"],
    ],
)
def test_searches_with_nothing_to_look_for_are_usage_errors(runner, seeded_db, args):
    """19.11: `--search '*'` exited 1, as a database problem; it is a usage error (2)."""
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), *args, "--json"])
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1


def test_a_failed_listing_leaves_nothing_on_stdout(runner, seeded_db, monkeypatch):
    """18.2: `--json` left a lone "[" and `--csv` its header row when a listing failed part-way."""
    import sqlite3

    import kcheck.db_queries

    real = kcheck.db_queries.decode_row
    seen = []

    def failing(row):
        seen.append(row)
        if len(seen) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(row)

    monkeypatch.setattr(kcheck.db_queries, "decode_row", failing)
    for fmt in ("--json", "--nl", "--csv"):
        seen.clear()
        result = runner.invoke(app, ["claims", "--db", str(seeded_db), fmt])
        assert result.exit_code == 1 and "disk I/O error" in result.stderr
        assert result.stdout == "", fmt


def test_a_surname_finds_the_person(runner, seeded_db):
    """18.3: --entity Putin found nothing while --entity "Vladimir Putin" found 6."""
    full = invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "Vladimir Putin")
    surname = invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "Putin")
    assert full and {r["id"] for r in surname} >= {r["id"] for r in full}
    assert all(any(e["norm"].endswith("putin") for e in r["entities"]) for r in surname)
    pashinyan = invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "Pashinyan")
    assert (
        len(pashinyan) >= len(invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "Nikol Pashinyan")) > 0
    )


def test_filters_by_verdict_entity_and_source(runner, seeded_db):
    agree = invoke_json(runner, "claims", "--db", str(seeded_db), "--verdict", "agree")
    assert agree and {r["verdict"] for r in agree} == {"agree"}
    us = invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "U.S.")
    assert us and all(any(e["norm"] == "united states" for e in r["entities"]) for r in us)
    assert {r["id"] for r in us} == {
        r["id"] for r in invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "United States")
    }
    both = invoke_json(runner, "claims", "--db", str(seeded_db), "--entity", "US", "--source", "003_6d9f219ec080981b")
    assert both and {r["source"] for r in both} == {"003_6d9f219ec080981b"}


def test_show(runner, seeded_db):
    row = invoke_json(
        runner, "claims", "--db", str(seeded_db), "--search", '"joint military exercises"', "--verdict", "agree"
    )[0]
    d = invoke_json(runner, "show", "--db", str(seeded_db), row["id"])
    para = d["paragraph"]
    assert para["text"][d["start"] - para["start"] : d["end"] - para["start"]] == d["quote"] == row["quote"]
    assert d["source"]["name"] == row["source"] and d["source"]["title"]
    assert d["group"]["verdict"] == "agree" and len(d["group"]["claims"]) >= 2
    assert {"subject", "predicate", "entities", "dates", "negated", "speaker"} <= d["slots"].keys()
    table = runner.invoke(app, ["show", "--db", str(seeded_db), row["id"]], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and row["quote"] in table.stdout and "published" in table.stdout
    missing = runner.invoke(app, ["show", "--db", str(seeded_db), "c-nope"])
    assert missing.exit_code == 1 and "no claim starts with 'c-nope'" in missing.stderr


def test_sources_and_stats(runner, seeded_db):
    sources = invoke_json(runner, "sources", "--db", str(seeded_db))
    assert {"conflicts", "single_attestations", "copies", "boilerplate_sentences", "claims"} <= sources[0].keys()
    stats = invoke_json(runner, "stats", "--db", str(seeded_db))
    per_source = {r["source"]: r for r in stats["sources"]}
    for s in sources:
        r = per_source[s["name"]]
        assert r["claims"] == s["claims"] == r["agree"] + r["conflict"] + r["single"]
        assert r["single"] == s["single_attestations"]
    assert sum(v["claims"] for v in stats["verdicts"]) == sum(s["claims"] for s in sources)
    # the counts agree with the claims listing and the report, which are read another way
    listed = Counter((c["source"], c["verdict"]) for c in invoke_json(runner, "claims", "--db", str(seeded_db)))
    for s in sources:
        assert (
            s["conflicts"] == listed[s["name"], "conflict"] and s["single_attestations"] == listed[s["name"], "single"]
        )
        assert s["claims"] == sum(n for (name, _), n in listed.items() if name == s["name"])
    groups = json.loads(runner.invoke(app, ["report", "--db", str(seeded_db), "--format", "json"]).stdout)["groups"]
    assert {v["verdict"]: (v["groups"], v["claims"]) for v in stats["verdicts"]} == {
        v: (sum(g["verdict"] == v for g in groups), sum(len(g["claims"]) for g in groups if g["verdict"] == v))
        for v in {g["verdict"] for g in groups}
    }
    csv = runner.invoke(app, ["stats", "--db", str(seeded_db), "--csv"]).stdout.splitlines()
    assert csv[0].startswith("count_by,key,groups,claims") and any(line.startswith("source,") for line in csv)


@pytest.mark.parametrize("command", [["claims"], ["sources"], ["stats"]])
def test_listing_formats(runner, seeded_db, command):
    base = command + ["--db", str(seeded_db)]
    nl = runner.invoke(app, base + ["--nl"]).stdout.splitlines()
    assert nl and all(json.loads(line) for line in nl)
    assert runner.invoke(app, base + ["--csv"]).exit_code == 0
    assert runner.invoke(app, base).exit_code == 0
    refused = runner.invoke(app, base + ["--nl", "--json"])
    assert refused.exit_code == 2


QUERY_COMMANDS = [
    ["claims", "--search", "ceasefire"],
    ["sources"],
    ["stats"],
    ["report", "--format", "json"],
    ["compare", "ceasefire"],
    ["claims", "--verdict", "agree", "--json"],
]


@pytest.mark.parametrize("args", QUERY_COMMANDS)
def test_query_commands_never_import_spacy(seeded_db, args):
    code = (
        "import sys\n"
        "from kcheck.cli import app\n"
        f"try:\n    app({list(args) + ['--db', str(seeded_db)]!r}, standalone_mode=False)\n"
        "finally:\n    print('SPACY' if 'spacy' in sys.modules else 'NO-SPACY', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("NO-SPACY")


@pytest.mark.parametrize("args", [["claims", "--search", "ceasefire"], ["sources"], ["stats"]])
def test_listings_never_build_frames(seeded_db, args):
    # listing stored rows reads no frame: kcheck.frame's classes cost each such query 10 ms
    code = (
        "import sys\n"
        "from kcheck.cli import app\n"
        f"app({list(args) + ['--db', str(seeded_db)]!r}, standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('kcheck.')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = result.stderr.strip().splitlines()[-1]
    assert "kcheck.db" in loaded and "kcheck.frame" not in loaded


def test_sqlite_utils_can_search_the_database(seeded_db):
    exe = shutil.which("sqlite-utils") or os.path.join(os.path.dirname(sys.executable), "sqlite-utils")
    result = subprocess.run(
        [exe, "search", str(seeded_db), "claims", "ceasefire", "-c", "text", "-c", "quote"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all("ceasefire" in (r["text"] + r["quote"]).lower() for r in rows)


def test_fts_follows_sqlite_utils_conventions(seeded_db):
    db = Database(seeded_db)
    assert db.table("claims").detect_fts() == "claims_fts"
    triggers = {t.name for t in db.triggers}
    assert {"claims_ai", "claims_ad", "claims_au"} <= triggers


def test_migrations_upgrade_an_older_database_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m003_claim_entities")
    assert not old.table("claim_entities").exists()
    old.table("sources").insert({"id": "s1", "name": "old", "text": "The U.S. imposed sanctions."}, pk="id")
    old.table("claims").insert(
        {
            "id": "c1",
            "source_id": "s1",
            "start": 0,
            "end": 26,
            "quote": "The U.S. imposed sanctions",
            "text": "The U.S. imposed sanctions",
            "boilerplate": 0,
            "entities": json.dumps([{"text": "U.S.", "label": "GPE", "norm": "united states"}]),
        },
        pk="id",
    )
    old.close()
    store = ClaimStore(open_db(path))  # upgraded on open
    assert [r["claim_id"] for r in store.db.table("claim_entities").rows_where("norm = ?", ["united states"])] == ["c1"]
    applied = [m.name for m in migrations.applied(store.db)]
    store2 = ClaimStore(open_db(path))  # a second open is a no-op
    assert [m.name for m in migrations.applied(store2.db)] == applied


def test_migration_gives_memberships_their_source_and_verdict(tmp_path):
    """Counts per source read the memberships alone (m012): an older database's memberships
    are filled in from their claims and groups when it is opened."""
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m012_counts_per_source")
    old.table("sources").insert({"id": "s1", "name": "north", "text": "The bridge opened. Tolls rose."}, pk="id")
    for cid, start, end in (("c1", 0, 18), ("c2", 19, 30)):
        old.table("claims").insert({"id": cid, "source_id": "s1", "start": start, "end": end, "boilerplate": 0})
    old.table("groups").insert_all([{"id": "g1", "verdict": "conflict"}, {"id": "g2", "verdict": "single"}])
    old.table("group_claims").insert_all([{"claim_id": "c1", "group_id": "g1"}, {"claim_id": "c2", "group_id": "g2"}])
    old.close()
    store = ClaimStore(open_db(path))
    rows = {r["claim_id"]: (r["source_id"], r["verdict"]) for r in store.db.table("group_claims").rows}
    assert rows == {"c1": ("s1", "conflict"), "c2": ("s1", "single")}
    assert store._source_counts()["s1"] == {**EMPTY_COUNTS, "claims": 2, "conflict": 1, "single": 1}


def test_shell_completion(seeded_db):
    exe = os.path.join(os.path.dirname(sys.executable), "kcheck")
    env = {**os.environ, "_KCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "kcheck cla", "COMP_CWORD": "1"}
    result = subprocess.run([exe], capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "claims" in result.stdout.split()


def test_figures_lists_each_sources_value_with_its_quote(runner, db_path, tmp_path):
    texts = {
        "a.txt": "Hailstorm hits Vell\n\nThe hailstorm damaged 340 roofs in Vell on Sunday, the mayor said. "
        "On the one hand, the town was ready.\n",
        "b.txt": "Storm in Vell\n\nThe hailstorm damaged 410 roofs in Vell on Sunday, officials said. "
        "On the one hand, crews were quick.\n",
    }
    for name, body in texts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert (
        runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]).exit_code
        == 0
    )
    rows = invoke_json(runner, "figures", "--db", str(db_path))
    roofs = [r for r in rows if r["value"] in {"340", "410"}]
    assert {r["value"] for r in roofs} == {"340", "410"} and {r["state"] for r in roofs} == {"disagree"}
    assert len({r["group"] for r in roofs}) == 1 and "roof" in roofs[0]["measure"]
    for r in roofs:  # the value's offsets are into the source text as read
        text = (tmp_path / f"{r['source']}.txt").read_text(encoding="utf-8")
        assert text[r["start"] : r["end"]] == r["value"] and r["value"] in r["quote"]
    assert not [r for r in rows if r["value"].lower() == "one"]  # "on the one hand" counts nothing
    assert invoke_json(runner, "figures", "--db", str(db_path), "--disagree") == [
        r for r in rows if r["state"] != "agree"
    ]
    table = runner.invoke(app, ["figures", "--db", str(db_path), "--disagree"])
    assert table.exit_code == 0 and "340" in table.stdout and "410" in table.stdout

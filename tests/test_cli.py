import json
import subprocess
import sys

import pytest

from kcheck.cli import app

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end

COMMANDS = ["ingest", "sources", "figures", "claims", "show", "stats", "report", "compare", "verify", "doctor"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: kcheck" in result.stdout
    assert "--db" in result.stdout


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert result.exit_code == 2 and "Usage" in result.output


def test_ingest_then_list(runner, db_path, tmp_path):
    f = tmp_path / "vote.md"
    f.write_text(
        "---\ntitle: Vote count\noutlet: Example Gazette\ndate: 2024-11-06\n---\n"
        "The electoral commission said turnout reached 61 percent.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(f)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr
    result = runner.invoke(app, ["sources", "--db", str(db_path), "--json"])
    (src,) = json.loads(result.stdout)
    assert (src["name"], src["title"], src["outlet"], src["published"]) == (
        "vote",
        "Vote count",
        "Example Gazette",
        "2024-11-06",
    )
    assert src["published_from"] == "front matter"
    result = runner.invoke(app, ["claims", "--db", str(db_path), "--json"])
    (claim,) = json.loads(result.stdout)
    assert {"id", "source", "start", "end", "quote", "text"} <= claim.keys()
    assert claim["source"] == "vote" and claim["speaker"] == "The electoral commission"
    text = f.read_text(encoding="utf-8")
    assert text[claim["start"] : claim["end"]] == claim["quote"] == "turnout reached 61 percent"


def test_claims_filters_and_formats(runner, seeded_db):
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--source", "002_028ac659659e2501", "--nl"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and {c["source"] for c in lines} == {"002_028ac659659e2501"}
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--limit", "3", "--csv"])
    assert result.stdout.splitlines()[0] == "id,source,start,end,verdict,quote,text,kind,speaker"
    assert len(result.stdout.strip().splitlines()) >= 4
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--limit", "5"])
    assert result.exit_code == 0 and "source" in result.stdout


def test_conflicting_format_flags_are_refused(runner, seeded_db):
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--json", "--csv"])
    assert result.exit_code == 2 and "choose one of" in result.stderr


def test_unknown_source_is_a_one_line_error(runner, seeded_db):
    result = runner.invoke(app, ["claims", "--db", str(seeded_db), "--source", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no source named 'nope'") and result.stderr.count("\n") == 1


def test_missing_database_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(app, ["claims", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_not_a_database(runner, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not sqlite " * 100)
    result = runner.invoke(app, ["claims", "--db", str(bogus)])
    assert result.exit_code == 1 and "Error:" in result.stderr and "Traceback" not in result.output


def test_unreadable_inputs_are_skipped_and_the_run_continues(runner, db_path, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The bridge reopened on Friday after repairs.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "binary" in result.stderr and "no text" in result.stderr and "no such file" in result.stderr
    assert "1 added" in result.stderr and "3 skipped" in result.stderr
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout)
    assert [c["source"] for c in claims] == ["good"]


def test_stdin(runner, db_path):
    result = runner.invoke(
        app,
        ["ingest", "--db", str(db_path), "--name", "wire", "-"],
        input="Officials confirmed that the airport would reopen on Monday.\n",
    )
    assert result.exit_code == 0, result.output
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout)
    assert claims[0]["source"] == "wire" and claims[0]["quote"] == "the airport would reopen on Monday"


def test_encoding_flag(runner, db_path, tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("The café in Zürich closed its doors on Sunday.\n".encode("cp1252"))
    result = runner.invoke(app, ["ingest", "--db", str(db_path), str(f)])
    assert result.exit_code == 1 and "--encoding" in result.stderr
    result = runner.invoke(app, ["ingest", "--db", str(db_path), "--encoding", "cp1252", str(f)])
    assert result.exit_code == 0
    claims = json.loads(runner.invoke(app, ["claims", "--db", str(db_path), "--json"]).stdout)
    assert "café in Zürich" in claims[0]["quote"]


def test_missing_model_is_a_one_line_error(runner, db_path, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The bridge reopened on Friday.\n")
    result = runner.invoke(app, ["ingest", "--db", str(db_path), "--model", "en_missing_model", str(f)])
    assert result.exit_code == 1
    assert "pip install" in result.stderr and result.stderr.count("\n") == 1


def test_source_text_is_never_markup(runner, db_path, tmp_path):
    f = tmp_path / "markup.txt"
    f.write_text("The [bold red]council[/bold red] approved the \x1b[31mbudget\x1b[0m on Monday.\n", encoding="utf-8")
    runner.invoke(app, ["ingest", "--db", str(db_path), str(f)])
    result = runner.invoke(app, ["claims", "--db", str(db_path)], env={"COLUMNS": "250"})
    assert "[bold red]council[/bold red]" in result.stdout
    assert "\x1b[31m" not in result.stdout


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "kcheck", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("kcheck ")


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_lines_and_json_help_say_what_is_printed(runner, command):
    """18.5: usage showed "{paths}..." and "{ID}"; show, compare and stats said "one JSON array"
    and print an object."""
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    usage = result.stdout.splitlines()[0]
    assert "{" not in usage and "}" not in usage
    if command in {"show", "compare", "stats"}:
        assert "One JSON object." in result.stdout and "JSON array" not in result.stdout
    if command == "ingest":
        assert usage.endswith("[OPTIONS] PATH...")
    if command == "show":
        assert usage.endswith("[OPTIONS] ID")

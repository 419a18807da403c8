import json

import pytest

from kcheck.cli import app
from kcheck.db import ClaimStore, open_db

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end


def test_json_report_contract(runner, seeded_db):
    result = runner.invoke(app, ["report", "--db", str(seeded_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {s["name"] for s in data["sources"]} == {
        "000_a88ae66702f717ab",
        "001_14c9ce7ab1e8d72f",
        "002_028ac659659e2501",
        "003_6d9f219ec080981b",
        "004_8d98e348b7dc699f",
    }
    seen = []
    for g in data["groups"]:
        assert {"id", "verdict", "explanation", "claims"} <= g.keys()
        assert g["verdict"] in {"agree", "conflict", "single"}
        assert g["explanation"]
        for c in g["claims"]:
            assert {"id", "source", "start", "end", "quote", "text"} <= c.keys()
            seen.append(c["id"])
    store = ClaimStore(open_db(seeded_db))
    assert sorted(seen) == sorted(c["id"] for c in store.claims())  # every claim, exactly once
    order = [g["verdict"] for g in data["groups"]]
    assert order == sorted(order, key={"conflict": 0, "single": 1, "agree": 2}.get)
    texts = {s["name"]: s["text"] for s in store.db.table("sources").rows}
    for g in data["groups"]:
        for c in g["claims"]:
            assert texts[c["source"]][c["start"] : c["end"]] == c["quote"]


def test_agreement_explanation_names_sources_and_quotes(runner, seeded_db):
    data = json.loads(
        runner.invoke(app, ["report", "--db", str(seeded_db), "--format", "json", "--verdict", "agree"]).stdout
    )
    assert data["groups"] and {g["verdict"] for g in data["groups"]} == {"agree"}
    g = data["groups"][0]
    for c in g["claims"]:
        assert c["source"] in g["explanation"] and c["quote"] in g["explanation"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_report_formats(runner, seeded_db, fmt):
    result = runner.invoke(app, ["report", "--db", str(seeded_db), "--format", fmt], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Agreements" in result.stdout and "Single attestations" in result.stdout and "Conflicts" in result.stdout


def hostile(runner, db_path, tmp_path):
    (tmp_path / "a.txt").write_text(
        "The <script>alert(1)</script> council approved the [bold]budget[/bold] on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("The council approved the budget on Monday, officials said.\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path)]).exit_code == 0


def test_html_report_escapes_source_text(runner, db_path, tmp_path):
    hostile(runner, db_path, tmp_path)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", str(db_path), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "src=" not in page  # self-contained


def test_markdown_report_escapes_source_text(runner, db_path, tmp_path):
    hostile(runner, db_path, tmp_path)
    md = runner.invoke(app, ["report", "--db", str(db_path), "--format", "markdown"]).stdout
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\[bold\\]" in md


def test_compare_by_text_and_by_claim(runner, seeded_db):
    result = runner.invoke(app, ["compare", "--db", str(seeded_db), "--json", "joint military exercises United States"])
    assert result.exit_code == 0, result.output
    g = json.loads(result.stdout)
    assert g["verdict"] == "agree" and {c["source"] for c in g["claims"]} >= {
        "001_14c9ce7ab1e8d72f",
        "003_6d9f219ec080981b",
    }
    cid = g["claims"][0]["id"]
    again = json.loads(runner.invoke(app, ["compare", "--db", str(seeded_db), "--json", "--claim", cid]).stdout)
    assert again == {**g, "candidates": []}  # a claim id names its group: no other candidates
    table = runner.invoke(app, ["compare", "--db", str(seeded_db), "--claim", cid], env={"COLUMNS": "200"})
    assert "AGREE" in table.stdout and "joint military" in table.stdout


def test_compare_errors(runner, seeded_db):
    r = runner.invoke(app, ["compare", "--db", str(seeded_db), "--claim", "c0000"])
    assert r.exit_code == 1 and "no claim starts with 'c0000'; did you mean" in r.stderr
    r = runner.invoke(app, ["compare", "--db", str(seeded_db)])
    assert r.exit_code == 2 and "either TEXT or --claim" in r.stderr
    r = runner.invoke(app, ["compare", "--db", str(seeded_db), "zzzzqqq"])
    assert r.exit_code == 1 and "no claim matches" in r.stderr


def test_groups_follow_the_sources(runner, db_path, tmp_path):
    (tmp_path / "a.txt").write_text("The storm flattened 200 homes in the port town.\n", encoding="utf-8")
    runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path / "a.txt")])
    data = json.loads(runner.invoke(app, ["report", "--db", str(db_path), "--format", "json"]).stdout)
    assert [g["verdict"] for g in data["groups"]] == ["single"]
    # worded independently: a verbatim copy would not count as a second source
    (tmp_path / "b.txt").write_text(
        "In the port town, the mayor said, the storm had flattened 200 homes.\n", encoding="utf-8"
    )
    runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path / "b.txt")])
    data = json.loads(runner.invoke(app, ["report", "--db", str(db_path), "--format", "json"]).stdout)
    assert [g["verdict"] for g in data["groups"]] == ["agree"]


def test_report_regroup_rebuilds_the_same_groups(runner, seeded_copy):
    before = runner.invoke(app, ["report", "--db", str(seeded_copy), "--format", "json"])
    again = runner.invoke(app, ["report", "--db", str(seeded_copy), "--format", "json", "--regroup"])
    assert before.exit_code == again.exit_code == 0
    assert json.loads(before.output) == json.loads(again.output)


def test_a_source_line_is_stored_and_shown(runner, db_path, tmp_path):
    (tmp_path / "gazette.txt").write_text(
        "Source: The Marsh Gazette - https://gazette.example/news/lantern\n\n"
        "Lantern festival draws record crowd to marsh town\n\n"
        "Nine thousand visitors came to the lantern festival on Saturday, the organisers said.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path / "gazette.txt")]).exit_code == 0
    (src,) = json.loads(runner.invoke(app, ["sources", "--db", str(db_path), "--json"]).stdout)
    assert (src["outlet"], src["url"]) == ("The Marsh Gazette", "https://gazette.example/news/lantern")
    assert src["title"] == "Lantern festival draws record crowd to marsh town"
    report = json.loads(runner.invoke(app, ["report", "--db", str(db_path), "--format", "json"]).stdout)
    assert report["sources"][0]["url"] == src["url"]
    # the line itself is no claim: every claim is about the festival
    assert all("Gazette" not in c["quote"] for g in report["groups"] for c in g["claims"])
    cid = report["groups"][0]["claims"][0]["id"]
    shown = runner.invoke(app, ["show", "--db", str(db_path), cid], env={"COLUMNS": "120"})
    assert "The Marsh Gazette" in shown.stdout and "https://gazette.example/news/lantern" in shown.stdout
    page = runner.invoke(app, ["report", "--db", str(db_path), "--format", "html"]).stdout
    assert '<a href="https://gazette.example/news/lantern">gazette</a>' in page


@pytest.mark.parametrize(
    "hostile",
    [
        "n`<img src=x onerror=alert(4)>`.md",
        "`` <img src=x onerror=alert(4)> ``",
        "a\x1b[31mred\x1b[0m \u202eevil",
        "[click](javascript:alert(1)) **bold** <script>alert(2)</script> &lt;b&gt;",
    ],
)
def test_md_makes_untrusted_text_inert(hostile):
    """19.8: a backtick or a tag in a source name or quote reached the Markdown report live
    (`<img onerror>` when rendered), and so did raw ESC bytes. Rendered here by markdown-it
    (CommonMark, as GitHub and most renderers are)."""
    from markdown_it import MarkdownIt

    from kcheck.pages import md

    rendered = MarkdownIt("commonmark").render(f"- `x` {md(hostile)} | y")
    assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered
    assert "<strong>" not in rendered and "<code>" not in rendered.replace("<code>x</code>", "")
    assert "\x1b" not in md(hostile) and "\u202e" not in md(hostile)


def test_markdown_report_with_a_hostile_source_name_is_inert():
    """19.8 end to end: a file named n`<img src=x onerror=alert(4)>`.md gives live <img> tags."""
    from markdown_it import MarkdownIt

    from kcheck.pages import markdown

    name = "n`<img src=x onerror=alert(4)>`"
    claim = {"id": "c1", "source": name, "start": 0, "end": 4, "quote": "Rain", "text": "Rain"}
    data = {
        "sources": [
            {"name": name, "title": "t", "published": None, "published_note": None, "claims": 1, "derived_from": None}
        ],
        "groups": [
            {
                "id": "g1",
                "verdict": "single",
                "slot": None,
                "explanation": "only one",
                "sources": 1,
                "independent_sources": 1,
                "conflicts": [],
                "notes": [],
                "claims": [claim],
            }
        ],
    }
    assert "<img" not in MarkdownIt("commonmark").render(markdown(data))


def test_compare_keeps_short_terms_and_shows_other_candidates(runner, db_path, tmp_path):
    """18.4: `compare "train speed 80 mph"` dropped "80" (terms of two characters or fewer) and
    showed one group, with no other candidates: now every word counts and the best few
    matches of other groups follow, with their scores."""
    texts = {
        "wire": "The freight train was travelling at 80 mph when it left the rails near the old depot.\n",
        "local": "Speed limits on the coastal line were cut to 50 mph after a landslide in the spring.\n",
        "council": "The council said the train speed cameras on the bridge recorded no faults last year.\n",
    }
    for name, body in texts.items():
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--db", str(db_path), str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["compare", "--db", str(db_path), "--json", "train speed 80 mph"])
    assert result.exit_code == 0, result.output
    g = json.loads(result.stdout)
    assert any("80 mph" in c["quote"] for c in g["claims"])
    cands = g["candidates"]
    assert "80 mph" in cands[0]["quote"] and cands[0]["group_id"] == g["id"] and len(cands) >= 2
    assert [c["score"] for c in cands] == sorted((c["score"] for c in cands), reverse=True)
    assert len({c["group_id"] for c in cands}) == len(cands)
    table = runner.invoke(app, ["compare", "--db", str(db_path), "train speed 80 mph"], env={"COLUMNS": "200"})
    assert "best matches" in table.stdout and "council" in table.stdout

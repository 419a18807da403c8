"""Stories: claims of sources that tell two different stories are never compared. Every name
and sentence here is invented for these tests; the last test mixes gold corpora of tests/data."""

import json
import shutil

import pytest
from conftest import DATA
from test_compare import build, group_with, groups_of

from kcheck.compare import stories
from kcheck.compare.stories import apart


def test_sources_naming_the_same_things_tell_one_story():
    found = stories.stories(
        {
            "a1": {"E:ardley", "E:norvale textiles", "E:petra lind"},
            "a2": {"E:ardley", "E:norvale textiles", "E:lind"},
            "a3": {"E:ardley", "E:petra lind", "E:lind"},
            "b1": {"E:belmont", "E:omar vance", "E:belmont transit"},
            "b2": {"E:belmont", "E:vance", "E:belmont transit"},
        }
    )
    assert found["a1"] == found["a2"] == found["a3"]
    assert found["b1"] == found["b2"] != found["a1"]


def test_one_stray_shared_name_does_not_join_two_stories():
    # a reused outlet name or a capital in one article of each story
    found = stories.stories(
        {
            "a1": {"E:ardley", "E:norvale textiles", "E:petra lind", "E:the courier"},
            "a2": {"E:ardley", "E:norvale textiles", "E:petra lind"},
            "b1": {"E:belmont", "E:omar vance", "E:belmont transit", "E:the courier"},
            "b2": {"E:belmont", "E:omar vance", "E:belmont transit"},
        }
    )
    assert found["a1"] == found["a2"] != found["b1"] == found["b2"]


def test_a_source_that_shares_no_name_is_compared_with_every_source():
    names = {
        "a1": {"E:ardley", "E:norvale textiles", "E:petra lind"},
        "a2": {"E:ardley", "E:norvale textiles", "E:petra lind"},
        "b1": {"E:belmont", "E:omar vance", "E:belmont transit"},
        "b2": {"E:belmont", "E:omar vance", "E:belmont transit"},
        "lone": {"E:kestrel bay"},
        "bare": set(),
    }
    found = stories.stories(names)
    assert "lone" not in found and "bare" not in found
    assert apart(found, "a1", "b1")
    assert not apart(found, "lone", "a1") and not apart(found, "bare", "b2") and not apart(found, "a1", "a2")


def test_a_name_too_many_sources_hold_tells_no_story_apart(monkeypatch):
    monkeypatch.setattr(stories, "COMMON_NAME", 3)
    # four sources share only a name as common as a country: no story is found
    found = stories.stories({f"s{i}": {"E:norland", f"E:town {i}"} for i in range(4)})
    assert found == {}
    # three sharing it, under the limit, are one story
    assert len(set(stories.stories({f"s{i}": {"E:norland"} for i in range(3)}).values())) == 1


TWO_STORIES = {
    "fire_wire": "A fire swept through the Norvale Textiles mill in Ardley on Monday. Twelve people were hurt, "
    "fire chief Petra Lind said. The mill employs 300 workers.",
    "fire_local": "Firefighters spent the night at the Norvale Textiles mill in Ardley after the blaze on Monday. "
    "Fourteen people were hurt, according to Petra Lind, the fire chief.",
    "tram_wire": "Two trams collided near Belmont Central station on Friday. Nine people were hurt, Belmont "
    "Transit said. Omar Vance, a spokesman for Belmont Transit, said the line would reopen on Sunday.",
    "tram_local": "A tram collision near Belmont Central station left nine people hurt on Friday, Belmont Transit "
    "spokesman Omar Vance said. The line will reopen on Sunday.",
}


@pytest.mark.slow
def test_two_stories_in_one_database_are_not_compared(tmp_path):
    groups = groups_of(build(tmp_path, TWO_STORIES))
    # within a story the counts are still compared
    assert group_with(groups, "Twelve people", "Fourteen people").verdict == "conflict"
    # across stories they are not, however alike the sentences
    for g in groups:
        told = {c.source.split("_")[0] for c in g.claims}
        assert len(told) == 1, [c.quote for c in g.claims]
    assert group_with(groups, "Nine people", "nine people").verdict == "agree"


@pytest.mark.slow
def test_sources_lists_each_sources_story_by_the_names_it_shares(tmp_path, runner):
    from kcheck.cli import app

    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in TWO_STORIES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    db = str(tmp_path / "k.db")
    assert runner.invoke(app, ["ingest", "--quiet", "--db", db, str(folder)]).exit_code == 0
    result = runner.invoke(app, ["sources", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["fire_wire"]["story"] == rows["fire_local"]["story"] != rows["tram_wire"]["story"]
    assert rows["tram_wire"]["story"] == rows["tram_local"]["story"] is not None
    # a surname beside the full name adds nothing
    assert set(rows["fire_wire"]["story_names"]) == {"norvale textiles", "petra lind", "ardley"}
    assert "omar vance" in rows["tram_local"]["story_names"] and "vance" not in rows["tram_local"]["story_names"]
    table = runner.invoke(app, ["sources", "--db", db]).stdout
    assert f"{rows['tram_wire']['story']}: omar vance" in table
    # the report says it too, in every format
    report = json.loads(runner.invoke(app, ["report", "--db", db, "--format", "json"]).stdout)
    assert {s["name"]: s["story"] for s in report["sources"]} == {n: r["story"] for n, r in rows.items()}
    page = runner.invoke(app, ["report", "--db", db, "--format", "markdown"]).stdout
    assert "| story |" in page and f"{rows['fire_wire']['story']}: norvale textiles" in page


@pytest.mark.slow
def test_a_source_added_to_a_large_database_joins_the_story_it_tells(tmp_path, monkeypatch):
    from kcheck import grouping
    from kcheck.db import ClaimStore, open_db
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    monkeypatch.setattr(grouping, "INCREMENTAL_MIN", 0)
    monkeypatch.setattr(grouping, "INCREMENTAL_SHARE", 1.0)
    taken = []
    real = grouping._regroup_touched
    monkeypatch.setattr(grouping, "_regroup_touched", lambda *a: taken.append(a[1]) or real(*a))
    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in TWO_STORIES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    store = ClaimStore(open_db(tmp_path / "k.db"))
    ingest([str(p) for p in sorted(folder.iterdir()) if p.stem != "fire_local"], store, model=DEFAULT_MODEL)
    grouping.ensure_groups(store)
    ingest([str(folder / "fire_local.txt")], store, model=DEFAULT_MODEL)
    grouping.ensure_groups(store)
    assert len(taken) == 1  # the addition was regrouped incrementally
    story = {r["name"]: r["story"] for r in store.sources()}
    assert story["fire_local"] == story["fire_wire"] != story["tram_wire"]
    grouping.regroup(store, full=True)
    again = {r["name"]: r["story"] for r in store.sources()}
    assert (again["fire_local"] == again["fire_wire"]) and (again["tram_wire"] == again["tram_local"])


MIXED = ("avalanche", "bridge", "bus", "cable", "stadium")  # accidents: tolls, injuries, rescues


@pytest.mark.slow
def test_gold_corpora_ingested_together_are_kept_apart(tmp_path):
    """Five corpora about five accidents in one database: every group holds one corpus."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for corpus in MIXED:
        for path in sorted((DATA / corpus).iterdir()):
            shutil.copyfile(path, folder / f"{corpus}__{path.name}")
    from kcheck.db import ClaimStore, open_db
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    store = ClaimStore(open_db(tmp_path / "mixed.db"))
    ingest([str(folder)], store, model=DEFAULT_MODEL)
    mixed = [
        [c.quote for c in g.claims] for g in groups_of(store) if len({c.source.split("__")[0] for c in g.claims}) > 1
    ]
    assert mixed == []

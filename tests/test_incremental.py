"""Adding sources to a grouped database regroups only what the new claims touch, with the
same result as regrouping everything."""

import pytest
from conftest import ROOT

from kcheck import grouping as report
from kcheck.db import ClaimStore, open_db
from kcheck.ingest import ingest
from kcheck.nlp import DEFAULT_MODEL

pytestmark = pytest.mark.slow  # spaCy and the CLI end to end

SEEDS = sorted(str(p) for p in (ROOT / "seeds").iterdir())


def grouped(store):
    return [(g["id"], g["verdict"], g["explanation"], [c["id"] for c in g["claims"]]) for g in store.groups()]


def joined_counts(store):
    """Each source's claims per verdict by joining claims to their groups, as `stats` counted
    before the memberships kept their claim's source and their group's verdict."""
    return {
        (r[0], r[1]): r[2]
        for r in store.db.execute(
            "select c.source_id, g.verdict, count(*) from claims c join group_claims gc on gc.claim_id = c.id "
            "join groups g on g.id = gc.group_id where c.boilerplate = 0 group by c.source_id, g.verdict"
        )
    }


def kept_counts(store):
    return {
        (sid, v): n[v] for sid, n in store._source_counts().items() for v in ("agree", "conflict", "single") if n[v]
    }


@pytest.mark.parametrize("last", range(5))
def test_adding_a_source_regroups_incrementally_with_the_full_result(tmp_path, monkeypatch, last):
    monkeypatch.setattr(report, "INCREMENTAL_MIN", 0)
    monkeypatch.setattr(report, "INCREMENTAL_SHARE", 1.0)
    taken = []
    real = report._regroup_touched
    monkeypatch.setattr(report, "_regroup_touched", lambda *a: taken.append(a[1]) or real(*a))
    kept: list[tuple[int, int]] = []  # (groups regrouped, of which stored as they were)
    real_kept = ClaimStore.groups_stored_as
    monkeypatch.setattr(
        ClaimStore,
        "groups_stored_as",
        lambda self, rows: kept.append((len(rows), len(same := real_kept(self, rows)))) or same,
    )
    store = ClaimStore(open_db(tmp_path / "k.db"))
    ingest([s for i, s in enumerate(SEEDS) if i != last], store, model=DEFAULT_MODEL)
    report.ensure_groups(store)
    assert taken == []  # the first grouping is a full one
    ingest([SEEDS[last]], store, model=DEFAULT_MODEL)
    report.ensure_groups(store)
    assert len(taken) == 1 and len(taken[0]) == 1
    assert len(kept) == 1 and 0 < kept[0][1] < kept[0][0]  # the groups that did not change were not rewritten
    incremental = grouped(store)
    placed = {r["name"]: r["story"] for r in store.sources()}
    assert kept_counts(store) == joined_counts(store)  # the groups regrouped kept the counts true
    new = {
        r[0]
        for r in store.db.execute(
            "select c.id from claims c join sources s on s.id = c.source_id where s.path = ? and c.boilerplate = 0",
            [SEEDS[last]],
        )
    }
    indexed = {r[0] for r in store.db.execute("select distinct claim_id from claim_keys")}
    assert new and len(new & indexed) >= 0.9 * len(new)  # the new claims joined the comparison index
    report.regroup(store, full=True)
    assert incremental == grouped(store)
    assert placed == {r["name"]: r["story"] for r in store.sources()}  # the new source joined the seeds' story
    assert kept_counts(store) == joined_counts(store)
    ids = [c for g in incremental for c in g[3]]
    assert len(ids) == len(set(ids)) == store.claim_count()


def test_a_replaced_source_means_a_full_regrouping(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "INCREMENTAL_MIN", 0)
    monkeypatch.setattr(report, "INCREMENTAL_SHARE", 1.0)
    store = ClaimStore(open_db(tmp_path / "k.db"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The earthquake killed at least 120 people in Hatay province.", encoding="utf-8")
    b.write_text("The earthquake killed 45 people in Hatay province.", encoding="utf-8")
    ingest([str(a), str(b)], store, model=DEFAULT_MODEL)
    report.ensure_groups(store)
    assert report._added_sources(store) is None  # nothing added since
    b.write_text("The earthquake killed 120 people in Hatay province.", encoding="utf-8")
    ingest([str(b)], store, model=DEFAULT_MODEL)
    assert report._added_sources(store) is None  # replaced, not added
    report.ensure_groups(store)
    assert [g["verdict"] for g in store.groups()] == ["agree"]


def test_small_databases_are_always_regrouped_in_full(tmp_path):
    store = ClaimStore(open_db(tmp_path / "k.db"))
    ingest(SEEDS[:4], store, model=DEFAULT_MODEL)
    report.ensure_groups(store)
    ingest(SEEDS[4:], store, model=DEFAULT_MODEL)
    assert report._added_sources(store)  # an addition, but 225 claims are far below INCREMENTAL_MIN
    calls = []
    real = report._regroup_touched
    report._regroup_touched = lambda *a: calls.append(1) or real(*a)
    try:
        report.ensure_groups(store)
    finally:
        report._regroup_touched = real
    assert calls == []

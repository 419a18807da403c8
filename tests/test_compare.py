"""Comparison on small corpora written for these tests (an earthquake, an election, a court
ruling, an avalanche, sport, business...), including near-misses that must not be conflicts.
Every sentence is invented for its test, about other subjects than seeds/ and tests/data/; one
test groups the seeds' database as a whole (every claim in exactly one group)."""

from dataclasses import replace

import pytest

from kcheck.compare import find_conflicts, group_claims
from kcheck.db import ClaimStore, open_db
from kcheck.ingest import ingest
from kcheck.nlp import DEFAULT_MODEL

pytestmark = pytest.mark.slow  # every test here parses with spaCy


def build(tmp_path, docs: dict[str, str]) -> ClaimStore:
    store = ClaimStore(open_db(None))
    for name, text in docs.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    ingest([str(tmp_path)], store, model=DEFAULT_MODEL)
    return store


def groups_of(store):
    return group_claims(list(store.frames_for_grouping()), store.sources_for_comparison(), vectors=store.vectors())


def number_clashes(store):
    """The values of every number conflict in the store's groups, each pair as a set."""
    return [set(c.values) for g in groups_of(store) for c in g.conflicts if c.slot == "number"]


def group_with(groups, *fragments):
    for g in groups:
        quotes = " | ".join(c.quote for c in g.claims)
        if all(f in quotes for f in fragments):
            return g
    raise AssertionError(
        f"no group holds {fragments}: {[[c.quote for c in g.claims] for g in groups if len(g.claims) > 1]}"
    )


def claim_with(store, fragment):
    """The shortest claim whose quote holds `fragment`."""
    return min((f for f in store.frames_for_grouping() if fragment in f.quote), key=lambda f: len(f.quote))


def clash(store, a: str, b: str) -> list[str]:
    """The slots of the conflicts between the shortest claims holding the fragments."""
    found, _ = find_conflicts(claim_with(store, a), claim_with(store, b), None, None)
    return [c.slot for c in found]


def pair_signals(store, a: str, b: str) -> dict[str, float]:
    """What the pair scorer knows of the two claims holding the fragments, with its probability
    under the shipped weights ("p") and whether blocking makes them candidates ("candidate")."""
    from kcheck.compare.cluster import _candidates, _prepare, pair_features
    from kcheck.compare.pairs import FEATURES
    from kcheck.compare.scorer import shipped

    frames = list(store.frames_for_grouping())
    fa, fb = claim_with(store, a), claim_with(store, b)
    nodes, index = _prepare(frames, None, store.vectors())
    pos = {n.id: k for k, n in enumerate(nodes)}
    i, j = sorted((pos[fa.id], pos[fb.id]))
    cands = dict(_candidates(nodes, index)).get(i, {})
    values = pair_features(nodes[i], nodes[j], cands.get(j, False), index)
    out = dict(zip(FEATURES, values))
    out["p"] = shipped().probability(values)
    out["candidate"] = float(j in cands)
    return out


def dated(day: str, body: str) -> str:
    return f"---\ndate: {day}\n---\n{body}\n"


def test_number_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": dated("2023-02-07", "The earthquake killed at least 120 people in Hatay province."),
            "local": dated("2023-02-07", "The earthquake killed 45 people in Hatay province."),
        },
    )
    g = group_with(groups_of(store), "at least 120", "45 people")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"
    assert set(g.conflicts[0].values) == {"at least 120", "45"}
    assert "at least 120" in g.explanation and "45 people" in g.explanation


@pytest.mark.parametrize(
    "a, b",
    [
        ("about 80 people", "82 people"),  # rounding
        ("more than 100 people", "120 people"),  # a lower bound that holds
        ("nearly 90 people", "88 people"),
    ],
)
def test_number_near_misses_agree(tmp_path, a, b):
    store = build(
        tmp_path,
        {
            "wire": f"The earthquake killed {a} in Hatay province.",
            "local": f"The earthquake killed {b} in Hatay province.",
        },
    )
    g = group_with(groups_of(store), a, b)
    assert g.verdict == "agree", g.explanation


def test_date_conflict_and_precision(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The parliamentary election was held on 4 March 2024 across the country.",
            "b": "The parliamentary election was held on 11 March 2024 across the country.",
            "c": "The parliamentary election was held in March 2024 across the country.",
        },
    )
    groups = groups_of(store)
    g = group_with(groups, "4 March", "11 March")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date"
    # "in March 2024" holds both days: it does not conflict with either
    assert all(c.values != ("in March 2024", "4 March 2024") for c in g.conflicts)
    assert all("March 2024" != v for c in g.conflicts for v in c.values)


def test_opening_date_vs_closing_date_is_not_a_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Polling stations opened on 4 March 2024 in the capital.",
            "b": "Polling stations closed on 5 March 2024 in the capital.",
        },
    )
    for g in groups_of(store):
        assert g.verdict != "conflict"


def test_relative_date_without_a_credible_publication_date_is_not_anchored(tmp_path):
    store = build(
        tmp_path,
        {
            "undated": "The court suspended the mayor on Tuesday, judges said.",
            "dated": dated("2024-06-14", "The court suspended the mayor on 11 June 2024, judges said."),
        },
    )
    g = group_with(groups_of(store), "on Tuesday", "11 June")
    assert g.verdict != "conflict"
    assert any("could not be anchored" in n for n in g.notes)


def test_relative_date_anchored_to_a_credible_publication_date(tmp_path):
    store = build(
        tmp_path,
        {
            "friday": dated("2024-06-14", "The court suspended the mayor on Tuesday, judges said."),  # 11 June
            "other": dated("2024-06-14", "The court suspended the mayor on 4 June 2024, judges said."),
        },
    )
    g = group_with(groups_of(store), "on Tuesday", "4 June")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date"


def test_negation_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The constitutional court upheld the ban on the opposition rally.",
            "b": "The constitutional court did not uphold the ban on the opposition rally.",
        },
    )
    g = group_with(groups_of(store), "upheld the ban", "did not uphold")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_failed_attempt_conflicts_with_success(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Norwegian diplomats brokered a truce between the rebels and the army in 2019.",
            "b": "Norwegian diplomats attempted to broker a truce between the rebels and the army in 2019, but the talks failed.",
        },
    )
    g = group_with(groups_of(store), "brokered a truce", "attempted to broker")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_paraphrase_with_a_negative_word_is_not_a_negation_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The flood destroyed no fewer than 300 homes along the river.",
            "b": "The flood destroyed 310 homes along the river.",
        },
    )
    g = group_with(groups_of(store), "300 homes", "310 homes")
    assert g.verdict == "agree", g.explanation


def test_actor_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Maria Silva won the presidential election in Brazil.",
            "b": "Jorge Costa won the presidential election in Brazil.",
        },
    )
    g = group_with(groups_of(store), "Maria Silva", "Jorge Costa")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "actor"


def test_role_conflict_and_its_near_misses(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Anna Berg, the spokeswoman of the Supreme Court, announced the ruling.",
            "b": "Anna Berg, a judge of the Supreme Court, announced the ruling.",
            "c": "Anna Berg, a professor at Lund University, announced the ruling.",
            "d": "Anna Berg, a Supreme Court spokeswoman, announced the ruling.",
        },
    )
    appos = {c.source: c for c in store.frames_for_grouping() if c.kind == "appos"}
    found, _ = find_conflicts(appos["a"], appos["b"], None, None)
    assert [(c.slot, c.detail) for c in found] == [("role", "Anna Berg: different titles")]
    # two titles at two bodies could both hold, but the checker must settle which one the
    # story means: a conflict that says so
    found, _ = find_conflicts(appos["a"], appos["c"], None, None)
    assert [c.slot for c in found] == ["role"] and "different bodies" in found[0].detail
    assert find_conflicts(appos["a"], appos["d"], None, None)[0] == []  # one title, worded twice


def test_two_descriptions_of_a_place_are_not_a_role_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Bergen, a city in western Norway, hosts the festival.",
            "b": "Bergen, the second-largest town in Norway, hosts the festival.",
        },
    )
    appos = {c.source: c for c in store.frames_for_grouping() if c.kind == "appos"}
    assert set(appos) == {"a", "b"}
    assert find_conflicts(appos["a"], appos["b"], None, None)[0] == []


def test_counts_of_the_dead_meet_whatever_the_verb(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "At least 17 people were killed when an avalanche buried a ski resort in the Tatra mountains on Tuesday.",
            "daily": "Seventeen skiers died after the avalanche hit the resort on Tuesday morning.",
            "herald": "The death toll from Tuesday's avalanche stands at 17, the mountain rescue service said.",
        },
    )
    g = group_with(groups_of(store), "At least 17 people", "Seventeen skiers died", "death toll")
    assert g.verdict == "agree" and g.n_sources == 3


def test_a_different_count_of_the_dead_is_a_number_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "At least 17 people were killed when an avalanche buried a ski resort in the Tatra mountains on Tuesday.",
            "daily": "Nine skiers died after the avalanche hit the resort on Tuesday morning.",
        },
    )
    g = group_with(groups_of(store), "At least 17 people", "Nine skiers")  # "at least 17" admits twenty, not nine
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


def test_passengers_on_board_are_not_the_dead(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "The cable car was carrying 30 skiers when it fell on Tuesday.",
            "daily": "Seventeen skiers died after the cable car crashed on Tuesday morning.",
        },
    )
    assert all(g.verdict != "conflict" for g in groups_of(store))


def test_units_written_two_ways_are_one_measure(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "The glider came down about three kilometres from Sutton airfield.",
            "daily": "The glider crashed about 8 km from Sutton airfield.",
        },
    )
    g = group_with(groups_of(store), "three kilometres", "8 km")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


def test_since_dates_of_one_persons_office_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "agency": "Prime Minister Anna Novak, who has led the country since 2016, claimed victory.",
            "daily": "Anna Novak, the prime minister since 2018, claimed victory.",
        },
    )
    g = group_with(groups_of(store), "since 2016", "since 2018")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date"


def test_since_dates_of_two_people_do_not_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "agency": "Anna Novak, the prime minister since 2016, claimed victory.",
            "daily": "Piotr Lis, the prime minister since 2018, conceded.",
        },
    )
    # two people named prime minister is an actor conflict; their start dates are not compared
    slots = {c.slot for g in groups_of(store) for c in g.conflicts}
    assert slots == {"actor"}


def test_duration_against_a_start_date(tmp_path):
    store = build(
        tmp_path,
        {
            "old": dated("2024-05-29", "Farmers revived a twenty-year-old dispute over the river water."),
            "new": "The dispute over the river water began in June 2021.",
        },
    )
    cs = {c.source: c for c in store.frames_for_grouping()}
    pub = {s["name"]: s["published"] for s in store.sources()}
    found, _ = find_conflicts(cs["old"], cs["new"], pub["old"], pub.get("new"), need_alignment=False)
    assert [c.slot for c in found] == ["date"] and "2004" in found[0].detail
    found, notes = find_conflicts(cs["old"], cs["new"], None, None, need_alignment=False)
    assert found == [] and any("could not be anchored" in n for n in notes)


def test_single_attestation_and_same_source_repetition(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The dam burst near Derna on Sunday night. The dam burst near Derna on Sunday night, officials repeated.",
            "b": "Rescue teams reached the coastal town of Tobruk.",
        },
    )
    for g in groups_of(store):
        assert g.verdict == "single"  # one source saying it twice corroborates nothing
        assert g.n_sources == 1


def test_copied_source_is_not_independent(tmp_path):
    shared = (
        "Heavy rain caused the river Elbe to burst its banks in Dresden on Sunday, flooding the old town "
        "and forcing the evacuation of residents from low-lying streets near the cathedral square."
    )
    store = build(
        tmp_path,
        {
            "original": dated("2024-01-02", shared),
            "copy": dated(
                "2024-01-03", shared + " Photographs showed water reaching the first floor of several houses."
            ),
        },
    )
    groups = groups_of(store)
    g = group_with(groups, "burst its banks")
    assert g.n_sources == 2 and g.n_independent == 1
    assert g.verdict == "single" and "1 independent" in g.explanation
    assert any("copy appears to copy original" in n for n in g.notes)


def test_every_claim_in_exactly_one_group(seeded_db):
    store = ClaimStore(open_db(seeded_db))
    groups = groups_of(store)
    ids = [c.id for g in groups for c in g.claims]
    assert sorted(ids) == sorted(c["id"] for c in store.claims())
    order = [g.verdict for g in groups]
    assert order == sorted(order, key={"conflict": 0, "single": 1, "agree": 2}.get)


def test_a_definite_reference_is_not_a_count(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Six countries signed the trade pact in Geneva on Friday.",
            "b": "The two countries signed the trade pact in Geneva on Friday.",
        },
    )
    b = next(c for c in store.frames_for_grouping() if c.source == "b")
    assert b.quantities == ()  # "the two countries" points back; it counts nothing
    assert all(g.verdict != "conflict" for g in groups_of(store))


def test_number_conflict_whatever_the_word_order(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "A magnitude 7.8 earthquake struck southern Turkey on Monday.",
            "blog": "A 6.8 magnitude earthquake struck southern Turkey on Monday.",
        },
    )
    g = group_with(groups_of(store), "7.8", "6.8")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


def test_negation_when_the_argument_moves_to_the_subject(tmp_path):
    store = build(
        tmp_path,
        {
            "blog": "The earthquake did not damage the old castle in Gaziantep.",
            "local": "The old castle in Gaziantep was badly damaged by the earthquake.",
        },
    )
    g = group_with(groups_of(store), "did not damage", "badly damaged")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_different_counted_things_are_not_compared(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The government declared seven days of national mourning after the earthquake.",
            "b": "The government declared seven provinces disaster zones after the earthquake.",
        },
    )
    found, _ = find_conflicts(
        claim_with(store, "seven days"), claim_with(store, "seven provinces"), None, None, need_alignment=False
    )
    assert [c.slot for c in found if c.slot == "number"] == []


def test_percentages_of_the_same_measure_conflict_whatever_the_verb(tmp_path):
    store = build(
        tmp_path,
        {
            "agency": "Voters went to the polls on Sunday, and turnout reached 61 percent, the commission said.",
            "daily": "Turnout in Sunday's election was 58%, the lowest since independence.",
        },
    )
    g = group_with(groups_of(store), "61 percent", "58%")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


def test_two_parties_shares_are_not_one_figure(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The Unity Party won 48 percent of the vote in the election.",
            "b": "The Green Alliance won 31 percent of the vote in the election.",
        },
    )
    assert all(g.verdict != "conflict" for g in groups_of(store))


def test_contrary_rulings_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "herald": "The Supreme Court struck down the city's ban on street protests on Tuesday.",
            "gazette": "The Supreme Court upheld the city's ban on street protests on Tuesday.",
        },
    )
    g = group_with(groups_of(store), "struck down", "upheld")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"
    assert "contrary" in g.conflicts[0].detail


def test_titles_of_one_person_meet_and_clash(tmp_path):
    store = build(
        tmp_path,
        {
            "herald": "Judge Maria Keller, the president of the Supreme Court, wrote the majority opinion.",
            "gazette": "Maria Keller, a spokeswoman for the Supreme Court, announced the decision to reporters.",
        },
    )
    g = group_with(groups_of(store), "the president of the Supreme Court", "a spokeswoman for the Supreme Court")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "role"


def test_a_nationality_adjective_does_not_make_another_subject(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Turkish President Recep Tayyip Erdogan declared seven days of national mourning.",
            "local": "President Recep Tayyip Erdogan declared three days of national mourning.",
        },
    )
    g = group_with(groups_of(store), "seven days", "three days")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


def test_a_group_counted_two_ways_is_one_count(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The plane carried 77 passengers and seven crew members when it crashed near Lyon.",
            "b": "The aircraft had a crew of five, the airline said. There were 77 passengers on the flight.",
        },
    )
    # one count of the crew, told two ways: the same figure, and the values clash
    assert pair_signals(store, "seven crew members", "a crew of five")["figure_same"] == 1.0
    found, _ = find_conflicts(claim_with(store, "seven crew members"), claim_with(store, "a crew of five"), None, None)
    assert [c.slot for c in found] == ["number"]
    assert (
        group_with(groups_of(store), "The plane carried 77 passengers", "There were 77 passengers").verdict == "agree"
    )


def test_people_on_board_are_not_the_people_who_died(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "There were 30 skiers on board the cable car on Tuesday.",
            "b": "Seventeen skiers died when the cable car fell on Tuesday.",
            "c": "About 300 people were at the valley station on Tuesday.",
        },
    )
    assert all(g.verdict != "conflict" for g in groups_of(store))


@pytest.mark.parametrize(
    "portfolio",
    [
        "Health",
        "Interior",  # the tagger reads "Interior" before "Minister Lena Vos" as an organization
    ],
)
def test_one_title_word_two_portfolios_is_a_role_conflict(tmp_path, portfolio):
    store = build(
        tmp_path,
        {
            "agency": f"{portfolio} Minister Lena Vos said the stolen painting had been recovered.",
            "blog": "Lena Vos, the culture minister, said the painting was found on Monday.",
            "paper": f"Lena Vos, the {portfolio.lower()} minister, visited the museum.",
        },
    )
    g = group_with(groups_of(store), f"{portfolio} Minister Lena Vos", "the culture minister")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "role"
    cs = {c.source: c for c in store.frames_for_grouping() if c.kind in {"title", "appos"}}
    assert find_conflicts(cs["agency"], cs["paper"], None, None)[0] == []  # the same portfolio


def test_speeds_are_compared_across_units(tmp_path):
    store = build(
        tmp_path,
        {
            "agency": "The cyclist was travelling at 70 km/h on a descent near Annecy.",
            "paper": "Race officials said the cyclist was going at 70 kilometres per hour near Annecy.",
            "blog": "The cyclist had been travelling at 44 miles an hour near Annecy.",
        },
    )
    # 44 mph is about 71 km/h: one reading, whatever the words
    g = group_with(groups_of(store), "70 km/h", "70 kilometres per hour", "44 miles an hour")
    assert g.verdict == "agree"


def test_a_speed_in_other_units_can_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "agency": "The cyclist was travelling at 70 km/h on a descent near Annecy.",
            "radio": "The cyclist was travelling at 30 mph near Annecy, the team said.",
        },
    )
    g = group_with(groups_of(store), "70 km/h", "30 mph")  # 30 mph is about 48 km/h
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number" and "converted" in g.conflicts[0].detail


def test_stored_groups_equal_grouping_in_memory(tmp_path):
    """A full regrouping streams the claims and loads each group's claims again to judge it;
    the stored groups must be those of grouping every claim in memory."""
    from kcheck.report import regroup

    store = build(
        tmp_path,
        {
            "wire": dated(
                "2023-02-07",
                "The earthquake killed at least 120 people in Hatay province. "
                "Rescuers pulled 40 survivors from the rubble on Tuesday.",
            ),
            "local": dated(
                "2023-02-07",
                "The earthquake killed 45 people in Hatay province. Forty survivors were pulled from the rubble.",
            ),
            "blog": dated("2023-02-08", "The governor said the earthquake killed 45 people in Hatay."),
        },
    )
    expected = {(g.id, g.verdict, g.explanation) for g in groups_of(store)}
    assert regroup(store, full=True) == len(expected)
    stored = {(g["id"], g["verdict"], g["explanation"]) for g in store.groups()}
    assert stored == expected
    assert any(v == "conflict" for _, v, _ in stored)


def test_a_count_named_by_what_happened_meets_the_verb(tmp_path):
    # "survivors" are people who survived: the counted noun carries the event
    store = build(
        tmp_path,
        {
            "wire": "Divers brought 14 survivors to the surface of the flooded mine by Sunday.",
            "daily": "Fewer than 20 miners survived the flooding of the mine.",
        },
    )
    g = group_with(groups_of(store), "14 survivors", "Fewer than 20 miners")
    assert g.verdict == "agree", g.explanation


def test_a_different_count_of_survivors_is_a_number_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Divers brought 14 survivors to the surface of the flooded mine by Sunday.",
            "daily": "Nine miners survived the flooding of the mine, the company said.",
        },
    )
    g = group_with(groups_of(store), "14 survivors", "Nine miners")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "number"


TWO_CLAIMS = (
    "in a two-claim corpus every shared word is rare; what two figures hang on is weighed by the scorer"
    " (figures_apart, counts_apart), no longer a definition: as one it cost .03 pair recall and .03 pair"
    " precision leave-one-out (test_counts_in_articles_meet_by_what_they_count shows them in articles)"
)


@pytest.mark.xfail(reason=TWO_CLAIMS, strict=True)
def test_people_on_board_are_not_survivors(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Guides brought 23 survivors down from the glacier by Monday evening.",
            "daily": "The cable car was carrying 23 skiers from the glacier station.",
        },
    )
    assert all(len({c.source for c in g.claims}) == 1 for g in groups_of(store))


def test_workers_who_struck_are_not_workers_who_died(tmp_path):
    # both count workers, but something different happened to each count
    store = build(
        tmp_path,
        {
            "wire": "About 300 workers went on strike at the steel plant on Monday.",
            "daily": "Two workers died in a fire at the steel plant on Monday.",
        },
    )
    assert all(g.verdict != "conflict" for g in groups_of(store))


def test_one_reading_meets_across_related_words(tmp_path):
    # no word in common, but the same distance in the same unit and related verbs
    store = build(
        tmp_path,
        {
            "wire": "The freighter overturned about 12 kilometres from the harbour.",
            "daily": "The cargo ship sank 12 km off the coast.",
        },
    )
    g = group_with(groups_of(store), "12 kilometres", "12 km")
    assert g.verdict == "agree", g.explanation


@pytest.mark.xfail(reason=TWO_CLAIMS, strict=True)
def test_one_figure_in_unrelated_claims_is_not_one_reading(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "The freighter overturned about 12 kilometres from the harbour.",
            "daily": "The new toll road will be 12 km long when it opens.",
        },
    )
    assert all(len({c.source for c in g.claims}) == 1 for g in groups_of(store))


def test_failed_attempt_conflicts_with_success_told_with_another_verb(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Norwegian diplomats mediated a truce between the rebels and the army in 2019.",
            "b": "Norwegian diplomats attempted to broker a truce between the rebels and the army in 2019, but the talks failed.",
        },
    )
    g = group_with(groups_of(store), "mediated a truce", "attempted to broker")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_two_verbs_of_one_sense_without_a_failure_agree(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Norwegian diplomats mediated a truce between the rebels and the army in 2019.",
            "b": "In 2019 diplomats from Norway brokered a truce between the army and the rebels.",
        },
    )
    g = group_with(groups_of(store), "mediated a truce", "brokered a truce")
    assert g.verdict == "agree", g.explanation


def test_an_events_age_meets_its_start_date_whatever_the_words(tmp_path):
    store = build(
        tmp_path,
        {
            "old": dated("2024-05-29", "Ethiopia revived a forty-year-old dispute with Eritrea."),
            "new": "The conflict between Ethiopia and Eritrea began in May 2018.",
        },
    )
    g = group_with(groups_of(store), "forty-year-old dispute", "began in May 2018")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date"
    assert "1984" in g.conflicts[0].detail and "2018" in g.explanation


def test_an_age_that_fits_the_start_date_agrees(tmp_path):
    store = build(
        tmp_path,
        {
            "old": dated("2024-05-29", "Ethiopia revived a forty-year-old dispute with Eritrea."),
            "new": "The conflict between Ethiopia and Eritrea began in 1985.",
        },
    )
    g = group_with(groups_of(store), "forty-year-old dispute", "began in 1985")
    assert g.verdict == "agree", g.explanation


@pytest.mark.parametrize(
    "other",
    [
        "The marathon between Ethiopia and Eritrea began in May 2018.",  # another kind of event
        "The conflict between Chile and Peru began in May 2018.",  # no party in common
    ],
)
def test_the_start_of_another_event_is_not_compared_with_an_age(tmp_path, other):
    store = build(
        tmp_path,
        {
            "old": dated("2024-05-29", "Ethiopia revived a forty-year-old dispute with Eritrea."),
            "new": other,
        },
    )
    groups = groups_of(store)
    g = group_with(groups, "forty-year-old dispute")
    assert len(g.claims) == 1 and not any(x.verdict == "conflict" for x in groups)


def test_two_spellings_of_one_name_are_not_an_actor_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Dmitry Orlov won the regional election in Tver.",
            "b": "Dmitri Orlov won the regional election in Tver.",
        },
    )
    g = group_with(groups_of(store), "Dmitry Orlov", "Dmitri Orlov")
    assert g.verdict == "agree", g.explanation


@pytest.mark.parametrize(
    "seen",
    [
        pytest.param(
            "is seen",
            marks=pytest.mark.xfail(
                reason="on the edge of the fitted threshold: the pair scores .603 against .62 with the scorer"
                " refitted on 35 corpora (it passed with the scorer fitted on 32)",
                strict=True,
            ),
        ),
        pytest.param(
            "is often seen",  # an adverb without -ly inside the passive
            marks=pytest.mark.xfail(
                reason="on the edge of the fitted threshold: the pair scores .61999 against .62 with the scorer"
                " refitted on 32 corpora (it passed with the scorer fitted on 30, threshold .64)",
                strict=True,
            ),
        ),
    ],
)
def test_one_party_seen_in_one_role_meets_across_words_and_pronouns(tmp_path, seen):
    store = build(
        tmp_path,
        {
            "wire": "For years Finland was perceived as a neutral mediator between the fishing fleets and the canneries.",
            "paper": f"Helsinki trades with everyone involved, and it {seen} as an honest arbitrator in the quarrel.",
            "other": "Denmark has acted as an arbitrator in several trade quarrels in the Baltic.",
        },
    )
    groups = groups_of(store)
    g = group_with(groups, "perceived as a neutral mediator", "seen as an honest arbitrator")
    assert g.verdict == "agree" and len(g.claims) == 2  # Denmark's role is another fact


def test_the_role_after_a_transitive_verb_is_the_objects(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The rebels saw Norway as a neutral mediator in the talks.",
            "b": "Norway has long acted as an arbitrator between the two camps.",
            "c": "The rebels acted as mediators for the prisoners' families.",
        },
    )
    # Norway is given one role in a and b; the rebels' own role in c is another fact
    assert pair_signals(store, "saw Norway as a neutral mediator", "acted as an arbitrator")["roles_meet"] == 1.0
    assert pair_signals(store, "saw Norway as a neutral mediator", "acted as mediators")["roles_meet"] == 0.0


def test_a_capital_and_its_country_are_not_two_actors(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Tokyo brokered the fishing agreement between the two coastal provinces last spring.",
            "b": "Japan brokered the fishing agreement between the two coastal provinces last spring.",
        },
    )
    g = group_with(groups_of(store), "Tokyo brokered", "Japan brokered")
    assert g.verdict != "conflict", g.explanation


def test_a_bare_surname_meets_the_full_name_in_another_source(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Finance Minister Grace Wanjiru ordered an audit of the lottery on Friday.",
            "daily": "Wanjiru, the finance minister, has launched an audit of the lottery.",
        },
    )
    g = group_with(groups_of(store), "ordered an audit", "launched an audit")
    assert g.verdict == "agree", g.explanation


def test_a_negated_complement_against_its_affirmation_about_one_kind_of_thing(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Fans said the stadium was overcrowded with spectators, including hundreds without tickets.",
            "daily": "A club official said the ground was not overcrowded.",
        },
    )
    g = group_with(groups_of(store), "overcrowded with spectators", "not overcrowded")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_an_opening_date_against_years_ago_of_one_line(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": dated("2025-03-14", "The cycle path linking Hoorn to the coast was inaugurated in 2018."),
            "herald": dated(
                "2025-03-15", "The coastal cycle path opened twelve years ago and has been busy ever since."
            ),
        },
    )
    g = group_with(groups_of(store), "inaugurated in 2018", "opened twelve years ago")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date"


def test_a_denial_joins_the_act_ahead_of_looser_matches(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "Health Minister Sofia Castellano ordered an inspection of the dairy.",
            "daily": "Minister Castellano has sent inspectors to the dairy.",
            "herald": "The health minister did not order an inspection, since food safety officers were already examining the dairy.",
        },
    )
    g = group_with(groups_of(store), "ordered an inspection", "did not order an inspection")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation"


def test_a_party_called_one_thing_and_likened_to_a_kind_of_it_meet(tmp_path):
    # "Judas" is, in one of its common senses, a kind of betrayer, which "traitor" means
    store = build(
        tmp_path,
        {
            "wire": "Opposition leaders branded Mayor Hugo Lenz a traitor after the vote on the dam.",
            "daily": "At the rally, the activist Petra Vogel likened Lenz to Judas.",
            "paper": "Mayor Hugo Lenz said the dam would be finished in 2027.",
        },
    )
    assert pair_signals(store, "branded Mayor Hugo Lenz a traitor", "likened Lenz to Judas")["roles_meet"] == 1.0
    assert pair_signals(store, "branded Mayor Hugo Lenz a traitor", "the dam would be finished")["roles_meet"] == 0.0


def test_a_passive_label_is_the_subjects_role(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Critics labelled the coach Rita Moss a traitor.",
            "b": "Rita Moss was branded a Judas by supporters of the club.",
        },
    )
    g = group_with(groups_of(store), "labelled the coach Rita Moss a traitor", "branded a Judas")
    assert g.verdict == "agree", g.explanation


def test_two_kinds_of_one_broad_kind_are_not_one_role(tmp_path):
    # "hero" and "villain" are two of the seven kinds of "character": a shared kind is not enough
    store = build(
        tmp_path,
        {
            "wire": "The villagers hailed Jonas Berg as a hero after the rescue.",
            "daily": "Critics in the capital described Berg as a villain.",
        },
    )
    assert all(len(g.claims) == 1 for g in groups_of(store))


def test_a_title_and_a_claim_that_mentions_it_are_not_one_fact(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Chairman Piet Smit opened the new stadium on Monday.",
            "b": "The fans blame the club, in particular Chairman Piet Smit, whom they have called a liar.",
        },
    )
    for g in groups_of(store):
        kinds = {c.kind for c in g.claims}
        assert not (kinds & {"title", "appos"} and kinds - {"title", "appos"}), [c.quote for c in g.claims]


def test_titles_of_two_people_meet_only_when_the_titles_are_the_same(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Prime Minister Lena Vos visited the new hospital on Monday.",
            "b": "Foreign minister Pedro Ferreira visited the new hospital on Monday.",
            "c": "Prime Minister Carlos Vidal visited the new hospital on Monday.",
        },
    )
    groups = groups_of(store)
    titles = [g for g in groups if any(c.kind == "title" for c in g.claims)]
    assert not any(
        {"Pedro Ferreira"} & {e.text for c in g.claims for e in c.entities} and len(g.claims) > 1 for g in titles
    ), [[c.quote for c in g.claims] for g in titles]
    g = group_with(groups, "Prime Minister Lena Vos", "Prime Minister Carlos Vidal")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "actor"


def test_counts_of_one_kind_of_thing_doing_different_things_are_not_compared(tmp_path):
    # "cranes" are counted, but no act is named by the noun ("to crane" one's neck is another word)
    store = build(
        tmp_path,
        {
            "a": "The city sent two tower cranes to the stadium site.",
            "b": "Some 200 builders and a dozen tower cranes are finishing the roof at the stadium site.",
        },
    )
    assert all(g.verdict != "conflict" for g in groups_of(store)), [g.explanation for g in groups_of(store)]


def test_counts_of_people_that_different_things_happened_to_stay_apart(tmp_path):
    # once a known weakness (two rare-word claims linked by the scorer); the open range against
    # a figure dated to another year now keeps them apart by definition
    store = build(
        tmp_path,
        {
            "a": "At least 2,600 people have been vaccinated.",
            "b": "The outbreak of 2019 killed more than 80 people.",
        },
    )
    assert all(len(g.claims) == 1 for g in groups_of(store))


def test_contrary_descriptions_of_one_thing_conflict(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Runners said the registration was chaotic.",
            "b": "The organisers said the registration had been well organised.",
            "c": "The organisers said the car park was chaotic and the registration was quick.",
        },
    )
    groups = groups_of(store)
    g = group_with(groups, "the registration was chaotic", "well organised")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation", g.explanation
    assert "chaotic" in g.conflicts[0].detail
    assert not any("quick" in " ".join(c.values) for c in g.conflicts)  # quick is no opposite of either
    assert all(len(g.claims) == 1 for g in groups if any("car park" in c.quote for c in g.claims))


def test_an_act_named_by_its_noun_after_a_light_verb_is_that_act(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The museum has not made any purchases at the auction.",
            "b": "The museum purchased two paintings at the auction.",
        },
    )
    g = group_with(groups_of(store), "not made any purchases", "purchased two paintings")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "negation", g.explanation


@pytest.mark.parametrize(
    "place",
    [
        "Kendal",
        pytest.param(
            "Rensdale",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a place name the tagger does not know: 'which began' is hung on Rensdale, not on the storm",
            ),
        ),
    ],
)
def test_the_start_of_an_event_meets_the_start_of_a_kind_of_it(tmp_path, place):
    # a thunderstorm is a storm in WordNet; "broke out" is a way to begin
    store = build(
        tmp_path,
        {
            "wire": dated("2025-08-12", f"A thunderstorm broke out on Sunday over the hills above {place}."),
            "local": dated(
                "2025-08-13", f"The storm around {place}, which began on Saturday evening, is still raging."
            ),
        },
    )
    g = group_with(groups_of(store), "broke out on Sunday", "began on Saturday evening")
    assert g.verdict == "conflict" and g.conflicts[0].slot == "date", g.explanation


def test_one_count_told_with_other_verbs_still_meets(tmp_path):
    store = build(
        tmp_path,
        {
            "wire": "More than 500 volunteers were clearing the litter on the beach near Porthleven.",
            "paper": "Some 500 volunteers and a dozen tractors are collecting the rubbish on the beach near Porthleven.",
        },
    )
    g = group_with(groups_of(store), "More than 500 volunteers", "Some 500 volunteers")
    assert g.verdict == "agree", g.explanation


def test_a_figure_is_judged_in_its_own_claim_not_in_the_clause_holding_it(tmp_path):
    # one clause, two facts: who was questioned and when, and how old he is
    store = build(
        tmp_path,
        {
            "wire": "Police questioned the driver, Tom Reyes, 41, on Friday after the crash.",
            "daily": "Tom Reyes, 44, was questioned by police on Friday after the crash.",
        },
    )
    groups = groups_of(store)
    ages = group_with(groups, "Tom Reyes, 41", "Tom Reyes, 44")
    assert ages.verdict == "conflict" and [c.quote for c in ages.claims] == ["Tom Reyes, 44", "Tom Reyes, 41"]
    assert {c.values for c in ages.conflicts} == {("44", "41")}
    clauses = group_with(groups, "questioned the driver", "was questioned by police")
    assert clauses.verdict == "agree", clauses.explanation


@pytest.mark.parametrize(
    "a, b, verdict",
    [
        # one event named by two common nouns: its start time is one figure
        ("The walkout started at 5:30 a.m. on Thursday.", "The strike started at 8 a.m. on Thursday.", "conflict"),
        # two vehicles are two things: their speeds are two figures
        ("The bus was doing 70 km/h on the bridge.", "The lorry was doing 50 km/h on the bridge.", None),
    ],
)
def test_figures_of_one_event_named_two_ways_are_one_measure(tmp_path, a, b, verdict):
    store = build(tmp_path, {"one": a, "two": b})
    groups = [g for g in groups_of(store) if len({c.source for c in g.claims}) == 2]
    assert (
        all(g.verdict != "conflict" for g in groups)
        if verdict is None
        else any(g.verdict == "conflict" and g.conflicts[0].slot == "number" for g in groups)
    ), [(g.verdict, [c.quote for c in g.claims]) for g in groups]


def test_counts_in_articles_meet_by_what_they_count(tmp_path):
    # two short reports of one pile-up: the dead meet the dead and the hurt the hurt, whatever
    # the verbs, and no count of one is compared with the other
    store = build(
        tmp_path,
        {
            "a": "Motorway pile-up in fog\n\n"
            "Four people were killed in the crash on the motorway near Dalby on Sunday morning.\n"
            "Seventeen people were injured, three of them badly, the fire service said.\n"
            "The collision involved eleven cars and two lorries in thick fog.\n"
            "A police spokesman said the fog had reduced visibility to about 50 metres.\n",
            "b": "Fog blamed for deadly motorway crash\n\n"
            "Four people died after a chain collision on the motorway near Dalby early on Sunday.\n"
            "At least fifteen people were hurt, paramedics said.\n"
            "Eleven cars and two heavy goods vehicles were caught up in the crash.\n"
            "Witnesses described visibility of less than 100 metres.\n",
        },
    )
    groups = groups_of(store)
    assert group_with(groups, "Four people were killed", "Four people died").verdict == "agree"
    assert group_with(groups, "Seventeen people were injured", "fifteen people were hurt").verdict == "agree"
    assert not any(g.verdict == "conflict" for g in groups), [g.explanation for g in groups if g.conflicts]
    for g in groups:
        quotes = " | ".join(c.quote for c in g.claims)
        assert not ("killed" in quotes and "hurt" in quotes), quotes
        assert not ("died" in quotes and "injured" in quotes), quotes


@pytest.mark.parametrize(
    "docs,first,second,apart",
    [
        (
            {
                "wire": "Hail batters Tesk\n\nThe hailstorm smashed 3,400 windows in Tesk on Sunday, the city said.\n"
                "Two roofers were hurt when a gutter gave way.\n",
                "daily": "Glaziers swamped\n\nGlaziers face weeks of work after 3,400 panes were broken across the town.\n"
                "Schools will stay shut for two days.\n",
            },
            "3,400 windows",
            "3,400 panes",
            ("roofers", "two days"),
        ),
        (
            {
                "wire": "Ship loses cargo in gale\n\nThe cargo ship lost 96 containers overboard in the gale on Thursday, "
                "the coastguard said.\nThree tugs stood by through the night.\n",
                "daily": "Boxes wash up on beaches\n\nSome 96 boxes fell into the sea from the vessel during the storm.\n"
                "Three beaches were closed to walkers.\n",
            },
            "96 containers",
            "96 boxes",
            ("tugs", "beaches"),
        ),
    ],
)
def test_one_figure_told_in_other_words_is_one_fact(tmp_path, docs, first, second, apart):
    # no content word in common, only the figure: its value finds the pair and weighs for it;
    # a small number shared by two unrelated facts does not join them
    groups = groups_of(build(tmp_path, docs))
    assert group_with(groups, first, second).verdict == "agree"
    assert not any(all(any(f in c.quote for c in g.claims) for f in apart) for g in groups)


def test_one_count_told_with_two_verbs_is_one_fact(tmp_path):
    # taking part and marching, said of one crowd: once apart by definition, now linked; no
    # rule relates the two verbs, so the figures view shows the counts apart, not agreeing
    from kcheck.grouping import regroup
    from kcheck.report import figures

    store = build(
        tmp_path,
        {
            "a": "Pay march draws crowds\n\n"
            "About 12,000 teachers took part in the pay march in Lindor on Saturday, the police estimated.\n"
            "The march passed off peacefully.\n",
            "b": "Thousands of teachers protest pay offer\n\n"
            "Some 18,000 teachers marched through Lindor on Saturday against the pay offer, the union said.\n"
            "Shops along the route stayed shut.\n",
        },
    )
    g = group_with(groups_of(store), "12,000 teachers took part", "18,000 teachers marched")
    assert len(g.claims) == 2
    regroup(store, full=True)
    (row,) = [r for r in figures(store) if {v["value"] for v in r["values"]} == {"About 12,000", "Some 18,000"}]
    assert row["state"] in {"differ", "disagree"}


def test_a_deputy_and_the_office_above_are_two_titles(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Deputy Mayor Lena Fisk opened the new library on Monday.",
            "b": "Mayor Lena Fisk opened the new library on Monday.",
            "c": "Lena Fisk, the town's vice-mayor, opened the library.",
            "d": "Lena Fisk, the acting mayor, opened the library.",
            "e": "Lena Fisk, the mayor under fire over the budget, opened the library.",
        },
    )
    titles = {c.source: c for c in store.frames_for_grouping() if c.kind in {"title", "appos"}}
    found, _ = find_conflicts(titles["a"], titles["b"], None, None)
    assert [(c.slot, c.detail) for c in found] == [("role", "Lena Fisk: different titles")]
    assert [c.slot for c in find_conflicts(titles["c"], titles["b"], None, None)[0]] == ["role"]
    # near misses: one rank worded twice, and an acting mayor is the mayor for now
    assert find_conflicts(titles["a"], titles["c"], None, None)[0] == []
    assert find_conflicts(titles["d"], titles["b"], None, None)[0] == []
    assert find_conflicts(titles["e"], titles["b"], None, None)[0] == []  # "under" ranks nothing


def test_a_sum_in_another_currency_is_compared_as_money(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "The football club was handed a fine of 20,000 zlotys after fans threw flares onto the pitch.",
            "b": "The football club was given a 200,000 zloty fine after fans threw flares onto the pitch.",
        },
    )
    g = group_with(groups_of(store), "20,000", "200,000")
    assert [(c.slot, set(c.values)) for c in g.conflicts] == [("number", {"20,000", "200,000"})]


def test_a_time_corrected_away_is_not_the_sources_time(tmp_path):
    # the later report gives 9:40 and sets the first report's 10:15 aside: a clash with it
    store = build(
        tmp_path,
        {
            "first": "The ferry left the harbour at 10:15 a.m., the port authority said.",
            "later": "The ferry left the harbour at 9:40 a.m., not at 10:15 a.m. as the port had said.",
        },
    )
    g = group_with(groups_of(store), "harbour at 10:15 a.m.", "at 9:40 a.m.")
    assert g.verdict == "conflict" and [set(c.values) for c in g.conflicts] == [{"10:15 a.m.", "9:40 a.m."}]


def test_people_counted_by_a_phrasal_verb_are_compared(tmp_path):
    # "got out": what happened to them, not only that they were there; "workers" and "miners"
    # then count one group
    store = build(
        tmp_path,
        {
            "a": "It was the worst flooding at the pit since 2009, when five workers got out through a side shaft.",
            "b": "The pit last flooded in 2009, when four miners got out through a side shaft.",
        },
    )
    g = group_with(groups_of(store), "five workers got out", "four miners got out")
    assert [(c.slot, set(c.values)) for c in g.conflicts] == [("number", {"five", "four"})]


def test_running_something_on_a_date_is_not_when_it_began(tmp_path):
    # "was running a late shift when thieves broke in on 3 May" dates the break-in, not the
    # museum's start; its opening year is another fact
    store = build(
        tmp_path,
        {
            "a": "The museum, which opened in 1975, has never been robbed before.",
            "b": "The museum was running a late shift with two guards when thieves broke in on 3 May 2024.",
        },
    )
    a, b = claim_with(store, "which opened in 1975"), claim_with(store, "running a late shift")
    assert find_conflicts(a, b, None, None)[0] == []
    # a start and a start still clash
    (tmp_path / "x").mkdir()
    store = build(
        tmp_path / "x",
        {
            "a": "The walkout at the port began on 3 May 2024, the union said.",
            "b": "The walkout at the port started on 5 May 2024, the union said.",
        },
    )
    a, b = claim_with(store, "began on 3 May 2024"), claim_with(store, "started on 5 May 2024")
    assert [c.slot for c in find_conflicts(a, b, None, None)[0]] == ["date"]


def test_an_open_range_today_is_apart_from_a_figure_of_an_earlier_event(tmp_path):
    # "at least six" holds 14, but a figure dated to another year is another event's, and an
    # open range says nothing that would make the two one event
    from kcheck.compare.rules.number import _compatible

    store = build(
        tmp_path,
        {
            "a": "At least six passengers have died after the ferry capsized off Cape Lorn, police said.",
            "b": "In 2011 a ferry capsized off Cape Lorn, killing 14 people.",
            "c": "The 2011 capsizing off Cape Lorn killed about 14 people.",
        },
    )
    (a, b, c) = (claim_with(store, f).quantities[0] for f in ("At least six", "killing 14", "about 14 people"))
    assert (a.year, b.year, c.year) == (None, 2011, 2011)
    assert not _compatible(a, b)
    assert _compatible(b, c)  # two figures of the earlier event
    # a closed range of today's event that holds the figure may still be the earlier event told again
    today = claim_with(store, "At least six").quantities[0]
    assert _compatible(replace(today, lo=13.0, hi=15.0), b)


def test_two_verbs_for_one_act_date_it_differently(tmp_path):
    # "escaped ... on Monday" / "broke out ... on Tuesday": one act, two days
    store = build(
        tmp_path,
        {
            "a": "The patients escaped from the clinic early on Monday, the police said.",
            "b": "The patients broke out of the clinic early on Tuesday, a nurse said.",
            "c": "The patients were moved from the clinic late on Tuesday, the police said.",
        },
    )
    a, b, c = (claim_with(store, f) for f in ("early on Monday", "early on Tuesday", "late on Tuesday"))
    assert [x.detail for x in find_conflicts(a, b, None, None)[0]] == ["different days of the week"]
    assert find_conflicts(a, c, None, None)[0] == []  # moving them is another act


def test_what_a_title_says_beside_it_is_no_second_title(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Lena Ortiz, 44, a retired bus driver who lived near the depot, said the water rose fast.",
            "b": "Lena Ortiz, a former bus driver whose basement flooded, said the water rose fast.",
            "c": "Lena Ortiz, a retired school driver, said the water rose fast.",
            "d": "The auditors, Baxter Lowe, said the accounts were missing.",
            "e": "Accountancy firm Baxter Lowe said the accounts were missing.",
            "f": "Omar Haddad, a surgeon and one of the hospital's directors, said beds were short.",
            "g": "Director Omar Haddad said beds were short.",
            "h": "Omar Haddad, a surgeon at the hospital, said beds were short.",
        },
    )
    titles = {c.source: c for c in store.frames_for_grouping() if c.kind in {"title", "appos"}}
    # an age, a past-title word and a relative clause name no kind of driver
    assert find_conflicts(titles["a"], titles["b"], None, None)[0] == []
    # near miss: a word before the title that does tell two kinds apart still clashes
    assert [c.slot for c in find_conflicts(titles["b"], titles["c"], None, None)[0]] == ["role"]
    # a firm is no person's title: "auditors" and "firm" are two words for one company
    assert find_conflicts(titles["d"], titles["e"], None, None)[0] == []
    # a person given two titles at once holds each of them
    assert find_conflicts(titles["f"], titles["g"], None, None)[0] == []
    assert [c.slot for c in find_conflicts(titles["h"], titles["g"], None, None)[0]] == ["role"]


def test_a_state_or_a_place_people_are_left_in_says_what_a_count_measures(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Health officials said 64 people had fallen ill after the fair.",
            "b": "So far 95 visitors have got sick, the health board said.",
            "c": "Twelve people were rushed to hospital after the fair.",
            "d": "Fifteen visitors were hospitalised, the board said.",
            "e": "Six visitors remain in hospital, the board said.",
            "f": "The number of injured climbed to 31 on Friday.",
            "g": "Twenty-six spectators were hurt in the crush.",
            "h": "Forty patients were transferred to other hospitals.",
        },
    )

    assert clash(store, "64 people", "95 visitors") == ["number"]  # fell ill / got sick
    assert clash(store, "Twelve people", "Fifteen visitors") == ["number"]  # rushed to hospital / hospitalised
    assert clash(store, "The number of injured", "Twenty-six spectators") == ["number"]  # the injured / were hurt
    # near misses: those still in hospital are not all who were taken there, nor are the sick
    assert clash(store, "Six visitors", "Twelve people") == []
    assert clash(store, "64 people", "Twelve people") == []
    # moved to places among others: no one hospitalized
    assert claim_with(store, "Forty patients").predicate == "transfer"


def test_a_count_narrowed_to_a_day_or_to_ones_own_is_a_part(tmp_path):
    store = build(
        tmp_path,
        {
            "a": "Clinics have treated 2,300 patients for food poisoning since Saturday.",
            "b": "The clinic treated 85 patients for food poisoning on Tuesday alone.",
            "c": "Clinics treated 2,000 patients for food poisoning, officials said.",
            "d": "About 3,000 fans were stranded in Porto after the rail strike.",
            "e": "A father was stranded in Porto with his three sons after the rail strike.",
            "f": "Two fans were stranded in Porto after the rail strike.",
        },
    )

    assert clash(store, "2,300 patients", "85 patients") == []  # one day's share of the whole
    assert clash(store, "2,300 patients", "2,000 patients") == ["number"]  # near miss: two wholes
    assert clash(store, "3,000 fans", "his three sons") == []  # one man's own
    assert clash(store, "3,000 fans", "Two fans") == ["number"]


def test_an_age_of_a_named_person_may_be_the_age_of_a_person_described(tmp_path):
    # "Pia Lund, 44" and "the 44-year-old baker" may be one woman: the scorer weighs it; two
    # named people's ages are two facts by definition, and judging compares one person's only
    from kcheck.compare.cluster import _APART
    from kcheck.compare.rules.number import figures_comparable

    store = build(
        tmp_path,
        {
            "a": "Pia Lund, 44, opened the bakery on Friday.",
            "b": "The 44-year-old baker opened the shop on Friday.",
            "c": "Tom Orrin, 44, opened the bakery on Friday.",
        },
    )
    nodes = {n.frame.quote: n for n in _nodes(store)}
    lund, baker, orrin = nodes["Pia Lund, 44"], nodes["44-year-old baker"], nodes["Tom Orrin, 44"]
    assert not [type(r).__name__ for r in _APART if r.apart(lund, baker)]
    assert {type(r).__name__ for r in _APART if r.apart(lund, orrin)} >= {"Number"}
    assert not figures_comparable(lund.frame.quantities[0], baker.frame.quantities[0])


def _nodes(store):
    from kcheck.compare.cluster import _prepare

    nodes, _ = _prepare(list(store.frames_for_grouping()), None, store.vectors())
    return [n for n in nodes if n.frame is not None]


def test_a_reprint_published_a_day_later_does_not_clash_with_its_own_today(tmp_path):
    # the same words in two sources are one statement: "today" read against each outlet's date
    # gives two days, and that is no conflict
    shared = "The ferry operator cancelled all crossings to Marl Island today because of the gale."
    store = build(
        tmp_path,
        {
            "wire": dated("2024-03-04", shared),
            "reprint": dated("2024-03-05", shared + " Local hotels offered stranded travellers free rooms."),
        },
    )
    for g in groups_of(store):
        assert g.verdict != "conflict", g.explanation


@pytest.mark.parametrize(
    "a, b, clash",
    [
        # a count of things that were there, told by a verb of carrying or by "were aboard"
        (
            "A barge carrying 23 steel containers sank in the canal near Dorn on Friday, the port said.",
            "Aboard were 30 steel containers when the barge sank in the canal near Dorn on Friday.",
            {"23", "30"},
        ),
        # one lorry's load and a warehouse's stock: two holders, two counts
        (
            "The lorry was carrying 14 crates of pears when it overturned near Tolva on Monday.",
            "The warehouse near Tolva held 40 crates of pears on Monday.",
            None,
        ),
    ],
)
def test_counts_of_things_that_were_there_meet_whatever_verb_tells_it(tmp_path, a, b, clash):
    found = number_clashes(build(tmp_path, {"a": a, "b": b}))
    assert found == ([clash] if clash else [])


@pytest.mark.parametrize(
    "a, b, clash",
    [
        # "apart" makes a phrasal verb as "up" does: "broke apart" and "broke up" are one act
        (
            "The barge broke apart 40 minutes after it left Dorn on Friday.",
            "The barge broke up 55 minutes after it left Dorn on Friday.",
            {"40", "55"},
        ),
        # giving up is another act, whatever its minutes
        (
            "The barge broke apart 40 minutes after it left Dorn on Friday.",
            "The search crew gave up 55 minutes after the barge left Dorn on Friday.",
            None,
        ),
    ],
)
def test_a_phrasal_verb_with_apart_is_one_act(tmp_path, a, b, clash):
    found = number_clashes(build(tmp_path, {"a": a, "b": b}))
    assert found == ([clash] if clash else [])


@pytest.mark.parametrize(
    "a, b, clash",
    [
        # a sum written with a currency sign measures the noun it is said of, whichever verb
        (
            "The brewery swung to a net loss of $20 million in the second quarter.",
            "The brewery reported a second-quarter net loss of $26 million.",
            {"$20 million", "$26 million"},
        ),
        # "Q2" is the second quarter; the first half is another span
        (
            "The brewery swung to a net loss of $20 million in the second quarter.",
            "The brewery reported a Q2 net loss of $26 million.",
            {"$20 million", "$26 million"},
        ),
        (
            "The brewery swung to a net loss of $20 million in the second quarter.",
            "The brewery reported a first-half net loss of $26 million.",
            None,
        ),
        # a loss and an outlay are two sums
        (
            "The brewery swung to a net loss of $20 million in the second quarter.",
            "The brewery spent $26 million on a new hall in the second quarter.",
            None,
        ),
        # one sum in two currencies: the rate of the day is in no text
        (
            "The brewery earned $40 million last year.",
            "The brewery earned €37 million last year.",
            None,
        ),
    ],
)
def test_a_sum_is_compared_with_a_sum_of_the_same_thing_in_the_same_currency(tmp_path, a, b, clash):
    found = number_clashes(build(tmp_path, {"a": a, "b": b}))
    assert found == ([clash] if clash else [])


@pytest.mark.parametrize(
    "a, b, clash",
    [
        (
            "The mining group Orlan will shed 900 jobs at its Kerro pit.",
            "Orlan will cut about 600 jobs at the Kerro pit.",
            {"900", "about 600"},
        ),
        (
            "The mining group Orlan will axe 900 jobs at its Kerro pit.",
            "Orlan will eliminate 600 jobs at the Kerro pit.",
            {"900", "600"},
        ),
        # jobs made are not jobs cut
        (
            "The mining group Orlan will shed 900 jobs at its Kerro pit.",
            "Orlan will create 600 jobs at the Kerro pit.",
            None,
        ),
    ],
)
def test_jobs_cut_are_one_count_whichever_verb_cuts_them(tmp_path, a, b, clash):
    found = number_clashes(build(tmp_path, {"a": a, "b": b}))
    assert found == ([clash] if clash else [])


@pytest.mark.parametrize(
    "b, clash",
    [
        ("Lena Hart lost her downhill title after a failed drug test, the federation said.", False),  # taken away later
        ("Lena Hart lost the downhill race at the Varo winter games in February.", True),
    ],
)
def test_a_win_taken_away_is_no_contrary_outcome_of_the_contest(tmp_path, b, clash):
    a = "Lena Hart won the downhill race at the Varo winter games in February."
    groups = groups_of(build(tmp_path, {"a": a, "b": b}))
    assert [c.slot for g in groups for c in g.conflicts] == (["negation"] if clash else [])


@pytest.mark.parametrize(
    "b, clash",
    [
        # the infinitive's subject is the talks': another thing opening is another time
        ("The new museum in Varna will open at 10am on Monday, officials said.", None),
        ("The peace talks in Varna will now open at 4pm on Monday, officials said.", {"3pm", "4pm"}),
    ],
)
def test_an_infinitive_borrows_the_subject_of_the_verb_it_completes(tmp_path, b, clash):
    a = "The peace talks in Varna are due to open at 3pm on Monday, officials said."
    found = number_clashes(build(tmp_path, {"a": a, "b": b}))
    assert found == ([clash] if clash else [])


@pytest.mark.parametrize("anchored", [True, False])  # weekdays of one week, with or without a date line
@pytest.mark.parametrize("when, clash", [("from Friday to Sunday", False), ("on Friday", True)])
def test_counts_over_two_different_spans_of_days_are_two_counts(tmp_path, when, clash, anchored):
    a = "The Varo museum sold about 300 tickets on Friday, its director said."
    b = f"The Varo museum sold some 1,100 tickets {when}, its director said."
    docs = {"a": dated("2025-03-05", a), "b": dated("2025-03-08", b)} if anchored else {"a": a, "b": b}
    store = build(tmp_path, docs)
    found = number_clashes(store)
    assert found == ([{"about 300", "some 1,100"}] if clash else [])

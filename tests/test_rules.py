"""The conflict rules and pair scoring on hand-built frames: no spaCy, so this layer runs in
seconds (`make check`). Sentences are invented; the slots are what the parse would give."""

import json
from dataclasses import replace

import pytest
from frames import claim, sources

from kcheck.compare import find_conflicts, group_claims
from kcheck.compare.cluster import slot_keys
from kcheck.compare.rules import VALUE_PREFIX
from kcheck.compare.rules.number import figures_comparable, overlap, values_same
from kcheck.frame import Frame, Quantity


def slots(a, b, pub_a=None, pub_b=None):
    return [c.slot for c in find_conflicts(a, b, pub_a, pub_b)[0]]


# --- numbers -------------------------------------------------------------------------------


def killed(quote, source, n):
    return claim(
        quote,
        source=source,
        subject="the landslide",
        predicate="kill",
        object=f"{n} people",
        units={n: "people"},
        measure={"dim": "count", "what": "people", "by": "kill", "whose": "landslide"},
    )


def test_two_counts_of_the_dead_conflict():
    a = killed("The landslide killed at least 120 people in the valley.", "wire", "120")
    b = killed("The landslide killed 45 people in the valley.", "local", "45")
    found = find_conflicts(a, b, None, None)[0]
    assert [c.slot for c in found] == ["number"]
    assert found[0].values == ("at least 120", "45")


def test_hedges_and_rounding_are_no_conflict():
    for x, y in (("about 80", "82"), ("more than 100", "120"), ("nearly 90", "88")):
        a = killed(f"The landslide killed {x} people in the valley.", "wire", x.split()[-1])
        b = killed(f"The landslide killed {y} people in the valley.", "local", y)
        assert slots(a, b) == [], (x, y)


def test_units_are_converted_before_comparing():
    a = claim(
        "The coach was doing 120 mph on the ring road.",
        source="a",
        subject="the coach",
        predicate="do",
        units={"120": "mph"},
    )
    b = claim(
        "The coach was doing 193 km/h on the ring road.",
        source="b",
        subject="the coach",
        predicate="do",
        units={"193": "km/h"},
    )
    c = claim(
        "The coach was doing 90 km/h on the ring road.",
        source="c",
        subject="the coach",
        predicate="do",
        units={"90": "km/h"},
    )
    assert slots(a, b) == []
    assert slots(a, c) == ["number"]


def test_counts_of_different_things_are_not_compared():
    a = claim(
        "The ferry carried 300 passengers.",
        source="a",
        subject="the ferry",
        predicate="carry",
        units={"300": "passenger"},
    )
    b = claim("The ferry carried 12 cars.", source="b", subject="the ferry", predicate="carry", units={"12": "car"})
    assert slots(a, b) == []


def test_how_many_fit_is_not_how_many_were_there():
    # "the arena holds 9,000 spectators" gives a capacity; "it held 12,500 on Saturday" an attendance
    held = {"dim": "count", "what": "spectator", "by": "capacity"}
    there = {"dim": "count", "what": "spectator", "by": "hold"}
    a = claim(
        "The arena holds 9,000 spectators.", source="a", predicate="hold", units={"9,000": "spectator"}, measure=held
    )
    b = claim(
        "The arena held 12,500 spectators on Saturday.",
        source="b",
        predicate="hold",
        units={"12,500": "spectator"},
        measure=there,
    )
    c = claim(
        "The arena seats 10,000 spectators.", source="c", predicate="seat", units={"10,000": "spectator"}, measure=held
    )
    assert slots(a, b) == [] and slots(a, c) == ["number"]


def test_counts_of_two_named_parties_are_two_counts():
    # a name that is no English word is one party; a common noun may stand for either
    def runs(quote, source, whose, n):
        m = {"dim": "count", "what": "store", "by": "run", "whose": whose}
        return claim(quote, source=source, predicate="run", units={n: "store"}, measure=m)

    a = runs("Brodley runs 180 stores.", "a", "brodley", "180")
    b = runs("Castrell, which runs 610 stores, said so.", "b", "castrell", "610")
    c = runs("Brodley, which runs 160 stores, said so.", "c", "brodley", "160")
    d = runs("The company runs 160 stores.", "d", "company", "160")
    assert slots(a, b) == [] and slots(a, c) == ["number"] and slots(a, d) == ["number"]


def value_keys(f: Frame) -> set[str]:
    return {k for k in slot_keys(f) if k.startswith(VALUE_PREFIX)}


def test_one_value_finds_a_pair_that_shares_no_word():
    # "people" and "residents": no counted noun in common, only the figure
    a = claim("Fire crews rescued 212 people from the flats.", source="a", units={"212": "people"})
    b = claim("A total of 212 residents were led to safety.", source="b", units={"212": "resident"})
    assert value_keys(a) == value_keys(b) != set()
    assert values_same(a, b) == {"value_same": 1.0}


def test_values_meet_in_their_base_unit_and_at_two_significant_digits():
    tonnes = claim("The lorry was carrying 3.5 tonnes of grain.", source="a", units={"3.5": "tonne"})
    pounds = claim("The lorry was carrying 7,700 pounds of grain.", source="b", units={"7,700": "pound"})
    assert value_keys(tonnes) == value_keys(pounds) and values_same(tonnes, pounds) == {"value_same": 1.0}
    counted = claim("Police counted 12,388 marchers.", source="a")
    rounded = claim("About 12,400 people marched.", source="b")
    tenfold = claim("Some 124,000 people marched.", source="c")
    assert value_keys(counted) == value_keys(rounded) != value_keys(tenfold)
    assert values_same(counted, rounded) == {"value_same": 1.0} and values_same(counted, tenfold) == {}


def test_a_small_whole_number_is_weighed_on_its_own():
    a = claim("Two firefighters were hurt.", source="a")
    b = claim("The fire burned for two days.", source="b")
    assert values_same(a, b) == {"small_value_same": 1.0}


def test_one_number_of_people_that_different_things_happened_to_is_no_shared_value():
    rescued = claim("Guides rescued 23 survivors.", source="a", predicate="rescue", units={"23": "survivor"})
    aboard = claim("The cable car was carrying 23 skiers.", source="b", predicate="carry", units={"23": "skier"})
    assert value_keys(rescued) == value_keys(aboard)  # still candidates: the scorer weighs the rest
    assert values_same(rescued, aboard) == {}


def test_people_on_board_are_not_the_dead():
    a = claim(
        "The ferry carried 300 passengers.",
        source="a",
        subject="the ferry",
        predicate="carry",
        units={"300": "passenger"},
    )
    b = claim(
        "Twelve passengers died in the sinking.",
        source="b",
        subject="twelve passengers",
        predicate="die",
        units={"Twelve": "passenger"},
    )
    assert slots(a, b) == []


def test_people_counted_by_a_word_that_names_no_group_are_one_group_when_the_claims_say_the_same():
    def present(quote, source, n, where):
        return claim(
            quote, source=source, subject=f"{n} people", predicate="be", units={n: "people"}, lemmas=f"people {where}"
        )

    same_a = present("Forty people were in the lobby.", "a", "Forty", "lobby")
    same_b = present("Ninety people were in the lobby.", "b", "Ninety", "lobby")
    assert slots(same_a, same_b) == ["number"]
    elsewhere = present("Ninety people were in the garden.", "b", "Ninety", "garden")
    assert slots(same_a, elsewhere) == []  # two places: two crowds, whatever the numbers


def test_two_named_subjects_give_two_measurements():
    a = claim(
        "Unity won 48 percent of the vote.",
        source="a",
        subject="Unity",
        predicate="win",
        places={"Unity": "ORG"},
        units={"48": "% of vote"},
    )
    b = claim(
        "The Greens won 31 percent of the vote.",
        source="b",
        subject="The Greens",
        predicate="win",
        places={"Greens": "ORG"},
        units={"31": "% of vote"},
    )
    assert slots(a, b) == []


# --- dates ---------------------------------------------------------------------------------


def test_one_event_dated_twice_conflicts_at_its_precision():
    a = claim("The referendum was held on 4 March 2024.", source="a", subject="the referendum", predicate="hold")
    b = claim("The referendum was held on 11 March 2024.", source="b", subject="the referendum", predicate="hold")
    c = claim("The referendum was held in March 2024.", source="c", subject="the referendum", predicate="hold")
    assert slots(a, b) == ["date"]
    assert slots(a, c) == [] and slots(b, c) == []


def test_dates_without_a_year_differ_by_day_or_weekday():
    def held(quote, source):
        return claim(quote, source=source, subject="the referendum", predicate="hold")

    assert slots(
        held("The referendum was held on 4 March.", "a"), held("The referendum was held on 14 March.", "b")
    ) == ["date"]
    assert slots(
        held("The referendum was held on Monday.", "a"), held("The referendum was held on Thursday.", "b")
    ) == ["date"]
    assert (
        slots(held("The referendum was held on 4 March.", "a"), held("The referendum was held on 4 March.", "b")) == []
    )


def test_an_opening_and_a_closing_date_are_two_facts():
    a = claim("The bridge opened on 4 March 2024.", source="a", subject="the bridge", predicate="open")
    b = claim("The bridge closed on 9 March 2024.", source="b", subject="the bridge", predicate="close")
    assert slots(a, b) == []


def test_an_age_against_a_start_date():
    a = claim(
        "Rebels revived a forty-year-old feud over the valley.",
        source="old",
        subject="rebels",
        predicate="revive",
        object="a forty-year-old feud over the valley",
    )
    b = claim(
        "The feud over the valley began in March 2019.",
        source="new",
        subject="the feud over the valley",
        predicate="begin",
    )
    assert a.event is not None and a.event.kind == "age"
    assert b.event is not None and b.event.kind == "start"
    found, notes = find_conflicts(a, b, "2024-05-02", None)
    assert [c.slot for c in found] == ["date"] and "1984" in found[0].detail
    found, notes = find_conflicts(a, b, None, None)
    assert found == [] and any("could not be anchored" in n for n in notes)


def test_a_persons_age_is_not_an_events_age():
    a = claim("Police detained a 30-year-old nurse.", predicate="detain", object="a 30-year-old nurse")
    assert a.event is not None and a.event.senses == frozenset()


# --- negation ------------------------------------------------------------------------------


def test_an_act_and_its_denial_conflict():
    a = claim(
        "The council approved the new harbour wall.",
        source="a",
        subject="the council",
        predicate="approve",
        object="the new harbour wall",
    )
    b = claim(
        "The council did not approve the new harbour wall.",
        source="b",
        subject="the council",
        predicate="approve",
        object="the new harbour wall",
        negated=True,
    )
    assert slots(a, b) == ["negation"]


@pytest.mark.parametrize(
    "denial, conflict",
    [
        ("No flood in a century had hit the town with such force.", False),
        ("Never had a flood hit the town so hard.", False),
        ("No flood had hit the town harder than this one.", False),
        ("No flood hit the town.", True),  # near miss: the act itself denied
    ],
)
def test_a_denial_of_a_degree_is_no_denial_of_the_act(denial, conflict):
    # "the worst flood to hit the town" and "no flood had hit it with such force" say one thing
    a = claim(
        "The worst flood in a century hit the town.", source="a", subject="flood", predicate="hit", object="the town"
    )
    b = claim(denial, source="b", subject="flood", predicate="hit", object="the town", negated=True)
    assert slots(a, b) == (["negation"] if conflict else [])


@pytest.mark.parametrize(
    "first, second, conflict",
    [
        ("The club would not sell the ground.", "The club has sold the ground.", False),
        ("The club has no intention of selling the ground.", "The club has sold the ground.", False),
        ("The club has not sold the ground.", "The club has sold the ground.", True),  # near misses
        ("The club will not sell the ground.", "The club will sell the ground.", True),
        ("The club denied that it would sell the ground.", "The club is expected to sell the ground.", True),
    ],
)
def test_what_someone_means_to_do_is_no_denial_of_what_was_done(first, second, conflict):
    a = claim(first, source="a", subject="the club", predicate="sell", object="the ground", negated=True)
    b = claim(second, source="b", subject="the club", predicate="sell", object="the ground")
    assert slots(a, b) == (["negation"] if conflict else [])


def test_a_date_claim_is_judged_on_its_date_alone():
    # "the gale hit Port Ellin on Monday night" is the day of the act; whether the act happened is the
    # clause's to judge, which holds the same words
    a = claim("hit Port Ellin on Monday night", source="a", subject="the gale", predicate="hit", kind="date")
    b = claim(
        "No gale in living memory had hit Port Ellin.",
        source="b",
        subject="gale",
        predicate="hit",
        object="Port Ellin",
        negated=True,
        polarity=["no"],
    )
    assert slots(a, b) == []
    assert slots(replace(a, kind="clause"), b) == ["negation"]  # the same words as a clause
    c = claim("hit Port Ellin on Tuesday night", source="c", subject="the gale", predicate="hit", kind="date")
    assert slots(a, c, "2025-03-12", "2025-03-12") == ["date"]


def test_one_persons_act_against_another_is_not_the_others_act():
    # the parse may tag a surname alone as an organisation, so the two are not both known people
    a = claim(
        "Ana Berg testified against Reyes.",
        source="a",
        subject="Ana Berg",
        predicate="testify",
        object="Reyes",
        people=["Ana Berg"],
        places={"Reyes": "ORG"},
    )
    b = claim(
        "Reyes did not testify.",
        source="b",
        subject="Reyes",
        predicate="testify",
        places={"Reyes": "ORG"},
        negated=True,
    )
    assert slots(a, b) == []
    # in the passive the object is the subject: one act, and its denial
    c = claim(
        "Detectives questioned Tom Reyes.",
        source="a",
        subject="Detectives",
        predicate="question",
        object="Tom Reyes",
        places={"Tom Reyes": "ORG", "Detectives": "ORG"},
    )
    d = claim(
        "Tom Reyes was not questioned.",
        source="b",
        subject="Tom Reyes",
        predicate="question",
        places={"Tom Reyes": "ORG"},
        negated=True,
    )
    assert slots(c, d) == ["negation"]


def test_a_negative_word_in_a_paraphrase_of_another_act_is_no_conflict():
    a = claim(
        "The council approved the new harbour wall.",
        source="a",
        subject="the council",
        predicate="approve",
        object="the new harbour wall",
    )
    b = claim(
        "Nobody from the council visited the harbour.",
        source="b",
        subject="nobody",
        predicate="visit",
        object="the harbour",
        negated=True,
    )
    assert slots(a, b) == []


def test_contrary_outcomes_of_one_decision():
    a = claim(
        "The court upheld the smoking ban.",
        source="a",
        subject="the court",
        predicate="uphold",
        object="the smoking ban",
    )
    b = claim(
        "The court struck down the smoking ban.",
        source="b",
        subject="the court",
        predicate="strike down",
        object="the smoking ban",
    )
    assert slots(a, b) == ["negation"]


def test_an_outcome_verb_that_reads_as_a_refusal_is_still_an_outcome():
    def decided(verb, source, polarity=None):
        return claim(
            f"The board {verb} the merger.",
            source=source,
            subject="the board",
            predicate=verb,
            object="the merger",
            negated=bool(polarity),
            polarity=polarity,
        )

    # "rejected" is stored as negating (a failure verb); against "approved" it is the other outcome
    assert slots(decided("approve", "a"), decided("reject", "b", ["reject"])) == ["negation"]
    # "did not reject" against "approved": no contrary outcome is claimed
    assert "negation" not in [
        c.detail for c in find_conflicts(decided("approve", "a"), decided("reject", "b", ["not"]), None, None)[0]
    ]


def test_contrary_descriptions_of_one_thing_and_not_of_two():
    a = claim("The hearing was fair.", source="a", subject="the hearing", predicate="be fair")
    b = claim("The hearing was unfair.", source="b", subject="the hearing", predicate="be unfair")
    c = claim("The appeal was unfair.", source="c", subject="the appeal", predicate="be unfair")
    assert slots(a, b) == ["negation"]
    assert slots(a, c) == []


# --- actors and roles ----------------------------------------------------------------------


def test_a_different_doer_of_the_same_act():
    a = claim(
        "The coastguard closed the port.",
        source="a",
        subject="The coastguard",
        predicate="close",
        object="the port",
        places={"coastguard": "ORG"},
    )
    b = claim(
        "The Harbour Authority closed the port.",
        source="b",
        subject="The Harbour Authority",
        predicate="close",
        object="the port",
        places={"Harbour Authority": "ORG"},
    )
    assert slots(a, b) == ["actor"]
    # one doer did it, another did not: two statements about two doers
    c = claim(
        "The Harbour Authority did not close the port.",
        source="c",
        subject="The Harbour Authority",
        predicate="close",
        object="the port",
        negated=True,
        places={"Harbour Authority": "ORG"},
    )
    assert "actor" not in slots(a, c)


def titled(quote, source, title_object, head):
    return claim(
        quote,
        source=source,
        kind="appos",
        subject="Ana Ruiz",
        predicate=f"be {head}",
        object=title_object,
        people=["Ana Ruiz"],
    )


def test_one_person_with_two_titles():
    a = titled("Ana Ruiz, a museum curator", "a", "a museum curator", "curator")
    b = titled("Ana Ruiz, a trustee of the gallery", "b", "a trustee of the gallery", "trustee")
    c = titled("Ana Ruiz, the curator of the museum", "c", "the curator of the museum", "curator")
    found = find_conflicts(a, b, None, None)[0]
    assert [x.slot for x in found] == ["role"] and "different bodies" in found[0].detail
    assert slots(a, c) == []
    assert "R:ana ruiz" in slot_keys(a)


@pytest.mark.parametrize(
    "past,present",
    [
        ("a former judge", "the interior minister"),
        ("an ex-minister", "the party's treasurer"),
        ("a retired pilot", "the airline's spokeswoman"),
    ],
)
def test_a_past_title_never_clashes_with_a_present_one(past, present):
    a = titled(f"Ana Ruiz, {past}", "a", past, past.split()[-1].split("-")[-1])
    b = titled(f"Ana Ruiz, {present}", "b", present, present.split()[-1])
    assert slots(a, b) == []
    # two past titles still can: "a retired nurse" / "a former teacher"
    c = titled("Ana Ruiz, a retired nurse", "c", "a retired nurse", "nurse")
    d = titled("Ana Ruiz, a former teacher", "d", "a former teacher", "teacher")
    assert slots(c, d) == ["role"]


def test_one_title_word_two_portfolios():
    a = titled("Health Minister Ana Ruiz", "a", "Health Minister", "minister")
    b = titled("Ana Ruiz, the finance minister", "b", "the finance minister", "minister")
    assert slots(a, b) == ["role"]


# --- grouping ------------------------------------------------------------------------------


def test_grouping_puts_a_count_and_its_contradiction_side_by_side():
    a = killed("The landslide killed at least 120 people in the valley.", "wire", "120")
    b = killed("The landslide killed 45 people in the valley.", "local", "45")
    other = claim(
        "The mayor thanked the volunteers for their work.",
        source="local",
        subject="the mayor",
        predicate="thank",
        object="the volunteers",
    )
    groups = group_claims([a, b, other], sources("wire", "local"))
    assert [g.verdict for g in groups] == ["conflict", "single"]
    assert {c.id for c in groups[0].claims} == {a.id, b.id}
    assert "counting people" in groups[0].explanation


def test_one_claim_per_source_in_a_group():
    a = killed("The landslide killed 45 people in the valley.", "wire", "45")
    b = killed("The landslide killed 45 people in the valley on Sunday.", "wire", "45")
    groups = group_claims([a, b], sources("wire"))
    assert len(groups) == 2 and all(g.verdict == "single" for g in groups)


def test_every_claim_in_exactly_one_group():
    frames = [
        killed(f"The landslide killed {n} people in the valley.", s, str(n))
        for n, s in ((45, "a"), (45, "b"), (46, "c"), (300, "d"))
    ]
    groups = group_claims(frames, sources("a", "b", "c", "d"))
    ids = sorted(c.id for g in groups for c in g.claims)
    assert ids == sorted(f.id for f in frames)


# --- the frame itself ----------------------------------------------------------------------


def test_a_frame_survives_storage():
    a = claim(
        "The landslide killed at least 120 people in the valley on 4 March 2024.",
        subject="the landslide",
        predicate="kill",
        object="at least 120 people",
        units={"120": "people"},
    )
    row = {
        "id": a.id,
        "source_id": a.source_id,
        "source": a.source,
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "text": a.text,
        "kind": a.kind,
        "subject": a.subject,
        "predicate": a.predicate,
        "object": a.object,
        "negated": int(a.negated),
        "polarity": json.dumps(list(a.polarity)),
        "hedges": json.dumps(list(a.hedges)),
        "speaker": a.speaker,
        "entities": json.dumps([]),
        "dates": json.dumps([{k: v for k, v in vars_(d).items() if v is not None} for d in a.dates]),
        "quantities": json.dumps(
            [
                {
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "value": q.value,
                    "lo": q.lo,
                    "hi": q.hi,
                    "unit": q.unit,
                }
                for q in a.quantities
            ]
        ),
        "lemmas": " ".join(a.lemmas),
        "frame": json.dumps(a.derived()),
    }
    assert Frame.from_row(row) == a


def vars_(d):
    return {f: getattr(d, f) for f in d.__slots__}


def test_two_identical_sentences_with_several_figures_never_clash():
    measure = {"dim": "count", "what": "passenger", "by": "carry", "whose": "ferry"}
    quote = "The ferry carried 148 passengers to Ulm and 6 passengers to Bex."
    a = claim(quote, source="a", units={"148": "passengers", "6": "passengers"}, measure=measure)
    b = claim(quote, source="b", units={"148": "passengers", "6": "passengers"}, measure=measure)
    assert slots(a, b) == []  # 148 is not compared with 6


def _time(text: str, lo: float, hi: float, unit: str = "clock") -> Quantity:
    return Quantity(text, 0, len(text), lo, lo, hi, unit, dim="clock", by="collapse")


def test_times_of_day_meet_across_midnight():
    before_midnight = _time("shortly before midnight", -20, 0)
    assert overlap(before_midnight, _time("11:53 p.m.", 1433, 1433))
    assert not overlap(before_midnight, _time("10:26 p.m.", 1346, 1346))
    assert overlap(_time("about 12:05 a.m.", -10, 20), _time("11:55 p.m.", 1435, 1435))
    # a count is no clock: 1,433 people are not -20 to 0 people
    assert not overlap(replace(before_midnight, dim="count"), replace(_time("", 1433, 1433), dim="count"))


def test_times_in_two_zones_are_never_compared():
    local, utc = _time("1:17 a.m.", 77, 77), _time("21:17 UTC", 1277, 1277, "clock utc")
    assert not figures_comparable(local, utc) and figures_comparable(utc, replace(utc, lo=1432, value=1432))


def test_a_time_in_oclock_words_may_be_either_half_of_the_day():
    three = _time("three o'clock", 180, 180)
    assert overlap(three, _time("3 p.m.", 900, 900)) and overlap(three, _time("3 a.m.", 180, 180))
    assert not overlap(three, _time("4 p.m.", 960, 960))
    assert not overlap(_time("3 a.m.", 180, 180), _time("3 p.m.", 900, 900))

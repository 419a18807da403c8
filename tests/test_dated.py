"""Date claims (kcheck.nlp.when): a date that dates an act is a fact of its own, with its own
quote, and is judged there only. Sentences invented for these tests, about other subjects
than the corpora."""

import pytest

from kcheck.nlp.components import claims_of

pytestmark = pytest.mark.slow


def split(nlp, text):
    doc = nlp(text)
    return doc, claims_of(doc)


def dated(doc, cs):
    return [(doc.text[c.start : c.end], c.predicate) for c in cs if c.kind == "date"]


@pytest.mark.parametrize(
    "text,quote,predicate",
    [
        # the verb, when only a few words stand between it and the date
        (
            "Rangers arrested two poachers on Thursday near the lake at the edge of the reserve.",
            "arrested two poachers on Thursday",
            "arrest",
        ),
        # else the date phrase alone, through the part of the day it names
        (
            "The orchestra played the whole of the composer's last symphony late on Saturday night.",
            "late on Saturday night",
            "play",
        ),
        (
            "The choir sang at the opening of the new concert hall in the early hours of Sunday.",
            "in the early hours of Sunday",
            "sing",
        ),
        # a noun the date modifies, or that the date's phrase follows, is what is dated
        (
            "Tuesday's vote in the regional assembly was closer than expected by most observers.",
            "Tuesday's vote",
            "vote",
        ),
        (
            "The 2019 inspection of the dam found cracks in the spillway and the outlet tower.",
            "2019 inspection",
            "inspection",
        ),
        (
            "The vote on Tuesday was closer than expected by most of the observers in the hall.",
            "vote on Tuesday",
            "vote",
        ),
        # an event that "tore through" or "happened": the event is dated, not the verb
        (
            "A blast tore through the paint depot at the edge of the harbour early on Sunday.",
            "early on Sunday",
            "blast",
        ),
    ],
)
def test_a_date_that_dates_an_act_is_a_claim_of_its_own(nlp, text, quote, predicate):
    doc, cs = split(nlp, text)
    assert dated(doc, cs) == [(quote, predicate)]
    # the longer claim keeps its words, and the date it holds is marked as judged elsewhere
    holders = [c for c in cs if c.kind != "date" and any(d.get("claimed") for d in c.dates)]
    assert holders


@pytest.mark.parametrize(
    "text",
    [
        "The museum has been closed since March 2020 for repairs to the roof and the cellars.",
        "The two unions must agree on a new contract before Friday or the strike will go ahead.",
        "The road will stay shut until 4 May while engineers rebuild the collapsed culvert.",
        "The clinic has treated some 400 patients over the past ten years in the valley.",
    ],
)
def test_a_bound_or_a_duration_is_no_date_claim(nlp, text):
    doc, cs = split(nlp, text)
    assert dated(doc, cs) == []
    assert not any(d.get("claimed") for c in cs for d in c.dates)


def test_a_clause_that_says_little_but_when_is_the_dates_own_claim(nlp):
    doc, cs = split(nlp, "The lighthouse was built in 1874.")
    assert [(c.kind, doc.text[c.start : c.end]) for c in cs] == [("clause", "The lighthouse was built in 1874")]
    assert cs[0].dated and not any(d.get("claimed") for d in cs[0].dates)


def test_take_dates_the_event_only_as_take_place(nlp):
    doc, cs = split(
        nlp, "The final vote of the autumn session took place in the main hall late on Monday after a long debate."
    )
    assert dated(doc, cs) == [("late on Monday", "vote")]
    # "took four hours" measures the vote; it does not say that the vote took place
    doc, cs = split(
        nlp, "The final vote of the autumn session took four hours in the main hall late on Monday after a long debate."
    )
    assert dated(doc, cs) == [("late on Monday", "take")]


def test_the_start_or_end_of_an_event_dates_the_start_or_end(nlp):
    doc, cs = split(nlp, "The long strike by the city's bus drivers ended on Friday after talks at the town hall.")
    assert [p for _, p in dated(doc, cs)] == ["end"]
    # a thing that opened is no event: the date is the opening's
    doc, cs = split(nlp, "Polling stations across the north of the country opened on 4 March at dawn.")
    assert [p for _, p in dated(doc, cs)] == ["open"]

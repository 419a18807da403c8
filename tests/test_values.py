import pytest

from kcheck.dates import anchor, find_dates, find_times
from kcheck.units import base_units, scale
from kcheck.values import find_quantities, parse_number, set_aside


def dates(s):
    return [v.as_dict() for v in find_dates(s)]


def test_day_range_without_year_keeps_precision():
    (v,) = dates("the festival (14–15 June) ended")
    assert v["kind"] == "date" and v["month"] == 6 and (v["day_lo"], v["day_hi"]) == (14, 15) and "lo" not in v


def test_absolute_dates_at_their_precision():
    v = dates("began in November 2017")[0]
    assert (v["lo"], v["hi"], v["precision"]) == ("2017-11-01", "2017-11-30", "month")
    v = dates("on 1 January 2024")[0]
    assert (v["lo"], v["hi"], v["precision"]) == ("2024-01-01", "2024-01-01", "day")
    v = dates("in 1991")[0]
    assert (v["lo"], v["hi"]) == ("1991-01-01", "1991-12-31")


def test_durations():
    (v,) = dates("a twenty-year-old feud")
    assert v["kind"] == "duration" and v["years_lo"] == v["years_hi"] == 20
    (v,) = dates("for more than four decades")
    assert v["years_lo"] == 40 and "years_hi" not in v


def test_may_alone_is_not_a_month():
    assert dates("Prices may rise.") == []


def test_relative_weekday_anchored_to_publication_date():
    (v,) = dates("the blast on Tuesday")
    a = anchor(v, "2023-09-21")  # a Thursday
    assert a["lo"] == "2023-09-19" and a["anchored"]


@pytest.mark.parametrize(
    "text,lo,hi",
    [
        ("the ferry left early this morning", "2023-09-21", "2023-09-21"),
        ("the talks ended yesterday", "2023-09-20", "2023-09-20"),
        # "last night" may run past midnight into the publication day, "tonight" into the next
        ("the fire broke out late last night", "2023-09-20", "2023-09-21"),
        ("the vote is due tonight", "2023-09-21", "2023-09-22"),
        ("the court rules tomorrow", "2023-09-22", "2023-09-22"),
    ],
)
def test_words_for_a_day_counted_from_the_publication_date(text, lo, hi):
    (v,) = [d.as_dict() for d in find_dates(text)]
    a = anchor(v, "2023-09-21")
    assert (a["lo"], a["hi"], a["anchored"]) == (lo, hi, True)
    assert "lo" not in v  # nothing without the publication date


def test_last_and_next_weekday_counted_from_the_publication_date():
    published = "2025-03-11"  # a Tuesday
    (v,) = [d.as_dict() for d in find_dates("the raids last Tuesday")]
    assert anchor(v, published)["lo"] == "2025-03-04"  # a week ago, never the day it is written
    (v,) = [d.as_dict() for d in find_dates("the raids on Tuesday")]
    assert anchor(v, published)["lo"] == "2025-03-11"
    (v,) = [d.as_dict() for d in find_dates("the vote next Friday")]
    assert anchor(v, published)["lo"] == "2025-03-14"  # ahead, not behind


def test_year_less_month_anchored():
    (v,) = dates("in early October")
    a = anchor(v, "2023-12-01")
    assert (a["lo"], a["hi"]) == ("2023-10-01", "2023-10-10")


def test_numbers_in_words_and_hedges():
    assert parse_number("seventy-two") == 72
    assert parse_number("two thousand") == 2000
    assert parse_number("1,250") == 1250
    (q,) = find_quantities("at least three people died")
    assert q.lo == 3 and q.hi is None
    (q,) = find_quantities("nearly 70 percent of its wheat")
    assert q.unit == "%" and q.hi == 70 and q.lo < 70
    (q,) = find_quantities("about 80 houses")
    assert q.lo < 80 < q.hi


def test_a_number_word_joined_to_its_unit_by_a_hyphen_ends_before_the_hyphen():
    # "a six-foot fence" is six, as "a 6-foot fence" is; the hyphen belongs to the compound
    (q,) = find_quantities("a six-foot fence")
    assert (q.text, q.start, q.end, q.value) == ("six", 2, 5, 6)
    (q,) = find_quantities("a twenty-five-metre mast")
    assert (q.text, q.value) == ("twenty-five", 25)
    (q,) = find_quantities("Forty-two pupils sat the test")
    assert (q.text, q.value) == ("Forty-two", 42)


def test_wire_abbreviations_of_million_and_billion():
    # wire copy writes them apart from the figure, like the words; "m" apart stays metres
    assert [(q.text, q.value) for q in find_quantities("the bill came to $420 mln")] == [("$420 mln", 420e6)]
    assert [q.value for q in find_quantities("a 2.1 bln euro loan")] == [2.1e9]
    assert [q.value for q in find_quantities("a loss of $2.5mn")] == [2.5e6]
    assert [(q.value, q.unit) for q in find_quantities("a 40m wall")] == [(40, "metre")]


def test_pence_after_a_figure_are_money_and_convert_to_pounds():
    (q,) = find_quantities("the bid is worth 275p a share")
    assert (q.text, q.value, q.unit) == ("275p", 275, "penny")
    assert scale("penny") == 0.01 and base_units("penny") == base_units("pound sterling") == {"pound sterling"}
    assert [q.unit for q in find_quantities("at 3 p.m. on Friday, or 3pm")] in ([], ["", ""])


def test_a_temperature_scale_is_read_after_its_number():
    from kcheck.values import temperature_at

    for text, scale_name in (
        ("40 degrees Celsius", "celsius"),
        ("104°F", "fahrenheit"),
        ("40C in the shade", "celsius"),
        ("-3 °C overnight", "celsius"),
        ("98.6 degrees Fahrenheit", "fahrenheit"),
        ("40 F-16 jets", None),  # a letter after a space is no scale
        ("40 Centurions", None),
        ("12 degrees of latitude", None),
    ):
        number = text.split()[0].rstrip("°CF")
        assert temperature_at(text, len(number)) == scale_name, text


def test_two_word_units_are_read_whole():
    # a pound sterling is not a pound of mass; a nautical mile is not a mile
    assert scale("pound sterling") == 1.0 and base_units("pound sterling") == {"pound sterling"}
    assert scale("nautical mile") == 1852 and scale("mile") == 1609.344 and base_units("nautical mile") == {"metre"}
    assert base_units("pound") == {"kilogram"}


def test_ordinals_and_designators_are_not_counts():
    # a rank or a model name holds a number but counts nothing
    for text in (
        "the 75th Berlin Film Festival",
        "the 21st century",
        "the 3rd round",
        "COVID-19 wards",
        "two F-16 jets",
        "an A320 landed",
    ):
        assert [q.value for q in find_quantities(text)] == ([2.0] if text.startswith("two") else []), text
    # the currency sign and a hedge still belong to the figure
    (q,) = find_quantities("US$5 million in aid")
    assert q.value == 5_000_000
    (q,) = find_quantities("more than 102 homes")
    assert q.value == 102 and q.hi is None


def test_number_words_are_whole_words_and_vague_plurals_are_open_ranges():
    assert find_quantities("tensions rose along the border") == []
    assert find_quantities("the tenth day of the strike") == []
    (q,) = find_quantities("Dozens of homes were flooded")
    assert (q.lo, q.hi) == (24, None)  # "dozens" cannot be 12, and has no stated ceiling
    hundreds, three = find_quantities("hundreds of homes and 3 schools")
    assert (hundreds.text, hundreds.lo, hundreds.hi) == ("hundreds", 200, None) and three.value == 3
    (q,) = find_quantities("two hundred people")
    assert q.value == 200 and q.hi is not None


def test_years_ago_counts_back_from_the_publication_date():
    (v,) = dates("The village school opened eight years ago.")
    assert v["kind"] == "relative" and v["text"] == "eight years ago" and "lo" not in v
    a = anchor(v, "2025-03-15")
    assert (a["lo"], a["hi"], a["anchored"]) == ("2017-01-01", "2017-12-31", True)
    (v,) = dates("It opened more than 20 years ago")
    assert anchor(v, "2025-03-15")["hi"] == "2005-12-31"


def test_a_verb_before_a_number_word_is_not_part_of_the_duration():
    (v,) = dates("the dispute lasted ten years")
    assert v["kind"] == "duration" and v["text"] == "ten years" and v["years_lo"] == 10


def test_may_and_march_are_months_after_a_preposition_of_time():
    assert [(d.text, d.month) for d in find_dates("The council approved the budget in May.")] == [("May", 5)]
    assert [(d.text, d.month) for d in find_dates("Prices have risen since March.")] == [("March", 3)]
    assert find_dates("Ministers may march on the capital.") == []
    assert find_dates("Voters in may decide.") == []  # lower case: the verb


def test_fractions_of_numbers_and_scales():
    found = {
        q.text: (q.value, q.lo, q.hi)
        for q in find_quantities(
            "Half a dozen trucks, two and a half hours, about half a million euros, a quarter of a million fans."
        )
    }
    assert found["Half a dozen"][0] == 6
    assert found["two and a half"][0] == 2.5
    assert found["about half a million"] == (500_000, 450_000, 550_000)
    assert found["a quarter of a million"][0] == 250_000
    assert find_quantities("half the town voted") == []  # a fraction with no number or scale word is no figure


def test_a_time_keeps_the_zone_named_after_it():
    (t,) = find_times("the train arrived at 21:17 UTC on Friday")
    assert (t.text, t.minutes, t.zone) == ("21:17 UTC", 21 * 60 + 17, "UTC")
    (t,) = find_times("the alarm sounded at about 9:40 a.m. (GMT)")
    assert t.zone == "GMT" and (t.lo, t.hi) == (9 * 60 + 30, 9 * 60 + 50)
    (t,) = find_times("the train arrived at 1:17 a.m. local time")
    assert (t.text, t.zone) == ("1:17 a.m.", "")
    (t,) = find_times("the ferry sailed at 7 a.m. Estonian time")  # a zone kcheck does not name: none
    assert t.zone == ""


def test_four_digits_before_a_zone_are_a_time_and_no_year():
    # aviation and military copy write 24-hour times without a colon
    text = "the ship sent its last signal at 2246 UTC on 2 March"
    (t,) = find_times(text)
    assert (t.text, t.minutes, t.zone) == ("2246 UTC", 22 * 60 + 46, "UTC")
    assert [d.text for d in find_dates(text)] == ["2 March"]
    # a year stays a year; "hours" after four digits is as often a count of hours
    assert [d.lo for d in find_dates("In 1846 the town burned")] == ["1846-01-01"]
    assert find_times("the crew logged 1500 hours at sea") == []


def test_a_hedged_time_is_rounded_as_finely_as_it_is_stated():
    (t,) = find_times("the fire began at about 8:15 p.m.")
    assert (t.lo, t.hi) == (20 * 60, 20 * 60 + 30)  # a quarter hour
    (t,) = find_times("the fire began at about 8:50 p.m.")
    assert (t.lo, t.hi) == (20 * 60 + 40, 21 * 60)  # five minutes
    (t,) = find_times("the fire began at around 8:52 p.m.")
    assert (t.lo, t.hi) == (20 * 60 + 47, 20 * 60 + 57)  # the minute


def test_hedged_times_hold_a_span_on_one_side():
    (t,) = find_times("the roof fell in shortly before midnight")
    assert (t.lo, t.hi) == (-20, 0)
    (t,) = find_times("the train left shortly after 9 a.m.")
    assert (t.lo, t.hi) == (540, 560)


@pytest.mark.parametrize(
    "text, figure, aside",
    [
        ("the ferry left at 9:40 a.m., not at 10:15 a.m. as the port had said", "10:15", True),
        ("the ferry left at 9:40 a.m., not at 10:15 a.m. as the port had said", "9:40", False),
        ("the hall seats 1,200 people rather than 1,500", "1,500", True),
        ("the vote moved to 4 May instead of 6 May", "6 May", True),
        ("the school has not 300 pupils but 280", "300", False),  # no comma: not a correction set off
        ("nobody could say whether 40 or 50 had left", "50", False),
    ],
)
def test_a_value_corrected_away_is_set_aside(text, figure, aside):
    # the figure after ", not", "rather than" or "instead of" is the one that does not hold
    assert set_aside(text, text.index(figure)) is aside

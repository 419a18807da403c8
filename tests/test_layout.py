import pytest

from kcheck.layout import classify, furniture_reason, is_dateline, metadata, source_line

PAGE = """Monday, 4 March 2024 - 09:12 GMT
Menu
Sport
Weather
Climate

Floods force thousands from homes in the north

Heavy rain caused the Elbe to burst its banks on Sunday, and officials evacuated 4,000 residents from low-lying districts.

The regional charity said donations to its flood appeal had doubled since the weekend, while the army deployed 300 soldiers to reinforce dykes along the river over the following days.

Dear reader, we rely on your support. Please subscribe to keep our reporting free.
Share this article
"""


def kinds(text):
    return [(text[p.start : p.end], p.kind) for p in classify(text)]


def test_furniture_is_marked_and_article_text_is_not():
    k = dict(kinds(PAGE))
    assert k["Monday, 4 March 2024 - 09:12 GMT"] == "dateline"
    assert k["Menu"] == k["Sport"] == k["Weather"] == "furniture"
    assert k["Floods force thousands from homes in the north"] == "headline"
    assert k["Dear reader, we rely on your support. Please subscribe to keep our reporting free."] == "furniture"
    assert k["Share this article"] == "furniture"
    # a long news paragraph that happens to mention donations stays article text
    body = [t for t, kind in kinds(PAGE) if t.startswith("The regional charity")]
    assert k[body[0]] == "body"


def test_offsets_are_exact_with_crlf():
    text = PAGE.replace("\n", "\r\n")
    for p in classify(text):
        assert text[p.start : p.end] == text[p.start : p.end].strip()
        assert "\r" not in text[p.start : p.end] and "\n" not in text[p.start : p.end]


def test_other_script_and_reader_address():
    assert furniture_reason("अपडेट सबसे पहले") == "other script"
    assert furniture_reason("Sign up for our newsletter to get the latest news.") != ""
    assert furniture_reason("The minister said the bridge would reopen in May.") == ""
    # the outlet speaks of its own work; an author telling what they did is article text
    assert furniture_reason("We will update this article as we learn more.") == "outlet speaking of itself"
    assert furniture_reason("We flew our two helicopters over the lake for six hours.") == ""
    assert furniture_reason("I was there that night. We ran our two shelters alone, and our staff went unpaid.") == ""
    # "we" inside a quotation is somebody speaking, not the outlet
    assert furniture_reason('The mayor said: "We will rebuild every house, and we will do it fast."') == ""


@pytest.mark.parametrize(
    "sentence",
    [
        # a quotation that runs over two sentences: each sentence holds one of its marks only
        'Tom Orrin, 52, who coaches the under-19 side, told reporters: "Write what you like about us.',
        'We will be back next season, you will see."',
        "Tom Orrin told reporters: “Write what you like about us.",
        "We will be back next season, you will see.”",
    ],
)
def test_a_sentence_of_a_quotation_that_spans_sentences_addresses_no_reader(sentence):
    assert furniture_reason(sentence) == ""


def test_an_appeal_to_the_reader_outside_quotation_marks_is_still_furniture():
    assert furniture_reason("Tell us what you think in the comments.") == "addresses the reader"
    assert furniture_reason('Send us your photos, and tell us if you were there, "as soon as you can".') != ""


def test_dateline_detection():
    assert is_dateline("Sunday October 12, 2014 - 4:05 pm")
    assert is_dateline("Updated: 5 May 2022 14:03 BST")
    assert not is_dateline("On 5 May 2022 the parliament approved the budget after a long debate.")


def test_metadata_flags_a_dateline_older_than_the_events():
    text = "June 1, 2015\n\nStorm batters coast\n\nThe 2021 storm was the worst since records began.\n"
    paras = classify(text)
    meta = metadata(text, paras, {}, {})
    assert meta["published"] == "2015-06-01" and meta["published_from"] == "dateline"
    assert "doubtful" in meta["published_note"] and "2021" in meta["published_note"]
    assert meta["title"] == "Storm batters coast"


def test_metadata_says_when_no_date_is_found():
    text = "Storm batters coast\n\nThe storm was the worst since records began.\n"
    meta = metadata(text, classify(text), {}, {})
    assert meta["published"] is None and meta["published_note"] == "no publication date found"
    assert meta["outlet"] is None


def test_a_wire_dateline_opening_the_first_paragraph_dates_the_story():
    text = "Marathon record falls\n\nROTTERDAM, April 6, 2025 (Lowland News Agency) - Two runners broke the course record on Sunday.\n"
    meta = metadata(text, classify(text), {}, {})
    assert (meta["published"], meta["published_from"]) == ("2025-04-06", "dateline")
    # the dateline is set apart, so its date never becomes part of the first claim
    assert [k for t, k in kinds(text) if k in {"dateline", "body"}] == ["dateline", "body"]
    assert dict(kinds(text))["Two runners broke the course record on Sunday."] == "body"
    # a sentence that merely starts with a date-like phrase is not a dateline
    text = "Marathon record falls\n\nHowever, in 2020 - the year of the lockdowns - the marathon was cancelled.\n"
    assert metadata(text, classify(text), {}, {})["published"] is None


def test_a_wire_dateline_without_a_year_is_set_apart_but_dates_nothing():
    # "Feb 7 (Agency) -": the agency and the dash make it a dateline; it gives no year
    text = "Ferry resumes\n\nKALMAR, Feb 7 (Baltic Wire) - The island ferry sailed again on Friday.\n"
    assert dict(kinds(text))["The island ferry sailed again on Friday."] == "body"
    assert metadata(text, classify(text), {}, {})["published"] is None
    # without the agency, a place and a day before a dash may open a sentence of the body
    text = "Ferry resumes\n\nKALMAR, Feb 7 - The island ferry sailed again on Friday.\n"
    assert "The island ferry sailed again on Friday." not in dict(kinds(text))


def test_a_leading_source_line_gives_outlet_and_address_not_the_title():
    text = (
        "Source: The Marsh Gazette - https://gazette.example/news/lantern-festival\n\n"
        "Lantern festival draws record crowd to marsh town\n\n"
        "Nine thousand visitors came to the lantern festival on Saturday, the organisers said.\n"
    )
    paras = classify(text)
    assert [p.kind for p in paras][:2] == ["source", "headline"] and paras[0].boilerplate
    meta = metadata(text, paras, {}, {})
    assert meta["title"] == "Lantern festival draws record crowd to marsh town"
    assert meta["outlet"] == "The Marsh Gazette"
    assert meta["url"] == "https://gazette.example/news/lantern-festival"


@pytest.mark.parametrize(
    "head, outlet, url",
    [
        ("URL: https://www.gazette.example/a/b?id=7", "gazette.example", "https://www.gazette.example/a/b?id=7"),
        ("<https://gazette.example/story>", "gazette.example", "https://gazette.example/story"),
        (
            "Source: The Marsh Gazette (https://gazette.example/story).",
            "The Marsh Gazette",
            "https://gazette.example/story",
        ),
        ("Source: The Marsh Gazette", "The Marsh Gazette", None),
    ],
)
def test_source_line_forms(head, outlet, url):
    text = f"{head}\n\nLantern festival draws record crowd\n\nNine thousand visitors came on Saturday.\n"
    meta = metadata(text, classify(text), {}, {})
    assert (meta["outlet"], meta["url"], meta["title"]) == (outlet, url, "Lantern festival draws record crowd")


def test_a_source_line_later_in_the_text_or_a_sentence_is_not_metadata():
    assert source_line("Source: officials said the bridge had been closed to lorries for weeks.") is None
    assert source_line("See https://gazette.example for more.") is None
    text = (
        "Lantern festival draws record crowd\n\nNine thousand visitors came on Saturday.\n\nSource: The Marsh Gazette\n"
    )
    assert "source" not in [p.kind for p in classify(text)]


def test_a_page_address_is_kept_only_when_it_is_one():
    text = "Lantern festival draws record crowd\n\nNine thousand visitors came on Saturday.\n"
    assert (
        metadata(text, classify(text), {}, {"url": "https://gazette.example/a"})["url"] == "https://gazette.example/a"
    )
    assert metadata(text, classify(text), {}, {"url": "javascript:alert(1)"})["url"] is None


def test_a_deadline_after_the_date_is_not_doubt():
    """18.10: a year the text looks forward to ("by the end of 2030") marked a 2024 story's date
    doubtful; only years the text reports count against it."""
    from kcheck.layout import classify, metadata

    def note(body: str):
        text = "---\ndate: 2024-05-02\n---\n" + body
        end = text.index("---\n", 4) + 4
        return metadata(text, classify(text, end), {"date": "2024-05-02"}, {})["published_note"]

    ahead = [
        "The ministry said the new rail line will open by the end of 2030.",
        "The port has a target of zero emissions for 2035, officials said.",
        "The lease runs until 2029 under the agreement signed in March.",
        "Engineers expect the tunnel to be finished in 2027.",
    ]
    for sentence in ahead:
        assert note(f"Harbour plans\n\nThe council met on Tuesday. {sentence}\n") is None, sentence
    assert note("Harbour review\n\nThe old bridge collapsed in 2026 after years of neglect.\n").startswith(
        "doubtful: the text mentions 2026"
    )


def test_a_fact_box_is_no_menu_but_a_row_of_links_still_is():
    text = "Quake at a glance\n\nMagnitude: 6.1\nDepth: 12 km\nDeaths: 14\n\nHome\nNews\nSport\nWeather\n"
    kinds = {text[p.start : p.end]: (p.kind, p.reason) for p in classify(text)}
    assert all(kinds[line][0] != "furniture" for line in ("Magnitude: 6.1", "Depth: 12 km", "Deaths: 14"))
    assert all(kinds[line] == ("furniture", "menu") for line in ("Home", "News", "Sport", "Weather"))

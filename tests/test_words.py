"""The word lists kept as data: each says why it exists, and each is used."""

import pathlib
import re

from kcheck import words

KCHECK = pathlib.Path(__file__).resolve().parent.parent / "kcheck"


def test_every_list_says_why_and_has_entries():
    for name in words.names():
        assert words.why(name), name
        assert words.words(name), name


def test_every_list_is_read_by_the_code():
    code = "\n".join(p.read_text() for p in KCHECK.rglob("*.py"))
    unused = [n for n in words.names() if not re.search(rf"""\(["']{n}["']\)""", code)]
    assert unused == []


def test_maps_and_pairs():
    assert words.mapping("unit_aliases")["km"] == "kilometre"
    assert frozenset({"convict", "acquit"}) in words.pairs("contrary_outcomes")


def test_british_and_american_spellings_share_a_stem():
    from kcheck.normalize import stem

    for british, american in [
        ("defence", "defense"),
        ("labourers", "laborers"),
        ("honoured", "honored"),
        ("centres", "centers"),
        ("kilometre", "kilometer"),
        ("licence", "license"),
        ("theatre", "theater"),
    ]:
        assert stem(british) == stem(american), british
    # words that only end like a British spelling keep their own stem
    assert stem("hour") != stem("hor") and stem("four") == "four" and stem("detour") == "detour"

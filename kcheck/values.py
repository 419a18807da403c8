"""Quantities as comparable values (pure Python, no spaCy): numbers in digits and words, with
their hedges as ranges ("at least three" is [3, inf), "about 80" is [72, 88]), and speeds
written after a number. Dates and times of day are in kcheck.dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
NUMBER_WORDS.update(
    {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
)
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
# "$1.8bn", "£0.45m", "$2.5mn"; wire copy's "mln" and "bln" are written apart, like the words ("$420 mln")
SHORT_SCALES = {
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "k": 1_000,
    "mln": 1_000_000,
    "bln": 1_000_000_000,
}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}

# hedge -> (low factor, high factor) applied to the stated value; None means unbounded
HEDGES = [
    ("no fewer than", (1.0, None)),
    ("no less than", (1.0, None)),
    ("at least", (1.0, None)),
    ("more than", (1.0, None)),
    ("over", (1.0, None)),
    ("upwards of", (1.0, None)),
    ("in excess of", (1.0, None)),
    ("exceeding", (1.0, None)),
    ("fewer than", (0.0, 1.0)),
    ("less than", (0.0, 1.0)),
    ("under", (0.0, 1.0)),
    ("at most", (0.0, 1.0)),
    ("up to", (0.0, 1.0)),
    ("no more than", (0.0, 1.0)),
    ("nearly", (0.85, 1.0)),
    ("almost", (0.85, 1.0)),
    ("just under", (0.9, 1.0)),
    ("about", (0.9, 1.1)),
    ("around", (0.9, 1.1)),
    ("approximately", (0.9, 1.1)),
    ("roughly", (0.9, 1.1)),
    ("some", (0.9, 1.1)),
    ("an estimated", (0.85, 1.15)),
    ("just over", (1.0, 1.1)),
    ("only", (1.0, 1.0)),
    ("exactly", (1.0, 1.0)),
    ("several", (3.0, 9.0)),
]
ROUNDING = 0.02  # a bare figure may be rounded: 2% either way still agrees

_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


# --- numbers --------------------------------------------------------------------------


def parse_number(s: str) -> float | None:
    """'72', '1,200', '3.5', 'seventy-two', 'two thousand', 'a third' -> a number."""
    s = s.strip().lower().replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    words = re.split(r"[\s-]+", s)
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in {"and", "a", "an"}:
            continue
        if w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
            seen = True
        elif w in SCALES:
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif w in FRACTIONS or w.rstrip("s") in FRACTIONS:
            current = (current or 1) * FRACTIONS.get(w, FRACTIONS.get(w.rstrip("s"), 1))
            seen = True
        else:
            try:
                current += float(w)
                seen = True
            except ValueError:
                return None
    return total + current if seen else None


def hedge_range(value: float, hedge: str, exact_rounding: float = ROUNDING) -> tuple[float, float | None]:
    for h, (lo, hi) in HEDGES:
        if hedge == h:
            if h == "several":
                return lo, hi
            return value * lo, (value * hi if hi is not None else None)
    return value * (1 - exact_rounding), value * (1 + exact_rounding)


_QUANTITY = re.compile(
    r"(?P<hedge>\b(?:" + "|".join(sorted({re.escape(h) for h, _ in HEDGES}, key=len, reverse=True)) + r")\s+)?"
    r"(?P<num>(?:[$€£]\s?)?\d(?:[\d,]*\d)?(?:\.\d+)?|\b(?:(?:"
    + "|".join(sorted(list(NUMBER_WORDS) + list(SCALES), key=len, reverse=True))
    + r")\b(?:[\s-]+(?:and\s+)?)?)+)"
    r"(?P<scale>\s*(?:million|billion|thousand|trillion|hundred|mln|bln)\b|(?:mn|m|bn|k)\b)?"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b)|p\b)?",
    re.I,
)


# "two and a half hours", "half a dozen", "a quarter of a million": a whole number and a fraction,
# or a fraction of a scale word; each needs the fraction word and either the whole or the scale
_FRACTIONAL = re.compile(
    r"(?P<hedge>\b(?:" + "|".join(sorted({re.escape(h) for h, _ in HEDGES}, key=len, reverse=True)) + r")\s+)?"
    r"\b(?:(?P<whole>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")[\s-]+and[\s-]+(?:a|one)[\s-]+"
    r"(?P<frac1>half|quarter|third)(?:\s+(?P<scale1>dozen|hundred|thousand|million|billion)\b)?"
    r"|(?:(?:a|one)\s+)?(?P<frac2>half|quarter|third)\s+(?:of\s+)?(?:a|an|one)\s+"
    r"(?P<scale2>dozen|hundred|thousand|million|billion)\b)",
    re.I,
)
_NUMBER_WORDS = set(NUMBER_WORDS) | set(SCALES) | {w + "s" for w in SCALES}
# "dozens", "thousands": at least two of them, with no stated upper bound
_VAGUE_PLURAL = re.compile(r"\b(?P<scale>" + "|".join(w + "s" for w in SCALES) + r")\b", re.I)
_JOINER_AFTER = re.compile(r"[\s-]+$")  # what the pattern lets follow a number word ("six-")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_DESIGNATOR_PREFIX = re.compile(r"[^\W\d_]-?$")


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    lo: float
    hi: float | None
    unit: str  # "%" or the counted noun, filled in by the caller when the parse gives one

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None}


def find_quantities(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers with their hedges. Spans in `skip` (dates found already) are left alone."""
    out: list[Quantity] = []
    if _DIGIT.search(text) is None and _NUMBER_WORDS.isdisjoint(_WORD.findall(text.lower())):
        return out  # the pattern below tries every position; most claims hold no number
    for m in _FRACTIONAL.finditer(text):
        s, e = m.start(), m.end()
        if any(not (e <= a or s >= b) for a, b in skip):
            continue
        whole = m.group("whole") or ""
        base = float(NUMBER_WORDS.get(whole.lower(), 0) if not whole.isdigit() else whole)
        told = (base + FRACTIONS[(m.group("frac1") or m.group("frac2")).lower()]) * SCALES.get(
            (m.group("scale1") or m.group("scale2") or "").lower(), 1
        )
        lo, hi = hedge_range(told, (m.group("hedge") or "").strip().lower())
        out.append(Quantity(text[s:e], s, e, told, lo, hi, ""))
    skip = [*skip, *((q.start, q.end) for q in out)]
    for m in _QUANTITY.finditer(text):
        num = m.group("num").strip(" -")
        if not num or num.lower() in {"a", "an", "and"}:
            continue
        if num[-1].isdigit() and (
            _ORDINAL_SUFFIX.match(text, m.start("num") + len(num))
            or num[0].isdigit()
            and _DESIGNATOR_PREFIX.search(text, 0, m.start("num"))
        ):
            continue  # "the 41st Signal Battalion", "21st century", "COVID-19", "F-16": names and ranks, not counts
        s = m.start("hedge") if m.group("hedge") else m.start("num")
        e = m.end()
        if any(not (e <= a or s >= b) for a, b in skip):
            continue
        value = parse_number(num.lstrip("$€£ "))
        if value is None:
            continue
        told_unit = (m.group("unit") or "").strip().lower()
        unit = "penny" if told_unit == "p" else "%" if told_unit else ""  # "275p": pence
        if m.group("scale"):
            short = m.group("scale").strip().lower()
            if short == "m" and not re.match(r"[$€£]", num):
                unit = "metre"  # "40m" without a currency is forty metres, not forty million
            else:
                value *= SCALES.get(short) or SHORT_SCALES[short]
        hedge = (m.group("hedge") or "").strip().lower()
        lo, hi = hedge_range(value, hedge)
        # a number word's span ends at its last word: the hyphen of "six-foot" joins a compound,
        # and is no part of the figure
        said = _JOINER_AFTER.sub("", text[s:e])
        out.append(Quantity(said.strip(), s, s + len(said), value, lo, hi, unit))
    for m in _VAGUE_PLURAL.finditer(text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in [*skip, *((q.start, q.end) for q in out)]):
            continue
        least = 2.0 * SCALES[m.group("scale").lower()[:-1]]
        out.append(Quantity(m.group(0), m.start(), m.end(), least, least, None, ""))
    out.sort(key=lambda q: q.start)
    return out


# what sets a value aside as the one that does not hold: "at 9:40, not at 10:15 as the port
# had said", "150 people rather than 160", "on 4 May instead of 6 May"
_SET_ASIDE = re.compile(
    r"(?:(?:^|[,;(\u2013\u2014]\s*)not|\brather\s+than|\binstead\s+of)"
    r"\s+(?:(?:at|on|in|by|from|to|for|the|some|about|around|nearly|almost|over|under)\s+){0,3}$",
    re.I,
)


def set_aside(text: str, start: int) -> bool:
    """The value starting at `start` is the one the sentence says does not hold: a figure
    corrected away ("left at 9:40, not at 10:15") or put aside ("150 rather than 160"). It is
    no value the sentence states."""
    return _SET_ASIDE.search(text, max(0, start - 60), start) is not None


def ranges_overlap(a_lo: float, a_hi: float | None, b_lo: float, b_hi: float | None) -> bool:
    a_hi = float("inf") if a_hi is None else a_hi
    b_hi = float("inf") if b_hi is None else b_hi
    return a_lo <= b_hi and b_lo <= a_hi


_RATE = re.compile(
    r"\s*(?:(?P<km>km/h|kmh|kph|km\s+(?:per|an|a)\s+hour|kilomet(?:re|er)s?\s+(?:per|an|a)\s+hour)"
    r"|(?P<mi>mph|miles?\s+(?:per|an|a)\s+hour))\b",
    re.I,
)


def rate_unit(text: str, pos: int) -> str | None:
    """A speed written right after a number at `pos`: 'km/h' or 'mph' ("190 kilometres per
    hour", "120 miles an hour"); the parse reads only the distance."""
    found = rate_at(text, pos)
    return found[0] if found else None


def rate_at(text: str, pos: int) -> tuple[str, int] | None:
    """The speed unit written right after `pos` and where it ends ("km/h", "mph")."""
    m = _RATE.match(text, pos)
    return None if not m else ("km/h" if m.group("km") else "mph", m.end())


# a temperature's scale right after its number: "40 degrees Celsius", "104°F", "-5 C", "40C"
_TEMPERATURE = re.compile(
    r"(?:\s*[°º]\s*|\s+degrees?\s+|\s*deg\.?\s*)(?:(?P<c>[Cc]elsius|[Cc]entigrade|C)|(?P<f>[Ff]ahrenheit|F))\b"
    r"|(?:(?P<c2>C)|(?P<f2>F))\b"
)


def temperature_at(text: str, pos: int) -> str | None:
    """'celsius' or 'fahrenheit' when a temperature scale is written right after `pos`; a bare
    "C" or "F" only straight after the number ("40C"), never after a space ("40 F-16 jets")."""
    m = _TEMPERATURE.match(text, pos)
    if m is None:
        return None
    return "celsius" if m.group("c") or m.group("c2") else "fahrenheit"

"""Dates, durations and quantities as comparable values (pure Python, no spaCy).

Every value keeps its precision: "2020" is the whole year, "August 2020" the month,
"19–20 September" a range of days whose year is unknown until it is anchored to the
source's publication date. Quantities become ranges from their hedges: "at least
three" is [3, inf), "about 80" is [80 - tolerance, 80 + tolerance].
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"\s*(?:-|–|—|to|and)\s*"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>1[5-9]\d\d|20\d\d)"

_M, _D = "month", "digit"  # what a pattern cannot match without: a month name, a digit
# (pattern, what it needs), tried in this order; find_dates skips a pattern whose needs the text lacks
DATE_PATTERNS = [
    # 19–20 September 2023 / 19-20 September
    (
        re.compile(
            rf"\b{_DAY.format('d1')}{_DASH}{_DAY.format('d2')}\s+{_MONTH.format('m')}(?:,?\s+{_YEAR.format('y')})?\b",
            re.I,
        ),
        {_M, _D},
    ),
    # September 19-20, 2023
    (
        re.compile(
            rf"\b{_MONTH.format('m')}\s+{_DAY.format('d1')}{_DASH}{_DAY.format('d2')}(?:,?\s+{_YEAR.format('y')})?\b",
            re.I,
        ),
        {_M, _D},
    ),
    # 1 January 2024 / 28 September
    (
        re.compile(rf"\b{_DAY.format('d1')}\s+(?:of\s+)?{_MONTH.format('m')}(?:,?\s+{_YEAR.format('y')})?\b", re.I),
        {_M, _D},
    ),
    # January 1, 2024 / May 29 2024 / June 29
    (re.compile(rf"\b{_MONTH.format('m')}\s+{_DAY.format('d1')}(?!\d)(?:,?\s+{_YEAR.format('y')})?\b", re.I), {_M, _D}),
    # 2024-03-01
    (re.compile(r"\b(?P<y>\d{4})-(?P<mn>[01]\d)-(?P<d1>[0-3]\d)\b"), {_D}),
    # August 2020 / early October 2023 / early October
    (
        re.compile(
            rf"\b(?P<part>early|mid|late|end of|beginning of)?-?\s*{_MONTH.format('m')}(?:\s+(?:of\s+)?{_YEAR.format('y')})?\b",
            re.I,
        ),
        {_M},
    ),
    # 1990s
    (re.compile(r"\b(?P<decade>1[5-9]\d0|20\d0)s\b"), {_D}),
    # 2020, 1991 (also "2020–2023")
    (re.compile(rf"\b{_YEAR.format('y')}(?:{_DASH}{_YEAR.format('y2')})?\b"), {_D}),
]

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
SHORT_SCALES = {"m": 1_000_000, "bn": 1_000_000_000, "k": 1_000}  # "$1.8bn", "£0.45m"
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


@dataclass(frozen=True)
class DateValue:
    text: str
    start: int  # offsets inside the string the value was found in
    end: int
    kind: str  # "date" (an interval of days), "duration" (years), "relative" (weekday or "last week")
    lo: str | None = None  # ISO date, or None when the year is unknown
    hi: str | None = None
    precision: str = ""  # "day", "month", "year", "decade"
    month: int | None = None  # kept for dates without a year, anchored later
    day_lo: int | None = None
    day_hi: int | None = None
    years_lo: float | None = None  # durations
    years_hi: float | None = None
    weekday: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None and v != ""}


# the words before a capitalized "May" or "March" that make it the month ("in May", "since March")
_TIME_PREPOSITION = re.compile(
    r"\b(?:in|since|until|till|by|from|during|through|last|next|this|early|late|mid-?)\s*$", re.I
)


def _date_from_match(m: re.Match, text: str) -> DateValue | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    s, e = m.span()
    s += len(m.group(0)) - len(m.group(0).lstrip(" -"))
    before = text[: m.start("m")] if "m" in g else ""
    text = text[s:e]
    if "decade" in g:
        y = int(g["decade"])
        return DateValue(text, s, e, "date", date(y, 1, 1).isoformat(), date(y + 9, 12, 31).isoformat(), "decade")
    month = MONTHS.get(g["m"].lower().rstrip(".")) if "m" in g else (int(g["mn"]) if "mn" in g else None)
    if (
        "m" in g
        and g["m"].lower() in {"may", "march", "mar", "jan", "sat", "sun"}
        and "d1" not in g
        and "y" not in g
        and not (g["m"][0].isupper() and _TIME_PREPOSITION.search(before))
    ):
        return None  # "may" and friends alone are far more often words than months, except "in May"
    year = int(g["y"]) if "y" in g else None
    if month is None:
        if year is None:
            return None
        y2 = int(g.get("y2") or year)
        if y2 < year:
            return None
        return DateValue(text, s, e, "date", date(year, 1, 1).isoformat(), date(y2, 12, 31).isoformat(), "year")
    if "d1" in g:
        d1 = int(g["d1"])
        d2 = int(g.get("d2") or d1)
        if not (1 <= d1 <= 31 and d1 <= d2 <= 31):
            return None
        if year is None:
            return DateValue(text, s, e, "date", precision="day", month=month, day_lo=d1, day_hi=d2)
        last = calendar.monthrange(year, month)[1]
        if d2 > last:
            return None
        return DateValue(
            text, s, e, "date", date(year, month, d1).isoformat(), date(year, month, d2).isoformat(), "day"
        )
    # a month, perhaps with "early"/"late"
    part = (g.get("part") or "").lower()
    lo_day, hi_day = {
        "early": (1, 10),
        "beginning of": (1, 10),
        "mid": (10, 20),
        "late": (20, 31),
        "end of": (20, 31),
    }.get(part, (1, 31))
    if year is None:
        return DateValue(text, s, e, "date", precision="month", month=month, day_lo=lo_day, day_hi=hi_day)
    last = calendar.monthrange(year, month)[1]
    return DateValue(
        text,
        s,
        e,
        "date",
        date(year, month, min(lo_day, last)).isoformat(),
        date(year, month, min(hi_day, last)).isoformat(),
        "month",
    )


_DURATION = re.compile(
    r"\b(?P<hedge>more than|over|nearly|almost|about|around|some|at least|less than|under)?\s*"
    r"(?P<n>\d+(?:\.\d+)?|[a-z]+(?:[- ][a-z]+)?)[- ](?P<unit>decades?|years?)(?:[- ]old|[- ]long)?\b",
    re.I,
)
_AGO = re.compile(r"\s+ago\b", re.I)
_BARE_DECADES = re.compile(r"\b(?:for|over)\s+(?P<unit>decades|centuries)\b", re.I)
_RELATIVE = re.compile(
    r"\b(?:on\s+|last\s+|this\s+|next\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<rel>yesterday|today|tomorrow|last week|last month|last year|this year|last spring|last summer|last autumn|last fall|last winter)\b",
    re.I,
)

_RELATIVE_WORDS = set(WEEKDAYS) | {"yesterday", "today", "tomorrow", "last", "this"}
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[DateValue]:
    """Absolute dates, durations and relative dates in a string, non-overlapping, in order."""
    found: list[DateValue] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    # most claims hold no date: cheap tests first, so that each pattern runs only where it could match
    low = text.lower()
    words = set(_WORD.findall(low))
    has = {_M} if not words.isdisjoint(MONTHS) else set()
    if _DIGIT.search(text) is not None:
        has.add(_D)
    for pat, needs in DATE_PATTERNS:
        if not needs <= has:
            continue
        for m in pat.finditer(text):
            if not free(*m.span()):
                continue
            v = _date_from_match(m, text)
            if v:
                found.append(v)
                taken.append(m.span())
    for m in _DURATION.finditer(text) if "year" in low or "decade" in low else ():
        if not free(*m.span()):
            continue
        n, first = parse_number(m.group("n")), m.start("n") if not m.group("hedge") else m.start("hedge")
        if n is None and not m.group("hedge") and re.search(r"[- ]", m.group("n")):
            # "closed nine years ago": the pattern's two-word number took the verb in too
            last = re.split(r"[- ]", m.group("n"))[-1]
            n, first = parse_number(last), m.end("n") - len(last)
        if n is None:
            continue
        years = n * (10 if m.group("unit").lower().startswith("decade") else 1)
        lo, hi = hedge_range(years, (m.group("hedge") or "").lower(), exact_rounding=0.0)
        ago = _AGO.match(text, m.end())
        if ago:  # "ten years ago": a year counted back from the publication date
            found.append(
                DateValue(
                    text[first : ago.end()], first, ago.end(), "relative", precision="year", years_lo=lo, years_hi=hi
                )
            )
            taken.append((first, ago.end()))
            continue
        found.append(
            DateValue(
                text[first : m.end()].strip(), first, m.end(), "duration", precision="year", years_lo=lo, years_hi=hi
            )
        )
        taken.append((first, m.end()))
    for m in _BARE_DECADES.finditer(text) if "decades" in low or "centuries" in low else ():
        if free(*m.span()):
            unit = m.group("unit").lower()
            lo = 20.0 if unit == "decades" else 200.0
            found.append(
                DateValue(m.group(0), m.start(), m.end(), "duration", precision="year", years_lo=lo, years_hi=None)
            )
            taken.append(m.span())
    for m in _RELATIVE.finditer(text) if not words.isdisjoint(_RELATIVE_WORDS) else ():
        if free(*m.span()):
            wd = m.group("wd")
            found.append(
                DateValue(
                    m.group(0),
                    m.start(),
                    m.end(),
                    "relative",
                    weekday=WEEKDAYS[wd.lower()] if wd else None,
                    precision="day" if wd else "relative",
                )
            )
            taken.append(m.span())
    found.sort(key=lambda v: v.start)
    return found


def anchor(value: dict, published: str | None) -> dict:
    """Give a year-less date or a weekday a year/day from the publication date, if known."""
    if not published:
        return value
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return value
    v = dict(value)
    if v.get("kind") == "date" and v.get("lo") is None and v.get("month"):
        year = pub.year if v["month"] <= pub.month else pub.year - 1
        last = calendar.monthrange(year, v["month"])[1]
        v["lo"] = date(year, v["month"], min(v.get("day_lo", 1), last)).isoformat()
        v["hi"] = date(year, v["month"], min(v.get("day_hi", last), last)).isoformat()
        v["anchored"] = True
    elif v.get("kind") == "relative" and v.get("years_lo") is not None:
        first = pub.year - round(v["years_hi"]) if v.get("years_hi") is not None else 1  # "more than 20 years ago"
        v["lo"] = date(max(1, first), 1, 1).isoformat()
        v["hi"] = date(pub.year - round(v["years_lo"]), 12, 31).isoformat()
        v["anchored"] = True
    elif v.get("kind") == "relative" and v.get("weekday") is not None:
        back = (pub.weekday() - v["weekday"]) % 7
        d = pub - timedelta(days=back)
        v["lo"] = v["hi"] = d.isoformat()
        v["anchored"] = True
    return v


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
    r"(?P<scale>\s*(?:million|billion|thousand|trillion|hundred)\b|(?:m|bn|k)\b)?"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b))?",
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
        unit = "%" if m.group("unit") else ""
        if m.group("scale"):
            short = m.group("scale").strip().lower()
            if short == "m" and not re.match(r"[$€£]", num):
                unit = "metre"  # "40m" without a currency is forty metres, not forty million
            else:
                value *= SCALES.get(short) or SHORT_SCALES[short]
        hedge = (m.group("hedge") or "").strip().lower()
        lo, hi = hedge_range(value, hedge)
        out.append(Quantity(text[s:e].strip(), s, s + len(text[s:e].rstrip()), value, lo, hi, unit))
    for m in _VAGUE_PLURAL.finditer(text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in [*skip, *((q.start, q.end) for q in out)]):
            continue
        least = 2.0 * SCALES[m.group("scale").lower()[:-1]]
        out.append(Quantity(m.group(0), m.start(), m.end(), least, least, None, ""))
    out.sort(key=lambda q: q.start)
    return out


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


# --- times of day ---------------------------------------------------------------------

_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
# (pattern, what it needs), tried in this order, like the date patterns above
TIME_PATTERNS = [
    # 6:15 a.m. / 5.48am / 11:48 p.m.
    (re.compile(rf"\b(?P<h>[01]?\d)[:.](?P<m>[0-5]\d)\s?{_AMPM}", re.I), {_D}),
    # 7 a.m. / 9pm
    (re.compile(rf"\b(?P<h>[01]?\d)\s?{_AMPM}", re.I), {_D}),
    # 23:40, 05:48 (24-hour, a colon only: "7.42" is a number)
    (re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b(?!\s?[ap]\.?\s?m\b)(?![:.]\d)", re.I), {_D}),
    # three o'clock
    (
        re.compile(
            r"\b(?P<hw>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+o['’]clock\b", re.I
        ),
        set(),
    ),
    # noon, midnight
    (re.compile(r"\b(?P<word>noon|midday|midnight)\b", re.I), set()),
]
TIME_HEDGES = {
    "about": 15,
    "around": 15,
    "approximately": 15,
    "roughly": 15,
    "some": 15,
    "shortly after": 20,
    "just after": 15,
    "just before": 15,
    "shortly before": 20,
}
_TIME_HEDGE = re.compile(
    r"\b(?P<hedge>" + "|".join(sorted(map(re.escape, TIME_HEDGES), key=len, reverse=True)) + r")\s+(?:at\s+)?$", re.I
)


@dataclass(frozen=True)
class TimeOfDay:
    text: str
    start: int
    end: int
    lo: int  # minutes after midnight
    hi: int
    minutes: int  # as stated

    def as_dict(self) -> dict:
        return vars(self).copy()


def find_times(text: str) -> list[TimeOfDay]:
    """Times of day with their hedges ("at about 6:15 a.m." -> 6:00-6:30, "23:40" -> 23:40),
    non-overlapping, in order. A bare "7.42" is a number, not a time; 24-hour times need a colon."""
    found: list[TimeOfDay] = []
    has = {_D} if _DIGIT.search(text) else set()
    low = text.lower()
    if not has and not any(w in low for w in ("o'clock", "o’clock", "noon", "midday", "midnight")):
        return found
    for pat, needs in TIME_PATTERNS:
        if not needs <= has:
            continue
        for m in pat.finditer(text):
            if any(m.start() < t.end and t.start < m.end() for t in found):
                continue
            g = m.groupdict()
            if g.get("word"):
                minutes = 0 if g["word"].lower() == "midnight" else 12 * 60
            else:
                h = parse_number(g["h"] if g.get("h") else g["hw"])
                if h is None or h > 23:
                    continue
                h = int(h)
                if g.get("ampm"):
                    if h == 0 or h > 12:
                        continue
                    h = h % 12 + (12 if g["ampm"].lower() == "p" else 0)
                minutes = h * 60 + int(g.get("m") or 0)
            start = m.start()
            hedge = _TIME_HEDGE.search(text, 0, start)
            slack = 0
            if hedge:
                slack, start = TIME_HEDGES[hedge.group("hedge").lower()], hedge.start()
                if hedge.group("hedge").lower().endswith("after"):
                    lo, hi = minutes, minutes + slack
                elif hedge.group("hedge").lower().endswith("before"):
                    lo, hi = minutes - slack, minutes
                else:
                    lo, hi = minutes - slack, minutes + slack
            else:
                lo = hi = minutes
            found.append(TimeOfDay(text[start : m.end()], start, m.end(), lo, hi, minutes))
    found.sort(key=lambda t: t.start)
    return found

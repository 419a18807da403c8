"""Dates, durations and times of day as comparable values (pure Python, no spaCy).

Every value keeps its precision: "2020" is the whole year, "August 2020" the month,
"19–20 September" a range of days whose year is unknown until it is anchored to the
source's publication date; "at about 6:15 a.m." is 6:00-6:30.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from kcheck.values import _DIGIT, _WORD, hedge_range, parse_number

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = r"(?P<{0}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"\s*(?:-|–|—|to|and)\s*"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>1[5-9]\d\d|20\d\d)"
# time zones a time of day may name right after it ("21:17 UTC"); see find_times
ZONES = "UTC GMT CET CEST EET EEST WET WEST BST IST EST EDT CST CDT MST MDT PST PDT".split()
# what makes four digits a 24-hour time, not a year: a zone right after ("1812 UTC"); "1500 hours"
# is as often a count of hours as a time
_CLOCK_AFTER = r"\s?(?:" + "|".join(ZONES) + r")\b"

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
    (re.compile(rf"\b{_YEAR.format('y')}(?:{_DASH}{_YEAR.format('y2')})?\b(?!{_CLOCK_AFTER})"), {_D}),
]


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
    r"|\b(?P<rel>yesterday|today|tomorrow|tonight|this morning|this afternoon|this evening|last night|last week|"
    r"last month|last year|this year|last spring|last summer|last autumn|last fall|last winter)\b",
    re.I,
)

_RELATIVE_WORDS = set(WEEKDAYS) | {"yesterday", "today", "tomorrow", "tonight", "last", "this"}
# the days a word counts from the publication date: (first, last); "last night" may run past
# midnight into the publication day, and "tonight" into the next
DAYS_FROM_PUBLICATION = {
    "today": (0, 0),
    "this morning": (0, 0),
    "this afternoon": (0, 0),
    "this evening": (0, 0),
    "tonight": (0, 1),
    "yesterday": (-1, -1),
    "last night": (-1, 0),
    "tomorrow": (1, 1),
}


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
                    precision="day" if wd or m.group(0).lower() in DAYS_FROM_PUBLICATION else "relative",
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
    elif v.get("kind") == "relative" and (days := DAYS_FROM_PUBLICATION.get(v["text"].lower())) is not None:
        v["lo"], v["hi"] = (pub + timedelta(days=days[0])).isoformat(), (pub + timedelta(days=days[1])).isoformat()
        v["anchored"] = True
    elif v.get("kind") == "relative" and v.get("weekday") is not None:
        back = (pub.weekday() - v["weekday"]) % 7
        word = v["text"].lower().split()[0]
        if word == "last" and back == 0:
            back = 7  # "last Tuesday", written on a Tuesday, is a week ago
        elif word == "next":
            back = -((v["weekday"] - pub.weekday()) % 7 or 7)  # "next Friday" is ahead
        d = pub - timedelta(days=back)
        v["lo"] = v["hi"] = d.isoformat()
        v["anchored"] = True
    return v


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
    # 0400 UTC, 1812 GMT: four digits, 24-hour, only with a zone after them
    (re.compile(rf"\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?={_CLOCK_AFTER})"), {_D}),
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


# a time zone named right after a time: "21:17 UTC", "9:40 a.m. GMT", "at 14:05 CET". A
# time with none is the local time of the place reported on, whatever the outlet's own zone.
_ZONE = re.compile(r"\s?(?:\(\s*)?(?P<zone>" + "|".join(ZONES) + r")\b\)?")


@dataclass(frozen=True)
class TimeOfDay:
    text: str
    start: int
    end: int
    lo: int  # minutes after midnight
    hi: int
    minutes: int  # as stated
    zone: str = ""  # the time zone named right after it ("UTC"); none is the place's own time

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
                    # "about 8:15" may be 8:00 to 8:30, but "about 9:35" is not 9:24: a time
                    # stated to five minutes, or to the minute, is rounded less
                    slack = min(slack, 15 if minutes % 15 == 0 else 10 if minutes % 5 == 0 else 5)
                    lo, hi = minutes - slack, minutes + slack
            else:
                lo = hi = minutes
            end, zone = m.end(), ""
            if named := _ZONE.match(text, end):
                end, zone = named.end("zone"), named.group("zone")
            found.append(TimeOfDay(text[start:end], start, end, lo, hi, minutes, zone))
    found.sort(key=lambda t: t.start)
    return found

"""Numbers: two counts or measurements of the same thing that cannot both hold.

"The quake killed at least 120 people" and "killed 45 people" conflict; "about 80" and "82"
do not (hedges and rounding give ranges, see kcheck.values). A count is compared only with a
count of the same thing: the people the same thing happened to ("31 were hurt" / "the number
of injured rose to 31" / "thirty-one spectators were injured"), or the same counted noun with nothing that
sets them apart; a physical reading (190 km/h, 3 km) in the same unit is one reading whatever
the words. Units are converted first (120 mph is about 193 km/h).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date

from kcheck.compare.model import Conflict, Judging, Node
from kcheck.compare.rules.base import VALUE_PREFIX, Pair, Rule
from kcheck.derive import PRESENCE_VERBS
from kcheck.frame import PRESENCE, Frame, Quantity, measure_label
from kcheck.lexicon import counts_people, is_word, names_event, same_act
from kcheck.names import same_name
from kcheck.normalize import stem
from kcheck.values import ranges_overlap
from kcheck.words import mapping, words

GENERIC_COUNTS = frozenset(stem(w) for w in words("generic_counts"))
UNIT_COUNTS = frozenset(stem(w) for w in words("unit_counts"))
LIGHT = words("light_predicates")
READING_UNITS = words("reading_units")
STATES = mapping("state_verbs")  # "the injured", "the missing": people, by what happened to them


class Number(Rule):
    slot = "number"

    def keys(self, f: Frame) -> set[str]:
        keys = {"Q:" + w for q in f.quantities for w in q.words}
        keys.update(f"F:{q.dim}:{q.whose}" for q in f.quantities if q.dim == "age" and q.whose)
        keys.update(f"F:{q.dim}:{q.by}" for q in f.quantities if q.dim not in {"", "count", "age"} and q.by)
        keys.update("M:" + x for q in f.quantities for ms in (q.measures, q.named) for x in ms if x != PRESENCE)
        # the value itself: "fifteen men got out" and "15 survivors" share no word, only the figure
        keys.update(value_key(q) for q in f.quantities)
        return keys

    signals = (
        "figure_same",
        "figures_apart",
        "count_same",
        "counts_apart",
        "reading_same",
        "percent_same",
        "value_same",
        "small_value_same",
    )
    signals_need_frames = True

    def signal(self, x: Node, y: Node, pair: Pair) -> dict[str, float]:
        a, b = x.frame, y.frame
        if a is None or b is None or not a.quantities or not b.quantities:
            return {}
        return {
            "figure_same": float(same_figure(a, b)),
            "figures_apart": float(figures_apart(a, b)),
            "count_same": float(same_count(a, b)),
            "counts_apart": float(counts_apart(a, b)),
            "reading_same": float(same_reading(a, b)),
            "percent_same": float(measured(a, b)),
            **values_same(a, b),
        }

    def apart(self, x: Node, y: Node) -> bool:
        a, b = x.frame, y.frame
        if a is None or b is None or a.kind != "figure" or b.kind != "figure":
            return False
        fa, fb = _figures(a), _figures(b)
        return bool(fa and fb) and not any(
            _compatible(qa, qb, _named(a, qa) and _named(b, qb)) and per_time(a, qa) == per_time(b, qb)
            for qa in fa
            for qb in fb
        )

    def aligned(self, x: Node, y: Node) -> bool:
        return x.frame is not None and y.frame is not None and measured(x.frame, y.frame)

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        out: list[Conflict] = []
        if sorted(q.value for q in a.quantities) == sorted(q.value for q in b.quantities):
            return out  # the same figures: a clash would be between two different ones of them
        alike = same_rest(a, b)
        terms_a, terms_b = _terms(a), _terms(b)
        periods_differ = _part_of_a_span(a, b) or bool(terms_a and terms_b and terms_a != terms_b)
        pairs = []
        qs_a, qs_b = _own(a, partitives(a)), _own(b, partitives(b))
        rates_b = [per_time(b, qb) for qb in qs_b]
        for ia, qa in enumerate([] if j.different_subjects else qs_a):
            rate_a = per_time(a, qa)
            for ib, qb in enumerate(qs_b):
                if rate_a != rates_b[ib]:
                    continue  # "120 patients a day" / "95 patients on Monday": a rate, a count
                if periods_differ and qa.dim != "clock":
                    continue  # "sold 300 tickets on Friday" / "1,100 from Friday to Sunday"
                if qa.dim and qb.dim:
                    if not figures_comparable(qa, qb, alike):
                        continue
                elif not comparable(qa, (xab := pair_measures(a, ia, b, ib))[0], qb, xab[1], alike):
                    continue
                pairs.append((ia, ib, overlap(qa, qb)))
        # a figure that agrees with one figure of the other claim is that figure's: the other
        # claim's further figures of the same kind measure something else ("won six of nine
        # races" / "won six races": nine is no second count of wins)
        agreed_a = {ia for ia, _, same in pairs if same}
        agreed_b = {ib for _, ib, same in pairs if same}
        for ia, ib, same in pairs:
            if same or ia in agreed_a or ib in agreed_b:
                continue
            qa, qb = qs_a[ia], qs_b[ib]
            converted = f" ({qa.unit} and {qb.unit} converted)" if qa.scale != qb.scale else ""
            out.append(
                Conflict("number", (qa.text, qb.text), (a.id, b.id), _counting(qa, converted), measure_name(qa, qb))
            )
        return out


def _counting(q: Quantity, converted: str) -> str:
    """What the clash is in: "counting passengers", "time of day (UTC)"."""
    if q.dim == "clock":
        zone = q.unit.removeprefix("clock").strip()
        return f"time of day ({zone.upper()})" if zone else "time of day"
    return f"counting {q.unit}{converted}"


# the parts of a year that accounts are given for: "second-quarter", "Q2", "the first half",
# "full-year"; each names one, whatever the year
TERMS = re.compile(
    r"\b(?:(first|1st|second|2nd|third|3rd|fourth|4th)[- ](quarter|half)|Q([1-4])|H([12])|(full)[- ]year)\b", re.I
)
ORDINALS = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3", "fourth": "4", "4th": "4"}


def _terms(f: Frame) -> frozenset[str]:
    """The parts of a year the claim gives its figures for: "a second-quarter loss of $4m" and
    "a first-half loss of $9m" are two losses; "Q2" is the second quarter."""
    out = set()
    for m in TERMS.finditer(f.quote):
        nth, part, q, h, full = m.groups()
        out.add(
            f"{part.lower()} {ORDINALS[nth.lower()]}" if nth else f"quarter {q}" if q else f"half {h}" if h else "year"
        )
    return frozenset(out)


PERIOD_DAYS = 31  # longer spans are mostly a background year ("the worst since 2009"), not what is counted


def _period(f: Frame) -> tuple[tuple[str, str] | None, tuple[int, int] | None]:
    """The days the claim's figures are counted over, when its dates give a span of a month at
    most ("on 3 May", "between Monday and Wednesday"): as calendar days where the dates are
    anchored, and as days of the week where all of them are weekdays (anchored or not: two
    outlets' "Tuesday" in one week is one day). None for either where it cannot be told."""
    dated = [d for d in f.dates if d.kind in {"date", "relative"}]
    days = [(d.lo, d.hi) for d in dated if d.lo and d.hi]
    iso = None
    if days and len(days) == len(dated):
        lo, hi = min(x for x, _ in days), max(y for _, y in days)
        iso = (lo, hi) if _days_between(lo, hi) <= PERIOD_DAYS else None
    weekdays = [d.weekday for d in dated if d.weekday is not None]
    week = (min(weekdays), max(weekdays)) if weekdays and len(weekdays) == len(dated) else None
    return iso, week


def _part_of_a_span(a: Frame, b: Frame) -> bool:
    """Two spans of days, one a part of the other or the two overlapping ("on Monday" /
    "between Monday and Wednesday"): a count over each is a count of its own. Two single days
    apart are left to compare, since one act dated two ways is as likely (the date rule
    judges the days)."""
    (iso_a, week_a), (iso_b, week_b) = _period(a), _period(b)
    if week_a is not None and week_b is not None:
        return week_a != week_b and week_a[0] <= week_b[1] and week_b[0] <= week_a[1]
    return iso_a is not None and iso_b is not None and iso_a != iso_b and iso_a[0] <= iso_b[1] and iso_b[0] <= iso_a[1]


def _days_between(lo: str, hi: str) -> int:
    return (date.fromisoformat(hi[:10]) - date.fromisoformat(lo[:10])).days


def _own(f: Frame, qs: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The quantities a claim is judged on: a figure's measurement (`dim` set) is judged in the
    figure claim that states it alone, never in a longer claim that holds it too. A clause such
    as "police questioned the driver, Tom Reyes, 41, on Friday" states two facts; when it is
    grouped with another source's account of the questioning, an age clash between the two
    would be reported on a group that is about something else, with quotes longer than the
    fact. The figure claims ("Tom Reyes, 41" / "Tom Reyes, 44") carry that clash."""
    return qs if f.kind == "figure" else tuple(q for q in qs if not q.dim)


# a count per span of time right after the number and its noun: "400,000 visitors a year", "up
# to 30 flights per hour"; not "a day after" or "a year ago", which date the count
PER_TIME = re.compile(
    r"^(?:\s+[^\s,.;:()]+){0,3}?\s+(?:a|an|per|each|every)\s+"
    r"(second|minute|hour|day|night|week|month|year|season|shift)s?\b"
    r"(?!\s+(?:after|before|later|earlier|ago|into|on|in|of)\b)",
    re.I,
)


def per_time(f: Frame, q: Quantity) -> str:
    """The span of time a count is a rate over ("day" in "the clinic sees 120 patients a day"),
    or "" for a count of one time or one event. A rate and a count are two measures. Counts
    only: "44 miles an hour" is a speed, which its unit says."""
    if q.dim not in {"", "count"}:
        return ""
    m = PER_TIME.match(f.quote[q.end - f.start :])
    return m.group(1).lower() if m else ""


PARTITIVE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?$", re.I)


def partitives(f: Frame) -> tuple[Quantity, ...]:
    """The claim's quantities, a bare one right before "of" and another figure ("six of nine
    races", "12 of the 40 passengers") counting what that figure counts: a part of it."""
    qs = f.quantities
    out = list(qs)
    for i, q in enumerate(qs):
        if q.unit or q.dim not in {"", "count"}:
            continue
        whole = next(
            (
                w
                for w in qs
                if w.unit and w.start > q.end and PARTITIVE.search(f.quote[q.end - f.start : w.start - f.start])
            ),
            None,
        )
        if whole is not None:
            out[i] = replace(whole, text=q.text, start=q.start, end=q.end, value=q.value, lo=q.lo, hi=q.hi)
    return tuple(out)


def same_unit(qa: Quantity, qb: Quantity) -> bool:
    """Both count the same thing: percentages of the same whole, or counted nouns that overlap
    ('earthquake magnitude' and 'magnitude')."""
    if qa.percent != qb.percent:
        return False
    if qa.percent:
        return qa.words == qb.words
    return bool(qa.words & qb.words)


def measured(a: Frame, b: Frame) -> bool:
    """Both give a percentage of the same named measure ('% turnout'): the same fact, whatever verb."""
    return any(same_unit(qa, qb) and qa.percent and qa.words for qa in a.quantities for qb in b.quantities)


def pair_measures(a: Frame, ia: int, b: Frame, ib: int) -> tuple[frozenset[str], frozenset[str]]:
    """What quantity `ia` of `a` and quantity `ib` of `b` measure, each widened by the verb its
    counted people are named after when that is what the other one measures: "pulled 58
    survivors" meets "58 people survived", but "300 nurses walked out" and "two nurses
    resigned" stay apart (both are workers; what happened to them differs)."""
    qa, qb = a.quantities[ia], b.quantities[ib]
    xa, xb = qa.measures, qb.measures
    na, nb = qa.named, qb.named
    return (xa | na if na & xb else xa), (xb | nb if nb & xa else xb)


def comparable(qa: Quantity, xa: frozenset[str], qb: Quantity, xb: frozenset[str], alike: bool = False) -> bool:
    """Two quantities measure the same thing: the same event happened to the people counted,
    or the same counted noun with nothing that sets them apart. People counted only as being
    somewhere ("40 people were on the bus") are one group when the noun names one ("40
    passengers") or the two claims otherwise say the same (`alike`, see same_rest)."""
    if _households_and_persons(qa, qb):
        return False
    shared = xa & xb
    if shared - {PRESENCE}:
        return True
    if not same_unit(qa, qb):
        return False
    if xa and xb and not shared:
        return False  # the same people, but something else happened to them: on board / died
    if PRESENCE in shared:
        return alike or bool(qa.words & qb.words - GENERIC_COUNTS)  # "people" names no group
    return True


def same_rest(a: Frame, b: Frame) -> bool:
    """Apart from their figures, the two claims use the same content words, or all of at least
    two of one's are the other's: "five people were taken to the clinic in Varn" / "eight people
    were taken to the clinic in Varn" say one thing with two counts; "40 people were on the bus" / "300 people
    were in the square" do not."""
    counted = {w for q in a.quantities + b.quantities for w in q.words} | {
        stem(w) for q in a.quantities + b.quantities for w in q.text.lower().split()
    }  # the figures' own words ("seven") and what they count
    wa, wb = a.words - counted - GENERIC_COUNTS, b.words - counted - GENERIC_COUNTS
    small, big = sorted((wa, wb), key=len)
    return len(small) >= 2 and small <= big or bool(wa) and wa == wb


def same_count(a: Frame, b: Frame) -> bool:
    """Both count people that the same thing happened to ("31 people were hurt" / "thirty-one
    spectators were injured" / "the number of injured rose to 31"), or the same group of people being
    there ("a crew of five" / "carried seven crew members"), about the same named subject."""
    if a.subject_name and b.subject_name and a.subject_name != b.subject_name:
        return False
    for ia, qa in enumerate(a.quantities):
        for ib, qb in enumerate(b.quantities):
            xa, xb = pair_measures(a, ia, b, ib)
            if xa & xb and comparable(qa, xa, qb, xb):
                return True
    return False


def counts_apart(a: Frame, b: Frame) -> bool:
    """Both count the same kind of people or things, something different happened to them in
    each, and the counts differ ("900 residents were rehoused" / "the landslide buried 40
    residents"): two facts, however alike the words. The same count with other verbs may be one
    fact told two ways ("500 volunteers are clearing the beach" / "more than 500 volunteers
    were cleaning the shore"), which similarity decides."""
    apart = False
    for ia, qa in enumerate(a.quantities):
        for ib, qb in enumerate(b.quantities):
            xa, xb = pair_measures(a, ia, b, ib)
            if xa & xb:
                return False
            if xa and xb and same_unit(qa, qb):
                # an open range counts from its bound: "at least 1,400" is not "more than 100"
                (la, ha), (lb, hb) = qa.scaled(), qb.scaled()
                if ranges_overlap(
                    la * 0.9, (la if ha is None else ha) * 1.1, lb * 0.9, (lb if hb is None else hb) * 1.1
                ):
                    return False
                apart = True
    return apart


def same_reading(a: Frame, b: Frame) -> bool:
    """One physical reading: the same value in the same physical unit."""
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.units & READING_UNITS and same_unit(qa, qb) and overlap(qa, qb):
                return True
    return False


def figures_comparable(qa: Quantity, qb: Quantity, alike: bool = False) -> bool:
    """Two figures measure the same thing: the same dimension, the same event (neither dated to
    another year), and for a count the same people or things with the same thing happening to
    them; for an age the same person; for a reading the same measured thing or two verbs of
    one act ("fell 40 metres" / "dropped 130 feet"), of the same named subject."""
    if qa.dim != qb.dim or qa.year != qb.year or qa.dim == "clock" and qa.unit != qb.unit:
        return False  # two times of day in two zones may be one moment (clock_unit)
    if qa.dim == "money" and qa.units != qb.units:
        # "$40 million" / "€37 million": one sum at a rate of the day, which no text gives;
        # the units compared are the base units, so pence and pounds are one currency
        return False
    if qa.dim == "count":
        if (qa.what in PARTS or qb.what in PARTS) and qa.what != qb.what:
            return False  # a share and a whole count two things
        if _two_named_doers(qa, qb) or _households_and_persons(qa, qb):
            return False  # "Tesco runs 3,000 stores" / "Aldi runs 1,000 stores": two counts
        if bool(qa.unit) != bool(qb.unit) and qa.by not in LIGHT and same_by(qa.by, qb.by):
            return True  # "eleven climbers are stranded" / "14 were stranded": the bare count's noun is left out
        if (
            not (qa.what in GENERIC or counts_people(qa.what) or qa.unit in STATES)
            and not same_by(qa.by, qb.by)
            and PRESENCE not in qa.measures | qb.measures
            and not (_there(qa) and _there(qb) and not (qa.whose and qb.whose and qa.whose != qb.whose))
        ):
            return False  # counts of things are of one act: "needed 76 votes" / "won 97 votes"
        xa, xb = qa.measures | qa.named, qb.measures | qb.named
        return comparable(
            qa,
            qa.measures if not (qa.named & qb.measures) else xa,
            qb,
            qb.measures if not (qb.named & qa.measures) else xb,
            alike,
        )
    if qa.dim == "age":
        return bool(qa.whose and qb.whose and same_name(qa.whose, qb.whose))
    if qa.whose and qb.whose and not same_name(qa.whose, qb.whose) and qa.whose != qb.whose and not _events(qa, qb):
        return False
    if not qa.by or not qb.by:  # one does not say what it measures: the same named thing's figure
        return bool(qa.whose) and qa.whose == qb.whose
    return same_by(qa.by, qb.by)


def _there(q: Quantity) -> bool:
    """The count says only that the things were there, in whichever words: "the lorry carried
    nine crates", "there were 12 crates aboard", "aboard were 12 crates" (the parse may read
    the place word as the subject). One such count of a thing meets another of the same thing."""
    verb, _, rest = q.by.partition(" ")
    return (verb in PRESENCE_VERBS and not rest) or (verb == "be" and rest in {"", "aboard", q.what})


def _two_named_doers(qa: Quantity, qb: Quantity) -> bool:
    """The two counts are of what two differently named parties did or have, each named by a
    name that is no English word (a company, a person): a common noun ("the company", "police")
    may stand for either, so it never sets two counts apart."""
    return bool(
        qa.whose
        and qb.whose
        and not same_name(qa.whose, qb.whose)
        and not is_word(qa.whose.split()[-1])
        and not is_word(qb.whose.split()[-1])
    )


def _events(qa: Quantity, qb: Quantity) -> bool:
    """Both figures are of an event named by a common noun ("the walkout started at 5:30 a.m." /
    "the strike started at 8 a.m."): a story names its one event with many words, so two such
    nouns do not make two things, as "the bus" and "the lorry" do. A named subject's key ends
    in its name, which WordNet gives no event sense."""
    return all(names_event(w.split()[-1]) for w in (qa.whose, qb.whose))


PARTS = {"part", "whole"}
GENERIC = {"", "part", "whole"}


def _named(f: Frame, q: Quantity) -> bool:
    """Whose the figure is, is a name the claim holds ("Ana Ruiz, 52"), not a noun that may
    stand for anyone ("a 52-year-old nurse")."""
    return bool(q.whose) and "E:" + q.whose in f.ents


def _compatible(qa: Quantity, qb: Quantity, named: bool = True) -> bool:
    """Not two things by definition: the same dimension (times of day in any zones), no two different years named, one
    person's age (`named`: both ages are of named people), a limit only with a limit, a whole only with a whole ("seven of ten races":
    ten is the whole). What the figures hang on is evidence, not definition: "about 12,000
    teachers took part" / "some 18,000 teachers marched", or "the lake peaked at 3.1 metres" /
    "the water topped out at 3.1 metres", name one measure with two verbs WordNet does not relate,
    so the scorer weighs it (`figures_apart`, `counts_apart`) with the rest."""
    if qa.dim != qb.dim:
        return False  # two times of day in two zones may be one moment: judging leaves them, linking need not
    if qa.year and qb.year and qa.year != qb.year:
        return False
    if bool(qa.year) != bool(qb.year) and not (overlap(qa, qb) and qa.hi is not None and qb.hi is not None):
        # "in 1996 a fire killed nineteen" / "killing two": judging never compares a dated
        # figure with an undated one, so two values can only be two events' figures; an open
        # range ("at least six") meets any larger value, and says nothing of one event
        return False
    if qa.dim == "age":
        # two named people's ages are two facts; "a 52-year-old nurse" may be either of them, and
        # the scorer weighs that with the rest (judging still compares only one person's ages)
        return not (named and qa.whose and qb.whose and not same_name(qa.whose, qb.whose))
    if qa.dim == "count" and _households_and_persons(qa, qb):
        return False
    if (qa.by == "limit") != (qb.by == "limit"):
        return False
    return (qa.what == "whole") == (qb.what == "whole")


def _households_and_persons(qa: Quantity, qb: Quantity) -> bool:
    """One counts households or families, the other persons: "the burst main cut water to
    9,000 households" and "1,500 residents fled" count two things, whatever the verb."""
    units = [bool(q.words & UNIT_COUNTS) for q in (qa, qb)]
    if units[0] == units[1] or qa.words & qb.words:
        return False
    other = qb if units[0] else qa
    return bool(other.what) and counts_people(other.what)


DAY = 24 * 60  # a time of day is in minutes after midnight


def overlap(qa: Quantity, qb: Quantity) -> bool:
    """The two figures' ranges meet. Times of day meet across midnight too: "shortly before
    midnight" (23:40 to 24:00) holds 11:53 p.m., which is 1,433 minutes after midnight."""
    (la, ha), b = qa.scaled(), qb.scaled()
    if qa.dim == "clock" == qb.dim and ha is not None:
        # "three o'clock" says no half of the day: it is 3 a.m. or 3 p.m.
        step = DAY // 2 if _half_day_unknown(qa) or _half_day_unknown(qb) else DAY
        return any(ranges_overlap(la + shift, ha + shift, *b) for shift in range(-DAY, DAY + 1, step))
    return ranges_overlap(la, ha, *b)


def _half_day_unknown(q: Quantity) -> bool:
    """A time in o'clock words with no a.m. or p.m.: the hour could be either half of the day."""
    return bool(re.search(r"o['’]clock", q.text, re.I)) and not re.search(r"\b[ap]\.?\s?m\b", q.text, re.I)


def same_by(x: str, y: str) -> bool:
    """The words two figures hang on name one thing or one act."""
    if x == y:
        return bool(x)
    if not x or not y or "limit" in (x, y):
        return False
    vx, vy = x.split()[-1] if x.startswith("be ") else x, y.split()[-1] if y.startswith("be ") else y
    return vx == vy or same_act(vx, vy)


def _figures(f: Frame) -> list[Quantity]:
    return [q for q in f.quantities if q.dim]


def value_key(q: Quantity) -> str:
    """The key two claims stating one value meet by: the value in its base unit, to two
    significant digits ("12,388" and "about 12,400" meet; "3.5 tonnes" and "7,700 pounds" too)."""
    v = q.value * q.scale
    if v:
        e = math.floor(math.log10(abs(v))) - 1
        v = round(v / 10**e) * 10**e
    return f"{VALUE_PREFIX}{'%' if q.percent else ''}{v:g}"


def values_same(a: Frame, b: Frame) -> dict[str, float]:
    """Whether the claims state one value of what may be one thing: "the blaze destroyed 212
    homes" / "212 houses burned down", but not when what happened to the things counted differs
    ("rescued 23 survivors" / "carrying 23 skiers"). A whole number under ten is a signal of its
    own: it recurs across unrelated facts of any story ("two firefighters" / "two days")."""
    out: dict[str, float] = {}
    for ia, qa in enumerate(a.quantities):
        for ib, qb in enumerate(b.quantities):
            if qa.percent != qb.percent or (qa.dim and qb.dim and qa.dim != qb.dim):
                continue
            if value_key(qa) != value_key(qb) or not overlap(qa, qb):
                continue  # most pairs: two values, and what they measure need not be read
            xa, xb = pair_measures(a, ia, b, ib)
            if xa and xb and not xa & xb:
                continue  # one number of two things
            small = not qa.percent and qa.value == int(qa.value) and abs(qa.value) < 10
            out["small_value_same" if small else "value_same"] = 1.0
    return out


def same_figure(a: Frame, b: Frame) -> bool:
    """Both are figures of one measured thing (values aside)."""
    return any(figures_comparable(qa, qb) for qa in _figures(a) for qb in _figures(b))


def figures_apart(a: Frame, b: Frame) -> bool:
    """Both are figure claims and no figure of one measures what a figure of the other does."""
    fa, fb = _figures(a), _figures(b)
    return bool(fa and fb) and a.kind == b.kind == "figure" and not same_figure(a, b)


def measure_name(qa: Quantity, qb: Quantity) -> str:
    """What two clashing figures measure, in a few words: "people (kill)", "speed (travel)"."""
    return measure_label(qa.dim, qa.what, qa.by if qa.by == qb.by else "", qa.whose, qa.unit)

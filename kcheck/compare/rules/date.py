"""Dates: the same event dated differently, an event's age against its start, and since-dates.

Dates are compared at their own precision ("in March 2024" holds both 4 and 11 March) and
only between claims about one event: the same predicate and named subject, or the age and the
start of one event noun ("a ten-year-old dispute" / "the dispute began in 2015"), or one named
person's ongoing state ("has led the union since 2016" / "the union's leader since 2018").
An opening and a closing date are two facts: their predicates differ.
"""

from __future__ import annotations

from datetime import date

from kcheck.compare.model import Conflict, Judging, Node
from kcheck.compare.rules.base import Pair, Rule
from kcheck.frame import Frame, When
from kcheck.lexicon import same_act
from kcheck.values import ranges_overlap
from kcheck.words import words

REPORTING_VERBS = words("reporting_verbs")


class Date(Rule):
    slot = "date"

    def keys(self, f: Frame) -> set[str]:
        keys = {"T:" + x for x in (f.event.kinds if f.event else ())}
        if f.pred_key and f.dates:
            keys.add("D:" + f.pred_key)
        return keys

    signals = ("event_time_same", "dated_same_act")
    signals_need_frames = True

    def signal(self, x: Node, y: Node, pair: Pair) -> dict[str, float]:
        a, b = x.frame, y.frame
        if a is None or b is None:
            return {}
        return {
            "event_time_same": float(bool(a.event and b.event) and same_event_time(a, b)),
            "dated_same_act": float(bool(a.dates and b.dates) and pair.same_act),
        }

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        ids = (a.id, b.id)
        if j.different_subjects or _reported(a) and _reported(b):
            return []  # two days of saying are two statements, not one event dated twice
        out: list[Conflict] = []
        event = same_event_time(a, b)
        # two claims linked as one fact, their verbs two words for one act ("escaped on Monday"
        # / "broke out on Tuesday"): the dates are of one act. Two starts of one event noun
        # ("began" / "started") are compared as starts, below.
        related = not event and _one_act(a.predicate, b.predicate)
        if j.same_pred or related or not j.need_alignment:
            da, db = _dating(a), _dating(b)
            # one act of one thing: the same verb alone dates two events ("troops carried sandbags
            # on Monday" / "the bridge was carried off in 1871")
            same_thing = bool(a.arg_words & b.arg_words or {e.norm for e in a.entities} & {e.norm for e in b.entities})
            if same_thing or not j.need_alignment:
                if (gap := not_since(a, b)) is not None:
                    out.extend(gap)
                elif len(da) == 1 and len(db) == 1:
                    out.extend(_what_is_dated(a, c) for c in _dated(da[0], db[0], ids, j.notes))
            # a start date against a duration ("began in August 2015" vs "a ten-year-old dispute")
            out.extend(_duration_vs_date(a, b, j.pub_a, j.pub_b, j.notes))
        elif event:
            out.extend(_age_vs_start(a, b, j))
        elif j.need_alignment:
            # "has led the union since 2016" / "the union's leader since 2018": one named person's
            # ongoing state, started at two different times; "since" fixes what the date means,
            # so the predicates need not match (an opening and a closing date never do)
            x, y = a.since, b.since
            sa, sb = a.subject_name, b.subject_name
            if x and y and sa and sa == sb and x.lo and y.lo and (x.hi < y.lo or y.hi < x.lo):  # type: ignore[operator]
                out.append(Conflict("date", (x.text, y.text), ids, f"{sa}: since {_span(x)} vs since {_span(y)}"))
        return out


def _reported(f: Frame) -> bool:
    """The claim's act is someone's saying something ("the mayor said on Monday")."""
    return f.predicate.partition(" ")[0] in REPORTING_VERBS


def _one_act(x: str, y: str) -> bool:
    """Two predicates, each a verb with its particle, name one act in WordNet."""
    return bool(x and y) and not x.startswith("be ") and not y.startswith("be ") and same_act(x, y)


def _what_is_dated(f: Frame, c: Conflict) -> Conflict:
    """A date claim's quote may be the date alone ("early on Tuesday"): the conflict says what
    it dates, as the claim's act and subject ("when: bury (A landslide)", "when: vote")."""
    if f.kind != "date" or not f.predicate:
        return c
    what = f"when: {f.predicate}" + (f" ({f.subject})" if f.subject else "")
    return Conflict(c.slot, c.values, c.claims, c.detail, measure=what)


def _dating(f: Frame) -> list[When]:
    """The dates a claim is judged on: a date with a claim of its own ("arrested two men on
    Tuesday") is judged in that claim, never in a longer one that holds it too."""
    return [d for d in f.dates if d.kind in {"date", "relative"} and not d.claimed]


def _dated(x: When, y: When, ids: tuple[str, str], notes: list[str]) -> list[Conflict]:
    if x.lo and y.lo:
        if x.hi < y.lo or y.hi < x.lo:  # type: ignore[operator]
            return [Conflict("date", (x.text, y.text), ids, f"{_span(x)} vs {_span(y)}")]
    elif (x.lo or y.lo) and (x.month or y.month or x.weekday is not None or y.weekday is not None):
        if x.month and y.month and x.month != y.month and not (x.lo or y.lo):
            return [Conflict("date", (x.text, y.text), ids, "different months")]
        notes.append(f"date could not be anchored: {x.text!r} / {y.text!r} (no credible publication date)")
    elif x.month and y.month and x.month != y.month:
        return [Conflict("date", (x.text, y.text), ids, "different months")]
    elif x.weekday is not None and y.weekday is not None and x.weekday != y.weekday and not (x.month or y.month):
        return [Conflict("date", (x.text, y.text), ids, "different days of the week")]
    elif x.month and x.month == y.month and x.day_lo and y.day_lo and (x.day_hi < y.day_lo or y.day_hi < x.day_lo):  # type: ignore[operator]
        return [Conflict("date", (x.text, y.text), ids, "different days of one month")]
    return []


def not_since(a: Frame, b: Frame) -> list[Conflict] | None:
    """One claim denies the act since a date, the other dates the act: "the pier had not been
    repaired since 2016" says nothing of a repair in 2014, and denies one in 2021. None when
    the pair is not of this kind; else the conflict, if the dated act falls after the date."""
    for x, y in ((a, b), (b, a)):
        since = x.since
        if not (x.negated and since and since.lo and not y.negated and len(y.dates) == 1):
            continue
        when = y.dates[0]
        if not when.lo:
            return []
        if when.lo > since.hi:  # type: ignore[operator]
            detail = f"not since {_span(since)} vs {_span(when)}"
            pair = (since.text, when.text) if x is a else (when.text, since.text)
            return [Conflict("date", pair, (a.id, b.id), detail)]
        return []
    return None


def _span(d: When) -> str:
    return d.lo if d.lo == d.hi else f"{d.lo}..{d.hi}"  # type: ignore[return-value]


def same_event_time(a: Frame, b: Frame) -> bool:
    """Both give the age or start of one event: a noun sense in common, and a named party in
    common when both name any ("the museum opened a decade ago" names none)."""
    sa = a.event.senses if a.event else frozenset()
    sb = b.event.senses if b.event else frozenset()
    ka = a.event.kinds if a.event else frozenset()
    kb = b.event.kinds if b.event else frozenset()
    if sa.isdisjoint(kb) and sb.isdisjoint(ka):
        return False  # neither event noun is the other's, or a kind of it ("wildfire" / "fire")
    na, nb = ({e.norm for e in c.entities} for c in (a, b))
    return not na or not nb or not na.isdisjoint(nb)


def _age_vs_start(a: Frame, b: Frame, j: Judging) -> list[Conflict]:
    """An event's age against its start date, or two ages, or two starts."""
    x, y = a.event, b.event
    assert x is not None and y is not None
    ids = (a.id, b.id)
    if x.kind == y.kind == "start":
        if x.when.hi < y.when.lo or y.when.hi < x.when.lo:  # type: ignore[operator]
            return [
                Conflict("date", (x.when.text, y.when.text), ids, f"{x.noun} began {_span(x.when)} vs {_span(y.when)}")
            ]
        return []
    if x.kind == y.kind == "age":
        if (
            j.pub_a
            and j.pub_b
            and j.pub_a[:4] == j.pub_b[:4]
            and not ranges_overlap(x.when.years_lo or 0, x.when.years_hi, y.when.years_lo or 0, y.when.years_hi)
        ):
            return [Conflict("date", (x.when.text, y.when.text), ids, f"{x.noun}: different ages")]
        return []
    return _duration_vs_date(a, b, j.pub_a, j.pub_b, j.notes)


def _duration_vs_date(a: Frame, b: Frame, pub_a: str | None, pub_b: str | None, notes: list[str]) -> list[Conflict]:
    out = []
    for x, y, pub in ((a, b, pub_a), (b, a, pub_b)):
        if x.event is None or x.event.kind != "age":
            continue  # a duration that is no event's age ("jailed for 11 years") dates no start
        durs = [d for d in x.dates if d.kind == "duration"]
        starts = [d for d in y.dates if d.kind == "date" and d.lo]
        if len(durs) != 1 or len(starts) != 1:
            continue
        if not pub:
            notes.append(f"{x.source}: {durs[0].text!r} could not be anchored (no credible publication date)")
            continue
        d, s = durs[0], starts[0]
        pub_year = date.fromisoformat(pub[:10]).year
        start_hi = pub_year - round(d.years_lo or 0)
        start_lo = pub_year - round(d.years_hi) if d.years_hi is not None else None
        s_year = int(s.lo[:4])  # type: ignore[index]
        if s_year > start_hi + 1 or (start_lo is not None and s_year < start_lo - 1):
            out.append(
                Conflict(
                    "date",
                    (d.text, s.text),
                    (x.id, y.id),
                    f"{d.text} before {pub[:10]} puts the start around {start_hi}, not {s_year}",
                )
            )
    return out

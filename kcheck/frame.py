"""A claim as comparison sees it: one frozen frame, built once at ingest and stored.

The spaCy component reads the parse (predicate, arguments, speaker, hedges, entities, the
noun each number counts); `kcheck.derive` adds what comparison asks of a claim again and
again (the act a predicate names, the named subject, what each quantity measures, when an
event began, roles and titles) while the claim is being stored. Comparison reads frames and
never parses English, and nothing is cached by writing into the frames it is passed.

This module holds the types and their storage form only: no spaCy, no WordNet.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

EMPTY: frozenset[str] = frozenset()
ROLE_KINDS = frozenset({"appos", "title"})  # claims that state a role: "Ana Ruiz, the mayor" / "Mayor Ana Ruiz"
PRESENCE = "being there"  # what a count of people measures when they were only there ("carried 77 passengers")
CAPACITY = "room for"  # what a count measures when it says how many fit ("the stand holds 7,200")


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str
    norm: str
    refers_to: str = ""  # the name a pronoun stands for ("it" -> "the ministry")


@dataclass(frozen=True, slots=True)
class When:
    """A date, a relative date or a duration, at its own precision (see kcheck.dates)."""

    text: str
    start: int  # offsets into the source text
    end: int
    kind: str  # date | relative | duration
    lo: str | None = None  # ISO day, or None while the year is unknown
    hi: str | None = None
    precision: str = ""
    month: int | None = None
    day_lo: int | None = None
    day_hi: int | None = None
    years_lo: float | None = None
    years_hi: float | None = None
    weekday: int | None = None
    anchored: bool | None = None
    claimed: bool | None = None  # stated by a date claim of its own, and judged there (kcheck.nlp.when)


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    lo: float
    hi: float | None  # None: no upper bound ("at least 40")
    unit: str  # "%..." for a percentage, else the counted or measured noun, or a unit
    # a figure claim's measurement, from the parse (kcheck.nlp.figures); "" when not a figure
    dim: str = ""  # count | length | speed | mass | area | volume | duration | clock | age | money | percent | ...
    what: str = ""  # the counted noun ("passenger")
    by: str = ""  # the word the figure hangs on: the measured thing ("runway", "limit") or the verb ("kill")
    whose: str = ""  # the verb's subject or the person, normalized
    year: int | None = None  # the year of another event the figure's clause names
    # derived at ingest
    words: frozenset[str] = EMPTY  # stems of the canonical unit words
    units: frozenset[str] = EMPTY  # the canonical unit words
    scale: float = 1.0  # factor to the base unit
    measures: frozenset[str] = EMPTY  # concepts of what is measured (see derive.measures)
    named: frozenset[str] = EMPTY  # senses of the verb the counted people are named after

    @property
    def percent(self) -> bool:
        return self.unit.startswith("%")

    def scaled(self) -> tuple[float, float | None]:
        """The range in the base unit (no upper bound for an open range). Fahrenheit is the one
        unit whose zero is not the base unit's: 32 °F is 0 °C."""
        zero = 32.0 if self.unit == "fahrenheit" else 0.0
        return (self.lo - zero) * self.scale, ((self.hi - zero) * self.scale if self.hi is not None else None)


def group_id(claim_ids) -> str:
    """A group's id: a hash of its claims' ids, so that a group of the same claims is the same
    group in every run and in every database."""
    import hashlib

    return "g" + hashlib.blake2b(",".join(sorted(claim_ids)).encode(), digest_size=6).hexdigest()


def measure_label(dim: str, what: str, by: str, whose: str, unit: str) -> str:
    """What a figure measures, in a few words: "passenger (carry)", "speed (travel)", "age
    (ana ruiz)", "time of day (happen)"."""
    if dim == "age":
        return f"age ({whose})" if whose else "age"
    if dim == "count":
        thing = what if what not in {"", "part", "whole"} else (unit or "count")
    else:
        thing = {"clock": "time of day"}.get(dim, dim or unit)
    return f"{thing} ({by})" if by and by != thing else thing


@dataclass(frozen=True, slots=True)
class EventTime:
    """When an event began: its age ("a ten-year-old dispute") or its start ("began in 2015")."""

    kind: str  # age | start
    when: When
    noun: str  # the event noun
    senses: frozenset[str] = EMPTY  # its WordNet noun senses
    kinds: frozenset[str] = EMPTY  # and the kinds they are, two levels up


@dataclass(frozen=True, slots=True)
class Description:
    """'The concert was loud': an adjective said of a thing."""

    adjective: str
    words: frozenset[str]  # the thing's word stems
    head: str  # the thing's head noun


@dataclass(frozen=True, slots=True)  # slots: a regrouping holds many frames at once
class Frame:
    # where it is
    id: str
    source: str  # the source's name
    source_id: str
    start: int
    end: int
    quote: str
    text: str
    kind: str  # clause | relcl | appos | title | modifier | dated | event | figure
    # what the parse gave
    subject: str = ""
    predicate: str = ""
    object: str = ""
    negated: bool = False
    polarity: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    speaker: str = ""
    entities: tuple[Entity, ...] = ()
    dates: tuple[When, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    lemmas: tuple[str, ...] = ()
    # derived at ingest (kcheck.derive)
    act: str = ""  # the predicate, a light verb read as the act its object names
    verb: str = ""  # the word that names the act ("" for a light verb alone)
    pred_key: str = ""  # the stem of `verb`: what two claims' predicates are matched by
    subject_name: str = ""  # the normalized entity the subject names
    titled: str = ""  # who an apposition or title names
    subject_head: str = ""
    object_head: str = ""
    subject_words: frozenset[str] = EMPTY
    arg_words: frozenset[str] = EMPTY  # stems of subject and object words
    object_stems: frozenset[str] = EMPTY
    title_words: frozenset[str] = EMPTY  # what tells one title from another ("interior" minister)
    words: frozenset[str] = EMPTY  # content-word stems (entity words excluded)
    ents: frozenset[str] = EMPTY  # "E:" entity keys
    concepts: Mapping[str, frozenset[str]] = field(default_factory=dict)  # content stem -> WordNet concepts
    roles: frozenset[str] = EMPTY  # "A:" keys: what a named party is said to act as, be seen as or be called
    roles_own: frozenset[str] = EMPTY  # the keys among them that are the role noun's own senses
    event: EventTime | None = None
    since: When | None = None  # the one date the text puts right after "since"
    description: Description | None = None

    # --- storage ------------------------------------------------------------------------

    def derived(self) -> dict[str, Any]:
        """The derived fields as stored in `claims.frame` (JSON)."""
        out: dict[str, Any] = {}
        for name in DERIVED:
            v = getattr(self, name)
            if isinstance(v, frozenset):
                v = sorted(v)
            elif name == "concepts":
                v = {k: sorted(x) for k, x in sorted(v.items())}
            elif isinstance(v, (EventTime, Description, When)):
                v = _plain(v)
            out[name] = v
        out["quantities"] = [
            {k: sorted(x) if isinstance(x, frozenset) else x for k, x in ((f, getattr(q, f)) for f in QUANTITY_DERIVED)}
            for q in self.quantities
        ]
        return out

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Frame:
        """A frame from a stored claim row (JSON columns decoded or not) and its `frame` column."""

        def js(v: Any) -> Any:
            if isinstance(v, str):
                # most claims have no polarity, hedges, dates or figures: no parse for "[]"
                return () if v == "[]" else json.loads(v)
            return v

        d = js(row.get("frame")) or {}
        qd = d.get("quantities") or []
        quantities = []
        for k, q in enumerate(js(row.get("quantities")) or []):
            extra = qd[k] if k < len(qd) else {}
            quantities.append(
                Quantity(
                    q["text"],
                    q.get("start", 0),
                    q.get("end", 0),
                    q["value"],
                    q["lo"],
                    q.get("hi"),
                    q.get("unit") or "",
                    q.get("dim") or "",
                    q.get("what") or "",
                    q.get("by") or "",
                    q.get("whose") or "",
                    q.get("year"),
                    _fs(extra.get("words", ())),
                    _fs(extra.get("units", ())),
                    extra.get("scale", 1.0),
                    _fs(extra.get("measures", ())),
                    _fs(extra.get("named", ())),
                )
            )
        event = d.get("event")
        if event:
            event = EventTime(
                event["kind"],
                _when(event["when"]),
                event["noun"],
                _fs(event["senses"]),
                _fs(event["kinds"]),
            )
        desc = d.get("description")
        if desc:
            desc = Description(desc["adjective"], _fs(desc["words"]), desc["head"])
        return cls(
            id=row["id"],
            source=row.get("source") or row["source_id"],
            source_id=row["source_id"],
            start=row["start"],
            end=row["end"],
            quote=row["quote"],
            text=row["quote"] if row["text"] == row["quote"] else row["text"],  # one string, not two alike
            kind=row.get("kind") or "",
            subject=row.get("subject") or "",
            predicate=row.get("predicate") or "",
            object=row.get("object") or "",
            negated=bool(row.get("negated")),
            polarity=tuple(js(row.get("polarity")) or ()),
            hedges=tuple(js(row.get("hedges")) or ()),
            speaker=row.get("speaker") or "",
            entities=tuple(
                Entity(e["text"], sys.intern(e["label"]), sys.intern(e["norm"]), e.get("refers_to", ""))
                for e in js(row.get("entities")) or ()
            ),
            dates=tuple(_when(x) for x in js(row.get("dates")) or ()),
            quantities=tuple(quantities),
            lemmas=tuple(map(sys.intern, (row.get("lemmas") or "").split())),
            act=d.get("act", ""),
            verb=d.get("verb", ""),
            pred_key=d.get("pred_key", ""),
            subject_name=d.get("subject_name", ""),
            titled=d.get("titled", ""),
            subject_head=d.get("subject_head", ""),
            object_head=d.get("object_head", ""),
            subject_words=_fs(d.get("subject_words", ())),
            arg_words=_fs(d.get("arg_words", ())),
            object_stems=_fs(d.get("object_stems", ())),
            title_words=_fs(d.get("title_words", ())),
            words=_fs(d.get("words", ())),
            ents=_fs(d.get("ents", ())),
            concepts={sys.intern(k): _fs(v) for k, v in (d.get("concepts") or {}).items()},
            roles=_fs(d.get("roles", ())),
            roles_own=_fs(d.get("roles_own", ())),
            event=event,
            since=_when(d["since"]) if d.get("since") else None,
            description=desc,
        )

    def as_claim(self) -> dict[str, Any]:
        """What a report shows of the claim."""
        return {
            "id": self.id,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "text": self.text,
        }


DERIVED = (
    "act",
    "verb",
    "pred_key",
    "subject_name",
    "titled",
    "subject_head",
    "object_head",
    "subject_words",
    "arg_words",
    "object_stems",
    "title_words",
    "words",
    "ents",
    "concepts",
    "roles",
    "roles_own",
    "event",
    "since",
    "description",
)
QUANTITY_DERIVED = ("words", "units", "scale", "measures", "named")
WHEN_FIELDS = tuple(f.name for f in fields(When))


def _fs(items: Any) -> frozenset[str]:
    """A stored list of words or keys as a frozenset of interned strings: a regrouping holds
    the words of every claim at once, and JSON gives each claim its own copy of each word
    (one copy of a word is shared by every claim that uses it). An empty one is EMPTY, not
    one more empty set per field."""
    return frozenset(map(sys.intern, items)) if items else EMPTY


def _when(d: Mapping[str, Any]) -> When:
    return When(**{k: d[k] for k in WHEN_FIELDS if k in d})


def _plain(v: Any) -> Any:
    """A dataclass as JSON-ready data: sets sorted, None and empty values left out of a When."""
    if isinstance(v, When):
        return {k: getattr(v, k) for k in WHEN_FIELDS if getattr(v, k) is not None and getattr(v, k) != ""}
    out = {}
    for f in fields(v):
        x = getattr(v, f.name)
        out[f.name] = sorted(x) if isinstance(x, frozenset) else _plain(x) if isinstance(x, When) else x
    return out

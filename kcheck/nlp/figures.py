"""Figures: every number in a sentence is a measurement fact of its own, with its own quote.

Sources report, and get wrong, each figure on its own: "carrying 60 passengers and four crew"
holds two facts, "doing 70 km/h in a 40 km/h zone" two readings of two different things. So
each number (digits, number words, "dozens", a time of day, an age) gets a claim whose quote
is the shortest span that says what it measures, read from the parse:

- the verb it is the object or subject of: "killed nine people", "28 were injured";
- the preposition it follows, and that preposition's verb when it comes right before it:
  "travelling at 80 km/h", "in a 40 km/h zone", "at about 6:15 a.m.";
- the noun it modifies as a measure of it: "a 2,000-metre runway" measures the runway;
- the person it gives the age of: "Ana Ruiz, 52", "a 52-year-old teacher".

Each figure's frame says what it measures: the unit and its dimension (count, length, speed,
mass, duration, time of day, age, money, percentage, ...), the counted noun, the word it hangs
on (a verb, or a noun such as "limit"), whose it is (the verb's subject, or the person), and
the year of another event when its clause names one ("in 2011 a similar crash killed eight").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kcheck.dates import find_dates, find_times
from kcheck.derive import PRESENCE_VERBS, STATE_VERBS
from kcheck.lexicon import counts_people
from kcheck.nlp.slots import _acting_verb, _counted, _finish, _measured_subject
from kcheck.nlp.spans import (
    CLAUSE_POS,
    REL_PRONOUNS,
    ClaimSpan,
    _doc_ents,
    _join,
    _np_text,
    _relcl_antecedent,
    _strip_edges,
    _subject,
    doc_text,
    of_child,
    of_object,
    particle,
)
from kcheck.normalize import entity_key
from kcheck.units import UNIT_ALIASES, canonical
from kcheck.values import find_quantities, rate_at, set_aside, temperature_at
from kcheck.words import mapping, words

# a price per unit, right after the money: "a share", "per barrel", "for every ticket", "each"
PER_UNIT = re.compile(r"\s+(?:a|an|per|for\s+(?:every|each)|each)\s+(?:[A-Z]\w*\s+)?([a-z]+?)s?\b")
DIMENSIONS = {unit: dim for unit, dim in mapping("unit_dimensions").items()}
LIMIT_NOUNS = words("limit_nouns")
COUNT_NOUNS = words("count_nouns")
DIRECTIONS = words("direction_words")
DEPTH_WORDS = words("depth_words")
OFFSET_ADVERBS = words("offset_adverbs")
CAPACITY_VERBS = words("capacity_verbs")
ONES_OWN = {"her", "his", "my"}  # one person's: "his three sons", "her two brothers"
VERB_PHRASES = mapping("verb_phrases")
LINKING_VERBS = words("linking_verbs")  # a state in their complement: "remain missing" is "be missing"
PLACE_STATES = mapping("place_states")
PLACING_VERBS = words("placing_verbs")
IDIOMS = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(p) for p in words("idioms_with_numbers")), key=len, reverse=True)) + r")\b"
    # "for one reason or another", "one crisis after another": one of many, no count
    r"|\bone\s+[^\W\d_]+\s+(?:or|after)\s+another\b",
    re.I,
)
OBJECT_DEPS = {"dobj", "attr", "oprd", "dative", "npadvmod", "acomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
NAME_PARTS = {"PERSON", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP"}
CURRENCY = {"$": "dollar", "€": "euro", "£": "pound sterling", "¥": "yen"}
AGE = re.compile(r"^[\s-]*(?:years?[\s-]*old|yrs?[\s-]*old)\b", re.I)
MAX_GAP = 3  # tokens between a verb and its figure that still make one short quote


def _phrase_start(noun: Token, first: int) -> int:
    """Where the quote of a figure that measures `noun` ("a depth of 90 metres") starts: at the
    noun's phrase when its modifiers are few, else at the noun."""
    start = noun.left_edge.i if noun.i - noun.left_edge.i <= 2 else noun.i
    return min(first, start)


def figure_claims(sent: Span) -> list[ClaimSpan]:
    """One claim per figure in the sentence (see the module docstring)."""
    text = sent.text
    if not any(
        t.like_num
        or any(ch.isdigit() for ch in t.text)
        or t.lower_ in {"dozens", "hundreds", "thousands", "millions", "noon", "midnight", "midday", "o'clock"}
        for t in sent
    ):
        return []
    base = sent.start_char
    dates = find_dates(text)
    times = find_times(text)
    skip = [(d.start, d.end) for d in dates if d.kind != "duration"] + [(t.start, t.end) for t in times]
    skip += [m.span() for m in IDIOMS.finditer(text)]
    out = []
    for q in find_quantities(text, skip):
        if re.search(r"\b(?:the|these|those|both)\s+$", text[: q.start], re.I) and _points_back(sent, base + q.end):
            continue  # "the three towns" points back at something; it counts nothing
        if set_aside(text, q.start):
            continue
        c = _figure(sent, base + q.start, base + q.end, q.as_dict())
        if c is not None:
            out.append(c)
    for t in times:
        if set_aside(text, t.start):
            continue
        c = _figure(
            sent,
            base + t.start,
            base + t.end,
            {
                "text": t.text,
                "value": float(t.minutes),
                "lo": float(t.lo),
                "hi": float(t.hi),
                "unit": clock_unit(t.zone),
            },
        )
        if c is not None:
            out.append(c)
    return out


def _figure(sent: Span, start: int, end: int, q: dict) -> ClaimSpan | None:
    doc = sent.doc
    text = doc_text(doc)
    toks = [t for t in sent if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return None
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    # the figure's own head word; where the parse splits the figure in two ("at about 9:10
    # a.m." read as "at 9:10" and an adverb "a.m." of the verb), the part a preposition governs
    anchor = next((t for t in roots if t.dep_ == "pobj"), roots[-1]) if len(roots) > 1 else (roots or toks)[-1]
    if anchor.pos_ == "ADP" and (obj := next((x for x in anchor.children if x.dep_ == "pobj" and x.i in inside), None)):
        # "left shortly after 9 a.m.", "sank just before midnight": the hedge holds the
        # preposition, and the figure is that preposition's object, hung on its verb
        anchor = obj
    if _in_a_name(anchor):
        return None
    if any((w := _part_of(x)) is not None and w.i == t.i for t in toks for x in t.children):
        return None  # "seven of ten races": the figure is the seven's, and ten only says of how many
    if _a_member(anchor):
        return None
    after = text[end : end + 16]
    is_clock = q["unit"].startswith("clock")
    age = not is_clock and AGE.match(after) is not None
    unit_noun: Token | None = None
    noun: Token | None = None  # the noun the figure counts or measures
    if (
        not is_clock
        and anchor.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"}
        and anchor.head.pos_ in {"NOUN", "PROPN"}
        and anchor.head.i > anchor.i
    ):
        noun = anchor.head
    elif not is_clock and (whole := _part_of(anchor)) is not None and whole.dep_ == "nummod" and whole.head.i > whole.i:
        noun = whole.head  # "won seven of ten races": seven races, of ten
    elif (
        not is_clock
        and anchor.dep_ == "pobj"
        and anchor.head.lower_ == "of"
        and anchor.head.head.pos_ == "NOUN"
        and anchor.head.head.i < anchor.i
    ):
        noun = anchor.head.head  # "a crew of eight"
    measured: Token | None = None  # the thing a physical figure is a measure of
    if (
        noun is not None
        and not _unit_word(noun)
        and not age
        and (
            unit_word := next(
                (
                    x
                    for x in noun.children
                    if x.dep_ in {"compound", "nmod", "amod"} and _unit_word(x) and x.i != anchor.i
                ),
                None,
            )
        )
    ):
        # "a magnitude 7.8 earthquake": the earthquake's magnitude; "a 500 euro fine": the fine's money
        unit_noun, measured = unit_word, noun
    elif noun is not None and _unit_word(noun) and not age:
        unit_noun = noun
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
            noun = measured = noun.head  # "a 40 km/h zone", "a 2,000-metre runway": the figure measures the zone
        elif noun.dep_ == "npadvmod" and noun.head.pos_ == "ADV":
            measured = noun.head  # "12 kilometres north of the town"
    # the phrase: the figure with its noun and that noun's modifiers to its left
    top = noun if noun is not None else anchor
    speed = rate_at(text, end)
    if (
        speed is not None
    ):  # "190 km/h": the parse may hang the figure inside the unit; the unit's head word is its place
        unit_tokens = [t for t in doc[anchor.i + 1 : sent.end] if t.idx < speed[1]]
        inside = {t.i for t in unit_tokens} | {anchor.i}
        heads = [t for t in unit_tokens if t.head.i not in inside]
        if heads:
            top, noun, unit_noun, measured = heads[-1], None, None, None
            if top.dep_ == "compound" and top.head.pos_ == "NOUN" and top.head.i > top.i:
                top = measured = top.head  # "the 50 mph limit": the limit's speed
    if age:
        return _age(sent, toks, q, start, end)
    if noun is None and not is_clock and (turned := _turned(anchor)) is not None:
        return _age_claim(sent, list(doc[turned.i : toks[-1].i + 1]), _actor(turned), q, start, end)
    left = min([t.i for t in toks] + [x.i for x in top.lefts if x.i >= top.left_edge.i and x.dep_ != "punct"] + [top.i])
    phrase = list(doc[left : top.i + 1])
    if top is anchor and (of := of_child(anchor)):
        phrase += list(doc[top.i + 1 : of.right_edge.i + 1])  # "eight of them"
    if measured is not None and measured.pos_ == "ADV":
        phrase += list(doc[top.i + 1 : measured.right_edge.i + 1])  # "12 kilometres north of the town"
    role, head = top.dep_, top.head
    if head.dep_ in {"aux", "auxpass"} and head.head.pos_ in CLAUSE_POS:
        head = head.head  # "19 were trapped": the parse may hang the subject on the auxiliary
    verb: Token | None = None
    first, last = phrase[0].i, phrase[-1].i
    state: Token | None = None
    # "12 km north of the town", "8 km from the pier", "three kilometres off the coast"
    distance = (
        measured is not None
        and measured.pos_ == "ADV"
        and measured.lower_ in DIRECTIONS
        or unit_noun is not None
        and any(x.dep_ == "prep" and x.lower_ in DIRECTIONS for x in unit_noun.children)
    )
    if role in OBJECT_DEPS and head.pos_ in CLAUSE_POS:
        verb = head
        if head.i < first and first - head.i <= MAX_GAP:
            first = head.i
        # "left nine people dead": the state the people were left in says what happened to them
        state = next(
            (x for x in head.children if x.dep_ in {"oprd", "acomp"} and x.pos_ == "ADJ" and last < x.i <= last + 2),
            None,
        )
        if state is not None:
            last = state.i
    elif role in SUBJECT_DEPS and head.pos_ in CLAUSE_POS and head.i > last and head.i - last <= MAX_GAP + 1:
        verb = head
        last = head.i
        if head.dep_ in {"aux", "auxpass"} and head.head.pos_ == "ADJ" and 0 < head.head.i - head.i <= 2:
            last = head.head.i  # "nine are unaccounted for": the parse hangs the count on "are"
            if last + 1 < sent.end and doc[last + 1].dep_ == "prep" and doc[last + 1].head.i == last:
                last += 1
        # "were aboard", "are dead", "were injured critically": the verb's words right after it
        while (
            last + 1 < sent.end
            and doc[last + 1].head.i == head.i
            and doc[last + 1].dep_ in {"acomp", "advmod", "prt", "oprd", "attr"}
            and not doc[last + 1].like_num
        ):
            last += 1
    elif role in SUBJECT_DEPS and head.pos_ in CLAUSE_POS:
        verb = head
    elif role == "pobj" and head.dep_ in {"prep", "agent"}:
        first = min(first, head.i)
        gov = head.head
        if gov.pos_ in CLAUSE_POS:
            verb = gov
            if gov.i < head.i and head.i - gov.i <= 2:
                first = gov.i
            if (
                noun is None
                and of_child(anchor) is None
                and (obj := next((x for x in gov.children if x.dep_ == "dobj"), None)) is not None
            ):
                # "put the crowd at 40,000", "estimated the damage at 9 million"; but "closed
                # wards at three of the five clinics" counts clinics, not wards
                noun = obj
        elif gov.pos_ in {"NOUN", "PROPN", "ADV"} and noun is None:
            noun = gov  # "the population of 40,000
            first = _phrase_start(gov, first)
        elif gov.pos_ == "NOUN" and unit_noun is not None and measured is None:
            measured = gov  # "at a depth of 90 metres", "a fine of 500 euros": what the figure measures"
            first = _phrase_start(gov, first)
    elif role == "npadvmod" and head.dep_ == "prep" and head.head.pos_ in CLAUSE_POS:
        verb = head.head  # "sank about 8 km from the pier": a distance of where it sank
        distance = True
        last = max(last, head.right_edge.i)
        if verb.i < first and first - verb.i <= MAX_GAP:
            first = verb.i
    elif role == "npadvmod" and head.pos_ == "ADJ" and head.dep_ in {"acomp", "amod"} and head.head.pos_ in CLAUSE_POS:
        # "the bridge is 300 metres long": the subject's length, said by the adjective
        verb, measured = head.head, head
        last = max(last, head.i)
        if verb.i < first and first - verb.i <= MAX_GAP:
            first = verb.i
    elif role == "conj":
        x = top
        while x.dep_ == "conj" and x.head.i != x.i:
            x = x.head
        if x.dep_ in OBJECT_DEPS | SUBJECT_DEPS and x.head.pos_ in CLAUSE_POS:
            verb = x.head
    if verb is not None and role in SUBJECT_DEPS and (acting := _acting_verb(verb)) is not verb:
        verb = acting  # "30 people are known to have been rescued": counted as rescued
        last = max(last, acting.i)
    # the quote always holds the figure itself: "with a population of 40,000", not "with a population"
    first, last = min(first, toks[0].i), max(last, toks[-1].i)
    span = [t for t in doc[first : last + 1]]
    if speed is not None:  # "87 km/h", "50 mph": the parse reads only the distance
        q = {**q, "unit": speed[0]}
        reach = speed[1] - (1 if text[speed[1] - 1] == "." else 0)
        span += [t for t in doc[last + 1 : sent.end] if t.idx < reach]
    span = _strip_edges(span)
    if not span:
        return None
    level = _measured_subject(anchor) if noun is None and not is_clock else None  # "the toll rose to 11"
    if (
        level is None
        and verb is not None
        and top.dep_ in {"attr", "dobj", "appos"}
        and (unit_noun is not None and top is unit_noun or speed is not None)
    ):
        level = _measured_subject(top if top.dep_ != "appos" else top.head)  # "the limit is 50 km/h"
    counted = noun if unit_noun is None else None
    counted = counted if counted is not None else level
    if counted is None and top is anchor and (part := _partitive_noun(anchor)) is not None:
        counted = part  # "three of the four clinics": clinics, a part of them
    if counted is not None and counted.lemma_.lower() in COUNT_NOUNS and (pobj := of_object(counted)) is not None:
        # "the number of people killed rose to 11": it counts the people killed (the parse may
        # hang "killed" on "number")
        act = next((y for y in pobj.children if y.dep_ == "acl" and y.pos_ == "VERB"), None) or next(
            (y for y in counted.children if y.dep_ == "acl" and y.pos_ == "VERB" and y.i > pobj.i), None
        )
        counted = pobj
        if act is not None:
            state = act  # what happened to them, as a complement does
    unit = q["unit"] if speed is not None else _unit(q, unit_noun, counted, anchor, is_clock)
    if not is_clock and (scale_name := temperature_at(text, end)) is not None:
        unit = scale_name  # "40 degrees Celsius", "104F": a temperature, not a count of degrees
    q = {**q, "unit": unit, "start": start, "end": end, **_aspect(unit, counted, measured or level, verb)}
    if state is not None and state.pos_ == "VERB":
        q["by"] = state.lemma_.lower()
    if q["dim"] == "money" and (each := PER_UNIT.match(text, end)):
        q["by"] = each.group(1).lower()  # "275p a share", "$80 per barrel": a price of one share, not a total
    if (
        q["dim"] == "count"
        and verb is not None
        and top.dep_ == "dobj"
        and (noun is None or counts_people(noun.lemma_.lower()))
        and _states_capacity(verb)
    ):
        q["by"] = "capacity"
    if q["dim"] == "length" and (q["by"] in DEPTH_WORDS or distance and head.lower_ in DEPTH_WORDS):
        q["by"] = "depth"  # "90 metres deep", "a depth of 90 metres", "300 feet below the surface"
    elif distance and q["dim"] == "length":
        q["by"] = "distance"  # how far from somewhere, whichever verb tells it
    predicate = _predicate(verb, top) if verb is not None else ""
    if state is not None:
        predicate = f"be {state.lemma_.lower()}" if state.pos_ == "ADJ" else state.lemma_.lower()
    subj = _actor(verb) if verb is not None else None
    q_end = span[-1].idx + len(span[-1].text)
    if speed is not None and span[-1].idx < reach < q_end:
        q_end = reach  # "50 km/h." at a sentence's end: the full stop is not the unit's
    c = ClaimSpan(
        span[0].idx,
        q_end,
        text[span[0].idx : q_end],
        "figure",
        sent.start_char,
        subject=_np_text(subj) if subj is not None else "",
        object=_np_text(top) if top is not anchor else "",
    )
    c = _finish(
        c,
        verb if verb is not None else top,
        span,
        predicate_override=predicate or None,
        borrowed=[subj] if subj is not None else [],
    )
    c.predicate = predicate
    q["year"] = _event_year(verb if verb is not None else top)
    if (
        top is anchor
        and of_child(anchor) is not None
        or any(x.lower_ == "other" and x.dep_ == "amod" for x in top.children)
    ):
        q["what"] = "part"  # "six of them", "three other ministers": a share of a count, not a count of its own
    elif top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.like_num:
        q["what"] = "whole"  # "seven of ten races": ten is the whole the seven are part of
    elif q["dim"] == "count" and counted is not None and any(x.ent_type_ == "NORP" for x in counted.lefts):
        q["what"] = "part"  # "300 Danish citizens", "12 French tourists": the ones of one nation, among all
    elif q["dim"] == "count" and counted is not None and any(x.lower_ in ONES_OWN for x in counted.lefts):
        q["what"] = "part"  # "stranded with his three sons": one person's own, not all the count is of
    elif q["dim"] == "count" and _narrowed(verb if verb is not None else top):
        q["what"] = "part"  # "85 on Tuesday alone", "in the capital alone, 40 homes": a share of the whole
    c.figures = [q]
    return c


def _narrowed(head: Token) -> bool:
    """The clause narrows what it counts to one time or place with "alone" after a noun ("on
    Tuesday alone", "in the capital alone", "this year alone"); "lived alone" and "left the
    boy alone" narrow nothing."""
    return any(
        t.lower_ == "alone"
        and t.dep_ == "advmod"
        and (t.head.pos_ in {"NOUN", "PROPN"} or t.i > 0 and t.nbor(-1).dep_ in {"pobj", "npadvmod"})
        for t in head.subtree
    )


def _states_capacity(verb: Token) -> bool:
    """The count of people the verb takes says how many fit, not how many were there: a
    capacity verb in the simple present ("the stand holds 7,200", "the hall seats 400 guests")
    or a verb of being somewhere after "can" or "could" ("the ferry can carry 300 passengers").
    "The bus carried 40 passengers", "the hall held 900 people that night" and "the estate's
    blocks hold 1,200 homes" say who or what was there."""
    lemma = verb.lemma_.lower()
    modal = any(x.dep_ == "aux" and x.lemma_.lower() in {"can", "could"} for x in verb.children)
    return lemma in CAPACITY_VERBS and (verb.tag_ in {"VBZ", "VBP"} or modal) or modal and lemma in PRESENCE_VERBS


def _partitive_noun(t: Token) -> Token | None:
    """The noun a figure takes a part of: "clinics" in "three of the four clinics"."""
    pobj = of_object(t)
    return pobj if pobj is not None and pobj.pos_ == "NOUN" else None


def _a_member(t: Token) -> bool:
    """ "one of" said of somebody ("she was one of five nurses on duty", "Ana Ruiz, one of the
    riders"): it names a member of a group, and counts nothing. As a subject it counts ("one of
    the riders fell"). The parse may read the "one" after "was" as a subject of a participle
    further on ("he was one of two men freed"), so the copula before it is read too."""
    return (
        t.lower_ in {"one", "1"}
        and (t.dep_ in {"attr", "appos"} or t.i > t.sent.start and t.nbor(-1).lemma_ == "be")
        and of_child(t) is not None
    )


def _part_of(t: Token) -> Token | None:
    """The number a bare number is part of when the parse hangs "seven of" on "ten" ("seven of
    ten races", "two of five ferries" without an article): the whole, or None."""
    doc = t.doc
    if t.dep_ != "quantmod" or not t.like_num or not t.head.like_num or t.head.i <= t.i + 1:
        return None
    of = doc[t.i + 1]
    return t.head if of.lower_ == "of" and of.head.i == t.head.i else None


def _age(sent: Span, toks: list[Token], q: dict, start: int, end: int) -> ClaimSpan | None:
    """ "a 52-year-old teacher", "Ana Ruiz, 52, ...", "was 52 years old": whose age it is."""
    doc = sent.doc
    last = toks[-1]
    old = next((t for t in doc[last.i : min(sent.end, last.i + 5)] if t.lower_ == "old"), None)
    if old is None:
        return None
    whom = old.head if old.dep_ == "amod" and old.head.pos_ in {"NOUN", "PROPN"} else None
    if whom is None and old.head.pos_ in CLAUSE_POS:
        whom = _subject(old.head)
    first, final = toks[0].i, old.i
    if whom is not None and old.dep_ == "amod":
        final = max(final, whom.i)
    span = list(doc[first : final + 1])
    return _age_claim(sent, span, whom, q, start, end)


def _turned(t: Token) -> Token | None:
    """ "she turned 52 in May", "who turns 40 on Friday": a bare whole number as the object of
    "turn" is an age, of the verb's subject, when that subject is a person (a person's name, a
    name the recognizer left unlabelled, a pronoun for one, or a noun for people). "The wheel turned 90 degrees" has a unit, and "the firm
    turned 50" no person: neither is read so."""
    verb = t.head
    if t.dep_ not in {"dobj", "attr", "npadvmod", "oprd"} or verb.lemma_ != "turn" or verb.i > t.i:
        return None
    if not t.like_num or any(x.dep_ not in {"punct", "quantmod", "advmod"} for x in t.children):
        return None
    who = _actor(verb)
    if who is None:
        return None
    if who.lower_ in {"he", "she", "i"}:
        return verb
    ent = next((e for e in _doc_ents(t.doc) if e.start <= who.i < e.end), None)
    if ent is not None:
        return verb if ent.label_ == "PERSON" else None
    if who.pos_ == "PROPN":  # a name the recognizer did not label: a person's far more often than a firm's
        return verb
    return verb if who.pos_ == "NOUN" and counts_people(who.lemma_.lower(), groups=False) else None


def _age_claim(sent: Span, span: list[Token], whom: Token | None, q: dict, start: int, end: int) -> ClaimSpan:
    who = _np_text(whom) if whom is not None else ""
    c = ClaimSpan(
        span[0].idx, span[-1].idx + len(span[-1].text), _join(span), "figure", sent.start_char, subject=who, object=who
    )
    c = _finish(c, whom if whom is not None else span[-1], span, predicate_override="be old")
    c.figures = [
        {
            **q,
            "unit": "year of age",
            "start": start,
            "end": end,
            "dim": "age",
            "what": "",
            "by": "old",
            "whose": _whose(whom),
            "year": None,
        }
    ]
    return c


def appositive_ages(sent: Span) -> list[ClaimSpan]:
    """'Ana Ruiz, 52, ...', 'Ruiz, 52, ...' or 'the driver, 44, ...': a whole number from 1 to 110
    set off by commas right after a person's name, or a noun for a person, is their age.

    A name is a person's when the entity recognizer says so, when the document names a person
    with it elsewhere ("Ana Ruiz ... Ruiz, 52"), or when the recognizer reads the number itself as
    an age (a DATE) and the sentence is no list of names and numbers ("Oslo, 12, Bergen, 9, ...",
    a count after each name)."""
    doc = sent.doc
    found = []
    for t in sent:
        if not (t.like_num and t.dep_ in {"appos", "npadvmod", "amod", "nummod"}):
            continue
        if t.i < 2 or doc[t.i - 1].text != "," or (t.i + 1 < sent.end and doc[t.i + 1].text not in {",", ")", "."}):
            continue
        try:
            value = float(t.text)
        except ValueError:
            continue
        if 1 <= value <= 110 and value == int(value):
            found.append((t, value))
    out = []
    for t, value in found:
        name = doc[t.i - 2]
        read_as_age = t.ent_type_ == "DATE" and len(found) == 1  # and no list of names and numbers
        ent = next((e for e in _doc_ents(doc) if e.start <= name.i < e.end), None)
        if ent is not None:
            if ent.end != t.i - 1 or not _names_person(ent, read_as_age):
                continue
            whom, first = ent.root, ent.start
            while first > sent.start and doc[first - 1].pos_ == "PROPN" and doc[first - 1].dep_ == "compound":
                first -= 1  # the first name the recognizer left out of the entity: "Ana" of "Ana Brevik"
        elif name.pos_ == "PROPN" and read_as_age:
            whom, first = name, name.i  # a name the tagger missed
        elif name.pos_ == "NOUN" and counts_people(name.lemma_.lower(), groups=False):
            whom, first = name, name.left_edge.i
        else:
            continue
        span = list(doc[first : t.i + 1])
        q = {"text": t.text, "value": value, "lo": value, "hi": value}
        out.append(_age_claim(sent, span, whom, q, t.idx, t.idx + len(t.text)))
    return out


def _names_person(ent: Span, read_as_age: bool) -> bool:
    if ent.label_ == "PERSON":
        return True
    if ent.label_ not in {"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"}:
        return False
    last = ent[-1].text
    return read_as_age or any(e.label_ == "PERSON" and last in {x.text for x in e} for e in _doc_ents(ent.doc))


def _points_back(sent: Span, end: int) -> bool:
    """After "the", a number that counts a plural noun ("the three towns") names things told of
    before; one that measures ("the 50 mph limit", "the 2,000-metre runway") does not."""
    after = [t for t in sent if t.idx >= end]
    noun = next((t for t in after if t.pos_ in {"NOUN", "PROPN"}), None)
    return noun is not None and noun.tag_ in {"NNS", "NNPS"} and not _unit_word(noun)


def name_numbers(doc: Doc) -> list[tuple[int, int]]:
    """Where the Doc's identifiers are ("Gate 4", "Flight 302", "Category 5"): numbers that
    name something and count nothing. A figure claim is never made of one; a clause holding
    one compares no count by it either."""
    return [(t.idx, t.idx + len(t.text)) for t in doc if t.like_num and _in_a_name(t)]


def _in_a_name(t: Token) -> bool:
    """'Highway 12', 'Flight 302', 'plan 4', 'COVID-19': a number right after the noun it names
    is an identifier; it counts nothing. So is one between a name and a singular noun ("a KXLR
    7 report", "the Apollo 11 mission"): a count other than one takes a plural noun, so "7
    report" can only be a name's number, whatever the parse made of the name."""
    head = t.head
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if (
        prev is not None
        and t.text.isdigit()
        and t.ent_type_ != "DATE"
        and (prev.pos_ == "PROPN" or prev.text.isalpha() and prev.text.isupper() and len(prev.text) > 1)
        and head.i == t.i + 1
        and head.tag_ == "NN"
        and not _unit_word(head)
    ):
        return True
    return (
        head.i < t.i
        and head.pos_ in {"PROPN", "NOUN"}
        and t.dep_ in {"nummod", "appos", "compound", "npadvmod"}
        and t.i == head.i + 1
        or t.ent_type_ in NAME_PARTS
        and t.ent_type_ not in {"NORP"}
        and t.i > 0
        and t.doc[t.i - 1].pos_ == "PROPN"
        and t.doc[t.i - 1].ent_type_ == t.ent_type_
    )


def _unit_spelling(t: Token) -> str:
    """A unit word as written, without an abbreviation's full stop ("ft.", "40 m."); a lone "m"
    after a figure is metres (a currency sign makes it millions, and is read first); a "metric
    ton" is a tonne, a "nautical mile" no mile."""
    w = t.lemma_.lower().rstrip(".") or t.lemma_.lower()
    if w == "ton" and any(c.lower_ == "metric" for c in t.lefts):
        return "tonne"
    if w == "mile" and any(c.lower_ == "nautical" for c in t.lefts):
        return "nautical mile"
    return "metre" if w == "m" else w


def clock_unit(zone: str) -> str:
    """A time of day's unit: "clock", or "clock utc" for a time given in a named zone. Two times
    in different zones, or one in a named zone and one in the place's own time, may be one moment:
    kcheck does not know the place's offset, so it never compares them."""
    return f"clock {zone.lower()}" if zone else "clock"


def _unit_word(t: Token) -> bool:
    return canonical(_unit_spelling(t)) in DIMENSIONS or canonical(t.text.lower()) in DIMENSIONS


def _unit(q: dict, unit_noun: Token | None, counted: Token | None, anchor: Token, is_clock: bool) -> str:
    if is_clock:
        return q["unit"]
    if q.get("unit") in {"%", "metre", "penny"}:
        return q["unit"]
    m = re.match(r"[$€£¥]", q["text"].lstrip("~ ")) or re.search(r"[$€£¥]", q["text"])
    if m:
        return CURRENCY[m.group(0)]
    if unit_noun is not None:  # spelt one way ("kms" -> "kilometre"), not converted (a foot stays a foot)
        lemma = UNIT_ALIASES.get(_unit_spelling(unit_noun), _unit_spelling(unit_noun))
        power = next((x.lower_ for x in unit_noun.lefts if x.lower_ in {"cubic", "square"}), None)
        if power is not None and canonical(f"{power} {lemma}") in DIMENSIONS:
            return f"{power} {lemma}"  # "40 cubic metres" is a volume, "12 square miles" an area
        if (
            lemma == "pound"
            and re.search(r"(?:million|billion|trillion|bn)\b", q["text"], re.I)
            and of_child(unit_noun) is None
        ):
            return "pound sterling"  # "2.4 billion pounds" is money; "two million pounds of beef" a mass
        return lemma if canonical(lemma) in DIMENSIONS else UNIT_ALIASES.get(unit_noun.lower_, unit_noun.lower_)
    if counted is not None and counted.pos_ in {"ADJ", "VERB"} and counted.lower_ in STATE_VERBS:
        return counted.lower_  # "the number of injured": the state, as written
    if counted is not None:
        return _counted(counted)
    return ""


def _aspect(unit: str, counted: Token | None, measured: Token | None, verb: Token | None) -> dict:
    """What the figure measures, beyond its unit: its dimension, the counted noun, the word it
    hangs on (the thing measured, else the verb), and whose it is (the verb's subject)."""
    dim = (
        "clock" if unit.startswith("clock") else DIMENSIONS.get(canonical(unit), "percent" if unit == "%" else "count")
    )
    what = _counted(counted) if counted is not None and dim == "count" else ""
    by = ""
    if measured is not None and measured.lower_ in OFFSET_ADVERBS and measured.head.pos_ in CLAUSE_POS:
        # "17 minutes later the plane landed": the time until the landing, not a span "later" has
        by = _predicate(measured.head, None)
    elif measured is not None:
        by = measured.lemma_.lower()  # "a 40 km/h zone": the zone's speed
    elif (
        dim == "money" and counted is not None and counted.pos_ == "NOUN" and counted.lemma_.lower() not in COUNT_NOUNS
    ):
        # "a loss of $20 million", "a $3 million grant": a currency sign is no noun of its own,
        # so the noun it is said of is what the money measures, whichever verb tells it
        by = counted.lemma_.lower()
    elif verb is not None:
        by = _predicate(verb, None)
    if by in LIMIT_NOUNS:
        by = "limit"
    return {"dim": dim, "what": what, "by": by, "whose": _whose(_doer(verb))}


def _doer(verb: Token | None) -> Token | None:
    """Who does the act: the subject, or in the passive the "by" phrase's noun ("was sentenced
    by a court" and "a court sentenced" are the court's); a passive without one names nobody."""
    if verb is None:
        return None
    if any(x.dep_ in {"nsubjpass", "auxpass"} for x in verb.children):
        agent = next((x for x in verb.children if x.dep_ == "agent"), None)
        return next((y for y in agent.children if y.dep_ == "pobj"), None) if agent is not None else None
    return _actor(verb)


def _actor(verb: Token) -> Token | None:
    """The verb's subject, a relative pronoun's noun in its place: in "the grocer, which runs
    60 shops", the grocer runs them."""
    subj = _subject(verb)
    if subj is not None and subj.lower_ in REL_PRONOUNS and verb.dep_ == "relcl":
        return _relcl_antecedent(verb)
    if subj is None and verb.dep_ == "xcomp":
        return _controller(verb)
    return subj


def _controller(verb: Token) -> Token | None:
    """The subject an infinitive borrows: "the talks are due to open at 3pm", "the crew hoped
    to land by noon" (the talks open, the crew lands). After an object ("urged the mayor to
    resign") the object would be the one acting, so none is given."""
    head = verb.head
    for _ in range(2):
        if any(x.dep_ in {"dobj", "iobj"} for x in head.children):
            return None
        if (subj := _subject(head)) is not None:
            return subj
        if head.dep_ not in {"acomp", "xcomp"} or head.head is head:
            return None
        head = head.head  # "are due to open": the subject is the copula's
    return None


def _whose(t: Token | None) -> str:
    if t is None or t.pos_ == "PRON" or t.like_num:
        return ""
    ent = next((e for e in _doc_ents(t.doc) if e.start <= t.i < e.end and e.label_ in {"PERSON", "ORG", "GPE"}), None)
    return entity_key(ent.text, ent.label_) if ent is not None else t.lemma_.lower()


def _predicate(verb: Token, own: Token | None) -> str:
    """The verb with its particle, or "be" with its complement (not the figure's own noun), or
    the act a verb phrase names (the `verb_phrases` list)."""
    pred = verb.lemma_.lower()
    if verb.dep_ in {"aux", "auxpass"} and verb.head.pos_ == "ADJ" and verb.head.i > verb.i:
        pred = f"be {verb.head.lemma_.lower()}"  # "nine are unaccounted for": be unaccounted
    prt = particle(verb)
    if prt is not None:
        pred = f"{pred} {prt.lower_}"
    if pred in LINKING_VERBS:  # "remain missing", "are missing", "fell ill": be missing, be ill
        comp = next(
            (
                x
                for x in verb.children
                if x.dep_ in {"acomp", "attr", "oprd"}
                or x.lower_ in {"aboard"}
                or x.dep_ == "advmod"
                and x.lower_ in STATE_VERBS
            ),
            None,
        )  # the parse may read a state as an adverb: "fell ill"
        if comp is not None and not comp.like_num and comp is not own:
            pred = f"be {comp.lemma_.lower()}"
    if pred in PLACING_VERBS and (place := _place(verb)) is not None:
        # "taken to hospital" is "hospitalized"; "six remain in hospital" counts those still there
        return PLACE_STATES[place]
    obj = next((x for x in verb.children if x.dep_ == "dobj"), None)
    # "lost their lives": died; "are unaccounted for", "remain missing": missing
    return VERB_PHRASES.get(pred if obj is None else f"{pred} {obj.lemma_.lower()}", pred)


def _place(verb: Token) -> str | None:
    """The `place_states` place the verb puts people in, named as a kind of place alone: "to
    hospital", "to the hospital", "into custody"; not a place among others ("transferred to
    other hospitals", "moved to two hospitals", "flown to St Anne's Hospital")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "into", "to"}:
            for place in prep.children:
                if (
                    place.dep_ == "pobj"
                    and place.tag_ == "NN"
                    and place.lemma_.lower() in PLACE_STATES
                    and all(x.dep_ == "det" and x.lower_ in {"the", "a"} for x in place.lefts)
                ):
                    return place.lemma_.lower()
    return None


def _dating_words(child: Token) -> list[Token]:
    """Where a year that dates the clause may sit, seen from one of its words: the word; the
    words of a prepositional phrase, adverbial noun or subject; the objects of a phrase's own
    prepositions; and the objects of the subject's prepositions ("the first fire at the mill,
    in 1996, killed nineteen")."""
    dep = child.dep_
    words = [child]
    if dep in {"prep", "npadvmod", "nsubj", "nsubjpass"}:
        words.extend(child.children)
    if dep == "prep":
        words.extend(h for g in child.children for h in g.children)
    elif dep in {"nsubj", "nsubjpass"}:
        words.extend(h for g in child.children if g.dep_ == "prep" for h in g.children)
    return words


def _event_year(t: Token) -> int | None:
    """The year of another event, when the figure's clause or a clause it hangs on names one:
    "In 2011, eight died", "a 2011 crash that killed eight", "In May 2011 a bus crashed,
    killing eight"."""
    if (host := _relative_clause_before(t)) is not None:
        for child in host.children:
            if (year := _year_among(_dating_words(child))) is not None:
                return year
    x: Token | None = t
    last = False
    relcl = t
    while x is not None:
        if x.i != t.i and _is_year(x):
            return int(x.text)  # "in 1998, when a flood killed seven": the clause hangs on the year
        for child in x.children:
            if child.i == t.i:
                continue
            if (year := _year_among(_dating_words(child))) is not None:
                return year
        if last or x.dep_ == "ccomp" or x.head.i == x.i:
            if last and (year := _year_of_the_act_that_made_it(x, relcl)) is not None:
                return year
            break
        # a relative clause is dated by its own words or its noun's ("a 2011 crash that killed
        # eight"), not by the clause its noun sits in ("the hall, which drew 900 visitors, has
        # a budget for 2030": the visitors are not 2030's), but for a past act of a dated act's
        # object (_year_of_the_act_that_made_it)
        last = x.dep_ in {"relcl", "acl"}
        relcl = x
        x = x.head
    return None


def _relative_clause_before(t: Token) -> Token | None:
    """The relative clause a participle right after it goes on: "the old stadium, which burned
    down in 1987, injuring 45 spectators" injured them in 1987, though the parse may hang the
    participle on the sentence's verb; so does the participle after it ("..., closing 12
    turnstiles")."""
    while t.dep_ == "conj" and t.head.i != t.i and t.head.tag_ == "VBG":
        t = t.head
    if t.dep_ != "advcl" or t.tag_ != "VBG" or t.left_edge.i != t.i or t.i < 2:
        return None
    prev = t.doc[t.i - 1]
    if not prev.is_punct:
        return None
    prev = t.doc[t.i - 2]
    for x in [prev, *prev.ancestors]:
        if x.dep_ == "relcl" and x.right_edge.i == prev.i:
            return x
    return None


def _year_of_the_act_that_made_it(noun: Token, relcl: Token) -> int | None:
    """A past act told of a thing a dated act brought about or met took place then: "in 2014 a
    faulty boiler started a fire that destroyed 30 homes" (the homes were lost in 2014). Only
    for the object of the dated verb and a relative clause in the past tense: "in 2019 the firm
    bought a plant that employs 300" is no 2019 figure, nor "the firm, which cut 40 jobs, was
    founded in 1987"."""
    verb = noun.head
    if noun.dep_ != "dobj" or relcl.tag_ != "VBD" or verb.pos_ not in CLAUSE_POS:
        return None
    for child in verb.children:
        if child.i != noun.i and (year := _year_among(_dating_words(child))) is not None:
            return year
    return None


def _is_year(t: Token) -> bool:
    return t.ent_type_ == "DATE" and re.fullmatch(r"1[89]\d\d|20\d\d", t.text) is not None


def _year_among(words: list[Token]) -> int | None:
    return next((int(y.text) for y in words if _is_year(y)), None)

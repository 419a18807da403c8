"""Dates of acts: a date that says when something happened is a fact of its own, with its own quote.

Sources give the day of an event differently as often as they give its figures differently, and
a clause that holds a date usually holds other facts too: "Two climbers died after a rockfall
on Sunday" states a toll and a day. Compared as one claim, a clash of days and a clash of tolls
are one clash, and the day ties the clause to every other claim of that day. So each date
that dates an act (a verb, or a noun that names one) gets a claim whose quote is the shortest
span that says what is dated, read from the parse:

- the verb the date's phrase hangs on, when at most a few words stand between them: "arrested
  two men on Tuesday", "opened in 1974"; else the phrase alone: "early on Monday";
- the noun it dates: "Tuesday's vote", "the 2019 inspection", "the fire in March 2022".

A date phrase runs through the part of the day it names ("late on Friday night", "in the early
hours of Tuesday"). A date after "since", "until", "before" or "after" bounds a time rather
than dating an act, and stays with its clause. Comparison judges a date in its own claim only:
a longer claim that holds it keeps it, marked as claimed (kcheck.nlp.components), for what else
its dates are read for ("not since" a date, an event's age against its start).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kcheck.dates import find_dates
from kcheck.lexicon import first_names_event
from kcheck.nlp.figures import MAX_GAP, _actor
from kcheck.nlp.slots import _finish
from kcheck.nlp.spans import CLAUSE_POS, ClaimSpan, _np_text, _strip_edges, doc_text
from kcheck.words import words

DATE_PREPOSITIONS = words("date_prepositions")
TIME_NOUNS = words("time_of_day_nouns")
OCCURRENCE_VERBS = words("occurrence_verbs")
NOUN_DEPS = {"poss", "compound", "nummod", "amod", "nmod"}  # "Tuesday's vote", "the 2019 inspection"
VERB_DEPS = {"prep", "npadvmod", "advmod"}  # "died on Sunday", "left Tuesday" (the parser's labels)


def _only_occurs(verb: Token) -> bool:
    """The verb only says that its subject took place: an `occurrence_verbs` entry, which is a verb
    ("erupt") or a verb with its object ("take place": "the vote took four hours" is no such verb)."""
    lemma = verb.lemma_.lower()
    return lemma in OCCURRENCE_VERBS or any(
        x.dep_ == "dobj" and f"{lemma} {x.lemma_.lower()}" in OCCURRENCE_VERBS for x in verb.children
    )


def date_claims(sent: Span) -> list[ClaimSpan]:
    """One claim per date in the sentence that dates an act (see the module docstring)."""
    text = sent.text
    out = []
    for d in find_dates(text):
        if d.kind not in {"date", "relative"} or d.years_lo is not None:
            continue  # durations and "ten years ago" measure a time; they date nothing here
        c = _date_claim(sent, sent.start_char + d.start, sent.start_char + d.end)
        if c is not None:
            out.append(c)
    return out


def _date_claim(sent: Span, start: int, end: int) -> ClaimSpan | None:
    doc = sent.doc
    toks = [t for t in sent if t.idx < end and t.idx + len(t.text) > start]
    inside = {t.i for t in toks}
    words_ = [t for t in toks if t.pos_ in {"PROPN", "NOUN", "NUM"}]
    if not words_:
        return None
    top = words_[-1]
    # climb to the phrase the date is part of: through its own words, the part of the day it
    # names ("Friday night"), and the prepositions that hold it ("the small hours of Sunday")
    for _ in range(8):
        head = top.head
        if head.i == top.i:
            return None  # the date is the sentence's root: it dates nothing
        if head.i in inside:
            top = head
        elif head.pos_ == "NOUN" and head.lemma_.lower() in TIME_NOUNS:
            top = head
        elif top.dep_ == "pobj" and head.pos_ == "ADP":
            if head.lower_ not in DATE_PREPOSITIONS:
                return None  # "since 2016", "until March", "before Tuesday": a bound, not a date
            top = head
        elif top.dep_ == "prep" and top.lower_ == "of" and head.lemma_.lower() in TIME_NOUNS:
            top = head
        else:
            break
    gov = top.head
    span_first, span_last = top.left_edge.i, top.right_edge.i
    span_last = min(span_last, _time_noun_end(doc, max(inside), sent.end))
    if top.dep_ in VERB_DEPS and gov.pos_ in CLAUSE_POS:
        verb: Token | None = gov
        # "early on Monday", "late on Friday night": the verb's adverb right before the phrase
        before = doc[span_first - 1] if span_first > sent.start else None
        if before is not None and before.dep_ == "advmod" and before.head.i in {gov.i, top.i} and before.i > gov.i:
            span_first = before.i
        if gov.i < span_first and span_first - gov.i - 1 <= MAX_GAP:
            span_first = gov.i
        head_tok = gov
    elif top.dep_ in NOUN_DEPS | {"prep"} and gov.pos_ in {"NOUN", "PROPN"} and gov.lemma_.lower() not in TIME_NOUNS:
        verb = None
        head_tok = gov
        if gov.i > span_last:
            span_last = gov.i  # "Tuesday's vote", "the 2019 inspection"
        elif gov.i < span_first and span_first - gov.i - 1 <= MAX_GAP:
            span_first = gov.i  # "the fire in March 2022"
    else:
        return None
    span = [t for t in doc[span_first : span_last + 1]]
    span = _strip_edges(span)
    if not span:
        return None
    text = doc_text(doc)
    q_start, q_end = span[0].idx, span[-1].idx + len(span[-1].text)
    subj = _actor(verb) if verb is not None else None
    predicate = None
    if (
        verb is not None
        and subj is not None
        and subj.pos_ == "NOUN"
        and _only_occurs(verb)
        and first_names_event(subj.lemma_.lower())
    ):
        # "a blast tore through the depot on Sunday", "the collapse happened on Monday": the verb
        # only says that the event took place, and the event is what is dated (a noun whose most
        # common sense is an event: not "the station"); "the strike ended on Friday" dates the end
        predicate, head_tok = subj.lemma_.lower(), subj
    c = ClaimSpan(
        q_start,
        q_end,
        text[q_start:q_end],
        "date",
        sent.start_char,
        subject=_np_text(subj) if subj is not None else "",
        object=head_tok.text if verb is None or predicate else "",  # a dated noun is the thing dated
    )
    c = _finish(c, head_tok, span, predicate_override=predicate, borrowed=[subj] if subj is not None else [])
    c.dated = [start, end]
    return c


def _time_noun_end(doc, last: int, stop: int) -> int:
    """The last word of the date phrase: "Friday night" runs through "night"."""
    while last + 1 < stop and doc[last + 1].lemma_.lower() in TIME_NOUNS and doc[last + 1].pos_ == "NOUN":
        last += 1
    return last

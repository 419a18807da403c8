"""What the splitter's modules share: the claim span type, the word lists they read, and the
token helpers that turn a head word into a compact phrase of the sentence."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kcheck.words import words

SPEECH_VERBS = words("speech_verbs")


HEDGE_WORDS = words("hedge_words")


FAILURE_VERBS = words("failure_verbs")


NEEDS_COMPLEMENT = words("needs_complement")


ATTEMPT_VERBS = words("attempt_verbs")


DENIAL_VERBS = words("denial_verbs")


NEGATION_WORDS = words("negation_words")


ATTACHED_MARKS = words("attached_marks")


SPLIT_MARKS = words("split_marks")


REL_PRONOUNS = words("relative_pronouns")


CLAUSE_POS = {"VERB", "AUX"}


CROSS_REFERENCE_VERBS = words("cross_reference_verbs")


@dataclass
class ClaimSpan:
    """One atomic claim found in a Doc; offsets are Doc character offsets."""

    start: int
    end: int
    text: str
    kind: str  # clause | relcl | appos | title | modifier | dated | event | figure | date
    sentence_start: int
    subject: str = ""
    predicate: str = ""
    object: str = ""
    negated: bool = False
    polarity: list[str] = field(default_factory=list)  # the words that set the polarity
    hedges: list[str] = field(default_factory=list)
    speaker: str = ""
    entities: list[dict] = field(default_factory=list)
    quantities_units: dict = field(default_factory=dict)  # token offset -> counted noun lemma
    lemmas: list[str] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)  # a figure claim's own measurement (kcheck.nlp.figures)
    # the date this claim states as its own: [start, end], Doc offsets (kcheck.nlp.when)
    dated: list[int] = field(default_factory=list)
    head_i: int = -1  # the Doc index of the word the claim's slots were read from (its verb)
    dates: list[dict] = field(default_factory=list)  # values.find_dates, Doc offsets
    quantities: list[dict] = field(default_factory=list)  # numbers with their hedges and units, Doc offsets
    vector: bytes = b""  # the text's sentence embedding (kcheck.embed), when embedding is on


ENTS_KEY = "kcheck_ents"
TEXT_KEY = "kcheck_text"


def _doc_ents(doc: Doc) -> tuple[Span, ...]:
    """The Doc's entities, built once per pass: `doc.ents` builds every Span anew on each call,
    which cost a third of the splitting time when read once per claim."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return ents


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once per pass: `doc.text` joins every token's text anew on each
    call, and read once per claim, per sentence and per figure it cost a tenth of the splitting."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def is_question(sent: Span) -> bool:
    text = sent.text.rstrip().rstrip("\"'”’)]» ")
    return text.endswith("?")


def _np_tokens(tok: Token, drop: AbstractSet[int] = frozenset()) -> list[Token]:
    """A compact noun phrase for a head: its left modifiers and itself, plus 'of X' style tails,
    without the clauses, appositions, conjuncts and punctuation that follow it."""
    cut = set(drop)
    for child in tok.rights:
        if child.dep_ in {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl"}:
            cut.update(x.i for x in child.subtree)
    for x in tok.subtree:  # "the strike at the Hansa works, which began ...": a clause on a word inside
        if x.dep_ == "relcl" and x.head.i != tok.i and x.i not in cut:
            cut.update(y.i for y in x.subtree)
            if x.left_edge.i > 0 and tok.doc[x.left_edge.i - 1].text == ",":
                cut.add(x.left_edge.i - 1)
    # "in particular the new mayor": the parser may hang the fixed phrase, or its adjective,
    # on the noun phrase that follows it
    first, doc = tok.left_edge, tok.doc
    if first.lower_ == "in" and first.i + 1 < tok.i and doc[first.i + 1].lower_ in FIXED_AFTER_IN:
        cut.update((first.i, first.i + 1))
    elif first.lower_ in FIXED_AFTER_IN and first.dep_ == "amod" and first.i > 0 and doc[first.i - 1].lower_ == "in":
        cut.add(first.i)
    return [t for t in tok.subtree if t.i not in cut]


FIXED_AFTER_IN = words("fixed_after_in")


def _np_text(tok: Token, drop: AbstractSet[int] = frozenset()) -> str:
    return _join(_np_tokens(tok, drop))


def _join(tokens) -> str:
    toks = sorted(tokens, key=lambda t: t.i)
    kept = {t.i for t in toks}
    # a comma that set off what was cut out ("The tram, which had ..., stopped") goes with it
    toks = [
        t
        for k, t in enumerate(toks)
        if not (t.text == "," and 0 < k < len(toks) - 1 and (t.i + 1 not in kept or t.i - 1 not in kept))
    ]
    parts = []
    for k, t in enumerate(toks):
        parts.append(t.text)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and (nxt.i != t.i + 1 or t.whitespace_):
            parts.append(" ")
    # cutting a clause out of a sentence leaves doubled or dangling commas behind
    text = re.sub(r"\s*,(?:\s*,)+", ",", "".join(parts))
    return re.sub(r"^[\s,;]+|[\s,;]+$", "", text)


SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _has_number(noun: Token) -> bool:
    return any(c.dep_ == "nummod" or c.like_num and c.dep_ in {"amod", "compound"} for c in noun.children)


def _subject(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ in {"nsubj", "nsubjpass", "csubj"}:
            return c
    return None


def _speaker_of(head: Token) -> str:
    subj = _subject(head)
    return _np_text(subj) if subj is not None else ""


def _label_prefix(sent: Span) -> int:
    """Tokens at the start that are a bullet or a 'Label:' (Q:, A:, News:, Update:)."""
    i = sent.start
    doc = sent.doc
    while i < sent.end and doc[i].is_punct and doc[i].text not in {"“", '"', "‘", "'"}:
        i += 1
    if (
        i + 1 < sent.end
        and doc[i + 1].text == ":"
        and doc[i].is_alpha
        and doc[i].is_title
        or (i + 1 < sent.end and doc[i + 1].text == ":" and doc[i].is_upper)
    ):
        i += 2
    m = DATELINE.match(doc_text(doc), doc[i].idx if i < sent.end else sent.end_char)
    if m:  # "OSLO, May 2 (Agency) - Rain fell ...": the dateline names where the copy was filed
        while i < sent.end and doc[i].idx < m.end():
            i += 1
    return i


# a wire dateline: a place in capitals, an optional date and agency, then a dash
DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z](?:,\s*[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?(?:\s*\([^()]{1,40}\))?"
    r"\s+[-–—]{1,2}\s+"
)


TIME_ENTS = {"DATE", "TIME"}


OPENERS = {"“": "”", '"': '"', "(": ")", "‘": "’", "'": "'"}


CONNECTIVES = words("connectives")


def _trim_end(toks: list[Token]) -> list[Token]:
    """Drop trailing punctuation and conjunctions; keep a closing quote or bracket whose
    opening one is inside the span."""
    while toks:
        last = toks[-1]
        if last.dep_ == "cc" or last.lower_ in CONNECTIVES and len(toks) > 1 and toks[-2].is_punct:
            toks = toks[:-1]  # "..., however" belongs to the clause that follows it
            continue
        if not last.is_punct:
            break
        opener = next((o for o, c in OPENERS.items() if c == last.text), None)
        if opener and sum(t.text == opener for t in toks[:-1]) > sum(t.text == last.text for t in toks[:-1]) - (
            opener == last.text and 0
        ):
            if opener != last.text or sum(t.text == opener for t in toks) % 2 == 0:
                break
        toks = toks[:-1]
    return toks


def _strip_edges(toks: list[Token]) -> list[Token]:
    """A figure's or a date's quote without punctuation or a conjunction at either end."""
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks = toks[1:]
    return toks


# verbs whose subject is an event, never a place: "the strike at the Hansa works, which began on
# Monday" is about the strike, though the parser hangs the clause on the nearer name
EVENT_SUBJECT_VERBS = words("event_subject_verbs")


def _relcl_antecedent(head: Token) -> Token:
    """The noun a relative clause is about: the word it hangs on, except a place name inside a
    prepositional phrase of an event noun when the clause's verb takes an event for subject."""
    ante = head.head
    if (
        head.lemma_.lower() in EVENT_SUBJECT_VERBS
        and ante.ent_type_ in {"GPE", "LOC", "FAC"}
        and ante.dep_ == "pobj"
        and ante.head.dep_ == "prep"
        and ante.head.head.pos_ == "NOUN"
    ):
        return ante.head.head
    return ante


def of_child(t: Token) -> Token | None:
    """The "of" phrase hung on a word: "of" in "a fine of 500 euros", "three of the clinics"."""
    return next((x for x in t.children if x.dep_ == "prep" and x.lower_ == "of"), None)


def of_object(t: Token) -> Token | None:
    """The noun of the word's "of" phrase: "clinics" in "three of the four clinics"."""
    of = of_child(t)
    return next((x for x in of.children if x.dep_ == "pobj"), None) if of is not None else None


PARTICLES = words("verb_particles")


def particle(verb: Token) -> Token | None:
    """The verb's particle: the parse's own ("strike down"), or one of `PARTICLES` right after the
    verb that governs no noun of its own, which the parse may read as a preposition ("broke out
    of the jail", "ran away from home"); "went down the hill" has none."""
    prt = next((x for x in verb.children if x.dep_ == "prt"), None)
    if prt is not None:
        return prt
    if verb.i + 1 >= len(verb.doc) or verb.pos_ != "VERB":
        return None  # "were out again": no particle of the copula
    nxt = verb.doc[verb.i + 1]
    if (
        nxt.head.i == verb.i
        and nxt.lower_ in PARTICLES
        and nxt.dep_ in {"prep", "advmod"}
        and not any(x.dep_ == "pobj" for x in nxt.children)
    ):
        return nxt
    return None

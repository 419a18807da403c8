"""What comparison asks of a claim, worked out once while the claim is stored.

`frame(row)` takes a claim row as the spaCy component and ingest give it (subject, predicate,
object, entities, dates, quantities, lemmas) and returns the claim's `Frame` with its derived
fields: the act its predicate names, the named subject, the words and concepts it is matched
by, what each quantity measures, when an event it names began, the roles it gives a named
party. Each needs WordNet or a look at the claim's own wording; doing it here means
comparison, which meets each claim in many pairs, reads finished values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from kcheck.db_queries import PARSE_SLOTS
from kcheck.frame import CAPACITY, EMPTY, PRESENCE, Description, EventTime, Frame, Quantity, When
from kcheck.lexicon import (
    concepts,
    counts_people,
    derived_verbs,
    describes,
    is_noun,
    kinds_of,
    names_event,
    narrow_kinds,
    source_verb,
    verb_senses,
)
from kcheck.names import entity_keys, named_in, party, untagged_names
from kcheck.normalize import entity_key, fold, stem, stems_of
from kcheck.units import base_units, scale, unit_words
from kcheck.words import mapping, words

LIGHT_PREDICATES = words("light_predicates")
ESTIMATE_VERBS = words("estimate_verbs")
LIGHT_ACTS = words("light_acts")


def frame(row: Mapping[str, Any]) -> Frame:
    """The claim's frame, derived fields filled in."""
    base = Frame.from_row({**row, "frame": None})
    ents = base.entities
    act = _act(base.predicate, base.object)
    verb = _verb_of(act)
    subject_name = named_in(ents, base.subject)
    words, ent_keys = _features(base)
    quantities = tuple(_quantity(q, base.predicate) for q in base.quantities)
    roles, own = _roles(base, verb)
    event = _event_time(base, verb, act)
    pred_words = base.predicate.split()
    return Frame(
        **{
            f: getattr(base, f)
            for f in (
                "id",
                "source",
                "source_id",
                "start",
                "end",
                "quote",
                "text",
                "kind",
                *PARSE_SLOTS,
                "lemmas",
            )
        },
        quantities=quantities,
        act=act,
        verb=verb,
        pred_key=stem(verb) if verb else "",
        subject_name=subject_name,
        titled=_titled(subject_name, base.subject),
        subject_head=_head(base.subject),
        object_head=_head(base.object),
        subject_words=frozenset(words_of(base.subject)),
        arg_words=frozenset(words_of(f"{base.subject} {base.object}")),
        object_stems=stems_of(base.object),
        title_words=_title_words(base.object, pred_words[-1] if pred_words else ""),
        words=words,
        ents=ent_keys,
        concepts=_concepts(base.lemmas, words),
        roles=roles,
        roles_own=own,
        event=event,
        since=_since(base),
        description=_description(base),
    )


# --- the act ----------------------------------------------------------------------------


def _act(predicate: str, obj: str) -> str:
    """The claim's predicate, with a light verb and the act its object names read as that act's
    verb: "made two bookings" -> "book", "carried out an inspection" -> "inspect"."""
    if predicate in LIGHT_ACTS and obj:
        return _act_noun_verb(_head(obj).lower()) or predicate
    return predicate


@functools.lru_cache(maxsize=65_536)
def _act_noun_verb(noun: str) -> str:
    """The verb spelt as the noun when the noun names its act ("arrests" -> "arrest")."""
    return next((n for n in forms(noun) if names_event(n) and derived_verbs(n) & verb_senses(n)), "")


@functools.lru_cache(maxsize=65_536)
def _verb_of(predicate: str) -> str:
    """The word that names the act: "be spokesman" -> "spokesman", "attack" -> "attack"; none
    for a light verb alone ("be", "have")."""
    pred = predicate.split()
    if not pred:
        return ""
    if pred[0] in LIGHT_PREDICATES:
        return pred[-1] if len(pred) > 1 else ""
    return pred[0]


def forms(noun: str) -> tuple[str, ...]:
    """The noun as written, then without a plural "s" ("arrests" -> "arrest")."""
    return (noun, noun[:-1]) if noun.endswith("s") and len(noun) > 1 else (noun,)


# --- words, names and concepts ----------------------------------------------------------


def _features(f: Frame) -> tuple[frozenset[str], frozenset[str]]:
    """Content-word stems, and 'E:'-prefixed entity keys; a word that is part of a named entity
    counts once, as the entity."""
    ents = {"E:" + key for e in f.entities for key in entity_keys(e.label, e.norm)}
    ent_stems = {stem(w) for e in f.entities for w in re.findall(r"\w+", e.text + " " + e.norm)}
    missed = untagged_names(f.quote, [e.text for e in f.entities], set(f.lemmas))
    ents.update("E:" + w for w in missed)
    words = {stem(lemma) for lemma in f.lemmas if len(lemma) > 2} - ent_stems - {stem(w) for w in missed}
    return frozenset(w for w in words if w), frozenset(e for e in ents if e)


def _concepts(lemmas: tuple[str, ...], words: frozenset[str]) -> dict[str, frozenset[str]]:
    """stem -> the WordNet concepts of the claim's lemmas with that stem."""
    out: dict[str, set[str]] = {}
    for lemma in lemmas:
        st = stem(lemma)
        if st in words:
            out.setdefault(st, set()).update(concepts(lemma))
    return {k: frozenset(v) for k, v in out.items() if v}


def words_of(phrase: str | None) -> set[str]:
    """Stems of a phrase's words of three letters or more, pronouns and articles left out."""
    return {stem(w) for w in re.findall(r"[^\W\d_]{3,}", (phrase or "").lower()) if w not in ARGUMENT_STOP}


def _titled(subject_name: str, subject: str) -> str:
    """Who an apposition or a title names: the named entity, or, where the tagger found none,
    a subject written as a capitalized name of two to four words ("Ana Ruiz")."""
    subject = subject.strip()
    if not subject_name and re.fullmatch(r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+", subject):
        return entity_key(subject, "PERSON")
    return subject_name


def _title_words(obj: str, head: str) -> frozenset[str]:
    """The words that tell one kind of a title from another: 'interior' in 'Interior Minister'.
    What follows a relative word or a comma says what the person did or where they live, not
    which title they hold ("a nurse who lived alone"); an age ("a 40-year-old nurse") and a
    word that makes the title a past one ("a retired nurse") are no kind of nurse either."""
    told = TITLE_RELATIVE.split(fold(obj).lower(), maxsplit=1)[0]
    found = re.findall(r"[^\W\d_]+", AGE_WORDS.sub(" ", told))
    return frozenset(stem(w) for w in found if w not in TITLE_NON_MODIFIERS | PAST_ROLE_WORDS and stem(w) != stem(head))


TITLE_RELATIVE = re.compile(r",|\s(?:who|whom|whose|which|that)\s")
AGE_WORDS = re.compile(r"\b[\w-]*\byears?[- ]old\b")
PAST_ROLE_WORDS = words("past_role_words")


TITLE_NON_MODIFIERS = words("title_non_modifiers")
ARGUMENT_STOP = words("argument_stop")
PHRASE_END = re.compile(
    r"\s(?:of|in|on|at|with|between|around|over|for|from|to|by|against|among|that|which|who|whose)\s", re.I
)


def _head(phrase: str) -> str:
    """The head noun of a noun phrase: its last word before a preposition or a relative word."""
    m = PHRASE_END.search(" " + phrase + " ")
    words = re.findall(r"[^\W\d_]+", (" " + phrase + " ")[: m.start()] if m else phrase)
    return words[-1] if words else ""


def _description(f: Frame) -> Description | None:
    """'The concert was loud': an adjective (or a participle used as one) said of a thing."""
    if f.predicate.startswith("be ") and describes(f.predicate.split()[-1]) and (words := words_of(f.subject)):
        return Description(f.predicate.split()[-1], frozenset(words), _head(f.subject))
    return None


# --- quantities: what each measures -----------------------------------------------------

GENERIC_COUNTS = frozenset(stem(w) for w in words("generic_counts"))
# verbs that only say the people counted were there: "carried 77 passengers", "had a crew of five"
PRESENCE_VERBS = words("presence_verbs")


STATE_VERBS = mapping("state_verbs")


def _quantity(q: Quantity, predicate: str) -> Quantity:
    unit = q.unit
    pred = predicate.split()
    # "police put the audience at 5,000": the verb says who counted, not what happened to it
    verb = pred[0] if pred and pred[0] not in LIGHT_PREDICATES | ESTIMATE_VERBS else ""
    if not verb and len(pred) == 2 and pred[0] in LIGHT_PREDICATES and verb_senses(" ".join(pred)):
        verb = " ".join(pred)  # "five climbers got out", "two runners gave up": the phrasal verb names the act
    if q.dim and len(pred) > 1 and pred[0] == "be":
        verb = STATE_VERBS.get(pred[-1], "")  # "eleven are dead": what happened to them
    measured = measures(unit, verb)
    if q.by == "capacity":
        measured = frozenset({CAPACITY})  # how many fit: never how many were there, nor what happened to them
    elif q.dim == "count" and not unit and verb:
        # "28 were injured": a bare count of people the verb happened to
        measured = frozenset(x for x in concepts(verb, broad=False) if x[0] == "v")
    return Quantity(
        q.text,
        q.start,
        q.end,
        q.value,
        q.lo,
        q.hi,
        unit,
        q.dim,
        q.what,
        q.by,
        q.whose,
        q.year,
        unit_words(unit),
        base_units(unit),
        scale(unit),
        measured,
        _named_measures(unit),
    )


def measures(unit: str, verb: str) -> frozenset[str]:
    """The concepts of what a quantity counts: for a count of people, what happened to them
    (the verb's senses), or PRESENCE when they were only there; for a state counted ("the
    number of injured"), what left them in it; otherwise the verbs the counted noun is derived
    from ("the death toll" meets "died"; "planes" name no act)."""
    words = unit.split()
    if not words or words[0] == "%":
        return EMPTY
    if states := frozenset(x for w in words for x in _state_senses(w)):
        return states  # "the number of injured", "a toll of the dead": the state says what happened
    if not any(counts_people(w) for w in words):
        return frozenset(x for w in words for x in derived_verbs(w))
    if not verb or verb in PRESENCE_VERBS:
        return frozenset({PRESENCE})
    return frozenset(x for x in concepts(verb, broad=False) if x[0] == "v")


def _state_senses(word: str) -> frozenset[str]:
    """What happened to the people a state or a verb names when it is the counted word itself:
    "the number of injured", "a tally of the dead" (no noun: the parse gives "injure", "dead")."""
    verb = STATE_VERBS.get(word, word if verb_senses(word) and not is_noun(word) else "")
    return frozenset(x for x in concepts(verb, broad=False) if x[0] == "v") if verb else EMPTY


def _named_measures(unit: str) -> frozenset[str]:
    """The senses of the verb the counted people are named after: "58 survivors" survived,
    "2,000 evacuees" were evacuated, "300 protesters" protested."""
    return frozenset(
        x
        for w in unit.split()
        if stem(w) not in GENERIC_COUNTS and counts_people(w) and (v := source_verb(w))
        for x in concepts(v, broad=False)
        if x[0] == "v"
    )


# --- roles: what a named party is said to be --------------------------------------------

ROLE_STOP = words("role_stop")
ROLE_DETS = words("role_determiners")
# verbs whose "as" phrase is the subject's own role ("acted as a mediator"); after other verbs
# it is the object's ("saw the council as an ally"), unless they are passive or reflexive
SUBJECT_AS = words("subject_as")
PASSIVE_AS = re.compile(
    r"\b(?:is|was|are|were|been|being|be)\s+(?:(?:\w+ly|"
    + "|".join(sorted(words("plain_adverbs")))
    + r")\s+)?\w+\s+as\b"
    r"|\b(?:itself|themselves|himself|herself)\s+as\b",
    re.I,
)
TRANSITIVE_AS = words("transitive_as")
# verbs that say what their object is ("labelled the mayor a liar") or whom it is like
# ("likened the mayor to a tyrant"); passive, the subject's ("he was branded a liar")
NAMING_VERBS = words("naming_verbs")
LIKENING_VERBS = words("likening_verbs")


def _role_phrases(f: Frame, verb: str) -> tuple[str, list[str]]:
    """Who a claim says acts as, is seen as, is called or is likened to something, and the
    words that follow ("the council was seen as a broker ..." -> ("council", ["a broker ..."]))."""
    text = fold(f.text)
    if " as " in text:
        own = verb in SUBJECT_AS and (verb not in TRANSITIVE_AS or PASSIVE_AS.search(text) is not None)
        return named_in(f.entities, f.subject if own else f.object), re.split(r"\bas\b", text, flags=re.I)[1:]
    if verb not in NAMING_VERBS and verb not in LIKENING_VERBS:
        return "", []
    link = r"an?\s" if verb in NAMING_VERBS else r"to\s"
    form = rf"\b{re.escape(verb.rstrip('e'))}\w{{0,4}}\s+"  # "labelled", "likened", "compared"
    passive = re.search(rf"\b(?:is|was|are|were|been|being|be)\s+(?:\w+ly\s+)?{form}{link}(.*)", text, re.I)
    if passive:
        return named_in(f.entities, f.subject), [passive.group(1)]
    active = re.search(rf"{form}((?:[\w'’.-]+\s+){{1,5}}?){link}(.*)", text)
    if active:
        return named_in(f.entities, active.group(1)), [active.group(2)]
    return "", []


def _roles(f: Frame, verb: str) -> tuple[frozenset[str], frozenset[str]]:
    """Keys for what a named party is said to act as, be seen as, be called or be like: the
    party with each WordNet sense of the person noun, and with the narrow kinds those senses
    are (a "turncoat" is a kind of betrayer, which "traitor" means). The second set holds the
    keys that are the noun's own senses: two claims meet on a role only through one's own
    sense, so that "hero" and "villain", two kinds of character, do not."""
    who, phrases = _role_phrases(f, verb)
    out: set[str] = set()
    own: set[str] = set()
    if who:
        person = any(e.norm == who and e.label == "PERSON" for e in f.entities)
        # a person by surname, as a later mention names them ("Lenz" / "Hugo Lenz")
        who = who.split()[-1] if person else party(who)
        for phrase in phrases:
            head = _role_head(phrase)
            if head and counts_people(head):
                own.update(f"A:{who}:{x}" for x in concepts(head))
                out.update(f"A:{who}:{x}" for x in narrow_kinds(head))
    return frozenset(out | own), frozenset(own)


def _role_head(phrase: str) -> str:
    """The person noun a role phrase names: its last word when it has at most three words
    before a preposition or a clause ("the chief editor and publisher" -> "publisher")."""
    words = re.findall(r"[^\W\d_]+(?:['’]s)?|[,.;:()]", phrase)
    if not words or words[0].lower() in {"well", "such", "much", "many", "soon", "long", "far"}:
        return ""
    kept: list[str] = []
    for x in words[:5]:
        low = x.lower()
        if low in ROLE_STOP or not x[0].isalpha():
            break
        if not kept and (low in ROLE_DETS or low.endswith(("'s", "’s"))):
            continue
        kept.append(low)
    return kept[-1] if kept and len(kept) <= 3 else ""


# --- when an event began: its age ("a ten-year-old dispute") or its start ("began in 2015")

FOR_BEFORE = re.compile(r"\b(?:for|over)\s+(?:the\s+)?(?:(?:past|last)\s+)?$", re.I)
BEGIN = tuple(sorted(words("begin_verbs")))
PRONOUNS = words("event_pronouns")
OPENING = words("opening_verbs")


@functools.lru_cache(maxsize=4096)
def _begins(verb: str) -> bool:
    return verb in OPENING or any(not concepts(verb).isdisjoint(concepts(b)) for b in BEGIN)


def _event_time(f: Frame, verb: str, act: str) -> EventTime | None:
    """("age", duration, event noun) for "a ten-year-old dispute" or "for two decades the
    council has ruled the district"; ("start", date, event noun) for "the strike began in
    August 2015"; None when the claim says neither."""
    durs = [d for d in f.dates if d.kind == "duration"]
    starts = [d for d in f.dates if d.kind in {"date", "relative"} and d.lo]
    when: tuple[str, When, str] | None = None
    if len(durs) == 1 and not starts:
        d = durs[0]
        after = f.quote[d.end - f.start :]
        if re.search(r"old$", d.text, re.I) or re.match(r"[\s-]*old\b", after, re.I):
            found = re.match(r"[\s-]*(?:old\b)?\s*([^\W\d_]+)", after)
            when = ("age", d, found.group(1)) if found else None
        elif re.match(r"for\b", d.text, re.I) or FOR_BEFORE.search(f.quote[: d.start - f.start]):
            head = _head(f.object) or _head(f.subject)
            when = ("age", d, head) if head else None
    elif len(starts) == 1 and not durs and verb and (_begins(verb) or " " in act and _begins(act.replace(" ", "_"))):
        subject = _head(f.subject)
        noun = subject if subject[:1].islower() and subject.lower() not in PRONOUNS else _head(f.object)
        when = ("start", starts[0], noun) if noun[:1].islower() else None
    if when is None:
        return None
    kind, d, noun = when
    # a person's age ("a 30-year-old nurse") is no event's
    senses = _noun_senses(noun.lower()) if not counts_people(noun, groups=False) else EMPTY
    kinds = (_noun_kinds(noun.lower()) | senses) if senses else EMPTY
    return EventTime(kind, d, noun, senses, kinds)


@functools.lru_cache(maxsize=16_384)
def _noun_kinds(noun: str) -> frozenset[str]:
    return next((found for form in forms(noun) if (found := kinds_of(form))), EMPTY)


@functools.lru_cache(maxsize=16_384)
def _noun_senses(noun: str) -> frozenset[str]:
    return next(
        (found for form in forms(noun) if (found := frozenset(x for x in concepts(form, broad=False) if x[0] == "n"))),
        EMPTY,
    )


def _since(f: Frame) -> When | None:
    """The claim's one absolute date when the text says "since" right before it."""
    ds = [d for d in f.dates if d.kind == "date"]
    if len(ds) != 1:
        return None
    before = f.quote[: ds[0].start - f.start]
    return ds[0] if re.search(r"\bsince\s+(?:the\s+)?$", before, re.I) else None

"""A claim's slots, read from the parse: predicate (with particle, attempt and failure),
object, polarity and its scope, hedges, entities, lemmas, and the noun each number counts."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from kcheck.nlp.spans import (
    ATTEMPT_VERBS,
    CLAUSE_POS,
    DENIAL_VERBS,
    FAILURE_VERBS,
    HEDGE_WORDS,
    NEEDS_COMPLEMENT,
    NEGATION_WORDS,
    REL_PRONOUNS,
    ClaimSpan,
    _doc_ents,
    _np_text,
    _relcl_antecedent,
    _subject,
    of_object,
    particle,
)
from kcheck.normalize import entity_key
from kcheck.words import words


def _percent_measure(t: Token) -> str:
    """What a percentage measures: "90 percent of its gas" -> '% of gas', "61 percent turnout"
    -> '% turnout', "turnout reached 61 percent" -> '% turnout' (the clause's subject)."""
    pobj = of_object(t)
    if pobj is not None:
        return "% of " + pobj.lemma_.lower()
    if t.dep_ in {"nummod", "compound", "amod", "npadvmod"} and t.head.pos_ in {"NOUN", "PROPN"}:
        return "% " + t.head.lemma_.lower()
    v = t
    while v.pos_ not in CLAUSE_POS and v.head.i != v.i:
        v = v.head
    subj = _subject(v) if v.pos_ in CLAUSE_POS else None
    return "% " + subj.lemma_.lower() if subj is not None and subj.pos_ in {"NOUN", "PROPN"} else "%"


MEASURE_VERBS = words("measure_verbs")
# verbs whose complement names the claim's act: "failed to agree", "tried to repair", "began to fall"
COMPLEMENT_IS_ACT = FAILURE_VERBS | ATTEMPT_VERBS | {"continue", "begin", "start", "help"}
EVIDENTIAL_PASSIVES = words("evidential_passives")


def _acting_verb(head: Token) -> Token:
    """The verb that names what happened: the complement's after "failed to", "tried to", and
    after a passive that only says how it is known ("30 people are known to have been
    rescued", "two were feared to have drowned")."""
    xcomp = next((x for x in head.children if x.dep_ == "xcomp" and x.pos_ == "VERB"), None)
    if xcomp is None:
        return head
    if head.lemma_ in COMPLEMENT_IS_ACT:
        return xcomp
    if head.lemma_.lower() in EVIDENTIAL_PASSIVES and any(x.dep_ in {"auxpass", "nsubjpass"} for x in head.children):
        return xcomp
    return head


def _measured_subject(t: Token) -> Token | None:
    """The noun a bare number measures through its verb: "the toll stands at 42", "turnout
    reached 61", "the deficit was 3.1": only verbs that report a level, so "the quake
    killed 42" does not count quakes."""
    verb = t.head.head if t.dep_ == "pobj" and t.head.dep_ == "prep" else t.head
    if t.dep_ not in {"pobj", "attr", "dobj"} or verb.lemma_.lower() not in MEASURE_VERBS:
        return None
    subj = _subject(verb) if verb.pos_ in CLAUSE_POS else None
    first = verb
    while subj is None and first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in CLAUSE_POS:
        first = first.head  # "... and has climbed to 87": the first verb's subject is this one's
        subj = _subject(first)
    # a common noun, or one capitalized only because it opens the sentence ("Turnout was 58%")
    common = subj is not None and (
        subj.pos_ == "NOUN"
        or subj.pos_ == "PROPN"
        and subj.i == subj.sent.start
        and len(list(subj.subtree)) > 0
        and subj.text[1:].islower()
    )
    return subj if common else None


def _counted(noun: Token) -> str:
    """What a number counts: its noun with the compound it sits in, so that "a magnitude 7.8
    earthquake" and "a 6.8 magnitude earthquake" both count 'earthquake magnitude'."""
    words = {noun.lemma_.lower()}
    words.update(c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.is_alpha and not c.like_num)
    if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:
        words.add(noun.head.lemma_.lower())
    return " ".join(sorted(words))


def _denier(head: Token) -> Token | None:
    """The verb that denies the claim when the claim is a denial verb's complement: "the firm
    denied that the plant would close" says, in the firm's words, that it will not close. A
    denial itself negated ("did not deny that ...") asserts neither."""
    gov = head.head
    if (
        head.dep_ == "ccomp"
        and gov.pos_ == "VERB"
        and gov.lemma_.lower() in DENIAL_VERBS
        and not any(ch.dep_ == "neg" for ch in gov.children)
    ):
        return gov
    return None


def _finish(
    c: ClaimSpan, head: Token, toks: list[Token], predicate_override: str | None = None, borrowed: Sequence[Token] = ()
) -> ClaimSpan:
    """Fill the slots comparison needs from the claim's tokens; `borrowed` tokens (a subject or
    antecedent the text takes from outside the quote) count for entities and lemmas only."""
    doc = head.doc
    c.head_i = head.i
    tokset = {t.i for t in toks} | {t.i for t in borrowed}
    if predicate_override:
        c.predicate = predicate_override
    elif not c.predicate:
        pred = head.lemma_.lower()
        prt = particle(head)
        if prt is not None:
            pred = f"{pred} {prt.lower_}"  # "strike down" is not "strike"
        if pred == "be":
            attr = next((x for x in head.children if x.dep_ in {"attr", "acomp", "oprd"}), None)
            if attr is not None:
                pred = f"be {attr.lemma_.lower()}"
        # "tried to repair", "failed to finish", "is known to have died": the complement's verb
        acting = _acting_verb(head)
        if acting is not head:
            pred = acting.lemma_.lower()
        c.predicate = pred
    if not c.object:
        for x in list(head.children) + [y for xc in head.children if xc.dep_ == "xcomp" for y in xc.children]:
            if x.dep_ in {"dobj", "attr", "acomp", "oprd", "dative"}:
                # "whom critics called a liar": the object is the pronoun's antecedent
                c.object = (
                    _np_text(_relcl_antecedent(head), {y.i for y in head.subtree})
                    if head.dep_ == "relcl" and x.lower_ in REL_PRONOUNS
                    else _np_text(x)
                )
                break
        if not c.object:
            prep = next((x for x in head.children if x.dep_ == "prep"), None)
            pobj = next((y for y in prep.children if y.dep_ == "pobj"), None) if prep is not None else None
            if pobj is not None:
                c.object = _np_text(pobj)
    # polarity words count only where they govern the claim's own predicate: the head, its
    # auxiliaries, the xcomp chain of a verb whose complement is the act ("failed to finish",
    # not "asked them not to return": the request is made either way) and the determiners of
    # its direct arguments
    scope = {head.i}
    frontier = [head]
    while frontier:
        x = frontier.pop()
        for ch in x.children:
            if ch.dep_ == "xcomp" and x.lemma_.lower() not in COMPLEMENT_IS_ACT:
                continue
            if ch.dep_ in {"xcomp", "aux", "auxpass"} and ch.i not in scope:
                scope.add(ch.i)
                frontier.append(ch)
    if head.dep_ == "xcomp":
        scope.add(head.head.i)
    if head.lemma_ == "be":  # "the lift was not working": the negation sits on the complement
        scope.update(ch.i for ch in head.children if ch.dep_ in {"acomp", "attr"})
    args = {
        ch.i
        for i in scope
        for ch in doc[i].children
        if ch.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "expl"}
    }
    pol = []
    for t in toks:
        low = t.lower_
        if (
            t.dep_ == "neg"
            and t.head.i in scope
            or low in NEGATION_WORDS
            and (t.head.i in scope and t.dep_ in {"neg", "advmod", "preconj"} or t.head.i in args and t.dep_ == "det")
        ):
            pol.append(low)
        elif (
            t.i in scope
            and t.pos_ == "VERB"
            and t.lemma_.lower() in FAILURE_VERBS
            and (t.lemma_.lower() not in NEEDS_COMPLEMENT or any(x.dep_ == "xcomp" for x in t.children))
        ):
            pol.append(t.lemma_.lower())
        elif (
            t.i in scope
            and t.pos_ == "VERB"
            and t.lemma_.lower() in ATTEMPT_VERBS
            and any(x.dep_ == "xcomp" for x in t.children)
        ):
            pol.append(t.lemma_.lower())
    denier = _denier(head)
    if denier is not None:
        pol.append(denier.lemma_.lower())
    c.polarity = pol
    c.negated = sum(1 for p in pol if p not in ATTEMPT_VERBS) % 2 == 1
    c.hedges = sorted(
        {
            t.lower_ if t.lower_ in HEDGE_WORDS else t.lemma_.lower()
            for t in toks
            # "in May" is a month, not a modal verb
            if (t.lower_ in HEDGE_WORDS and t.pos_ != "PROPN" and t.ent_type_ != "DATE")
            or (t.lemma_.lower() in HEDGE_WORDS and t.pos_ in {"VERB", "AUX", "ADV"})
        }
    )
    ents = []
    for e in _doc_ents(doc):
        if e.start in tokset or (e.end - 1) in tokset:
            if e.label_ in {"CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "MONEY", "DATE", "TIME"}:
                continue
            ents.append({"text": e.text, "label": e.label_, "norm": entity_key(e.text, e.label_)})
    c.entities = ents
    units = {}
    for t in toks:
        if t.dep_ == "nummod" or t.like_num and t.head.pos_ in {"NOUN", "PROPN"}:
            units[t.idx] = _counted(t.head)
        elif t.like_num and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
            units[t.idx] = _counted(t.head.head)  # "a team of six"
        elif t.like_num and (measured := _measured_subject(t)) is not None:
            units[t.idx] = _counted(measured)  # "the number of injured rose to 31"
        if t.lower_ in {"percent", "%"}:
            units[t.idx] = _percent_measure(t)
    c.quantities_units = units
    c.lemmas = [t.lemma_.lower() for t in sorted({*toks, *borrowed}, key=lambda t: t.i) if t.is_alpha and not t.is_stop]
    return c

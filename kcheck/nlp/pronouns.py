"""What a subject pronoun stands for, so that "It will pay for new bridges" is a claim about
the fund named in the sentence before. Apart from clause splitting because it reads across
sentences and, for nouns, asks WordNet whether the noun names a person."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kcheck.nlp.spans import _doc_ents, _np_tokens

PRONOUN_NAMES = {"it": {"GPE", "ORG"}, "he": {"PERSON"}, "she": {"PERSON"}}


def _antecedent(pronoun: Token) -> Span | list[Token] | None:
    """What a subject "it", "he" or "she" stands for: the nearest subject before it, in its
    sentence or the one before, when that subject is a name of the right kind ("Oslo", "the
    ministry", "Minister Ruiz") or a noun phrase of the right kind ("the driver" for "he", "the
    bridge" for "it"); None when the nearest subject is anything else, or there is none."""
    doc = pronoun.doc
    labels = PRONOUN_NAMES[pronoun.lower_]
    first = pronoun.sent.start
    if first > 0:
        first = doc[first - 1].sent.start
    for i in range(pronoun.i - 1, first - 1, -1):
        t = doc[i]
        if t.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        ent = next((e for e in _doc_ents(doc) if e.start <= t.i < e.end), None) if t.ent_type_ else None
        if ent is not None:
            # the subject is the name itself (a person's title aside), not a phrase around it
            # ("the Oslo talks")
            words = [
                x
                for x in t.subtree
                if x.dep_ not in {"det", "punct", "case"} and not (x.dep_ == "compound" and "PERSON" in labels)
            ]
            if ent.label_ in labels and all(ent.start <= x.i < ent.end for x in words):
                return ent
            return None
        if t.pos_ == "NOUN":
            from kcheck.lexicon import (
                counts_people,  # WordNet is read only when a pronoun needs it
            )

            if counts_people(t.lemma_) == ("PERSON" in labels):
                return _np_tokens(t)
        return None
    return None

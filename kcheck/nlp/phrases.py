"""Claims stated by phrases rather than clauses: appositions, titles before a name, hyphenated
agent modifiers, events named in an opening phrase, noun phrases dated by a parenthesis."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kcheck.dates import find_dates
from kcheck.lexicon import counts_people, is_word
from kcheck.nlp.slots import _finish
from kcheck.nlp.spans import (
    ClaimSpan,
    _doc_ents,
    _join,
    _np_text,
    _np_tokens,
    _trim_end,
    of_child,
)
from kcheck.words import words


def _appos_claim(a: Token, sent: Span) -> ClaimSpan | None:
    """'Ana Ruiz, the chair of X' -> 'Ana Ruiz is the chair of X'."""
    head = a.head
    left = [t for t in head.subtree if t.i <= head.i and t.dep_ not in {"punct", "cc", "conj", "prep", "case"}]
    # the head's own name: contiguous modifiers just before it
    name = [head]
    for t in reversed(list(sent.doc[max(sent.start, head.i - 6) : head.i])):
        if (
            t in left
            and t.dep_ in {"compound", "amod", "det", "poss", "nmod", "nummod"}
            or t.dep_ == "case"
            and t.head in name
        ):
            name.insert(0, t)
        else:
            break
    apps = list(a.subtree)
    doc = sent.doc
    # "the town's vice-mayor": the parse may split a hyphenated title into sibling appositions
    while (
        apps
        and apps[-1].i + 1 < sent.end
        and not apps[-1].whitespace_
        and "-" in (apps[-1].text, doc[apps[-1].i + 1].text)
        and doc[apps[-1].i + 1].head.i == head.i
        and doc[apps[-1].i + 1].dep_ == "appos"
    ):
        part = doc[apps[-1].i + 1]
        apps += sorted(part.subtree, key=lambda t: t.i)
        a = part if part.is_alpha else a  # the title's head word is its last part: "mayor"
    while apps and apps[-1].is_punct:
        apps = apps[:-1]
    if not apps or len(apps) > 25:
        return None
    start = name[0].idx
    end = apps[-1].idx + len(apps[-1].text)
    name_text = _join(name)
    if (
        a.ent_type_ == "PERSON"
        and head.ent_type_ != "PERSON"
        and head.pos_ == "NOUN"
        and counts_people(head.lemma_.lower(), groups=False)
    ):
        # "the museum director, Ana Ruiz": the name is the apposition, what she is its head
        who = _join(apps)
        c = ClaimSpan(
            start, end, f"{who} is {name_text}", "appos", sent.start_char, subject=who, predicate="be", object=name_text
        )
        return _finish(c, head, name + apps, predicate_override="be " + head.lemma_.lower())
    text = f"{name_text} is {_join(apps)}"
    c = ClaimSpan(start, end, text, "appos", sent.start_char, subject=name_text, predicate="be", object=_join(apps))
    return _finish(c, a, name + apps, predicate_override="be " + a.lemma_.lower())


def _title_claims(sent: Span) -> list[ClaimSpan]:
    """'Interior Minister Ana Ruiz said...' -> 'Ana Ruiz is Interior Minister': a title written
    before a person's name states a role, like an apposition does."""
    out = []
    for e in _doc_ents(sent.doc):
        if e.start <= sent.start or e.end > sent.end or not (e.label_ == "PERSON" or _titled_name(e)):
            continue
        lead = _leading_title(e)  # "Inspector Noor Haddad": the tagger took the title into the name
        names = list(e)[len(lead) :]
        title: list[Token] = [t for t in lead if t.lower_.rstrip(".") not in HONORIFICS]
        passed: list[Token] = []  # honorifics walked past: "Health Minister Dr. Ana Ruiz"
        for t in reversed(list(sent.doc[max(sent.start, e.start - 4) : e.start])):
            if t.lower_.rstrip(".") in HONORIFICS:
                passed.append(t)  # a form of address, not an office: "Dr. Ana Ruiz" states no role
                continue
            if (
                (
                    t.dep_ in {"compound", "amod"}
                    and (e.start <= t.head.i < e.end or t.head in title or t.head in passed)
                    # "water chief Dr. Lena Varga": the parse may make the name the noun's apposition
                    or e.root.dep_ == "appos"
                    and e.root.head.i == t.i
                    and all(x.i in {p.i for p in passed} for x in sent.doc[t.i + 1 : e.start])
                )
                # "chief" read as an adjective is still the person noun: "regional water chief"
                and (t.pos_ in {"NOUN", "PROPN"} or t.pos_ == "ADJ" and (t.is_title or counts_people(t.lower_)))
                and (t.ent_type_ not in {"PERSON", "ORG", "GPE"} or _portfolio(t, title))
            ):
                title.insert(0, t)
            else:
                break
        if not any(t.pos_ in {"NOUN", "PROPN"} and (t.ent_type_ == "" or t in lead) for t in title):
            continue
        if any(ch.dep_ == "appos" for ch in e.root.children):
            continue  # the apposition already states what the name is
        # "Professor Tomas Varga of the Orsk Institute": where the title is held
        of = next((x for x in e.root.rights if x.dep_ == "prep" and x.lower_ == "of" and x.i == e.end), None)
        where = list(sent.doc[of.i : of.right_edge.i + 1]) if of is not None and of.right_edge.i < sent.end else []
        toks = title + names + where
        name, role = _join(names), _join(title + where)
        c = ClaimSpan(
            toks[0].idx,
            toks[-1].idx + len(toks[-1].text),
            f"{name} is {role}",
            "title",
            sent.start_char,
            subject=name,
            predicate="be",
            object=role,
        )
        head = next(t for t in reversed(title) if t.pos_ in {"NOUN", "PROPN"} and (t.ent_type_ == "" or t in lead))
        out.append(_finish(c, head, toks, predicate_override="be " + head.lemma_.lower()))
    return out


def _leading_title(e: Span) -> list[Token]:
    """The title words a person's name begins with when the tagger took them in ("Chief
    Inspector Noor Haddad" tagged from "Inspector"): dictionary nouns for a person,
    leaving a name of at least two words ("Guy Ritchie" keeps its "Guy")."""
    lead: list[Token] = []
    for t in e:
        if len(e) - len(lead) > 2 and is_word(t.lower_) and counts_people(t.lower_, groups=False):
            lead.append(t)
        else:
            break
    return lead


def _titled_name(e: Span) -> bool:
    """'port police chief Ilse Vorn': a name of two or more proper nouns right after a noun for a
    person ("chief", "minister", "spokeswoman") is a person's, whatever label the tagger gave it."""
    before = e.doc[e.start - 1]
    return (
        len(e) >= 2
        and all(t.pos_ == "PROPN" for t in e)
        and before.pos_ == "NOUN"
        and before.dep_ == "compound"
        and e.start <= before.head.i < e.end
        and counts_people(before.lemma_.lower(), groups=False)
    )


def _portfolio(t: Token, title: list[Token]) -> bool:
    """'Interior' in 'Interior Minister Eva Roos': the tagger may read a capitalized word before a
    title as an organization; a one-word one that is a dictionary word is the title's portfolio."""
    return (
        t.ent_type_ == "ORG"
        and bool(title)
        and t.ent_iob_ == "B"
        and t.i + 1 < len(t.doc)
        and t.doc[t.i + 1].ent_iob_ != "I"
        and is_word(t.lower_)
    )


def _modifier_claim(t: Token, sent: Span) -> ClaimSpan | None:
    """'Norway-backed rebels' -> 'Norway backed rebels'."""
    if t.dep_ != "amod" or t.tag_ != "VBN" or t.i == sent.start:
        return None
    doc = sent.doc
    hyphen = doc[t.i - 1]
    if hyphen.text not in {"-", "–"} or t.i - 2 < sent.start:
        return None
    agent = doc[t.i - 2]
    if not (agent.pos_ == "PROPN" or agent.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"}):
        return None
    noun = t.head
    if noun.i < t.i:
        return None
    tail = [x for x in doc[t.i + 1 : noun.i + 1] if x.dep_ not in {"det", "punct"}]
    if not tail:
        return None
    # a multiword agent: "United States-backed"
    start_tok = agent
    while (
        start_tok.i - 1 >= sent.start
        and doc[start_tok.i - 1].dep_ == "compound"
        and doc[start_tok.i - 1].pos_ == "PROPN"
    ):
        start_tok = doc[start_tok.i - 1]
    agent_text = _join(doc[start_tok.i : agent.i + 1])
    obj = _join(tail)
    text = f"{agent_text} {t.text} {obj}"
    c = ClaimSpan(
        start_tok.idx, noun.idx + len(noun.text), text, "modifier", sent.start_char, subject=agent_text, object=obj
    )
    return _finish(c, t, list(doc[start_tok.i : noun.i + 1]))


CIRCUMSTANCE_PREPS = words("circumstance_preps")
HONORIFICS = words("honorifics")


def _circumstance_claims(sent: Span, first: int) -> list[ClaimSpan]:
    """'With the closure of the old harbour, trade ...': an opening phrase
    set off by a comma that names an event by a noun with its 'of' argument states that the
    event happened; each such noun phrase is a claim of its own."""
    doc = sent.doc
    opener = doc[first] if first < sent.end else None
    if opener is None or opener.lower_ not in CIRCUMSTANCE_PREPS or opener.dep_ != "prep":
        return []
    after = opener.right_edge.i + 1
    if after >= sent.end or doc[after].text != ",":
        return []
    from kcheck.lexicon import (
        names_event,  # WordNet is read only when such a phrase occurs
    )

    out = []
    nouns = [x for x in opener.children if x.dep_ == "pobj"]
    nouns += [y for x in nouns for y in x.conjuncts if y.i > x.i]
    for noun in nouns:
        of = of_child(noun)
        if noun.pos_ != "NOUN" or of is None or not names_event(noun.lemma_):
            continue
        toks = _trim_end(_np_tokens(noun))
        if len([t for t in toks if not t.is_punct]) < 3:
            continue
        arg = next((y for y in of.children if y.dep_ == "pobj"), None)
        what = _np_text(arg) if arg is not None else ""
        c = ClaimSpan(
            toks[0].idx,
            toks[-1].idx + len(toks[-1].text),
            _join(toks),
            "event",
            sent.start_char,
            subject=what,
            object=what,
        )
        out.append(_finish(c, noun, toks, predicate_override=noun.lemma_.lower()))
    return out


def _dated_phrase_claim(t: Token, sent: Span) -> ClaimSpan | None:
    """'The union's strike at the port (3–5 May)': a noun phrase
    dated by a parenthesis is a fact of its own."""
    doc = sent.doc
    if t.text != "(" or t.i == sent.start:
        return None
    close = next((x for x in doc[t.i + 1 : min(sent.end, t.i + 10)] if x.text == ")"), None)
    if close is None or close.i == t.i + 1:
        return None
    inside = doc[t.i + 1 : close.i]
    dates = [v for v in find_dates(inside.text) if v.kind == "date"]
    if not dates or sum(v.end - v.start for v in dates) < 0.6 * len(inside.text.strip()):
        return None
    # the noun phrase the parenthesis closes: climb from the word before it to the top noun
    np = doc[t.i - 1]
    while np.dep_ in {"pobj", "prep", "compound", "amod"} and np.head.i < np.i or np.dep_ == "pobj":
        if np.head.i == np.i:
            break
        np = np.head
    if np.pos_ not in {"NOUN", "PROPN"}:
        return None
    start_tok = np.left_edge
    if start_tok.i >= t.i:
        return None
    phrase = doc[start_tok.i : t.i]
    text = f"{phrase.text.strip()}: {inside.text}"
    c = ClaimSpan(
        start_tok.idx,
        close.idx + 1,
        text,
        "dated",
        sent.start_char,
        subject=phrase.text.strip(),
        predicate="date",
        object=inside.text,
    )
    return _finish(c, np, list(doc[start_tok.i : close.i + 1]), predicate_override="date")

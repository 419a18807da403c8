"""Splitting one sentence into clause claims: which tokens start a claim of their own, which
claim each token belongs to, and the text each claim reads as."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kcheck.nlp.joining import _with_dates, _with_figures
from kcheck.nlp.phrases import (
    _appos_claim,
    _circumstance_claims,
    _dated_phrase_claim,
    _modifier_claim,
    _title_claims,
)
from kcheck.nlp.pronouns import PRONOUN_NAMES, _antecedent
from kcheck.nlp.slots import _denier, _finish
from kcheck.nlp.spans import (
    ATTACHED_MARKS,
    ATTEMPT_VERBS,
    CLAUSE_POS,
    CONNECTIVES,
    CROSS_REFERENCE_VERBS,
    REL_PRONOUNS,
    SPEECH_VERBS,
    SPLIT_MARKS,
    SUBJECT_DEPS,
    TIME_ENTS,
    ClaimSpan,
    _has_number,
    _join,
    _label_prefix,
    _np_text,
    _np_tokens,
    _relcl_antecedent,
    _speaker_of,
    _subject,
    _trim_end,
    is_question,
)
from kcheck.normalize import entity_key


def _clause_heads(sent: Span) -> dict[int, str]:
    """Token index -> role for every token that starts a claim of its own."""
    heads: dict[int, str] = {}
    root = sent.root
    heads[root.i] = "root"
    for t in sent:
        if t.i == root.i:
            continue
        dep = t.dep_
        if dep == "conj" and t.pos_ in CLAUSE_POS and t.head.pos_ in CLAUSE_POS:
            heads[t.i] = "conj"
        elif dep == "relcl":
            heads[t.i] = "relcl"
        elif dep == "parataxis" and t.pos_ in CLAUSE_POS:
            heads[t.i] = "parataxis"
        elif dep == "advcl" and t.pos_ in CLAUSE_POS:
            marks = {c.lower_ for c in t.children if c.dep_ in {"mark", "advmod"} and c.i < t.i}
            if marks & SPLIT_MARKS or marks & ATTACHED_MARKS and _bare_frame(t.head):
                # "After the government announced its dissolution, the spokesman said that ...":
                # the frame is no claim, so the fact it was dated by stands alone
                heads[t.i] = "advcl"
            elif not marks & ATTACHED_MARKS and t.tag_ == "VBG" and t.lemma_ in SPEECH_VERBS:
                heads[t.i] = "speech-participle"
            elif not marks and _set_off_participle(t, sent):
                heads[t.i] = "participle"
        elif dep == "acl" and t.pos_ == "VERB" and _set_off_participle(t, sent):
            heads[t.i] = "participle"
        elif dep == "ccomp" and t.pos_ in CLAUSE_POS:
            has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in t.children)
            if t.head.lemma_ in SPEECH_VERBS or has_subject:
                heads[t.i] = "ccomp"
    return heads


def _absorbed_stop(t: Token) -> bool:
    """The sentence's full stop, tokenized into a unit's last letter ("km/h.")."""
    return (
        len(t.text) == 2
        and t.text[1] == "."
        and t.text[0].isalpha()
        and t.i > 0
        and t.doc[t.i - 1].text == "/"
        and t.i + 1 >= t.sent.end
    )


def _set_off_figures(head: Token, toks: list[Token]) -> list[tuple[Token, Token]]:
    """(phrase, its noun) for each phrase after a comma that gives a figure of its own, when the
    clause already gave one before it: "..., far above the 30 mph limit", "..., well over its
    capacity of 90"."""
    doc = head.doc
    owned = {t.i for t in toks}
    out = []
    for x in head.children:
        if x.i < head.i or x.dep_ not in {"prep", "npadvmod"} or x.left_edge.i - 1 not in owned:
            continue
        if doc[x.left_edge.i - 1].text != "," or not any(t.like_num for t in x.subtree):
            continue
        if not any(t.like_num for t in toks if t.i < x.left_edge.i - 1):
            continue
        np = next((c for c in x.children if c.dep_ == "pobj"), None) if x.dep_ == "prep" else x
        # the figure is the noun's own ("the 30 mph limit"), not the phrase's ("2 km from the harbour")
        if np is not None and np.pos_ == "NOUN" and any(t.like_num for t in np.subtree):
            out.append((x, np))
    return out


def _bare_frame(verb: Token) -> bool:
    """A speech verb whose only content is the clause it reports ("the spokesman said that ...")."""
    return (
        verb.lemma_ in SPEECH_VERBS
        and any(c.dep_ == "ccomp" for c in verb.children)
        and not any(c.dep_ in {"dobj", "attr", "acomp", "oprd"} for c in verb.children)
    )


def _counted_conjuncts(head: Token, deps: tuple[str, ...] = ("dobj", "attr")) -> list[Token]:
    """The later conjuncts of a counted object ("77 passengers and seven crew members"), or of
    another argument in `deps`, when every conjunct carries its own number; [] otherwise."""
    obj = next((c for c in head.children if c.dep_ in deps), None)
    if obj is None or not _has_number(obj):
        return []
    conjs, x = [], obj
    while (nxt := next((c for c in x.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}), None)) is not None:
        conjs.append(nxt)
        x = nxt
    return conjs if conjs and all(_has_number(c) for c in conjs) else []


def _conjuncts_cut(conjuncts: list[Token]) -> set[int]:
    """The tokens of counted conjuncts and the "and" and commas before them: what the first
    count's claim leaves out."""
    return {x.i for c in conjuncts for x in c.subtree} | {
        x.i for c in conjuncts for x in c.head.children if x.dep_ in {"cc", "punct"} and x.i < c.i
    }


def _cross_reference(head: Token, sent: Span) -> bool:
    """'(see ‘Harbour plans’)': a pointer to another article, not a claim."""
    if head.lemma_.lower() not in CROSS_REFERENCE_VERBS or _subject(head) is not None:
        return False
    before = [t for t in sent.doc[max(sent.start, head.i - 2) : head.i]]
    return any(t.text in {"(", "["} for t in before)


def _set_off_participle(t: Token, sent: Span) -> bool:
    """'..., supplying nearly 40 percent of its grain': a participle clause after a comma that
    says enough to stand as a fact of its own."""
    if t.i == sent.start or sent.doc[t.i - 1].text != ",":
        return False
    if t.tag_ == "VBN":  # "300 medics, helped by 9 ambulances, ...": a count of its own
        return t.dep_ == "acl" and any(x.like_num and x.dep_ == "nummod" for x in t.subtree)
    if t.tag_ != "VBG":
        return False
    return sum(1 for x in t.subtree if not x.is_punct) >= 5


def _owner(tok: Token, heads: dict[int, str], sent: Span, known: dict[int, int] | None = None) -> int:
    """The clause head a token belongs to; `known` remembers the answers along the way."""
    t, path = tok, []
    while True:
        if known is not None and t.i in known:
            found = known[t.i]
            break
        if t.i in heads:
            found = t.i
            break
        path.append(t.i)
        if t.head.i == t.i or not (sent.start <= t.head.i < sent.end):
            found = sent.root.i
            break
        t = t.head
    if known is not None:
        for i in path:
            known[i] = found
    return found


def split_sentence(sent: Span, min_tokens: int = 3) -> list[ClaimSpan]:
    if is_question(sent):
        # "The storm has revived an old question: are the roofs safe?": the statement before
        # the colon is a claim, the question after it is not
        colon = next((t for t in reversed(sent[:-1]) if t.text in {":", "—", "–"}), None)
        if colon is None or not any(t.pos_ in {"VERB", "AUX"} for t in sent.doc[sent.start : colon.i]):
            return []
        sent = sent.doc[sent.start : colon.i]
    if len(sent) < 2:
        return []
    doc = sent.doc
    first = _label_prefix(sent)
    heads = _clause_heads(sent)
    # appositions and the tokens that only serve attribution are kept out of clause texts
    appos = [t for t in sent if _is_apposition(t, sent)]
    appos_tokens: set[int] = set()
    for a in appos:
        appos_tokens.update(x.i for x in a.subtree)
        for nb in (
            doc[a.left_edge.i - 1] if a.left_edge.i > sent.start else None,
            doc[a.right_edge.i + 1] if a.right_edge.i + 1 < sent.end else None,
        ):
            if nb is not None and nb.text == ",":
                appos_tokens.add(nb.i)
    according: dict[int, str] = {}
    according_tokens: set[int] = set()
    for t in sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            objs = [c for c in t.subtree if c.dep_ == "pobj"]
            if objs:
                according[_owner(t.head, heads, sent)] = _np_text(objs[0])
                according_tokens.update(x.i for x in t.subtree)
                nxt = t.right_edge.i + 1
                if nxt < sent.end and doc[nxt].text == ",":
                    according_tokens.add(nxt)

    # a parenthetical speech frame ("..., the mayor said, ...") attributes its host clause
    for t in sent:
        if (
            heads.get(t.i) == "parataxis"
            and t.lemma_ in SPEECH_VERBS
            and not any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in t.children)
        ):
            host = _owner(t.head, heads, sent)
            according.setdefault(host, _speaker_of(t))
            del heads[t.i]
            according_tokens.update(x.i for x in t.subtree)

    owned: dict[int, list[Token]] = {h: [] for h in heads}
    known: dict[int, int] = {}
    for t in sent:
        if t.i < first:
            continue
        owned[_owner(t, heads, sent, known)].append(t)

    claims: list[ClaimSpan] = []
    for h, role in heads.items():
        head = doc[h]
        toks = [t for t in owned[h] if t.i not in according_tokens]
        # "doing 90 mph, far above the 30 mph limit near the school": a second figure set off
        # by a comma is a fact of its own, and leaves the clause
        for phrase, np in _set_off_figures(head, toks):
            cut = {x.i for x in phrase.subtree} | {phrase.left_edge.i - 1}
            toks = [t for t in toks if t.i not in cut]
            if np.dep_ == "npadvmod":  # "more than twice the 80 km/h limit": the figure's own words
                np_toks = _trim_end(
                    sorted(set(_np_tokens(np)) | {t for t in np.subtree if t.i < np.i}, key=lambda t: t.i)
                )
            else:
                np_toks = _trim_end([t for t in _np_tokens(np) if t.i not in according_tokens])
            claims.append(
                _finish(
                    ClaimSpan(
                        np_toks[0].idx,
                        np_toks[-1].idx + len(np_toks[-1].text),
                        _join(np_toks),
                        "phrase",
                        sent.start_char,
                        subject=_np_text(np),
                        predicate=np.lemma_.lower(),
                    ),
                    np,
                    np_toks,
                    predicate_override=np.lemma_.lower(),
                )
            )
        # a denied complement is quoted with its denial ("denied on Friday that the plant would
        # close"): without it the quote would state what the source says is false
        denier = _denier(head) if role == "ccomp" else None
        if denier is not None and toks:
            toks = [t for t in owned.get(denier.i, []) if denier.i <= t.i < toks[0].i] + toks
        # strip leading connectives and trailing punctuation
        while toks and (
            toks[0].dep_ in {"cc", "mark", "punct"}
            and toks[0].i < h
            or toks[0].is_punct
            and toks[0].text not in {"“", '"', "("}
            or toks[0].lower_ in CONNECTIVES | {"and", "but"}
        ):
            toks = toks[1:]
        toks = _trim_end(toks)
        if not toks:
            continue
        content = [t for t in toks if not t.is_punct]
        speaker = according.get(h, "")
        if role == "ccomp" and head.head.lemma_ in SPEECH_VERBS:
            speaker = _speaker_of(head.head) or speaker
        # drop bare attribution frames ("X told reporters on Friday") and wh-words opening a complement
        has_speech_child = any(heads.get(c.i) in {"ccomp", "speech-participle"} for c in head.children)
        if (
            head.lemma_ in SPEECH_VERBS
            and has_speech_child
            and not any(t.dep_ in {"dobj", "attr", "acomp", "oprd"} for t in content)
        ):
            continue
        if role == "speech-participle":
            continue
        if _cross_reference(head, sent):
            continue
        while toks and toks[0].lower_ in {"why", "how", "whether", "that", "if"} and toks[0].dep_ in {"advmod", "mark"}:
            toks = toks[1:]
        if len([t for t in toks if not t.is_punct]) < min_tokens:
            continue
        if not any(t.pos_ in CLAUSE_POS for t in toks):
            continue
        text_toks = [t for t in toks if t.i not in appos_tokens or t.i == h]
        text = _join(text_toks)
        subj = _subject(head)
        subject = _np_text(subj, appos_tokens) if subj is not None else ""
        kind = "clause"
        borrowed: list[Token] = []  # words the claim's text takes from outside its quote
        if role == "relcl":
            kind = "relcl"
            text, subject = _relcl_text(head, text_toks, appos_tokens)
            borrowed = _np_tokens(_relcl_antecedent(head), appos_tokens | {x.i for x in head.subtree})
        elif role == "conj" and subj is None:
            # a verb conjunct sharing the first conjunct's subject
            first_head = head.head
            while first_head.dep_ == "conj" and first_head.head.i != first_head.i and _subject(first_head) is None:
                first_head = first_head.head
            inherited = _subject(first_head)
            if inherited is not None and first_head.dep_ == "relcl" and inherited.lower_ in REL_PRONOUNS:
                inherited = None  # "a region that is recognized ... but is inhabited ...": the region is
            if inherited is not None:
                borrowed = _np_tokens(inherited, appos_tokens)
            elif first_head.dep_ == "relcl":
                borrowed = _np_tokens(_relcl_antecedent(first_head), appos_tokens | {x.i for x in first_head.subtree})
            subject = _join(borrowed)
            if subject:
                text = f"{subject} {text}"
        if role == "participle" and subj is None:
            governor = head.head
            gsubj = governor if head.dep_ == "acl" else _subject(governor)
            if gsubj is not None:
                borrowed = _np_tokens(gsubj, appos_tokens | {x.i for x in head.subtree})
                subject = _join(borrowed)
                text = f"{subject} {text}"
        # speech participles ("..., claiming that X") attribute X to the main subject
        if role == "ccomp" and heads.get(head.head.i) == "speech-participle":
            main = head.head.head
            speaker = _speaker_of(main) or speaker
        # a relative clause whose pronoun is its subject ("which was towing ...") reads with
        # its antecedent in the pronoun's place
        subject_rel = kind == "relcl" and any(
            t.lower_ in REL_PRONOUNS and t.dep_ in {"nsubj", "nsubjpass"} and t.head.i == h for t in toks
        )
        counted = _counted_conjuncts(head) if kind == "clause" or subject_rel else []
        if counted:
            # "carried 77 passengers and seven crew members": one claim per count, since
            # sources report (and get wrong) each count on its own
            cut = _conjuncts_cut(counted)
            first_end = max(x.i for x in _np_tokens(counted[0].head))
            toks = _trim_end([t for t in toks if t.i <= first_end and t.i not in cut])
            spoken = [t for t in toks if not (subject_rel and t.lower_ in REL_PRONOUNS and t.head.i == h)]
            text = _join(spoken if not borrowed else borrowed + spoken)
            frame = borrowed + [t for t in spoken if t.i < counted[0].head.left_edge.i and t.i not in appos_tokens]
            for conj in counted:
                part = _trim_end(_np_tokens(conj))
                claims.append(
                    _finish(
                        ClaimSpan(
                            part[0].idx,
                            part[-1].idx + len(part[-1].text),
                            _join(frame + part),
                            kind,
                            sent.start_char,
                            subject=subject,
                            speaker=speaker,
                        ),
                        head,
                        part,
                        borrowed=frame,
                    )
                )
        slot_toks = toks  # the tokens the claim's slots are read from
        subject_counted = _counted_conjuncts(head, SUBJECT_DEPS) if kind == "clause" and not counted else []
        if subject_counted:
            # "Some 300 medics and a dozen ambulances are on the scene": one claim per
            # count here too; the first keeps the clause's quote, each later one quotes its own count
            cut = _conjuncts_cut(subject_counted)
            slot_toks = [t for t in toks if t.i not in cut]
            text = _join(slot_toks)
            counted_subject = next(c for c in head.children if c.dep_ in SUBJECT_DEPS)
            rest = [t for t in slot_toks if t.i > counted_subject.right_edge.i]
            for conj in subject_counted:
                part = _trim_end(_np_tokens(conj))
                claims.append(
                    _finish(
                        ClaimSpan(
                            part[0].idx,
                            part[-1].idx + len(part[-1].text),
                            _join(part + rest),
                            kind,
                            sent.start_char,
                            subject=_join(part),
                            speaker=speaker,
                        ),
                        head,
                        part,
                        borrowed=rest,
                    )
                )
            subject = _np_text(counted_subject, appos_tokens | cut)
        start = toks[0].idx
        if kind == "relcl" and borrowed and not counted and borrowed[-1].i < toks[0].i <= borrowed[-1].i + 2:
            # "Lyon, which is home to half a million people": the quote starts at the antecedent,
            # as an apposition's starts at the name, so that it shows what the clause is about
            start = borrowed[0].idx
        last = toks[-1]
        end = last.idx + len(last.text)
        if _absorbed_stop(last):  # "80 km/h." at the end of a sentence: the full stop is not the unit's
            end -= 1
            text = re.sub(re.escape(last.text) + r"(?=\s|$)", last.text[:-1], text, count=1)
        claim = _finish(
            ClaimSpan(start, end, text, kind, sent.start_char, subject=subject, speaker=speaker),
            head,
            slot_toks,
            borrowed=borrowed,
        )
        ref = _antecedent(subj) if subj is not None and subj.lower_ in PRONOUN_NAMES else None
        if isinstance(ref, Span) and subj is not None:
            # "Oslo has ties to both sides, and it is seen as a broker": the claim is
            # about Oslo; the entity keeps the pronoun as its text, the name as its normal form
            claim.entities.append(
                {
                    "text": subj.text,
                    "label": ref.label_,
                    "norm": entity_key(ref.text, ref.label_),
                    "refers_to": ref.text,
                }
            )
        elif ref:
            # "the pilot ... He has flown for the airline since 2009": the words of the noun phrase
            # count for comparison, as a borrowed subject's do; the text stays as written
            claim.lemmas += [t.lemma_.lower() for t in ref if t.is_alpha and not t.is_stop]
        claims.append(claim)

    # "attempted to X ..., but failed": the attempt's outcome is stated in another clause
    failed = [t for t in sent if t.lemma_.lower() in {"fail", "collapse"} and t.pos_ == "VERB" and t.i in heads]
    for c in claims:
        if any(p in ATTEMPT_VERBS for p in c.polarity):
            if any(not (c.start <= f.idx < c.end) for f in failed):
                c.polarity.append("fail")
                c.negated = True
    for a in appos:
        if (extra := _appos_claim(a, sent)) is not None:
            claims.append(extra)
    for t in sent:
        if (extra := _modifier_claim(t, sent) or _dated_phrase_claim(t, sent)) is not None:
            claims.append(extra)
    claims.extend(_circumstance_claims(sent, first))
    claims.extend(_title_claims(sent))
    claims = _with_dates(_with_figures(claims, sent), sent)
    claims.sort(key=lambda c: (c.start, -c.end))
    return claims


def _is_apposition(t: Token, sent: Span) -> bool:
    """A comma-set apposition to or of a name; not 'broadcaster RT' or an acronym in brackets."""
    if t.dep_ != "appos" or t.head.i > t.i:
        return False
    if not (t.pos_ == "PROPN" or t.head.pos_ == "PROPN" or t.ent_type_ or t.head.ent_type_):
        return False
    if t.ent_type_ in TIME_ENTS or t.head.ent_type_ in TIME_ENTS:
        return False  # "on Friday, June 6" names one day twice; it states nothing
    before = t.left_edge.i - 1
    return before >= sent.start and sent.doc[before].text in {",", "–", "—"}


def _relcl_text(head: Token, toks: list[Token], drop: set[int]) -> tuple[str, str]:
    """Replace the relative pronoun with its antecedent: 'which is located' -> 'the region is located'."""
    antecedent = _relcl_antecedent(head)
    ante = _np_text(antecedent, drop | {x.i for x in head.subtree})
    rel = next(
        (
            t
            for t in toks
            if t.lower_ in REL_PRONOUNS and t.i < head.i and t.head.i in {head.i} | {c.i for c in head.children}
        ),
        None,
    )
    if rel is None:
        return _join(toks), ante
    rest = [t for t in toks if t.i != rel.i]
    if rel.lower_ == "whose":
        return f"{ante}'s {_join(rest)}", ante
    if rel.lower_ == "where":
        return f"{_join(rest)} in {ante}", ante
    if rel.dep_ in {"nsubj", "nsubjpass"}:
        return f"{ante} {_join(rest)}", ante
    if rel.dep_ == "dobj":
        before = [t for t in rest if t.i <= head.i]
        after = [t for t in rest if t.i > head.i]
        return f"{_join(before)} {ante} {_join(after)}".strip(), _speaker_of(head)
    if rel.dep_ == "pobj":
        return (
            f"{_join([t for t in rest if t.i < rel.i])} {ante} {_join([t for t in rest if t.i > rel.i])}".strip(),
            ante,
        )
    return _join(toks), ante

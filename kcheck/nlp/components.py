"""The `kcheck_claims` spaCy component: split sentences into atomic claims.

A sentence often states several facts. The parse tells them apart:

- coordinated clauses ("A did X and B did Y", or with a shared subject "A did X and was Y");
- relative clauses ("the bridge, which is closed to lorries ..." states that the bridge is closed
  to lorries ...; the relative pronoun is replaced by its antecedent in the claim's text);
- appositions ("Ana Ruiz, the chair of ..." states that Ruiz is the chair);
- hyphenated agent modifiers ("Norway-backed rebels" states that Norway backs them);
- contrastive adverbial clauses ("..., while X did Y") and complement clauses with their own subject;
- attributions: "X said that Y" is claim Y with X as its speaker, kept apart from the outlet's
  own assertions; so is "according to X, Y".

Temporal clauses ("when ...", "after ...") stay with their clause: they date its fact.
Each claim's quote is the tightest span of the sentence holding its pieces, so
`doc.text[start:end] == quote` by construction; its `text` is a short self-contained
statement built from the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

import re

from kcheck.normalize import entity_key
from kcheck.values import find_dates, find_quantities, rate_unit
from kcheck.words import words

if not Doc.has_extension("kcheck_claims"):
    Doc.set_extension("kcheck_claims", default=None)

SPEECH_VERBS = words("speech_verbs")
HEDGE_WORDS = words("hedge_words")
FAILURE_VERBS = words("failure_verbs")
NEEDS_COMPLEMENT = words("needs_complement")
ATTEMPT_VERBS = words("attempt_verbs")
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
    kind: str  # clause | relcl | appos | title | modifier | dated
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
    dates: list[dict] = field(default_factory=list)  # values.find_dates, Doc offsets
    quantities: list[dict] = field(default_factory=list)  # numbers with their hedges and units, Doc offsets


@Language.factory("kcheck_claims", requires=["token.dep", "token.lemma", "doc.ents"], assigns=["doc._.kcheck_claims"],
                  default_config={"min_tokens": 3})
def make_claim_splitter(nlp: Language, name: str, *, min_tokens: int) -> "ClaimSplitter":
    return ClaimSplitter(min_tokens=min_tokens)


class ClaimSplitter:
    def __init__(self, *, min_tokens: int = 3) -> None:
        self.min_tokens = min_tokens

    def __call__(self, doc: Doc) -> Doc:
        claims: list[ClaimSpan] = []
        for sent in doc.sents:
            claims.extend(split_sentence(sent, self.min_tokens))
        doc.user_data.pop(ENTS_KEY, None)  # Spans do not serialize; the cache was only for this pass
        for c in claims:
            _values(doc.text, c)
        # plain data, so Docs can travel back from worker processes (nlp.pipe n_process > 1)
        doc._.kcheck_claims = [{**vars(c), "quantities_units": sorted(c.quantities_units.items())} for c in claims]
        return doc


ENTS_KEY = "kcheck_ents"


def _doc_ents(doc: Doc) -> tuple[Span, ...]:
    """The Doc's entities, built once per pass: `doc.ents` builds every Span anew on each call,
    which cost a third of the splitting time when read once per claim."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return ents


def _values(text: str, c: ClaimSpan) -> None:
    """The claim's quote without surrounding whitespace (spaCy keeps runs of it as tokens), and
    the dates and quantities in it, each quantity with the noun the parse says it counts."""
    start, end = c.start, c.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    c.start, c.end = start, end
    quote = text[start:end]
    c.dates = [{**v.as_dict(), "start": start + v.start, "end": start + v.end} for v in find_dates(quote)]
    date_spans = [(d["start"] - start, d["end"] - start) for d in c.dates]
    c.quantities = []
    for q in find_quantities(quote, date_spans):
        if re.search(r"\b(?:the|these|those|both)\s+$", quote[: q.start], re.I):
            continue  # "the three towns" points back at something; it counts nothing
        d = {**q.as_dict(), "start": start + q.start, "end": start + q.end}
        for tok_idx, unit in c.quantities_units.items():
            if d["start"] <= tok_idx < d["end"] + 2:
                d["unit"] = unit if d.get("unit") != "%" or unit.startswith("%") else d["unit"]
        d["unit"] = rate_unit(quote, q.end) or d.get("unit", "")
        c.quantities.append(d)


def claims_of(doc: Doc) -> list[ClaimSpan]:
    """The claims the component found in a Doc."""
    return [ClaimSpan(**{**d, "quantities_units": dict(d["quantities_units"])}) for d in doc._.kcheck_claims or []]


# --- the splitter ---------------------------------------------------------------------

def is_question(sent: Span) -> bool:
    text = sent.text.rstrip().rstrip("\"'”’)]» ")
    return text.endswith("?")


def _np_tokens(tok: Token, drop: set[int] = frozenset()) -> list[Token]:
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


def _np_text(tok: Token, drop: set[int] = frozenset()) -> str:
    return _join(_np_tokens(tok, drop))


def _join(tokens) -> str:
    toks = sorted(tokens, key=lambda t: t.i)
    kept = {t.i for t in toks}
    # a comma that set off what was cut out ("The tram, which had ..., stopped") goes with it
    toks = [t for k, t in enumerate(toks) if not (t.text == "," and 0 < k < len(toks) - 1
                                                   and (t.i + 1 not in kept or t.i - 1 not in kept))]
    parts = []
    for k, t in enumerate(toks):
        parts.append(t.text)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and (nxt.i != t.i + 1 or t.whitespace_):
            parts.append(" ")
    # cutting a clause out of a sentence leaves doubled or dangling commas behind
    text = re.sub(r"\s*,(?:\s*,)+", ",", "".join(parts))
    return re.sub(r"^[\s,;]+|[\s,;]+$", "", text)


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
    return (len(t.text) == 2 and t.text[1] == "." and t.text[0].isalpha() and t.i > 0 and t.doc[t.i - 1].text == "/"
            and t.i + 1 >= t.sent.end)


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
    return (verb.lemma_ in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in verb.children)
            and not any(c.dep_ in {"dobj", "attr", "acomp", "oprd"} for c in verb.children))


SUBJECT_DEPS = ("nsubj", "nsubjpass")


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


def _has_number(noun: Token) -> bool:
    return any(c.dep_ == "nummod" or c.like_num and c.dep_ in {"amod", "compound"} for c in noun.children)


def _cross_reference(head: Token, sent: Span) -> bool:
    """'(see ‘Harbour plans’)': a pointer to another article, not a claim."""
    if head.lemma_.lower() not in CROSS_REFERENCE_VERBS or _subject(head) is not None:
        return False
    before = [t for t in sent.doc[max(sent.start, head.i - 2): head.i]]
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
            words = [x for x in t.subtree if x.dep_ not in {"det", "punct", "case"}
                     and not (x.dep_ == "compound" and "PERSON" in labels)]
            if ent.label_ in labels and all(ent.start <= x.i < ent.end for x in words):
                return ent
            return None
        if t.pos_ == "NOUN":
            from kcheck.lexicon import counts_people  # WordNet is read only when a pronoun needs it

            if counts_people(t.lemma_) == ("PERSON" in labels):
                return _np_tokens(t)
        return None
    return None


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
    while i < sent.end and doc[i].is_punct and doc[i].text not in {"“", "\"", "‘", "'"}:
        i += 1
    if i + 1 < sent.end and doc[i + 1].text == ":" and doc[i].is_alpha and doc[i].is_title or (
        i + 1 < sent.end and doc[i + 1].text == ":" and doc[i].is_upper
    ):
        i += 2
    return i


def split_sentence(sent: Span, min_tokens: int = 3) -> list[ClaimSpan]:
    if is_question(sent) or len(sent) < 2:
        return []
    doc = sent.doc
    first = _label_prefix(sent)
    heads = _clause_heads(sent)
    # appositions and the tokens that only serve attribution are kept out of clause texts
    appos = [t for t in sent if _is_apposition(t, sent)]
    appos_tokens: set[int] = set()
    for a in appos:
        appos_tokens.update(x.i for x in a.subtree)
        for nb in (doc[a.left_edge.i - 1] if a.left_edge.i > sent.start else None,
                   doc[a.right_edge.i + 1] if a.right_edge.i + 1 < sent.end else None):
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
        if heads.get(t.i) == "parataxis" and t.lemma_ in SPEECH_VERBS and not any(
                c.dep_ in {"dobj", "ccomp", "xcomp"} for c in t.children):
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
                np_toks = _trim_end(sorted(set(_np_tokens(np)) | {t for t in np.subtree if t.i < np.i}, key=lambda t: t.i))
            else:
                np_toks = _trim_end([t for t in _np_tokens(np) if t.i not in according_tokens])
            claims.append(_finish(ClaimSpan(np_toks[0].idx, np_toks[-1].idx + len(np_toks[-1].text), _join(np_toks),
                                            "figure", sent.start_char, subject=_np_text(np), predicate=np.lemma_.lower()),
                                  np, np_toks, predicate_override=np.lemma_.lower()))
        # strip leading connectives and trailing punctuation
        while toks and (toks[0].dep_ in {"cc", "mark", "punct"} and toks[0].i < h
                        or toks[0].is_punct and toks[0].text not in {"“", "\"", "("}
                        or toks[0].lower_ in CONNECTIVES | {"and", "but"}):
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
        if head.lemma_ in SPEECH_VERBS and has_speech_child and not any(
            t.dep_ in {"dobj", "attr", "acomp", "oprd"} for t in content
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
        subject_rel = kind == "relcl" and any(t.lower_ in REL_PRONOUNS and t.dep_ in {"nsubj", "nsubjpass"}
                                              and t.head.i == h for t in toks)
        counted = _counted_conjuncts(head) if kind == "clause" or subject_rel else []
        if counted:
            # "carried 77 passengers and seven crew members": one claim per count, since
            # sources report (and get wrong) each count on its own
            cut = {x.i for c in counted for x in c.subtree} | {x.i for c in counted for x in c.head.children
                                                               if x.dep_ in {"cc", "punct"} and x.i < c.i}
            first_end = max(x.i for x in _np_tokens(counted[0].head))
            toks = _trim_end([t for t in toks if t.i <= first_end and t.i not in cut])
            spoken = [t for t in toks if not (subject_rel and t.lower_ in REL_PRONOUNS and t.head.i == h)]
            text = _join(spoken if not borrowed else borrowed + spoken)
            frame = borrowed + [t for t in spoken if t.i < counted[0].head.left_edge.i and t.i not in appos_tokens]
            for conj in counted:
                np = _trim_end(_np_tokens(conj))
                claims.append(_finish(ClaimSpan(np[0].idx, np[-1].idx + len(np[-1].text), _join(frame + np), kind,
                                                sent.start_char, subject=subject, speaker=speaker),
                                      head, np, borrowed=frame))
        slot_toks = toks  # the tokens the claim's slots are read from
        subject_counted = _counted_conjuncts(head, SUBJECT_DEPS) if kind == "clause" and not counted else []
        if subject_counted:
            # "Some 300 medics and a dozen ambulances are on the scene": one claim per
            # count here too; the first keeps the clause's quote, each later one quotes its own count
            cut = {x.i for c in subject_counted for x in c.subtree} | {
                x.i for c in subject_counted for x in c.head.children if x.dep_ in {"cc", "punct"} and x.i < c.i}
            slot_toks = [t for t in toks if t.i not in cut]
            text = _join(slot_toks)
            counted_subject = next(c for c in head.children if c.dep_ in SUBJECT_DEPS)
            rest = [t for t in slot_toks if t.i > counted_subject.right_edge.i]
            for conj in subject_counted:
                np = _trim_end(_np_tokens(conj))
                claims.append(_finish(ClaimSpan(np[0].idx, np[-1].idx + len(np[-1].text), _join(np + rest), kind,
                                                sent.start_char, subject=_join(np), speaker=speaker),
                                      head, np, borrowed=rest))
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
        claim = _finish(ClaimSpan(start, end, text, kind, sent.start_char, subject=subject, speaker=speaker),
                        head, slot_toks, borrowed=borrowed)
        ref = _antecedent(subj) if subj is not None and subj.lower_ in PRONOUN_NAMES else None
        if isinstance(ref, Span):
            # "Oslo has ties to both sides, and it is seen as a broker": the claim is
            # about Oslo; the entity keeps the pronoun as its text, the name as its normal form
            claim.entities.append({"text": subj.text, "label": ref.label_, "norm": entity_key(ref.text, ref.label_),
                                   "refers_to": ref.text})
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
        c = _appos_claim(a, sent)
        if c:
            claims.append(c)
    for t in sent:
        c = _modifier_claim(t, sent) or _dated_phrase_claim(t, sent)
        if c:
            claims.append(c)
    claims.extend(_circumstance_claims(sent, first))
    claims.extend(_title_claims(sent))
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


TIME_ENTS = {"DATE", "TIME"}

OPENERS = {"“": "”", "\"": "\"", "(": ")", "‘": "’", "'": "'"}


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
        if opener and sum(t.text == opener for t in toks[:-1]) > sum(t.text == last.text for t in toks[:-1]) - (opener == last.text and 0):
            if opener != last.text or sum(t.text == opener for t in toks) % 2 == 0:
                break
        toks = toks[:-1]
    return toks


# verbs whose subject is an event, never a place: "the strike at the Hansa works, which began on
# Monday" is about the strike, though the parser hangs the clause on the nearer name
EVENT_SUBJECT_VERBS = words("event_subject_verbs")


def _relcl_antecedent(head: Token) -> Token:
    """The noun a relative clause is about: the word it hangs on, except a place name inside a
    prepositional phrase of an event noun when the clause's verb takes an event for subject."""
    ante = head.head
    if (head.lemma_.lower() in EVENT_SUBJECT_VERBS and ante.ent_type_ in {"GPE", "LOC", "FAC"} and ante.dep_ == "pobj"
            and ante.head.dep_ == "prep" and ante.head.head.pos_ == "NOUN"):
        return ante.head.head
    return ante


def _relcl_text(head: Token, toks: list[Token], drop: set[int]) -> tuple[str, str]:
    """Replace the relative pronoun with its antecedent: 'which is located' -> 'the region is located'."""
    antecedent = _relcl_antecedent(head)
    ante = _np_text(antecedent, drop | {x.i for x in head.subtree})
    rel = next((t for t in toks if t.lower_ in REL_PRONOUNS and t.i < head.i and t.head.i in {head.i} | {c.i for c in head.children}), None)
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
        return f"{_join([t for t in rest if t.i < rel.i])} {ante} {_join([t for t in rest if t.i > rel.i])}".strip(), ante
    return _join(toks), ante


def _appos_claim(a: Token, sent: Span) -> ClaimSpan | None:
    """'Ana Ruiz, the chair of X' -> 'Ana Ruiz is the chair of X'."""
    head = a.head
    left = [t for t in head.subtree if t.i <= head.i and t.dep_ not in {"punct", "cc", "conj", "prep", "case"}]
    # the head's own name: contiguous modifiers just before it
    name = [head]
    for t in reversed(list(sent.doc[max(sent.start, head.i - 6): head.i])):
        if t in left and t.dep_ in {"compound", "amod", "det", "poss", "nmod", "nummod"} or t.dep_ == "case" and t.head in name:
            name.insert(0, t)
        else:
            break
    apps = list(a.subtree)
    while apps and apps[-1].is_punct:
        apps = apps[:-1]
    if not apps or len(apps) > 25:
        return None
    start = name[0].idx
    end = apps[-1].idx + len(apps[-1].text)
    name_text = _join(name)
    text = f"{name_text} is {_join(apps)}"
    c = ClaimSpan(start, end, text, "appos", sent.start_char, subject=name_text, predicate="be", object=_join(apps))
    return _finish(c, a, name + apps, predicate_override="be " + a.lemma_.lower())


def _title_claims(sent: Span) -> list[ClaimSpan]:
    """'Interior Minister Ana Ruiz said...' -> 'Ana Ruiz is Interior Minister': a title written
    before a person's name states a role, like an apposition does."""
    out = []
    for e in _doc_ents(sent.doc):
        if e.label_ != "PERSON" or e.start <= sent.start or e.end > sent.end:
            continue
        title: list[Token] = []
        for t in reversed(list(sent.doc[max(sent.start, e.start - 4): e.start])):
            if t.dep_ in {"compound", "amod"} and (e.start <= t.head.i < e.end or t.head in title) and (
                    t.pos_ in {"NOUN", "PROPN"} or t.pos_ == "ADJ" and t.is_title) and t.ent_type_ not in {"PERSON", "ORG", "GPE"}:
                title.insert(0, t)
            else:
                break
        if not any(t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ == "" for t in title):
            continue
        if any(ch.dep_ in {"appos", "relcl"} for ch in e.root.children):
            continue  # the apposition or relative clause already states what the name is
        toks = title + list(e)
        name, role = e.text, _join(title)
        c = ClaimSpan(toks[0].idx, toks[-1].idx + len(toks[-1].text), f"{name} is {role}", "title",
                      sent.start_char, subject=name, predicate="be", object=role)
        head = next(t for t in reversed(title) if t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ == "")
        out.append(_finish(c, head, toks, predicate_override="be " + head.lemma_.lower()))
    return out


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
    tail = [x for x in doc[t.i + 1: noun.i + 1] if x.dep_ not in {"det", "punct"}]
    if not tail:
        return None
    # a multiword agent: "United States-backed"
    start_tok = agent
    while start_tok.i - 1 >= sent.start and doc[start_tok.i - 1].dep_ == "compound" and doc[start_tok.i - 1].pos_ == "PROPN":
        start_tok = doc[start_tok.i - 1]
    agent_text = _join(doc[start_tok.i: agent.i + 1])
    obj = _join(tail)
    text = f"{agent_text} {t.text} {obj}"
    c = ClaimSpan(start_tok.idx, noun.idx + len(noun.text), text, "modifier", sent.start_char,
                  subject=agent_text, object=obj)
    return _finish(c, t, list(doc[start_tok.i: noun.i + 1]))


CIRCUMSTANCE_PREPS = words("circumstance_preps")


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
    from kcheck.lexicon import names_event  # WordNet is read only when such a phrase occurs

    out = []
    nouns = [x for x in opener.children if x.dep_ == "pobj"]
    nouns += [y for x in nouns for y in x.conjuncts if y.i > x.i]
    for noun in nouns:
        of = next((x for x in noun.children if x.dep_ == "prep" and x.lower_ == "of"), None)
        if noun.pos_ != "NOUN" or of is None or not names_event(noun.lemma_):
            continue
        toks = _trim_end(_np_tokens(noun))
        if len([t for t in toks if not t.is_punct]) < 3:
            continue
        arg = next((y for y in of.children if y.dep_ == "pobj"), None)
        what = _np_text(arg) if arg is not None else ""
        c = ClaimSpan(toks[0].idx, toks[-1].idx + len(toks[-1].text), _join(toks), "event", sent.start_char,
                      subject=what, object=what)
        out.append(_finish(c, noun, toks, predicate_override=noun.lemma_.lower()))
    return out


def _dated_phrase_claim(t: Token, sent: Span) -> ClaimSpan | None:
    """'The union's strike at the port (3–5 May)': a noun phrase
    dated by a parenthesis is a fact of its own."""
    doc = sent.doc
    if t.text != "(" or t.i == sent.start:
        return None
    close = next((x for x in doc[t.i + 1: min(sent.end, t.i + 10)] if x.text == ")"), None)
    if close is None or close.i == t.i + 1:
        return None
    inside = doc[t.i + 1: close.i]
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
    phrase = doc[start_tok.i: t.i]
    text = f"{phrase.text.strip()}: {inside.text}"
    c = ClaimSpan(start_tok.idx, close.idx + 1, text, "dated", sent.start_char, subject=phrase.text.strip(),
                  predicate="date", object=inside.text)
    return _finish(c, np, list(doc[start_tok.i: close.i + 1]), predicate_override="date")


def _percent_measure(t: Token) -> str:
    """What a percentage measures: "90 percent of its gas" -> '% of gas', "61 percent turnout"
    -> '% turnout', "turnout reached 61 percent" -> '% turnout' (the clause's subject)."""
    of = next((x for x in t.children if x.dep_ == "prep" and x.lower_ == "of"), None)
    pobj = next((y for y in of.children if y.dep_ == "pobj"), None) if of is not None else None
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


def _measured_subject(t: Token) -> Token | None:
    """The noun a bare number measures through its verb: "the toll stands at 42", "turnout
    reached 61", "the deficit was 3.1": only verbs that report a level, so "the quake
    killed 42" does not count quakes."""
    verb = t.head.head if t.dep_ == "pobj" and t.head.dep_ == "prep" else t.head
    if t.dep_ not in {"pobj", "attr", "dobj"} or verb.lemma_.lower() not in MEASURE_VERBS:
        return None
    subj = _subject(verb) if verb.pos_ in CLAUSE_POS else None
    return subj if subj is not None and subj.pos_ == "NOUN" else None


def _counted(noun: Token) -> str:
    """What a number counts: its noun with the compound it sits in, so that "a magnitude 7.8
    earthquake" and "a 6.8 magnitude earthquake" both count 'earthquake magnitude'."""
    words = {noun.lemma_.lower()}
    words.update(c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.is_alpha)
    if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"}:
        words.add(noun.head.lemma_.lower())
    return " ".join(sorted(words))


def _finish(c: ClaimSpan, head: Token, toks: list[Token], predicate_override: str | None = None,
            borrowed: list[Token] = ()) -> ClaimSpan:
    """Fill the slots comparison needs from the claim's tokens; `borrowed` tokens (a subject or
    antecedent the text takes from outside the quote) count for entities and lemmas only."""
    doc = head.doc
    tokset = {t.i for t in toks} | {t.i for t in borrowed}
    if predicate_override:
        c.predicate = predicate_override
    elif not c.predicate:
        pred = head.lemma_.lower()
        prt = next((x for x in head.children if x.dep_ == "prt"), None)
        if prt is not None:
            pred = f"{pred} {prt.lower_}"  # "strike down" is not "strike"
        if pred == "be":
            attr = next((x for x in head.children if x.dep_ in {"attr", "acomp", "oprd"}), None)
            if attr is not None:
                pred = f"be {attr.lemma_.lower()}"
        # "tried to repair", "failed to finish": the action is the complement's verb
        xcomp = next((x for x in head.children if x.dep_ == "xcomp" and x.pos_ == "VERB"), None)
        if xcomp is not None and head.lemma_ in FAILURE_VERBS | ATTEMPT_VERBS | {"continue", "begin", "start", "help"}:
            pred = xcomp.lemma_.lower()
        c.predicate = pred
    if not c.object:
        for x in list(head.children) + [y for x in head.children if x.dep_ == "xcomp" for y in x.children]:
            if x.dep_ in {"dobj", "attr", "acomp", "oprd", "dative"}:
                # "whom critics called a liar": the object is the pronoun's antecedent
                c.object = (_np_text(_relcl_antecedent(head), {y.i for y in head.subtree})
                            if head.dep_ == "relcl" and x.lower_ in REL_PRONOUNS else _np_text(x))
                break
        if not c.object:
            prep = next((x for x in head.children if x.dep_ == "prep"), None)
            pobj = next((y for y in prep.children if y.dep_ == "pobj"), None) if prep is not None else None
            if pobj is not None:
                c.object = _np_text(pobj)
    # polarity words count only where they govern the claim's own predicate: the head,
    # its xcomp chain ("failed to finish") and the determiners of its direct arguments
    scope = {head.i}
    frontier = [head]
    while frontier:
        x = frontier.pop()
        for ch in x.children:
            if ch.dep_ in {"xcomp", "aux", "auxpass"} and ch.i not in scope:
                scope.add(ch.i)
                frontier.append(ch)
    if head.dep_ == "xcomp":
        scope.add(head.head.i)
    if head.lemma_ == "be":  # "the lift was not working": the negation sits on the complement
        scope.update(ch.i for ch in head.children if ch.dep_ in {"acomp", "attr"})
    args = {ch.i for i in scope for ch in doc[i].children if ch.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "expl"}}
    pol = []
    for t in toks:
        low = t.lower_
        if t.dep_ == "neg" and t.head.i in scope or low in NEGATION_WORDS and (
                t.head.i in scope and t.dep_ in {"neg", "advmod", "preconj"} or t.head.i in args and t.dep_ == "det"):
            pol.append(low)
        elif t.i in scope and t.pos_ == "VERB" and t.lemma_.lower() in FAILURE_VERBS and (
                t.lemma_.lower() not in NEEDS_COMPLEMENT or any(x.dep_ == "xcomp" for x in t.children)):
            pol.append(t.lemma_.lower())
        elif t.i in scope and t.pos_ == "VERB" and t.lemma_.lower() in ATTEMPT_VERBS and any(x.dep_ == "xcomp" for x in t.children):
            pol.append(t.lemma_.lower())
    c.polarity = pol
    c.negated = sum(1 for p in pol if p not in ATTEMPT_VERBS) % 2 == 1
    c.hedges = sorted({t.lower_ if t.lower_ in HEDGE_WORDS else t.lemma_.lower() for t in toks
                       if t.lower_ in HEDGE_WORDS or (t.lemma_.lower() in HEDGE_WORDS and t.pos_ in {"VERB", "AUX", "ADV"})})
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

"""The `kcheck_claims` spaCy component: split sentences into atomic claims.

A sentence often states several facts. The parse tells them apart (kcheck.nlp.clauses):

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
statement built from the same tokens. kcheck.nlp.slots fills what comparison needs of each
(predicate, polarity, entities, the noun each number counts); this module adds the dates and
numbers found in each quote.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from kcheck import embed
from kcheck.dates import find_dates
from kcheck.layout import FIELD_LINE, sentence_furniture
from kcheck.nlp.clauses import split_sentence
from kcheck.nlp.figures import IDIOMS, name_numbers
from kcheck.nlp.spans import ENTS_KEY, TEXT_KEY, ClaimSpan, doc_text
from kcheck.values import find_quantities, rate_unit, set_aside

# (paragraph kind, boilerplate) of the text a Doc holds, when ingest made the Doc
PARAGRAPH_KEY = "kcheck_paragraph"

if not Doc.has_extension("kcheck_claims"):
    Doc.set_extension("kcheck_claims", default=None)


@Language.factory(
    "kcheck_claims",
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.kcheck_claims"],
    default_config={"min_tokens": 3},
)
def make_claim_splitter(nlp: Language, name: str, *, min_tokens: int) -> ClaimSplitter:
    return ClaimSplitter(min_tokens=min_tokens)


class ClaimSplitter:
    def __init__(self, *, min_tokens: int = 3) -> None:
        self.min_tokens = min_tokens

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64, overlap: bool = False) -> Iterator[Doc]:
        """Docs with their claims; a batch's claims are embedded together (one model call per
        few claims, not per paragraph), in whichever process parses them.

        With `overlap` (ingest asks for it when it parses in this process alone), a batch is
        embedded in a second thread while the parser works on the next one: onnxruntime lets
        go of the GIL while it runs, so on two cores the embedding hides behind the parsing. The
        same texts are embedded by the same calls either way, so the vectors are the same; with
        worker processes each core is busy parsing already, and a thread would only contend."""
        if not (overlap and embed.enabled()):
            for batch in minibatch(docs, size=batch_size):
                found = [self._split(doc) for doc in batch]
                stored = _to_embed(batch, found)
                yield from _finish(batch, found, stored, embed.embed([c.text for c in stored]) if stored else [])
            return
        embed.embed([])  # load the model here, not in the thread
        with ThreadPoolExecutor(max_workers=1) as pool:
            waiting: deque = deque()  # the batch being embedded, and the one being split
            for batch in minibatch(docs, size=batch_size):  # taking a batch parses it
                found = [self._split(doc) for doc in batch]
                stored = _to_embed(batch, found)
                # the thread only runs the model on plain strings; spaCy objects stay in this one
                waiting.append((batch, found, stored, pool.submit(embed.embed, [c.text for c in stored])))
                if len(waiting) > 1:
                    done, claims, embedded, job = waiting.popleft()
                    yield from _finish(done, claims, embedded, job.result())
            for done, claims, embedded, job in waiting:
                yield from _finish(done, claims, embedded, job.result())

    def _split(self, doc: Doc) -> list[ClaimSpan]:
        claims: list[ClaimSpan] = []
        for sent in doc.sents:
            claims.extend(_field(sent, split_sentence(sent, self.min_tokens)))
        text = doc_text(doc)
        doc.user_data.pop(ENTS_KEY, None)  # Spans do not serialize; the cache was only for this pass
        doc.user_data.pop(TEXT_KEY, None)
        # a clause claim holding a figure carries that figure's measurement, not a reading of its own
        figures = [q for c in claims for q in c.figures]
        # a date with a claim of its own is judged there, not in the claims holding it
        dated = [c.dated for c in claims if c.dated]
        names = name_numbers(doc)
        for c in claims:
            _values(text, c, figures, dated, names)
        return claims


def _field(sent: Span, claims: list[ClaimSpan]) -> list[ClaimSpan]:
    """The one figure claim of a fact-box line quoted with its label: "22" alone says nothing
    of what was counted; "Crew aboard: 22" does, and another source's "22 crew were aboard"
    shares its words."""
    figures = [c for c in claims if c.kind == "figure"]
    if len(figures) != 1 or len(claims) != 1 or not FIELD_LINE.fullmatch(sent.text.strip()):
        return claims
    c = figures[0]
    text = sent.text.rstrip()
    start = sent.start_char + len(text) - len(text.lstrip())
    c.start, c.end, c.text = start, sent.start_char + len(text), text.strip()
    c.lemmas = [t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop]
    return claims


def _to_embed(batch: list[Doc], found: list[list[ClaimSpan]]) -> list[ClaimSpan]:
    if not embed.enabled():
        return []
    return [c for doc, claims in zip(batch, found) for c in _stored_with_vector(doc, claims)]


def _finish(
    batch: list[Doc], found: list[list[ClaimSpan]], stored: list[ClaimSpan], vectors: list[bytes]
) -> Iterator[Doc]:
    for c, v in zip(stored, vectors):
        c.vector = v
    for doc, claims in zip(batch, found):
        # plain data, so Docs can travel back from worker processes (nlp.pipe n_process > 1)
        doc._.kcheck_claims = [{**vars(c), "quantities_units": sorted(c.quantities_units.items())} for c in claims]
        yield doc


def _stored_with_vector(doc: Doc, claims: list[ClaimSpan]) -> list[ClaimSpan]:
    """The claims ingest will store with their vector: all but those of boilerplate, as ingest
    judges it (a boilerplate paragraph, or a sentence of site furniture), when ingest said what
    paragraph the Doc holds. Their vectors would be thrown away, and embedding is most of the
    time of an ingest."""
    para = doc.user_data.get(PARAGRAPH_KEY)
    if para is None:
        return claims
    kind, boilerplate = para
    if boilerplate:
        return []
    furniture = {s.start_char for s in doc.sents if sentence_furniture(s.text, kind)}
    return [c for c in claims if c.sentence_start not in furniture]


def _values(text: str, c: ClaimSpan, figures: list[dict], dated: list[list[int]], names: list[tuple[int, int]]) -> None:
    """The claim's quote without surrounding whitespace (spaCy keeps runs of it as tokens), and
    the dates and quantities in it, each quantity with the noun the parse says it counts; a
    figure claim has its one measurement, and other claims take the measurement of each figure
    whose number they hold; a date that a date claim states is marked as claimed in the others.
    A number in `names` is an identifier ("Gate 4"), and no quantity."""
    start, end = c.start, c.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    c.start, c.end = start, end
    quote = text[start:end]
    c.dates = [{**v.as_dict(), "start": start + v.start, "end": start + v.end} for v in find_dates(quote)]
    date_spans = [(d["start"] - start, d["end"] - start) for d in c.dates]
    for d in c.dates:
        if any(d["start"] < e and s < d["end"] for s, e in dated) and not (
            c.dated and d["start"] < c.dated[1] and c.dated[0] < d["end"]
        ):
            d["claimed"] = True
    if c.figures:
        c.quantities = c.figures
        return
    c.quantities = [f for f in figures if start <= f["start"] and f["end"] <= end]
    named = [(s - start, e - start) for s, e in names if start <= s and e <= end]
    for q in find_quantities(quote, date_spans + named + [m.span() for m in IDIOMS.finditer(quote)]):
        if any(start + q.start < f["end"] and f["start"] < start + q.end for f in figures):
            continue
        if re.search(r"\b(?:the|these|those|both)\s+$", quote[: q.start], re.I):
            continue  # "the three towns" points back at something; it counts nothing
        if set_aside(text, start + q.start):
            continue
        d = {**q.as_dict(), "start": start + q.start, "end": start + q.end}
        for tok_idx, unit in c.quantities_units.items():
            if d["start"] <= tok_idx < d["end"] + 2:
                d["unit"] = unit if d.get("unit") != "%" or unit.startswith("%") else d["unit"]
        d["unit"] = rate_unit(quote, q.end) or d.get("unit", "")
        c.quantities.append(d)


def claims_of(doc: Doc) -> list[ClaimSpan]:
    """The claims the component found in a Doc."""
    return [ClaimSpan(**{**d, "quantities_units": dict(d["quantities_units"])}) for d in doc._.kcheck_claims or []]

"""Claim frames built by hand, for tests that need no spaCy: the slots the parse would give
are stated, dates and numbers are read from the quote as the component reads them, and the
rest is derived as ingest derives it."""

from __future__ import annotations

import re

from kcheck.dates import anchor, find_dates
from kcheck.derive import frame
from kcheck.frame import Frame
from kcheck.normalize import entity_key
from kcheck.values import find_quantities

STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "to",
    "by",
    "and",
    "or",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "it",
    "its",
    "that",
    "this",
    "with",
    "for",
    "from",
    "as",
    "after",
    "than",
    "more",
    "about",
    "some",
    "least",
    "nearly",
    "who",
    "which",
    "their",
    "his",
    "her",
    "they",
    "he",
    "she",
    "not",
}

_counter = iter(range(1_000_000))


def claim(
    quote: str,
    *,
    source: str = "a",
    subject: str = "",
    predicate: str = "",
    object: str = "",
    negated: bool = False,
    people: dict[str, str] | None = None,
    places: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    kind: str = "clause",
    lemmas: str | None = None,
    published: str | None = None,
    polarity: list[str] | None = None,
    start: int = 0,
    measure: dict | None = None,
) -> Frame:
    """A frame for `quote` as source `source` states it. `units` maps a number's text to the
    noun it counts ("120": "people"); `people` and `places` map names as written to labels'
    text (both normalized the way the component does). With `measure` (dim, what, by, whose,
    year) the claim is a figure claim, its numbers measured as kcheck.nlp.figures measures them."""
    entities = [{"text": t, "label": "PERSON", "norm": entity_key(t, "PERSON")} for t in people or ()]
    entities += [{"text": t, "label": label, "norm": entity_key(t, label)} for t, label in (places or {}).items()]
    dates = []
    for v in find_dates(quote):
        d = {**v.as_dict(), "start": start + v.start, "end": start + v.end}
        dates.append(anchor(d, published) if published else d)
    spans = [(d["start"] - start, d["end"] - start) for d in dates]
    quantities = []
    for q in find_quantities(quote, spans):
        unit = next((u for k, u in (units or {}).items() if k in q.text), q.unit)
        quantities.append(
            {**q.as_dict(), "start": start + q.start, "end": start + q.end, "unit": unit, **(measure or {})}
        )
    if measure is not None:
        kind = "figure"
    if lemmas is None:
        lemmas = " ".join(w for w in re.findall(r"[a-z]+", quote.lower()) if w not in STOP)
    row = {
        "id": f"c{next(_counter)}",
        "source_id": source,
        "source": source,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "text": quote,
        "kind": kind,
        "subject": subject,
        "predicate": predicate,
        "object": object,
        "negated": negated,
        "polarity": polarity or (["not"] if negated else []),
        "entities": entities,
        "dates": dates,
        "quantities": quantities,
        "lemmas": lemmas,
    }
    return frame(row)


def sources(*names: str, published: dict[str, str] | None = None) -> list[dict]:
    """Source rows as grouping takes them (no text: no copies)."""
    return [{"name": n, "text": "", "published": (published or {}).get(n), "published_note": None} for n in names]

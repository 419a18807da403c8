"""Names of people, bodies and places, as sources write them and as comparison meets them.

News names a person in full once and by surname after; a capital or a seat of government
stands for its country ("Tokyo said"); transliterations differ by a
letter. Every rule about names lives here, so frame building (at ingest) and comparison
agree on them.
"""

from __future__ import annotations

import re

from kcheck.lexicon import is_word, seat_country
from kcheck.normalize import entity_key, fold, has_words

NAMING = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}  # "Chilean President Ana Ruiz" names Ana Ruiz
SEAT_LABELS = {"GPE", "ORG", "FAC", "LOC"}
SURNAME_LABELS = {"PERSON", "ORG", "NORP"}  # the small model often labels a bare surname ORG or NORP


def named_in(entities, text: str) -> str:
    """The normalized entity among `entities` that `text` names, if any: a person or body
    before a place, a place before a nationality adjective."""
    text = fold(text).lower()
    found = [e for e in entities if e.label in NAMING and has_words(text, fold(e.text).lower())]
    return min(found, key=lambda e: NAMING[e.label]).norm if found else ""


def party(norm: str) -> str:
    """A named party as compared: the country for its capital or seat of government."""
    country = seat_country(norm)
    return entity_key(country) if country else norm


def entity_keys(label: str, norm: str) -> tuple[str, ...]:
    """An entity's normal form; a person named in full also meets the bare surname another
    source uses; a capital or a seat of government also stands for its country in news
    ("Tokyo" -> japan)."""
    if label == "PERSON":
        parts = norm.split()
        return (norm, parts[-1]) if len(parts) > 1 else (norm,)
    other = party(norm) if label in SEAT_LABELS else norm
    return (norm, other) if other != norm else (norm,)


def same_name(x: str, y: str) -> bool:
    """Two normalized names of one party: equal, one inside the other ("ruiz" / "ana
    ruiz"), or the same surname with given names spelt one letter apart or as an initial
    (transliterations: "yuri orlov" / "yury orlov", "j smith" / "john smith")."""
    if f" {x} " in f" {y} " or f" {y} " in f" {x} " or party(x) == party(y):
        return True
    xs, ys = x.split(), y.split()
    if len(xs) != len(ys) or len(xs) < 2 or xs[-1] != ys[-1]:
        return False
    return all(
        a == b or a[0] == b[0] and min(len(a), len(b)) == 1 or min(len(a), len(b)) >= 4 and _one_edit(a, b)
        for a, b in zip(xs[:-1], ys[:-1])
    )


def _one_edit(a: str, b: str) -> bool:
    """At most one letter substituted, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


_NAME = re.compile(r"(?<![\w-])[A-Z][a-z]+\b(?![-’'])")


def untagged_names(quote: str, entity_texts: list[str], lemmas: set[str]) -> list[str]:
    """Capitalized words that the tagger left out of every entity and that are no English
    words ("Lenz, the harbour master, ..."): names, compared as the surname of a full
    name elsewhere. `lemmas` are the claim's content lemmas (no stop words: "The", "After")."""
    found = [m.group(0).lower() for m in _NAME.finditer(quote)]
    if not found:
        return found
    tagged = " ".join(fold(t).lower() for t in entity_texts)
    return [w for w in found if w in lemmas and w not in tagged and not is_word(w)]


_CAPITALIZED = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*")


def resolve_surnames(claims: list[dict]) -> None:
    """A name given alone ("Ruiz") is the person the same source names in full ("Ana
    Ruiz") when exactly one full name there ends with it: news names a person in full once,
    then by surname. The entity's text stays as written; its normal form becomes the full name.
    `claims` are one source's claim rows; their entity dicts are updated in place."""
    full: dict[str, set[str]] = {}  # last word -> the multi-word names ending with it
    people: set[str] = set()
    for c in claims:
        for e in c["entities"]:
            if e["label"] in SURNAME_LABELS and " " in e["norm"]:
                full.setdefault(e["norm"].rsplit(" ", 1)[1], set()).add(e["norm"])
                if e["label"] == "PERSON":
                    people.add(e["norm"])
    for c in claims:
        for e in c["entities"]:
            names = full.get(e["norm"], set()) if " " not in e["norm"] and e["label"] in SURNAME_LABELS else set()
            if len(names) == 1 and names <= people:
                (e["norm"],) = names
    # a surname the tagger missed ("Lenz, the harbour master, closed the port"):
    # the same rule, for a capitalized word that is no English word of its own ("Young" is)
    surnames = {last: next(iter(names)) for last, names in full.items() if len(names) == 1 and names <= people}
    if not surnames:
        return
    for c in claims:
        named = " ".join(fold(e["text"]).lower() for e in c["entities"])
        for m in _CAPITALIZED.finditer(c["quote"]):
            word = m.group(0).lower()
            name = surnames.get(word)
            if name and not has_words(named, word) and not is_word(word):
                c["entities"].append({"text": m.group(0), "label": "PERSON", "norm": name})
                named += " " + word

"""Units of measurement: one spelling per unit, and factors to a base unit.

A quantity's unit is stored as written by the parse (the counted noun, "%", "km/h", "mile");
comparison needs to know that "km" and "kilometres" are one unit and that 120 mph is about
193 km/h. Pure Python, shared by frame building (at ingest) and comparison.
"""

from __future__ import annotations

import re

from kcheck.normalize import stem
from kcheck.words import mapping

UNIT_ALIASES = mapping("unit_aliases")
UNIT_SCALE = {a: (b.split("*")[0].strip(), float(b.split("*")[1])) for a, b in mapping("unit_scales").items()}
# units spelt in two words, read as one: "pound sterling" is money, not a pound (of mass) and
# a word "sterling"; a "nautical mile" is not a mile
PHRASES = sorted(
    {u for u in (*UNIT_ALIASES, *UNIT_ALIASES.values(), *UNIT_SCALE, *mapping("unit_dimensions")) if " " in u},
    key=len,
    reverse=True,
)


def terms(unit: str) -> list[str]:
    """The units and words of a unit phrase, a two-word unit kept whole."""
    for p in PHRASES:
        if p in unit:
            unit = re.sub(rf"\b{re.escape(p)}\b", p.replace(" ", "\0"), unit)
    return [w.replace("\0", " ") for w in unit.split()]


def canonical(word: str) -> str:
    """The base unit a spelling stands for ("kms" -> "kilometre", "mph" -> "km/h")."""
    word = UNIT_ALIASES.get(word, word)
    return UNIT_SCALE.get(word, (word, 1.0))[0]


def scale(unit: str) -> float:
    """The factor from a unit phrase to its base unit (1.0 when nothing converts)."""
    return next(
        (UNIT_SCALE[UNIT_ALIASES.get(w, w)][1] for w in terms(unit) if UNIT_ALIASES.get(w, w) in UNIT_SCALE), 1.0
    )


def unit_words(unit: str) -> frozenset[str]:
    """Stems of the canonical words of a unit phrase, without '%' and 'of'."""
    return frozenset(stem(canonical(w)) for w in terms(unit) if w not in {"%", "of"})


def base_units(unit: str) -> frozenset[str]:
    """The canonical (unstemmed) words of a unit phrase."""
    return frozenset(canonical(w) for w in terms(unit))

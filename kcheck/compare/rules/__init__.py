"""The conflict kinds, one module each; adding a kind is one module here plus its tests.

RULES is the order conflicts are judged and reported in (a group's explanation names its
first conflict), and the order of the rules' signals among the pair scorer's features.
"""

from __future__ import annotations

from kcheck.compare.rules.actor import Actor
from kcheck.compare.rules.base import VALUE_PREFIX, Pair, Rule
from kcheck.compare.rules.date import Date
from kcheck.compare.rules.negation import Negation
from kcheck.compare.rules.number import Number
from kcheck.compare.rules.role import Role

NUMBER, DATE, NEGATION, ACTOR, ROLE = Number(), Date(), Negation(), Actor(), Role()
RULES: tuple[Rule, ...] = (NUMBER, DATE, NEGATION, ACTOR, ROLE)
SLOT_PREFIXES = ("Q:", "F:", "M:", "V:", "D:", "T:", "A:", "R:")  # every rule key starts with one of these

__all__ = ["RULES", "SLOT_PREFIXES", "VALUE_PREFIX", "Pair", "Rule"]

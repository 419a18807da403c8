"""The conflict kinds, one module each; adding a kind is one module here plus its tests.

RULES is the order conflicts are judged and reported in (a group's explanation names its
first conflict). LINKS is the order rules adjust a pair's score: the negation rule's floors
apply only to pairs already near the threshold on their words, so it goes before the rules
that raise a pair whatever its words.
"""

from __future__ import annotations

from kcheck.compare.rules.actor import Actor
from kcheck.compare.rules.base import Pair, Rule
from kcheck.compare.rules.date import Date
from kcheck.compare.rules.negation import Negation
from kcheck.compare.rules.number import Number
from kcheck.compare.rules.role import Role

NUMBER, DATE, NEGATION, ACTOR, ROLE = Number(), Date(), Negation(), Actor(), Role()
RULES: tuple[Rule, ...] = (NUMBER, DATE, NEGATION, ACTOR, ROLE)
LINKS: tuple[Rule, ...] = (NEGATION, NUMBER, DATE, ROLE)
SLOT_PREFIXES = ("Q:", "M:", "D:", "T:", "A:", "R:")  # every rule key starts with one of these

__all__ = ["RULES", "LINKS", "SLOT_PREFIXES", "Pair", "Rule"]

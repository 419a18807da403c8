"""What a conflict kind gives comparison: its keys, how it links two claims, how it judges them.

A rule reads frames and nothing else: it imports no other rule, and no English is parsed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcheck.compare.features import Index
from kcheck.compare.model import Conflict, Judging, Node
from kcheck.frame import Frame


@dataclass
class Pair:
    """What pair scoring knows of two candidate claims besides the claims themselves."""

    same_act: bool  # their predicates name one act (the same verb, or two verbs of one sense)
    by_slot: bool  # they were found through a slot key they share
    index: Index


class Rule:
    slot = ""  # the conflict kind this rule reports

    def keys(self, f: Frame) -> set[str]:
        """Slot keys: claims that share one are candidates whatever their words."""
        return set()

    def veto(self, x: Node, y: Node, same_act: bool) -> bool:
        """True when the two claims state two different facts, however alike their words."""
        return False

    def aligned(self, x: Node, y: Node) -> bool:
        """True when the two claims measure one thing by this rule's lights, whatever their
        predicates: a difference in their values is then a conflict worth showing."""
        return False

    def link(self, x: Node, y: Node, s: float, pair: Pair) -> float:
        """The pair's score after this rule: raised when the rule knows they tell one fact."""
        return s

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        """Values of the two claims that cannot both hold."""
        return []

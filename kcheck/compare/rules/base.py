"""What a conflict kind gives comparison: its keys, what it knows of a candidate pair (signals
the fitted pair scorer weighs), and how it judges two claims.

A rule reads frames and nothing else: it imports no other rule, and no English is parsed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcheck.compare.features import Index
from kcheck.compare.model import Conflict, Judging, Node
from kcheck.frame import Frame

VALUE_PREFIX = "V:"  # a figure's value (see number.value_key): it finds candidates but is no shared slot


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

    signals: tuple[str, ...] = ()  # the names of what signal() returns, in kcheck.compare.pairs' order
    # signal() reads the whole frames (Node.frame), and says nothing when either claim's is not
    # kept: pair scoring then skips the call (most candidate pairs)
    signals_need_frames = False

    def signal(self, x: Node, y: Node, pair: Pair) -> dict[str, float]:
        """What the rule knows of a candidate pair: evidence that the two claims tell one fact
        (one count, one person's title) or two (a speed and a limit), as named values in 0..1."""
        return {}

    def apart(self, x: Node, y: Node) -> bool:
        """True when the two claims are two facts by definition, whatever their words and
        whatever any weight says: a speed and a length, two people's ages, two years' tolls."""
        return False

    def aligned(self, x: Node, y: Node) -> bool:
        """True when the two claims measure one thing by this rule's lights, whatever their
        predicates: a difference in their values is then a conflict worth showing."""
        return False

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        """Values of the two claims that cannot both hold."""
        return []

"""The types comparison's parts pass each other: a claim as clustering sees it, a conflict,
and what a rule is told when it judges a pair."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kcheck.compare.features import Profile
from kcheck.frame import EMPTY, Description, Frame


@dataclass
class Conflict:
    slot: str  # date | number | negation | actor | role
    values: tuple[str, str]
    claims: tuple[str, str]
    detail: str = ""
    measure: str = ""  # what the two values measure ("people killed", "speed"), when they are figures

    def as_dict(self, by_id: dict[str, Frame]) -> dict:
        a, b = (by_id[c] for c in self.claims)
        return {
            "slot": self.slot,
            "values": list(self.values),
            "detail": self.detail,
            **({"measure": self.measure} if self.measure else {}),
            "claims": [
                {"id": c.id, "source": c.source, "quote": c.quote, "start": c.start, "end": c.end} for c in (a, b)
            ],
        }


class Node:
    """A claim as clustering holds it: what pair scoring reads, and the whole frame only for
    claims with slot keys (the value checks between slot-sharing pairs read it)."""

    __slots__ = (
        "id",
        "source",
        "name",
        "profile",
        "slots",
        "pred",
        "negated",
        "verb",
        "acts",
        "description",
        "frame",
        "kind",
        "length",
        "vector",
        "start",
        "end",
        "titled",
        "parties",
    )

    def __init__(self, f: Frame, profile: Profile, slots: frozenset[str]) -> None:
        self.id = f.id
        self.source = f.source_id
        self.name = f.source  # the source's name, as copies are found by
        self.profile = profile
        self.slots = slots or EMPTY
        # what the role rule asks of every candidate pair, found once per claim, not per pair
        self.titled = any(k.startswith("R:") for k in self.slots)  # a named person's title
        self.parties = frozenset(k.split(":")[1] for k in self.slots if k.startswith("A:")) or EMPTY
        self.pred = f.pred_key
        self.negated = f.negated
        self.verb = f.verb
        # False when the verb has no verb sense, so that no other verb names its act (set by
        # clustering, once per verb; True: not known, ask lexicon.same_act)
        self.acts = True
        self.description: Description | None = f.description
        self.frame: Frame | None = f if slots or f.kind == "figure" else None
        self.kind = f.kind
        self.length = len(f.quote)
        self.start, self.end = f.start, f.end  # offsets in the source: which claim holds which (cluster.Grains)
        self.vector: Any = None  # a unit numpy vector (kcheck.embed), when the claim has one


@dataclass
class Judging:
    """What a rule is told when it judges a pair of claims from two sources."""

    pub_a: str | None  # credible publication dates
    pub_b: str | None
    need_alignment: bool = True  # False when only asking whether any value differs
    same_pred: bool = False
    different_subjects: bool = False  # two different named subjects: two measurements
    notes: list[str] = field(default_factory=list)

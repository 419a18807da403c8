"""Actors: the same act, on the same thing, by a different named doer.

"The Harbour Authority closed the port" / "the coastguard closed the port". Figures must match
too: two parties winning 48% and 31% are two acts, not one act with two doers.
"""

from __future__ import annotations

from kcheck.compare.features import overlap
from kcheck.compare.model import Conflict, Judging
from kcheck.compare.rules.base import Rule
from kcheck.frame import Frame
from kcheck.names import same_name


class Actor(Rule):
    slot = "actor"

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        same_figures = (not a.quantities and not b.quantities) or sorted(q.value for q in a.quantities) == sorted(
            q.value for q in b.quantities
        )
        # "Holm testified" / "Sand did not testify" say two things of two people: no clash of doers
        if j.same_pred and a.negated == b.negated and same_figures and overlap(a.object_stems, b.object_stems) >= 0.6:
            sa, sb = a.subject_name, b.subject_name
            if sa and sb and not same_name(sa, sb):
                return [Conflict("actor", (a.subject, b.subject), (a.id, b.id), "a different actor for the same act")]
        return []

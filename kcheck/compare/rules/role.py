"""Roles: one named person given two titles, and what a named party is said to be.

"Ana Ruiz, a museum curator" / "Ana Ruiz, a trustee of the gallery": both could
hold at two bodies, but a story names a person by the role they speak or act in, so the
checker has to settle which; the detail says so. Titles of two people meet only when the
titles are the same words ("Interior Minister Ana Ruiz" / "Interior Minister Pedro Gil").

Labels and likenesses link but never conflict: "the council was seen as a broker" and "the
council acted as a mediator" give the same party one role (A: keys, by WordNet sense).
"""

from __future__ import annotations

from kcheck.compare.features import overlap
from kcheck.compare.model import ROLE_LINK, Conflict, Judging, Node
from kcheck.compare.rules.base import Pair, Rule
from kcheck.frame import ROLE_KINDS, Frame
from kcheck.lexicon import counts_people

SAME_BODY = 0.3  # shared share of the title phrases' words that names one body


class Role(Rule):
    slot = "role"

    def keys(self, f: Frame) -> set[str]:
        keys = set(f.roles)
        if f.kind in ROLE_KINDS and f.titled:
            keys.add("R:" + f.titled)  # titles of one named person meet, however differently worded
        return keys

    def veto(self, x: Node, y: Node, same_act: bool) -> bool:
        tx, ty = x.has("R:"), y.has("R:")
        if tx != ty and not same_act:
            # "Ana Ruiz is Prime Minister" and "protesters called Prime Minister Ana Ruiz a liar"
            # share the title's words, not a fact
            return True
        # titles of two people meet only when the titles are the same; "minister" is not
        # "prime minister"
        return tx and ty and x.profile.words != y.profile.words and not _shared_titles(x, y)

    def aligned(self, x: Node, y: Node) -> bool:
        return _shared_titles(x, y)

    def link(self, x: Node, y: Node, s: float, pair: Pair) -> float:
        if (pair.by_slot and s < ROLE_LINK and x.frame is not None and y.frame is not None and x.has("A:")
                and y.has("A:") and x.slots & y.slots & (x.frame.roles_own | y.frame.roles_own)):
            s = ROLE_LINK  # one named party said to act as, be seen as or be called the same, as a title is
        if _shared_titles(x, y):
            # two appositions to one named person: their titles are compared before any looser
            # match can take either ("board member" is not "on board")
            s = max(s, ROLE_LINK)
        return s

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        if a.kind not in ROLE_KINDS or b.kind not in ROLE_KINDS:
            return []
        sa, sb = a.titled, b.titled
        if not sa or sa != sb:
            return []
        ra, rb = a.predicate.split()[-1:], b.predicate.split()[-1:]
        if ra and rb and ra != rb and counts_people(ra[0]) and counts_people(rb[0]):  # titles, not "a city"
            same_body = overlap(a.object_stems, b.object_stems)
            return [Conflict("role", (a.object, b.object), (a.id, b.id),
                             f"{a.subject}: different titles" + ("" if same_body >= SAME_BODY else " (at different bodies)"))]
        if ra and ra == rb and counts_people(ra[0]):
            # one title word, two portfolios: "Health Minister" / "the finance minister"
            if a.title_words and b.title_words and not a.title_words & b.title_words:
                return [Conflict("role", (a.object, b.object), (a.id, b.id), f"{a.subject}: different titles")]
        return []


def _shared_titles(x: Node, y: Node) -> bool:
    return any(k.startswith("R:") for k in x.slots & y.slots)

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
from kcheck.compare.model import Conflict, Judging, Node
from kcheck.compare.rules.base import Pair, Rule
from kcheck.frame import ROLE_KINDS, Frame
from kcheck.lexicon import concepts, counts_people, same_kind
from kcheck.normalize import stem
from kcheck.words import words

SAME_BODY = 0.3  # shared share of the title phrases' words that names one body
GENERIC_TITLES = words("generic_titles")  # words for any office holder: no second title
PAST_ROLE_WORDS = words("past_role_words")
RANK_WORDS = words("rank_words")


class Role(Rule):
    slot = "role"

    def keys(self, f: Frame) -> set[str]:
        keys = set(f.roles)
        if f.kind in ROLE_KINDS and f.titled:
            keys.add("R:" + f.titled)  # titles of one named person meet, however differently worded
        return keys

    signals = ("title_shared", "roles_meet")

    def apart(self, x: Node, y: Node) -> bool:
        tx, ty = x.titled, y.titled
        ax, ay = x.parties, y.parties
        if not (tx or ty or ax or ay):
            return False  # no title and no role on either side (most pairs)
        same_act = bool(x.pred) and x.pred == y.pred
        if tx != ty and not same_act:
            # "Ana Ruiz is Prime Minister" and "protesters called Prime Minister Ana Ruiz a liar"
            # share the title's words, not a fact
            return True
        if tx and ty and x.profile.words != y.profile.words and not _shared_titles(x, y):
            return True  # titles of two people meet only when they are the same words
        # a role said of two different parties: "Norway acted as a mediator" / "Sweden acted as one"
        if ax and ay and not ax & ay:
            return True
        # one party said to be two different things ("hailed as a hero" / "described as a villain"):
        # two statements, whatever else the claims share
        return bool(ax & ay) and x.frame is not None and y.frame is not None and not _roles_meet(x, y)

    def signal(self, x: Node, y: Node, pair: Pair) -> dict[str, float]:
        if not (x.titled and y.titled or x.parties and y.parties):
            return {}  # neither a shared title nor a shared role without one on each side
        # one named party said to act as, be seen as or be called the same
        return {"title_shared": float(_shared_titles(x, y)), "roles_meet": float(_roles_meet(x, y))}

    def aligned(self, x: Node, y: Node) -> bool:
        return _shared_titles(x, y)

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        if a.kind not in ROLE_KINDS or b.kind not in ROLE_KINDS:
            return []
        sa, sb = a.titled, b.titled
        if not sa or sa != sb:
            return []
        if _past(a.object) != _past(b.object):
            return []  # "a former judge" may be a minister now
        ra, rb = a.predicate.split()[-1:], b.predicate.split()[-1:]
        if (
            ra
            and rb
            and ra != rb
            and counts_people(ra[0], groups=False)
            and counts_people(rb[0], groups=False)
            and not (concepts(ra[0], broad=False) & concepts(rb[0], broad=False))
            and not same_kind(ra[0], rb[0])
            and not {ra[0].lower(), rb[0].lower()} & GENERIC_TITLES
            and stem(ra[0]) not in b.object_stems
            and stem(rb[0]) not in a.object_stems
        ):  # titles of a person, not "a city" nor "a firm"; "lawyer" is "attorney", a "surgeon" is a
            # kind of "doctor", and an "official" or a "leader" any office holder; and a person
            # given two titles at once ("a surgeon and the hospital's director") holds each
            same_body = overlap(a.object_stems, b.object_stems)
            return [
                Conflict(
                    "role",
                    (a.object, b.object),
                    (a.id, b.id),
                    f"{a.subject}: different titles" + ("" if same_body >= SAME_BODY else " (at different bodies)"),
                )
            ]
        if ra and ra == rb and counts_people(ra[0]):
            # one title word, two portfolios: "Health Minister" / "the finance minister", "County
            # Fire Chief" / "City Fire Chief" (each says what the other does not; "Fire Chief" /
            # "County Fire Chief" may be one office, told in full once); or two ranks: "the deputy
            # director" / "the director"
            if (
                a.title_words - b.title_words
                and b.title_words - a.title_words
                or _ranked(a.object) != _ranked(b.object)
            ):
                return [Conflict("role", (a.object, b.object), (a.id, b.id), f"{a.subject}: different titles")]
        return []


def _past(title: str) -> bool:
    """The title is one the person held once: "a former judge", "an ex-minister"."""
    return not PAST_ROLE_WORDS.isdisjoint(_title_parts(title))


def _ranked(title: str) -> bool:
    """The title is the office below another: "the deputy director", "a vice-president". Two
    such words may name one office ("deputy mayor" / "vice-mayor"), so only whether there is
    one tells two titles apart."""
    return not RANK_WORDS.isdisjoint(_title_parts(title))


def _title_parts(title: str) -> frozenset[str]:
    """A title's words, hyphenated ones also in their parts ("vice-president", "ex-minister")."""
    told = title.lower().split()
    return frozenset(told + [part for w in told for part in w.split("-")])


def _roles_meet(x: Node, y: Node) -> bool:
    """Both say what one party is, through a sense of one of the two role nouns."""
    return (
        x.frame is not None
        and y.frame is not None
        and bool(x.parties)
        and bool(y.parties)
        and bool(x.slots & y.slots & (x.frame.roles_own | y.frame.roles_own))
    )


def _shared_titles(x: Node, y: Node) -> bool:
    shared = x.slots & y.slots
    return bool(shared) and any(k.startswith("R:") for k in shared)

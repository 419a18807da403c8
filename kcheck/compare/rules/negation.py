"""Negation: one act done in one source and denied, failed or refused in another; contrary
outcomes of one decision; one thing described in words of opposite meaning.

Polarity is compared only between claims whose predicates already match (the same verb, or
two verbs of one sense) and that share an argument: a "not" somewhere in a paraphrase is no
conflict. Contrary outcomes are decisions only ("upheld" / "struck down"): "opened" and
"closed" can both be true at different times.
"""

from __future__ import annotations

import re

from kcheck import words
from kcheck.compare.model import Conflict, Judging, Node
from kcheck.compare.rules.base import Pair, Rule
from kcheck.compare.rules.date import not_since
from kcheck.frame import Description, Frame
from kcheck.lexicon import contrary, counts_people, same_act, same_kind
from kcheck.names import same_name
from kcheck.normalize import stems_of

CONTRARY = words.pairs("contrary_outcomes")
PRIZES = words.words("prize_nouns")


class Negation(Rule):
    slot = "negation"

    signals = ("denial", "descriptions_contrary")

    def apart(self, x: Node, y: Node) -> bool:
        da, db = x.description, y.description
        # "the festival was crowded" / "the car park was crowded": one word said of two things
        return (
            da is not None
            and db is not None
            and not da.words & db.words
            and not (da.head[:1].islower() and db.head[:1].islower() and same_kind(da.head, db.head))
            and not _name_and_person(da.head, db.head)
        )

    def signal(self, x: Node, y: Node, pair: Pair) -> dict[str, float]:
        da, db = x.description, y.description
        if da is None or db is None:
            return {"denial": 1.0} if pair.same_act and x.negated != y.negated else {}  # {}: all 0
        return {
            "denial": float(pair.same_act and x.negated != y.negated),
            "descriptions_contrary": float(contrary_descriptions(da, db)),
        }

    def judge(self, a: Frame, b: Frame, j: Judging) -> list[Conflict]:
        out = []
        ids = (a.id, b.id)
        # polarity: only between claims whose predicates and arguments already match (an argument
        # may move between object and subject: "did not damage the castle" / "the castle was damaged")
        related = not j.same_pred and bool(a.verb and b.verb) and a.verb != b.verb and same_act(a.verb, b.verb)
        if (
            (j.same_pred or related)
            and a.negated != b.negated
            and not _two_people(a, b)
            and not _doer_and_target(a, b)
            and not_since(a, b) is None  # "not repaired since 2016" / "repaired in 2014": the date rule's
        ):
            # one person named in full and by surname ("Tomas Brekke" / "Brekke") is one argument
            shared_args = {x.norm for x in a.entities if any(same_name(x.norm, y.norm) for y in b.entities)}
            args_a = a.arg_words
            if related:  # two verbs of one sense need a shared argument that is more than a name
                shared_args = set()
                args_a = args_a - _name_stems(a)
            neg, other = (a, b) if a.negated else (b, a)
            if (
                (shared_args or args_a & b.arg_words or _same_kind_args(a, b))
                and not _none_of_another_thing(neg, other)
                and not DEGREE.search(neg.quote)
                and bool(INTENT.search(a.quote)) == bool(INTENT.search(b.quote))
            ):
                out.append(
                    Conflict(
                        "negation",
                        (_polar(a), _polar(b)),
                        ids,
                        f"{neg.source} negates it ({', '.join(neg.polarity or ['not'])})",
                    )
                )
        # contrary outcomes of the same decision: "upheld the ban" / "struck down the ban"
        pa, pb = a.predicate.lower(), b.predicate.lower()
        if (
            frozenset((pa, pb)) in CONTRARY
            and _denied(a) == _denied(b)
            and a.arg_words & b.arg_words
            and not (_prize_taken(a) or _prize_taken(b))
        ):
            out.append(Conflict("negation", (pa, pb), ids, "contrary outcomes of the same decision"))
        # contrary descriptions of one thing: "the inquiry was fair" / "the inquiry was unfair"
        elif pa.startswith("be ") and pb.startswith("be ") and a.negated == b.negated:
            ja, jb = pa.split()[-1], pb.split()[-1]
            if ja != jb and a.subject_words & b.subject_words and contrary(ja, jb):
                out.append(Conflict("negation", (pa, pb), ids, f"contrary descriptions of one thing ({ja} / {jb})"))
        return out


def contrary_descriptions(x: Description, y: Description) -> bool:
    """One thing, words of opposite meaning."""
    return x.adjective != y.adjective and bool(x.words & y.words) and contrary(x.adjective, y.adjective)


def _two_people(a: Frame, b: Frame) -> bool:
    """The two subjects name two different people: one did it, another did not ("Ruiz
    testified" / "Gil did not testify"). A body and a person may be one actor: a country
    acts through its president."""
    people = [{e.norm for e in f.entities if e.label == "PERSON" and e.norm == f.subject_name} for f in (a, b)]
    return bool(people[0] and people[1]) and not any(same_name(x, y) for x in people[0] for y in people[1])


# a form of "be" before a participle: "was not questioned", "had been seen", "is widely blamed"
PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:not\s+|never\s+)?(?:\w+ly\s+)?\w+(?:ed|en|wn)\b", re.I)


def _doer_and_target(a: Frame, b: Frame) -> bool:
    """One claim's named subject is the other's object, in two active clauses: "Ana Berg
    testified against Tom Reyes" / "Reyes did not testify" say what two people did. In the
    passive the object becomes the subject ("police questioned Reyes" / "Reyes was not
    questioned"): one act, which the rule still compares."""
    for x, y in ((a, b), (b, a)):
        target = y.subject_name
        if not (x.subject_name and target) or same_name(x.subject_name, target):
            continue
        if any(same_name(e.norm, target) and e.text in x.object for e in x.entities):
            return not (PASSIVE.search(x.quote) or PASSIVE.search(y.quote))
    return False


def _prize_taken(f: Frame) -> bool:
    """To lose a win is to have it taken away later, not to lose the contest: "lost her title",
    "loses his gold medal" say nothing against "won the final"."""
    return f.predicate.lower() == "lose" and f.object_head.lower() in PRIZES


def _denied(f: Frame) -> bool:
    """Negated by more than its own verb: "rejected the plan" is an outcome, not a denial of
    one; "did not reject the plan" is."""
    return f.negated and tuple(f.polarity) != (f.predicate.lower(),)


# a denial of a degree, not of the act: "no flood had hit the town with such force", "never
# had the river risen so high", "no team has scored as many goals", "none climbed higher than
# Ruiz"; "no such plan exists" still denies the plan ("such" right after "no" is no degree)
DEGREE = re.compile(
    r"\b(?:with|in|on|at|to|of)\s+such\b|\bso\s+(?!far\b|that\b|much\s+as\b)[^\W\d_]+"
    r"|\bas\s+(?:[^\W\d_]+\s+){1,2}as\b|\b(?:more|less|fewer|[^\W\d_]+er)\s+(?:[^\W\d_]+\s+){0,2}?than\b",
    re.I,
)

# what someone will, means or is expected to do, not what was done: "the club would not sell the
# ground" and "the club has sold the ground" can both be true (plans change); "will not sell" /
# "will sell", "is expected to sell" / "denied that it would sell" and "has not sold" / "has
# sold" still clash
INTENT = re.compile(
    r"\b(?:will|would|shall|won['’]t|going\s+to|intends?\s+to|intended\s+to|intention\s+of|plans?\s+to"
    r"|planned\s+to|vow(?:s|ed)?\s+to|promis(?:e|es|ed)\s+to|threaten(?:s|ed)?\s+to"
    r"|expect(?:s|ed)?\s+to|(?:set|likely|about|poised|scheduled)\s+to)\b",
    re.I,
)

# "no" before a noun, with up to two words between ("no serious injuries")
NO_NOUN = re.compile(r"\bno\s+((?:[^\W\d_]+\s+){0,2}[^\W\d_]+)", re.I)


def _none_of_another_thing(neg: Frame, other: Frame) -> bool:
    """The claim is negated only by "no" before a noun, and that noun is none of the other
    claim's: "no injuries were reported among the crew" denies injuries, not the reporting, and
    says nothing against "the crew were reported safe". "No charges were filed" still denies
    "charges were filed"."""
    if tuple(neg.polarity) != ("no",):
        return False
    m = NO_NOUN.search(neg.quote)
    if m is None:
        return False
    said = stems_of(m.group(1))
    head = m.group(1).split()[-1].lower()
    return not (
        said & other.arg_words
        or any(h[:1].islower() and same_kind(head, h) for h in (other.subject_head, other.object_head))
    )


def _polar(f: Frame) -> str:
    return ("not " if f.negated else "") + f.predicate


def _name_stems(f: Frame) -> frozenset[str]:
    return stems_of(" ".join(e.text + " " + e.norm for e in f.entities))


def _same_kind_args(a: Frame, b: Frame) -> bool:
    """The subjects, or the objects, are common nouns of one kind ("the boat" / "the vessel")."""
    for ha, hb in ((a.subject_head, b.subject_head), (a.object_head, b.object_head)):
        if ha[:1].islower() and hb[:1].islower() and same_kind(ha, hb):
            return True
    return False


def _name_and_person(x: str, y: str) -> bool:
    """One thing is named and the other is a noun for a person ("Ana Ruiz was unhurt" / "the
    driver was unhurt"): the two may be one person, which the scorer weighs."""
    return any(
        a[:1].isupper() and b[:1].islower() and counts_people(b.lower(), groups=False) for a, b in ((x, y), (y, x))
    )

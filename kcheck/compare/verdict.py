"""A group's verdict: conflict, agreement among independent sources, or a single attestation.

A verdict compares slots, not strings (each rule in `kcheck.compare.rules` judges one kind of
slot); agreement counts independent sources only, since a copy corroborates nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kcheck.compare.model import Conflict, Judging
from kcheck.compare.rules import RULES
from kcheck.frame import Frame, group_id
from kcheck.names import same_name

VERDICT_ORDER = {"conflict": 0, "single": 1, "agree": 2}


@dataclass
class Group:
    id: str
    verdict: str  # agree | conflict | single
    claims: list[Frame]
    explanation: str
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_sources: int = 1
    n_independent: int = 1

    def sort_key(self) -> str:
        """Report order as one string: conflicts, singles, agreements; more sources first; then
        the first claim's source and offsets; then the id (what the stored groups sort by)."""
        first = self.claims[0]
        return (
            f"{VERDICT_ORDER[self.verdict]}:{99_999_999 - self.n_sources:08d}:{first.source}\x01"
            f"{first.start:012d}:{first.end:012d}:{self.id}"
        )

    def row(self) -> dict:
        """The group as the store keeps it."""
        by_id = {c.id: c for c in self.claims}
        return {
            "id": self.id,
            "sort_key": self.sort_key(),
            "verdict": self.verdict,
            "slot": self.conflicts[0].slot if self.conflicts else None,
            "explanation": self.explanation,
            "n_sources": self.n_sources,
            "n_independent": self.n_independent,
            "conflicts": [c.as_dict(by_id) for c in self.conflicts],
            "notes": self.notes,
            "claim_ids": [c.id for c in self.claims],
            "claim_sources": [c.source_id for c in self.claims],
        }

    def as_dict(self) -> dict:
        by_id = {c.id: c for c in self.claims}
        return {
            "id": self.id,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "sources": self.n_sources,
            "independent_sources": self.n_independent,
            "conflicts": [c.as_dict(by_id) for c in self.conflicts],
            "notes": self.notes,
            "claims": [c.as_claim() for c in self.claims],
        }


DATE_RULES = tuple(rule for rule in RULES if rule.slot == "date")


def find_conflicts(
    a: Frame, b: Frame, pub_a: str | None, pub_b: str | None, need_alignment: bool = True
) -> tuple[list[Conflict], list[str]]:
    """Incompatible slot values between two claims of different sources, and notes on what
    could not be compared."""
    sa, sb = a.subject_name, b.subject_name
    j = Judging(
        pub_a,
        pub_b,
        need_alignment,
        same_pred=bool(a.pred_key) and a.pred_key == b.pred_key,
        different_subjects=bool(sa and sb and not same_name(sa, sb)),
    )
    out: list[Conflict] = []
    # a date claim ("hit the pier on Monday night") is judged on its date alone: the polarity, doer
    # and figures of its act are the clause's to judge, which holds the same words
    for rule in RULES if "date" not in (a.kind, b.kind) else DATE_RULES:
        out.extend(rule.judge(a, b, j))
    return out, j.notes


def values_differ(a: Frame, b: Frame) -> bool:
    """Some slot value of one cannot hold with the other's, alignment aside."""
    found, _ = find_conflicts(a, b, None, None, need_alignment=False)
    return bool(found)


JUDGE_BATCH = 2_000  # groups whose claims are loaded together


def judged(
    clusters: list[list[str]],
    load: Callable[[list[str]], list[Frame]],
    derived: dict,
    pub: dict,
    link: Callable[[str, str], float | None] | None = None,
) -> Iterator[Group]:
    for k in range(0, len(clusters), JUDGE_BATCH):
        batch = clusters[k : k + JUDGE_BATCH]
        by_id = {c.id: c for c in load([cid for members in batch for cid in members])}
        for members in batch:
            yield judge([by_id[cid] for cid in members], derived, pub, link)


def judge(
    members: list[Frame],
    derived: dict,
    pub: dict,
    link: Callable[[str, str], float | None] | None = None,
) -> Group:
    """A group's verdict. Values are compared only between claims the scorer linked directly
    (`link` gives their probability; None when they are not linked): two claims that joined
    one group through a third may state two facts."""
    members = sorted(members, key=lambda c: (c.source, c.start))
    gid = group_id(c.id for c in members)
    names = sorted({c.source for c in members})
    independent = [n for n in names if not (n in derived and derived[n][0] in names)]
    notes = [
        f"{n} appears to copy {derived[n][0]} ({derived[n][1]:.0%} of its word sequences)"
        for n in names
        if n in derived and derived[n][0] in names
    ]
    conflicts: list[Conflict] = []
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            a, b = members[x], members[y]
            if a.source == b.source or (link is not None and link(a.id, b.id) is None):
                continue
            if _same_words(a.quote, b.quote):
                # one text in two sources (a reprint) is one statement: what differs is only how
                # it was read, such as a "today" anchored to each outlet's own date
                continue
            found, pair_notes = find_conflicts(a, b, pub.get(a.source), pub.get(b.source))
            conflicts.extend(found)
            notes.extend(n for n in pair_notes if n not in notes)
    quotes = "; ".join(f'{c.source}: "{c.quote}"' for c in members)
    told = sorted({d.text for m in members for d in m.dates if d.claimed})
    if len(told) > 1:
        # "agree" with two days in its quotes: say where the days were compared
        notes.append(
            f"the dates these claims give ({', '.join(map(repr, told))}) are compared in their own date claims"
        )
    if conflicts:
        c = conflicts[0]
        a, b = (next(m for m in members if m.id == cid) for cid in c.claims)
        explanation = (
            f'{c.slot} conflict: {a.source} says {c.values[0]!r} ("{a.quote}"), '
            f'{b.source} says {c.values[1]!r} ("{b.quote}")' + (f"; {c.detail}" if c.detail else "")
        )
        verdict = "conflict"
    elif len(independent) >= 2:
        verdict = "agree"
        count = (
            f"{len(names)} sources, {len(independent)} independent"
            if len(independent) < len(names)
            else f"{len(names)} independent sources"
        )
        explanation = f"{count} agree: {quotes}"
    else:
        verdict = "single"
        if len(names) > 1:
            explanation = f"{len(names)} sources, 1 independent: {quotes}"
        else:
            explanation = f'only {names[0]} states this: "{members[0].quote}"'
    return Group(gid, verdict, members, explanation, conflicts, notes, len(names), len(independent))


def _same_words(a: str, b: str) -> bool:
    """Two quotes in the same words, case and spacing aside."""
    return a.casefold().split() == b.casefold().split()

"""Scoring groups against a gold file, as the team's eval does (../shared/eval/score.py).

A gold attestation is found when a claim of the same source covers at least half of its quote
and is not much longer (at most 2.5 times, or 150 characters more); among those, the claim
whose span overlaps it most (Jaccard). Pairs of one gold group's attestations should share a
group (recall); attestations of different gold groups should not (precision); a gold group's
verdict is read from the group holding most of its found attestations; a reported conflict
holds when the gold attestations it holds come from one CONFLICT group and two sources.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Scores:
    span_recall: float
    pair_recall: float
    pair_precision: float
    verdict_accuracy: float
    conflicts_hold: int = 0
    conflicts_wrong: int = 0
    conflicts_reported: int = 0
    gold_conflicts: int = 0
    found_by_slot: dict[str, tuple[int, int]] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.span_recall:.2f} / {self.pair_recall:.2f} / {self.pair_precision:.2f} / {self.verdict_accuracy:.2f}"
        )


def load_gold(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def flatten(report: dict | list) -> list[dict]:
    """Reported claims with their group id and verdict ("source", "start", "end", "group", "verdict")."""
    if isinstance(report, list):
        return [{**c, "group": f"solo{i}", "verdict": "single"} for i, c in enumerate(report)]
    return [{**c, "group": g["id"], "verdict": g["verdict"]} for g in report["groups"] for c in g["claims"]]


def match(att: dict, claims: list[dict]) -> dict | None:
    """The claim that states a gold attestation, if any (see the module docstring)."""
    length = att["end"] - att["start"]
    longest = max(2.5 * length, length + 150)
    best, best_score = None, 0.0
    for c in claims:
        if c["source"] != att["source"] or c["end"] - c["start"] > longest:
            continue
        inter = min(c["end"], att["end"]) - max(c["start"], att["start"])
        if inter < length / 2:
            continue
        jaccard = inter / (max(c["end"], att["end"]) - min(c["start"], att["start"]))
        if jaccard > best_score:
            best, best_score = c, jaccard
    return best


def score(gold: list[dict], report: dict | list) -> Scores:
    claims = flatten(report)
    by_source: dict[str, list[dict]] = {}
    for c in claims:
        by_source.setdefault(c["source"], []).append(c)
    found: dict[tuple[str, int], dict] = {}
    n_atts = 0
    for g in gold:
        for i, att in enumerate(g["attestations"]):
            n_atts += 1
            hit = match(att, by_source.get(att["source"], []))
            if hit is not None:
                found[(g["id"], i)] = hit
    pairs = hits = 0
    for g in gold:
        atts = g["attestations"]
        for i, j in itertools.combinations(range(len(atts)), 2):
            if atts[i]["source"] == atts[j]["source"]:
                continue
            pairs += 1
            a, b = found.get((g["id"], i)), found.get((g["id"], j))
            hits += bool(a and b and a["group"] == b["group"])
    by_group: dict[str, list[tuple[str, int]]] = {}
    for key, c in found.items():
        by_group.setdefault(c["group"], []).append(key)
    merged = sum(1 for keys in by_group.values() for x, y in itertools.combinations(keys, 2) if x[0] != y[0])
    right = 0
    slots: dict[str, tuple[int, int]] = {}
    for g in gold:
        mine = [found[(g["id"], i)] for i in range(len(g["attestations"])) if (g["id"], i) in found]
        ok = False
        if mine:
            groups: dict[str, list[dict]] = {}
            for c in mine:
                groups.setdefault(c["group"], []).append(c)
            top = max(groups.values(), key=len)
            ok = top[0]["verdict"] == g["label"].lower()
        right += ok
        if g["label"].upper() == "CONFLICT":
            h, n = slots.get(g.get("conflict_slot", "other"), (0, 0))
            slots[g.get("conflict_slot", "other")] = (h + ok, n + 1)
    label = {g["id"]: g["label"].upper() for g in gold}
    verdict = {c["group"]: c["verdict"] for c in claims}
    hold = wrong = reported = 0
    for group, v in verdict.items():
        if v != "conflict":
            continue
        reported += 1
        keys = by_group.get(group, [])
        gids = {k[0] for k in keys}
        sources = {found[k]["source"] for k in keys}
        if len(keys) < 2:
            continue
        if len(gids) == 1 and label[next(iter(gids))] == "CONFLICT" and len(sources) >= 2:
            hold += 1
        else:
            wrong += 1
    return Scores(
        span_recall=len(found) / n_atts if n_atts else 0.0,
        pair_recall=hits / pairs if pairs else 0.0,
        pair_precision=hits / (hits + merged) if hits + merged else 0.0,
        verdict_accuracy=right / len(gold) if gold else 0.0,
        conflicts_hold=hold,
        conflicts_wrong=wrong,
        conflicts_reported=reported,
        gold_conflicts=sum(1 for g in gold if g["label"].upper() == "CONFLICT"),
        found_by_slot=slots,
    )


def attestation_claims(gold: list[dict], claims: list[dict]) -> dict[str, str]:
    """claim id -> the gold group it states, for the claims that state exactly one gold group's
    attestation (a claim found for two groups' quotes is too coarse to say which)."""
    by_source: dict[str, list[dict]] = {}
    for c in claims:
        by_source.setdefault(c["source"], []).append(c)
    seen: dict[str, set[str]] = {}
    for g in gold:
        for att in g["attestations"]:
            hit = match(att, by_source.get(att["source"], []))
            if hit is not None:
                seen.setdefault(hit["id"], set()).add(g["id"])
    return {cid: next(iter(gids)) for cid, gids in seen.items() if len(gids) == 1}

"""Scores a kcheck report against a gold file of claim groups, as the team's eval does:
span recall, cross-source pair recall, pair precision and verdict accuracy.

A gold quote counts as found when a reported claim of the same source covers at least
half of it without being much longer (at most 2.5 times its length, or 150 characters
more). Written for kcheck's own tests so the project does not depend on ../shared.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Scores:
    span_recall: float
    pair_recall: float
    pair_precision: float
    verdict_accuracy: float


def _flatten(report) -> list[dict]:
    if isinstance(report, list):
        return [{**c, "group": f"solo{i}", "verdict": "single"} for i, c in enumerate(report)]
    return [{**c, "group": g["id"], "verdict": g["verdict"]} for g in report["groups"] for c in g["claims"]]


def _match(att: dict, claims: list[dict]) -> dict | None:
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


def score(gold_path: Path, report) -> Scores:
    gold = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    claims = _flatten(report)
    found = {}
    n_atts = 0
    for g in gold:
        for i, att in enumerate(g["attestations"]):
            n_atts += 1
            hit = _match(att, claims)
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
    merged = sum(1 for x, y in itertools.combinations(found, 2) if x[0] != y[0] and found[x]["group"] == found[y]["group"])
    right = 0
    for g in gold:
        mine = [found[(g["id"], i)] for i in range(len(g["attestations"])) if (g["id"], i) in found]
        if not mine:
            continue
        by_group: dict = {}
        for c in mine:
            by_group.setdefault(c["group"], []).append(c)
        top = max(by_group.values(), key=len)
        right += top[0]["verdict"] == g["label"].lower()
    return Scores(
        span_recall=len(found) / n_atts if n_atts else 0.0,
        pair_recall=hits / pairs if pairs else 0.0,
        pair_precision=hits / (hits + merged) if hits + merged else 0.0,
        verdict_accuracy=right / len(gold) if gold else 0.0,
    )

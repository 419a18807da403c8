"""Fitting the pair scorer on the gold corpora, and judging it on corpora it never saw.

    python -m kcheck.fitting fit     # all gold corpora -> kcheck/data/scorer.json   (make fit)
    python -m kcheck.fitting eval    # leave-one-corpus-out table                    (make eval)
    python -m kcheck.fitting mixed   # all corpora in one database, shipped scorer   (make mixed)

A gold corpus is a folder of sources with a gold file of claim groups: `seeds/` with
tests/data/seeds_gold.jsonl, and each tests/data/NAME/ with tests/data/NAME_gold.jsonl.

Training pairs are the candidate pairs blocking gives (the pairs the scorer will meet) whose
two claims each state one gold attestation: same gold group, label 1; different groups, 0.
The weights are an L2-regularized logistic regression (each corpus weighing the same, however
many pairs it has); the linking threshold is the one that gives the best mean score over the
training corpora when they are grouped and judged in full. `eval` fits on all corpora but one
and scores that one, for each: the figure to raise is that mean, not the score on a corpus the
weights saw. Deterministic: same corpora and code, same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INGEST_CODE = [
    "nlp",
    "derive.py",
    "frame.py",
    "values.py",
    "dates.py",
    "names.py",
    "units.py",
    "data/words.txt",
    "lexicon.py",
    "ingest.py",
    "layout.py",
    "reader.py",
    "normalize.py",
    "embed.py",
]
L2 = 1.0  # weight of the penalty on the squared weights (per corpus-weighted example)
THRESHOLDS = [x / 100 for x in range(20, 91, 2)]
PLATEAU = 0.005


@dataclass
class Corpus:
    name: str
    folder: Path
    gold: Path


def corpora(data: Path = ROOT / "tests" / "data") -> list[Corpus]:
    out = [Corpus("seeds", ROOT / "seeds", data / "seeds_gold.jsonl")] if (data / "seeds_gold.jsonl").exists() else []
    for gold in sorted(data.glob("*_gold.jsonl")):
        name = gold.name[: -len("_gold.jsonl")]
        if name != "seeds" and (data / name).is_dir():
            out.append(Corpus(name, data / name, gold))
    return out


def _code_key() -> str:
    h = hashlib.sha256()
    for rel in INGEST_CODE:
        p = ROOT / "kcheck" / rel
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p] if p.exists() else []:
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def ingested(c: Corpus, cache: Path) -> Path:
    """A database of the corpus, ingested once per version of the corpus and the ingest code."""
    from kcheck.db import ClaimStore, open_db
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    h = hashlib.sha256(_code_key().encode())
    for f in sorted(c.folder.iterdir()):
        h.update(f.name.encode() + f.read_bytes())
    path = cache / f"{c.name}-{h.hexdigest()[:12]}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        for p in cache.glob(f"{c.name}-*"):
            p.unlink()
        db = open_db(tmp)
        ingest([str(c.folder)], ClaimStore(db), model=DEFAULT_MODEL)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
        os.replace(tmp, path)
    return path


class Loaded:
    """A corpus's frames, sources and gold, and its candidate pairs with their features."""

    def __init__(self, c: Corpus, cache: Path) -> None:
        from kcheck.compare.copies import derivations
        from kcheck.db import ClaimStore, open_db
        from kcheck.evaluation import attestation_claims, load_gold

        store = ClaimStore(open_db(ingested(c, cache)))
        self.name = c.name
        self.gold = load_gold(c.gold)
        self.frames = list(store.frames_for_grouping())
        self.vectors = store.vectors()
        self.sources = store.sources_for_comparison()
        self.derived = derivations(self.sources)
        self.sources = [{k: v for k, v in s.items() if k != "text"} for s in self.sources]
        claims = [{"id": f.id, "source": f.source, "start": f.start, "end": f.end} for f in self.frames]
        self.label_of = attestation_claims(self.gold, claims)
        self.X, self.y = self._pairs()

    def _pairs(self) -> tuple[list[list[float]], list[int]]:
        """Every candidate pair's features once (grouping with any weights reuses them), and
        the labelled ones as training examples."""
        from kcheck.compare.cluster import _prepare, candidate_features

        self.nodes, index = _prepare(self.frames, None, self.vectors)
        self.candidates = list(candidate_features(self.nodes, index, self.derived))
        X, y = [], []
        for i, j, values in self.candidates:
            a, b = self.label_of.get(self.nodes[i].id), self.label_of.get(self.nodes[j].id)
            if a is not None and b is not None:
                X.append(values)
                y.append(int(a == b))
        return X, y

    def grouped(self, scorer) -> dict:
        """The corpus grouped and judged with `scorer`, as `kcheck report --format json` gives it."""
        from kcheck.compare.cluster import Grains, average_linkage
        from kcheck.compare.verdict import Group, judged

        pub = {s["name"]: (s.get("published") if not s.get("published_note") else None) for s in self.sources}
        scores = {}
        for i, j, values in self.candidates:
            p = scorer.probability(values)
            if p >= scorer.threshold / 2:
                scores[(i, j)] = p
        clusters = average_linkage(
            len(self.nodes), scores, [n.source for n in self.nodes], scorer.threshold, Grains(self.nodes).one_statement
        )
        by_id = {f.id: f for f in self.frames}
        position = {n.id: k for k, n in enumerate(self.nodes)}

        def link(a: str, b: str) -> float | None:
            i, j = sorted((position[a], position[b]))
            p = scores.get((i, j), 0.0)
            return p if p >= scorer.threshold else None

        groups = sorted(
            judged(
                [[self.nodes[k].id for k in members] for members in clusters],
                lambda ids: [by_id[i] for i in ids],
                self.derived,
                pub,
                link,
            ),
            key=Group.sort_key,
        )
        return {"groups": [g.as_dict() for g in groups]}

    def score(self, scorer):
        from kcheck.evaluation import score

        return score(self.gold, self.grouped(scorer))


def _logistic(Xs, ys, l2: float, unpenalized: int = 0):
    """L2-regularized logistic regression by Newton's method; each corpus (one X, y pair in the
    lists) weighs the same, and so do the two labels."""
    import numpy as np

    parts = [(np.array(X, dtype=float), np.array(y, dtype=float)) for X, y in zip(Xs, ys) if len(y)]
    X = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([np.full(len(p[1]), 1.0 / len(p[1])) for p in parts])
    pos = y.sum()
    if 0 < pos < len(y):
        w = w * np.where(y == 1, (len(y) - pos) / pos, 1.0)
    w = w / w.sum()
    beta = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], l2)
    penalty[unpenalized] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(X @ beta, -30, 30)))
        grad = X.T @ (w * (p - y)) + penalty * beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + np.diag(penalty) + 1e-9 * np.eye(X.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return tuple(float(b) for b in beta)


BETA = 0.5  # precision weighs double: a false merge makes false conflicts


def objective(s) -> float:
    """What a threshold is chosen for: pair F-beta and verdict accuracy, equally."""
    b2 = BETA * BETA
    r, p = s.pair_recall, s.pair_precision
    f = (1 + b2) * p * r / (b2 * p + r) if r and p else 0.0
    return (f + s.verdict_accuracy) / 2


def fit(train: list[Loaded]):
    """The pair scorer and its linking threshold, fitted on `train`."""
    from kcheck.compare.pairs import FEATURES
    from kcheck.compare.scorer import Scorer

    weights = _logistic([d.X for d in train], [d.y for d in train], L2 / len(train) / 100, FEATURES.index("bias"))
    # the middle of the thresholds that come within PLATEAU of the best mean objective: the
    # objective is flat over a wide range, and its exact top moves with any small change
    means = {t: sum(objective(d.score(Scorer(weights, t))) for d in train) / len(train) for t in THRESHOLDS}
    top = max(means.values())
    near = [t for t in THRESHOLDS if means[t] >= top - PLATEAU]
    return Scorer(weights, near[len(near) // 2])


def mixed(cache: Path) -> None:
    """Every gold corpus ingested into one database, as a user who keeps several stories in
    one would: each source is named CORPUS__FILE, and a group holding sources of two corpora
    joins two stories, which is wrong whatever the gold says."""
    import json
    import shutil
    import tempfile

    from kcheck import report
    from kcheck.db import ClaimStore, open_db
    from kcheck.evaluation import load_gold, score
    from kcheck.grouping import regroup
    from kcheck.ingest import ingest
    from kcheck.nlp import DEFAULT_MODEL

    every = corpora()
    h = hashlib.sha256(_code_key().encode())
    for c in every:
        for f in sorted(c.folder.iterdir()):
            h.update(c.name.encode() + f.name.encode() + f.read_bytes())
    path = cache / f"mixed-{h.hexdigest()[:12]}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        for p in cache.glob("mixed-*"):
            p.unlink()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "mixed"
            folder.mkdir()
            for c in every:
                for f in sorted(c.folder.iterdir()):
                    shutil.copyfile(f, folder / f"{c.name}__{f.name}")
            db = open_db(path.with_suffix(".tmp"))
            ingest([str(folder)], ClaimStore(db), model=DEFAULT_MODEL)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.conn.close()
            os.replace(path.with_suffix(".tmp"), path)
    store = ClaimStore(open_db(path))
    regroup(store, full=True)  # with the comparison code as it is now, whatever grouped it before
    built = report.build(store)
    gold = []
    for c in every:
        for g in load_gold(c.gold):
            g = json.loads(json.dumps(g))
            g["id"] = f"{c.name}:{g['id']}"
            for a in g["attestations"]:
                a["source"] = f"{c.name}__{a['source']}"
            gold.append(g)
    groups = built["groups"]
    joined = [g for g in groups if len({c["source"].split("__")[0] for c in g["claims"]}) > 1]
    linked = [g for g in groups if len({c["source"] for c in g["claims"]}) > 1]
    s = score(gold, built)
    print(f"{len(every)} corpora in one database: {len(groups)} groups, {len(linked)} of two or more sources")
    print(
        f"groups joining two corpora: {len(joined)}, of them conflicts: "
        f"{sum(1 for g in joined if g['verdict'] == 'conflict')} "
        f"(of {sum(1 for g in groups if g['verdict'] == 'conflict')} conflicts reported)"
    )
    print(
        f"against all the gold at once: {s.line()} | conflicts {s.conflicts_reported} ({s.conflicts_hold} hold, "
        f"{s.conflicts_wrong} wrong)"
    )


def load_all(cache: Path, only: list[str] | None = None) -> list[Loaded]:
    return [Loaded(c, cache) for c in corpora() if not only or c.name in only]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m kcheck.fitting", description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["fit", "eval", "mixed"])
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "fit", help="where ingested corpora are kept")
    ap.add_argument("--only", nargs="*", help="corpora to use (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT / "kcheck" / "data" / "scorer.json")
    args = ap.parse_args(argv)
    if args.command == "mixed":
        mixed(args.cache)
        return
    data = load_all(args.cache, args.only)
    if args.command == "fit":
        scorer = fit(data)
        args.out.write_text(scorer.as_json(fitted_on=[d.name for d in data]) + "\n", encoding="utf-8")
        for d in data:
            print(f"{d.name:<10} {d.score(scorer).line()}  (seen in fitting)")
        print(f"threshold {scorer.threshold}; weights written to {args.out}")
        return
    rows = []
    for k, held in enumerate(data):
        scorer = fit(data[:k] + data[k + 1 :])
        s = held.score(scorer)
        rows.append(s)
        num = s.found_by_slot.get("number", (0, 0))
        print(
            f"{held.name:<10} {s.line()} | conflicts {s.conflicts_reported} ({s.conflicts_hold} hold, "
            f"{s.conflicts_wrong} wrong) of {s.gold_conflicts} | number {num[0]}/{num[1]}",
            flush=True,
        )
    n = len(rows)
    mean = [
        sum(getattr(s, k) for s in rows) / n
        for k in ("span_recall", "pair_recall", "pair_precision", "verdict_accuracy")
    ]
    hold = sum(s.conflicts_hold for s in rows)
    judged = sum(s.conflicts_hold + s.conflicts_wrong for s in rows)
    nf = sum(s.found_by_slot.get("number", (0, 0))[0] for s in rows)
    nt = sum(s.found_by_slot.get("number", (0, 0))[1] for s in rows)
    print(
        f"{'mean':<10} {mean[0]:.2f} / {mean[1]:.2f} / {mean[2]:.2f} / {mean[3]:.2f} | conflicts that hold "
        f"{hold}/{judged} | number conflicts found {nf}/{nt}  (leave one corpus out, {n} corpora)"
    )


if __name__ == "__main__":
    main()

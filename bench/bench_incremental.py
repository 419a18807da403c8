"""Adding one article to a large database: the incremental regrouping against a full one.

    python bench/bench_incremental.py 100000

Builds a synthetic database of N claims through ClaimStore (as `bench/run.py` does for the
query benchmarks), then stores one new 40-claim article that restates facts already in the
database with a fifth of the words changed, and times the regrouping that follows.
"""

import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))


def new_article(store, n_claims: int = 40, seed: int = 3) -> None:
    rng = random.Random(seed)
    rows = list(store.db.query("select * from claims where boilerplate = 0 order by id limit 5000"))
    vocab = sorted({w for r in rows for w in r["lemmas"].split()})
    picked = rng.sample(rows, n_claims)
    out, pos = [], 0
    for k, r in enumerate(picked):
        words = [w if rng.random() > 0.2 else rng.choice(vocab) for w in r["lemmas"].split()]
        quote = " ".join(words)
        out.append(
            {
                **{
                    key: r[key]
                    for key in (
                        "kind",
                        "predicate",
                        "subject",
                        "object",
                        "negated",
                        "speaker",
                        "entities",
                        "dates",
                        "quantities",
                        "polarity",
                        "hedges",
                    )
                },
                "id": f"new{k}",
                "quote": quote,
                "text": quote,
                "lemmas": quote,
                "source_id": "new-article",
                "start": pos,
                "end": pos + len(quote),
                "sentence_idx": 0,
                "headline": 0,
                "boilerplate": 0,
                "pipeline": "synthetic",
            }
        )
        pos += len(quote) + 1
    from kcheck.derive import frame

    for r in out:
        for key in ("entities", "dates", "quantities", "polarity", "hedges"):
            if isinstance(r[key], str):
                r[key] = json.loads(r[key])
        r["frame"] = json.dumps(frame(r).derived())  # as ingest derives it
    text = " ".join(r["quote"] for r in out)
    store.replace_source(
        {
            "id": "new-article",
            "name": "new-article",
            "path": "new-article",
            "format": "text",
            "sha256": "new-article",
            "text": text,
            "text_sha256": None,
        },
        [],
        out,
    )


def measure(path: Path, full: bool = True) -> dict:
    """Add the article to the database at `path`, time the regrouping, then a full one."""
    from kcheck import grouping as report
    from kcheck.db import ClaimStore, open_db

    store = ClaimStore(open_db(path))
    n = store.claim_count()
    new_article(store)
    calls = []
    real = report._regroup_touched
    report._regroup_touched = lambda *a: calls.append(1) or real(*a)
    try:
        t = time.perf_counter()
        touched = report.regroup(store)
        incremental = time.perf_counter() - t
    finally:
        report._regroup_touched = real
    assert calls, "the incremental path was not taken"
    out = {"claims": n, "incremental_s": round(incremental, 2), "groups_regrouped": touched}
    if full:
        t = time.perf_counter()
        report.regroup(store, full=True)
        out["full_s"] = round(time.perf_counter() - t, 1)
    return out


def measure_apart(path: Path, runs: int = 3) -> dict:
    """`measure` on a copy of the database at `path`, in a process of its own, `runs` times
    (the median is reported; the full regrouping is timed once). A user adds an article with a
    `kcheck ingest` of its own: timed inside a process that had just regrouped a million claims,
    the same incremental regrouping took twice as long (1.82 s against 0.86 s alone)."""
    results = []
    for k in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "inc.db"
            with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
                src.backup(dst)  # whole, with what is still in the write-ahead log
            args = [sys.executable, __file__, "--db", str(copy)] + ([] if k == 0 else ["--no-full"])
            done = subprocess.run(args, capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    times = sorted(r["incremental_s"] for r in results)
    return {**results[0], "incremental_s": times[len(times) // 2], "incremental_runs": times}


def main(n: int) -> dict:
    from run import synthetic_db

    path = Path(tempfile.mkdtemp()) / "inc.db"
    t = time.perf_counter()
    synthetic_db(path, n)
    result = {"build_s": round(time.perf_counter() - t, 1), **measure(path)}
    print(result)
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["--db"]:  # one run of measure_apart
        print(json.dumps(measure(Path(sys.argv[2]), full="--no-full" not in sys.argv)))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

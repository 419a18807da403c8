"""Grouping time and peak memory against corpus size; prints the growth exponent.

    python bench/bench_grouping.py 10000 100000 1000000

For each size, one process writes a synthetic database through ClaimStore (as ingest
writes claims), and a fresh process times what follows an ingest: `regroup(full=True)`,
which loads the claims, groups them, judges every group and stores groups and the
comparison index. Each runs in its own process, so the peak resident memory (VmHWM) is the
regrouping's own, not the build's.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def peak_mib() -> float:
    """This process's own peak resident memory. (ru_maxrss is no good here: on Linux a child
    started with fork+exec inherits the parent's high-water mark.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(n: int, path: str) -> None:
    sys.path.insert(0, str(HERE))
    from run import synthetic_db

    synthetic_db(Path(path), n, group=False)


def one(path: str) -> dict:
    from kcheck.db import ClaimStore, open_db
    from kcheck.grouping import regroup

    store = ClaimStore(open_db(path))
    n = store.claim_count()
    t = time.perf_counter()
    groups = regroup(store, full=True)
    dt = time.perf_counter() - t
    return {"n": n, "seconds": dt, "peak_mib": peak_mib(), "groups": groups}


def main(sizes: list[int], folder: Path | None = None) -> list[dict]:
    """Times per size; the databases are left in `folder` (a temporary one by default) as
    `<n>.db`, grouped, for the query and incremental benchmarks."""
    folder = folder or Path(tempfile.mkdtemp())
    results = []
    for n in sizes:
        db = folder / f"{n}.db"
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(n), str(db)], check=True)
        built = time.perf_counter() - t
        out = subprocess.run([sys.executable, __file__, "--one", str(db)], capture_output=True, text=True, check=True)
        r = {**json.loads(out.stdout), "build_s": built, "db": str(db)}
        results.append(r)
        print(
            f"{r['n']:>9,} claims  {r['seconds']:7.1f} s  peak RSS {r['peak_mib']:7.0f} MiB  {r['groups']:,} groups"
            f"  (database written in {built:.0f} s)",
            flush=True,
        )
    for a, b in zip(results, results[1:]):
        print(f"growth exponent {a['n']:,} -> {b['n']:,}: {exponent(a, b):.2f}")
    return results


def exponent(a: dict, b: dict) -> float:
    return math.log(b["seconds"] / a["seconds"]) / math.log(b["n"] / a["n"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(sys.argv[2])))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])

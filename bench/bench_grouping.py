"""Grouping time and peak memory against corpus size; prints the growth exponent.

    python bench/bench_grouping.py 10000 30000 100000

Each size runs in its own process, so the peak resident memory (VmHWM) is that size's own.
"""

import json
import math
import resource
import subprocess
import sys
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


def one(n: int) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic import synthetic_claims

    from kcheck.compare import group_claims

    claims, sources = synthetic_claims(n)
    t = time.perf_counter()
    groups = group_claims(claims, sources)
    dt = time.perf_counter() - t
    peak = peak_mib()
    return {"n": n, "seconds": dt, "peak_mib": peak, "groups": len(groups)}


def main(sizes: list[int]) -> list[dict]:
    results = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        results.append(r)
        print(f"{n:>9,} claims  {r['seconds']:7.2f} s  peak RSS {r['peak_mib']:7.0f} MiB  {r['groups']:,} groups", flush=True)
    for a, b in zip(results, results[1:]):
        print(f"growth exponent {a['n']:,} -> {b['n']:,}: {math.log(b['seconds'] / a['seconds']) / math.log(b['n'] / a['n']):.2f}")
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 30_000, 100_000])

"""Peak memory of `kcheck ingest` against the size of one input, and the --max-size it allows.

    python bench/bench_memory.py [SIZE_MB ...] [--one-line] [--workers N] [--checkout DIR] [--no-write]

Each size is one article made of the seeds' sentences, ingested into a fresh database by
`python -m kcheck ingest` in its own process; the peak is the largest sum of the resident
memory of that process and its parser workers, sampled every 50 ms from /proc (Linux). A
least-squares line through the points gives the cost per MB of input, and from it the
largest input that stays under the memory budget. --checkout measures another kcheck
source tree (to compare with an older commit). Writes bench/MEMORY.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET_MIB = 2048  # what one ingest may take on a 2-core machine shared with other work


def article(n_bytes: int, one_line: bool, seed: int = 5) -> str:
    rng = random.Random(seed)
    sentences = []
    for f in sorted((ROOT / "seeds").iterdir()):
        for para in f.read_text(encoding="utf-8").split("\n"):
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 6]
    parts, size = ["Synthetic report"], 16
    while size < n_bytes:
        para = " ".join(rng.sample(sentences, 4))
        parts.append(para)
        size += len(para.encode()) + 2
    return (" " if one_line else "\n\n").join(parts) + "\n"


def _tree_rss(pid: int) -> int:
    """Resident KiB of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(mb: float, one_line: bool = False, workers: int | None = None, checkout: Path | None = None) -> dict:
    tmp = Path(tempfile.mkdtemp())
    src = tmp / "article.txt"
    text = article(int(mb * 1_000_000), one_line)
    src.write_text(text, encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "kcheck",
        "ingest",
        "--quiet",
        "--max-size",
        str(10**9),
        "--db",
        str(tmp / "c.db"),
        str(src),
    ]
    if workers:
        cmd[4:4] = ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(checkout)} if checkout else None
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    err = proc.stderr.read().decode()
    if proc.returncode:
        raise SystemExit(f"ingest failed: {err}")
    return {
        "mb": round(len(text.encode()) / 1e6, 2),
        "words": len(text.split()),
        "peak_mib": peak / 1024,
        "seconds": time.perf_counter() - start,
    }


def fit(points: list[dict]) -> tuple[float, float]:
    """(MiB at 0 MB, MiB per MB) by least squares."""
    xs, ys = [p["mb"] for p in points], [p["peak_mib"] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / max(1e-9, sum((x - mx) ** 2 for x in xs))
    return my - slope * mx, slope


def main(
    sizes: list[float],
    modes: tuple[bool, ...] = (False, True),
    workers: int | None = None,
    checkout: Path | None = None,
    write: bool = True,
) -> list[dict]:
    """One series per mode (paragraphs, one line); bench/MEMORY.md gets a table and a fit for each."""
    results = []
    for one_line in modes:
        print(f"{'one line' if one_line else 'paragraphs'}:", flush=True)
        points = []
        for mb in sizes:
            p = measure(mb, one_line, workers, checkout)
            print(
                f"  {p['mb']:.2f} MB ({p['words']:,} words): peak {p['peak_mib']:.0f} MiB, {p['seconds']:.1f} s",
                flush=True,
            )
            points.append(p)
        base, per_mb = fit(points)
        results.append(
            {
                "one_line": one_line,
                "points": points,
                "base_mib": base,
                "mib_per_mb": per_mb,
                "allowed_mb": (BUDGET_MIB - base) / per_mb if per_mb > 0 else float("inf"),
                "seconds_per_mb": points[-1]["seconds"] / points[-1]["mb"],
            }
        )
    if write:
        parts = [
            f"# Peak memory of kcheck ingest per input size\n\nMeasured {date.today().isoformat()} on "
            f"{os.cpu_count()} cores by `python bench/bench_memory.py {' '.join(map(str, sizes))}` (part of "
            f"`make bench`): one article per run, ingested by `kcheck ingest` with --workers "
            f"{workers or os.cpu_count()} into a fresh database; peak = the ingest and its parser workers together."
        ]
        for r in results:
            rows = "\n".join(
                f"| {p['mb']:.2f} MB | {p['words']:,} | {p['peak_mib']:.0f} MiB | {p['seconds']:.1f} s |"
                for p in r["points"]
            )
            parts.append(
                f"## {'One line (an article with its line breaks lost)' if r['one_line'] else 'Paragraphs'}\n\n"
                f"| input | words | peak memory | time |\n|---|---|---|---|\n{rows}\n\n"
                f"Fit: {r['base_mib']:.0f} MiB + {r['mib_per_mb']:.0f} MiB per MB; a budget of {BUDGET_MIB} MiB "
                f"allows {r['allowed_mb']:.0f} MB. Time: {r['seconds_per_mb']:.0f} s per MB."
            )
        (HERE / "MEMORY.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=float, default=[0.25, 0.5, 1.0])
    ap.add_argument("--one-line", action="store_true", help="only the one-line series")
    ap.add_argument("--workers", type=int)
    ap.add_argument("--checkout", type=Path)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    for r in main(a.sizes, (True,) if a.one_line else (False, True), a.workers, a.checkout, write=not a.no_write):
        print(
            f"{'one line' if r['one_line'] else 'paragraphs'}: {r['base_mib']:.0f} MiB + {r['mib_per_mb']:.0f} MiB/MB; "
            f"{BUDGET_MIB} MiB allows {r['allowed_mb']:.0f} MB; {r['seconds_per_mb']:.0f} s per MB"
        )

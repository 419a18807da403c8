"""`make bench-quick`: the ratios that catch a regression, in about three minutes on 2 cores.

    python bench/quick.py

Ingest against bare `nlp.pipe` on ~40k words (without and with the embedding), two workers
against one, full regrouping of 10k and 30k synthetic claims with the growth exponent between
them, and cold start against `sqlite-utils search`: one table with the targets of the full
`make bench`, whose absolute figures (1M claims, 200k words) this does not replace. One run
each, so expect a few percent of noise; run it before and after a change to ingest, the
claim component or comparison.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_grouping  # noqa: E402
import bench_query  # noqa: E402
from run import ROOT, bench_ingest, cold_row, commit, grouping_rows, ingest_rows, table  # noqa: E402


def main() -> None:
    print("ingest ...", flush=True)
    ing = bench_ingest(40_000, 1)
    print("grouping ...", flush=True)
    grp = bench_grouping.main([10_000, 30_000], Path(tempfile.mkdtemp()))
    print("cold start ...", flush=True)
    cold = bench_query.main(str(ROOT / "claims.db"), 5)
    rows = ingest_rows(ing) + grouping_rows(grp, "<= 1.1") + [cold_row(cold)]
    head = f"Measured {date.today().isoformat()}, commit {commit()} (`make bench-quick`; one run each)."
    print()
    print(table(rows, head, "# kcheck quick benchmarks"))


if __name__ == "__main__":
    main()

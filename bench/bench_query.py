"""Cold start of a kcheck query against sqlite-utils on the same database.

    python bench/bench_query.py [claims.db] [runs]

Runs the two commands alternately (so drift on a shared machine hits both alike) and
prints each median and their ratio. Target: kcheck within 1.5x of sqlite-utils.
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(db: str = "claims.db", runs: int = 15) -> dict:
    bindir = Path(sys.executable).parent
    kcheck = [str(bindir / "kcheck"), "claims", "--db", db, "--search", "ceasefire", "--json"]
    sqlite_utils = [str(bindir / "sqlite-utils"), "search", db, "claims", "ceasefire"]
    timed(kcheck), timed(sqlite_utils)  # warm the file cache; each run is still a fresh interpreter
    k, s = [], []
    for _ in range(runs):
        k.append(timed(kcheck))
        s.append(timed(sqlite_utils))
    km, sm = statistics.median(k), statistics.median(s)
    print(f"kcheck claims --search ceasefire --json  median {km * 1000:6.0f} ms")
    print(f"sqlite-utils search claims ceasefire     median {sm * 1000:6.0f} ms")
    print(f"ratio kcheck / sqlite-utils: {km / sm:.2f} (target <= 1.5)")
    return {"kcheck_ms": km * 1000, "sqlite_utils_ms": sm * 1000, "ratio": km / sm}


if __name__ == "__main__":
    main(*(sys.argv[1:2] or ["claims.db"]), *(int(a) for a in sys.argv[2:3]))

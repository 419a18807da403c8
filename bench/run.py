"""`make bench`: the benchmarks of kcheck, a table on stdout and in bench/RESULTS.md.

    python bench/run.py [--words 200000] [--runs 3] [--sizes 10000,100000]

Speed figures are ratios of two things measured side by side in one run (absolute times
drift on shared machines); every figure is a median over --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def make_corpus(folder: Path, words: int, seed: int = 11) -> int:
    """Articles made from the seeds' sentences, reshuffled deterministically, to `words` words."""
    rng = random.Random(seed)
    sentences = []
    for f in sorted((ROOT / "seeds").iterdir()):
        for para in f.read_text(encoding="utf-8").split("\n"):
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 6]
    total, k = 0, 0
    while total < words:
        body = rng.sample(sentences, 40)
        paras = [" ".join(body[i : i + 4]) for i in range(0, 40, 4)]
        text = f"Report {k}\n\n" + "\n\n".join(paras) + "\n"
        (folder / f"article{k:04}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
        k += 1
    return total


def bench_ingest(words: int, runs: int) -> dict:
    from kcheck.db import ClaimStore, open_db
    from kcheck.ingest import ingest, prepare
    from kcheck.nlp import DEFAULT_MODEL, load_pipeline
    from kcheck.reader import read_path

    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus"
    corpus.mkdir()
    n_words = make_corpus(corpus, words)
    nlp = load_pipeline(DEFAULT_MODEL)
    bare = load_pipeline.__wrapped__(DEFAULT_MODEL)
    bare.remove_pipe("kcheck_claims")
    chunks = [r.text[s:e] for r in (read_path(p) for p in sorted(corpus.iterdir())) for s, e, _ in prepare(r).chunks]
    assert nlp is not None
    t_bare, t_kcheck, t_w1, t_wn = [], [], [], []
    cores = os.cpu_count() or 1
    contents = {}
    for i in range(runs):
        t = time.perf_counter()
        for _ in bare.pipe(chunks, batch_size=64):
            pass
        t_bare.append(time.perf_counter() - t)
        for workers, bucket in ((1, t_kcheck), (cores, t_wn)):
            db = tmp / f"run{i}_w{workers}.db"
            t = time.perf_counter()
            ingest([str(corpus)], ClaimStore(open_db(db)), model=DEFAULT_MODEL, workers=workers)
            bucket.append(time.perf_counter() - t)
            with sqlite3.connect(db) as con:
                contents[workers] = con.execute(
                    "select count(*), group_concat(id) from (select id from claims order by id)"
                ).fetchone()
    t_w1 = t_kcheck
    return {
        "words": n_words,
        "bare_s": statistics.median(t_bare),
        "kcheck_s": statistics.median(t_kcheck),
        "overhead": statistics.median(t_kcheck) / statistics.median(t_bare),
        "cores": cores,
        "workers_n_s": statistics.median(t_wn),
        "speedup": statistics.median(t_w1) / statistics.median(t_wn),
        "identical": contents.get(1) == contents.get(cores),
    }


def synthetic_db(path: Path, n: int, group: bool = True) -> None:
    """A database of n synthetic claims written through ClaimStore, as ingest writes them;
    grouped as after an ingest unless `group` is false."""
    from synthetic import synthetic_claims

    from kcheck.db import ClaimStore, open_db
    from kcheck.derive import frame
    from kcheck.grouping import regroup

    claims, sources = synthetic_claims(n)
    store = ClaimStore(open_db(path))
    by_source: dict[str, list[dict]] = {}
    for c in claims:
        by_source.setdefault(c["source"], []).append(c)
    for name, cs in by_source.items():
        text = " ".join(c["quote"] for c in cs)
        pos, rows = 0, []
        for c in cs:
            rows.append(
                {
                    **{
                        k: c[k]
                        for k in (
                            "id",
                            "quote",
                            "text",
                            "kind",
                            "predicate",
                            "subject",
                            "object",
                            "negated",
                            "polarity",
                            "hedges",
                            "speaker",
                            "entities",
                            "dates",
                            "quantities",
                            "lemmas",
                        )
                    },
                    "source_id": name,
                    "start": pos,
                    "end": pos + len(c["quote"]),
                    "sentence_idx": 0,
                    "headline": 0,
                    "boilerplate": 0,
                    "pipeline": "synthetic",
                }
            )
            rows[-1]["frame"] = json.dumps(frame(rows[-1]).derived())  # as ingest derives it
            pos += len(c["quote"]) + 1
        store.replace_source(
            {
                "id": name,
                "name": name,
                "path": name,
                "format": "text",
                "sha256": name,
                "text": text,
                "text_sha256": None,
            },
            [],
            rows,
        )
    if group:
        regroup(store)


def bench_queries(db: Path, runs: int) -> dict:
    """Cold-start `claims --search` and `show` on a grouped synthetic database."""
    with sqlite3.connect(db) as con:
        n = con.execute("select count(*) from claims").fetchone()[0]
        word = con.execute("select substr(text, 1, instr(text, ' ') - 1) from claims limit 1 offset 77").fetchone()[0]
        cid = con.execute("select id from claims limit 1 offset 99").fetchone()[0]
    kcheck = str(Path(sys.executable).parent / "kcheck")
    search, show = [], []
    for _ in range(runs + 1):  # the first run warms the file cache
        t = time.perf_counter()
        subprocess.run(
            [kcheck, "claims", "--db", str(db), "--search", word, "--json", "--limit", "20"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        search.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([kcheck, "show", cid, "--db", str(db), "--json"], check=True, stdout=subprocess.DEVNULL)
        show.append(time.perf_counter() - t)
    return {"claims": n, "search_s": statistics.median(search[1:]), "show_s": statistics.median(show[1:])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]

    print("ingest ...", flush=True)
    ing = bench_ingest(args.words, args.runs)
    print("grouping ...", flush=True)
    import bench_grouping
    import bench_incremental
    import bench_query

    grp = bench_grouping.main(sizes, Path(tempfile.mkdtemp()))
    print("queries ...", flush=True)
    qry = bench_queries(Path(grp[-1]["db"]), args.runs)  # on the largest database
    # one article into the database nearest 100k claims (it adds the article, so last)
    inc = bench_incremental.measure(Path(min(grp, key=lambda g: abs(g["n"] - 100_000))["db"]))

    cold = bench_query.main(str(ROOT / "claims.db"), 9)
    print("memory per input size ...", flush=True)
    import bench_memory

    mem = bench_memory.main([0.25, 0.5, 1.0])  # writes bench/MEMORY.md

    exps = [f"{a['n']:,}->{b['n']:,}: {bench_grouping.exponent(a, b):.2f}" for a, b in zip(grp, grp[1:])]
    rows = [
        (
            "ingest overhead vs bare nlp.pipe",
            f"{ing['overhead']:.2f}x ({ing['kcheck_s']:.1f} s vs {ing['bare_s']:.1f} s, {ing['words']:,} words)",
            "<= 1.25x",
        ),
        (
            f"ingest --workers {ing['cores']} vs --workers 1",
            f"{ing['speedup']:.2f}x faster; identical database: {ing['identical']}",
            ">= 1.5x",
        ),
    ]
    for g in grp:
        rows.append(
            (
                f"grouping {g['n']:,} claims (full regroup of a stored database)",
                f"{g['seconds']:.1f} s, peak RSS {g['peak_mib']:.0f} MiB",
                "<= 4 GB at 1M" if g["n"] >= 1_000_000 else "",
            )
        )
    rows.append(("grouping growth exponent", "; ".join(exps), "<= 1.15"))
    rows.append(
        (
            f"incremental: one 40-claim article into {inc['claims']:,} claims",
            f"{inc['incremental_s']:.2f} s ({inc['groups_regrouped']:,} groups regrouped; a full regrouping with "
            f"its comparison index: {inc['full_s']:.1f} s)",
            "< 2 s",
        )
    )
    rows.append(
        (f"kcheck claims --search, {qry['claims']:,} claims", f"{qry['search_s'] * 1000:.0f} ms median", "< 0.5 s")
    )
    rows.append((f"kcheck show, {qry['claims']:,} claims", f"{qry['show_s'] * 1000:.0f} ms median", "< 0.5 s"))
    for m in mem:
        rows.append(
            (
                f"ingest peak memory, one {'one-line ' if m['one_line'] else ''}article of "
                f"{m['points'][0]['mb']:g}-{m['points'][-1]['mb']:g} MB (bench/MEMORY.md)",
                f"{m['base_mib']:.0f} MiB + {m['mib_per_mb']:.0f} MiB per MB; {m['seconds_per_mb']:.0f} s per MB",
                "linear; <= 2 GiB at --max-size",
            )
        )
    rows.append(
        (
            "cold start vs sqlite-utils search (seeds)",
            f"{cold['ratio']:.2f}x ({cold['kcheck_ms']:.0f} vs {cold['sqlite_utils_ms']:.0f} ms)",
            "<= 1.5x",
        )
    )

    head = f"Measured {date.today().isoformat()} on {os.cpu_count()} cores (`make bench`; medians of {args.runs} runs)."
    table = ["| benchmark | result | target |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    out = "# kcheck benchmarks\n\n" + head + "\n\n" + "\n".join(table) + "\n"
    (HERE / "RESULTS.md").write_text(out, encoding="utf-8")
    print()
    print(out)
    print(
        json.dumps(
            {"ingest": ing, "grouping": grp, "queries": qry, "incremental": inc, "cold": cold, "memory": mem},
            default=str,
        )
    )


if __name__ == "__main__":
    main()

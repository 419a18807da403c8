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


def bench_ingest(words: int, runs: int, workers: int = 2) -> dict:
    """Bare `nlp.pipe` on the chunks ingest parses, against `kcheck ingest` with one worker
    without the embedding and with it, and with `workers` workers without and with it; medians."""
    from kcheck.db import ClaimStore, open_db
    from kcheck.ingest import ingest, prepare
    from kcheck.nlp import DEFAULT_MODEL, load_pipeline
    from kcheck.reader import read_path

    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus"
    corpus.mkdir()
    n_words = make_corpus(corpus, words)
    load_pipeline(DEFAULT_MODEL)
    bare = load_pipeline.__wrapped__(DEFAULT_MODEL)
    bare.remove_pipe("kcheck_claims")
    chunks = [r.text[s:e] for r in (read_path(p) for p in sorted(corpus.iterdir())) for s, e, _ in prepare(r).chunks]
    times: dict[str, list[float]] = {"bare": [], "plain": [], "embed": [], "workers_plain": [], "workers": []}
    contents = {}
    embed_setting = os.environ.get("KCHECK_EMBED")
    try:
        for i in range(runs):
            t = time.perf_counter()
            for _ in bare.pipe(chunks, batch_size=64):
                pass
            times["bare"].append(time.perf_counter() - t)
            runs_of = (("plain", 1, "0"), ("embed", 1, "1"), ("workers_plain", workers, "0"), ("workers", workers, "1"))
            for name, n, embed in runs_of:
                os.environ["KCHECK_EMBED"] = embed
                db = tmp / f"run{i}_{name}.db"
                t = time.perf_counter()
                ingest([str(corpus)], ClaimStore(open_db(db)), model=DEFAULT_MODEL, workers=n)
                times[name].append(time.perf_counter() - t)
                with sqlite3.connect(db) as con:
                    contents[name] = con.execute(
                        "select (select group_concat(id) from (select id from claims order by id)),"
                        " (select group_concat(hex(vector)) from (select vector from claim_vectors order by claim_id))"
                    ).fetchone()
    finally:
        if embed_setting is None:
            os.environ.pop("KCHECK_EMBED", None)
        else:
            os.environ["KCHECK_EMBED"] = embed_setting
    m = {k: statistics.median(v) for k, v in times.items()}
    return {
        "words": n_words,
        "bare_s": m["bare"],
        "plain_s": m["plain"],
        "embed_s": m["embed"],
        "overhead": m["plain"] / m["bare"],
        "overhead_embed": m["embed"] / m["bare"],
        "embed_share": (m["embed"] - m["plain"]) / m["embed"],
        "workers": workers,
        "workers_s": m["workers"],
        "speedup": m["embed"] / m["workers"],
        "speedup_plain": m["plain"] / m["workers_plain"],
        "identical": contents["embed"] == contents["workers"] and contents["plain"] == contents["workers_plain"],
    }


def synthetic_db(path: Path, n: int, group: bool = True) -> None:
    """A database of n synthetic claims written through ClaimStore, as ingest writes them;
    grouped as after an ingest unless `group` is false."""
    from synthetic import synthetic_claims

    from kcheck.db import ClaimStore, open_db
    from kcheck.db_queries import PARSE_SLOTS
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
                            *PARSE_SLOTS,
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
    """Cold-start `claims --search`, `show`, `stats` and `sources` on a grouped synthetic
    database, each a fresh process; medians after one run that warms the file cache."""
    with sqlite3.connect(db) as con:
        n = con.execute("select count(*) from claims").fetchone()[0]
        n_sources = con.execute("select count(*) from sources").fetchone()[0]
        word = con.execute("select substr(text, 1, instr(text, ' ') - 1) from claims limit 1 offset 77").fetchone()[0]
        cid = con.execute("select id from claims limit 1 offset 99").fetchone()[0]
    kcheck = str(Path(sys.executable).parent / "kcheck")
    commands = {
        "search": ["claims", "--db", str(db), "--search", word, "--json", "--limit", "20"],
        "show": ["show", cid, "--db", str(db), "--json"],
        "stats": ["stats", "--db", str(db), "--json"],
        "sources": ["sources", "--db", str(db), "--json"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs + 1):
        for name, args in commands.items():
            t = time.perf_counter()
            subprocess.run([kcheck, *args], check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t)
    return {"claims": n, "sources": n_sources, **{f"{k}_s": statistics.median(v[1:]) for k, v in times.items()}}


def ingest_rows(ing: dict) -> list[tuple[str, str, str]]:
    return [
        (
            f"ingest vs bare nlp.pipe ({ing['words']:,} words), without / with the embedding",
            f"{ing['overhead']:.2f}x / {ing['overhead_embed']:.2f}x ({ing['plain_s']:.1f} s / {ing['embed_s']:.1f} s vs "
            f"{ing['bare_s']:.1f} s; the embedding is {ing['embed_share']:.0%} of ingest)",
            "<= 1.15x / <= 2x",
        ),
        (
            f"ingest --workers {ing['workers']} vs --workers 1, without / with the embedding",
            f"{ing['speedup_plain']:.2f}x / {ing['speedup']:.2f}x faster; identical databases: {ing['identical']}",
            ">= 1.6x, identical",
        ),
    ]


def grouping_rows(grp: list[dict], exponent_target: str) -> list[tuple[str, str, str]]:
    import bench_grouping

    rows = [
        (
            f"full regroup, {g['n']:,} claims",
            f"{g['seconds']:.1f} s, peak RSS {g['peak_mib']:.0f} MiB",
            "<= 400 s, <= 3 GB" if g["n"] >= 1_000_000 else "",
        )
        for g in grp
    ]
    exps = [f"{a['n']:,}->{b['n']:,}: {bench_grouping.exponent(a, b):.2f}" for a, b in zip(grp, grp[1:])]
    rows.append(("full regroup growth exponent", "; ".join(exps), exponent_target))
    return rows


def cold_row(cold: dict) -> tuple[str, str, str]:
    return (
        "cold start vs sqlite-utils search (seeds)",
        f"{cold['ratio']:.2f}x ({cold['kcheck_ms']:.0f} vs {cold['sqlite_utils_ms']:.0f} ms)",
        "<= 1.2x",
    )


def table(rows: list[tuple[str, str, str]], head: str, title: str = "# kcheck benchmarks") -> str:
    lines = ["| benchmark | result | target |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return f"{title}\n\n{head}\n\n" + "\n".join(lines) + "\n"


def commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "kcheck"], capture_output=True, text=True
        )
        return out.stdout.strip() + (" with uncommitted changes to kcheck/" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


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
    # one article into (copies of) the database nearest 100k claims, each in a fresh process
    inc = bench_incremental.measure_apart(Path(min(grp, key=lambda g: abs(g["n"] - 100_000))["db"]), args.runs)

    cold = bench_query.main(str(ROOT / "claims.db"), 9)
    print("memory per input size ...", flush=True)
    import bench_memory

    mem = bench_memory.main([0.25, 0.5, 1.0], workers=2)  # writes bench/MEMORY.md

    rows = ingest_rows(ing) + grouping_rows(grp, "<= 1.1")
    rows.append(
        (
            f"incremental: one 40-claim article into {inc['claims']:,} claims",
            f"{inc['incremental_s']:.2f} s ({inc['groups_regrouped']:,} groups regrouped; a full regrouping with "
            f"its comparison index: {inc['full_s']:.1f} s)",
            "< 1 s",
        )
    )
    big = f"{qry['claims']:,} claims, {qry['sources']:,} sources"
    rows += [
        (
            f"kcheck claims --search / show, {big}",
            f"{qry['search_s'] * 1000:.0f} / {qry['show_s'] * 1000:.0f} ms",
            "< 300 ms each",
        ),
        (
            f"kcheck stats / sources, {big}",
            f"{qry['stats_s'] * 1000:.0f} / {qry['sources_s'] * 1000:.0f} ms",
            "< 2 s each",
        ),
    ]
    for m in mem:
        rows.append(
            (
                f"ingest --workers 2 peak memory, one {'one-line ' if m['one_line'] else ''}article of "
                f"{m['points'][0]['mb']:g}-{m['points'][-1]['mb']:g} MB (bench/MEMORY.md)",
                f"{m['base_mib']:.0f} MiB + {m['mib_per_mb']:.0f} MiB per MB; {m['seconds_per_mb']:.0f} s per MB",
                "linear; <= 2 GiB at --max-size",
            )
        )
    rows.append(cold_row(cold))
    head = (
        f"Measured {date.today().isoformat()} on {os.cpu_count()} cores, commit {commit()} (`make bench`; medians of "
        f"{args.runs} runs). Synthetic claims (grouping, queries) carry no sentence vectors, so their grouping "
        "does without the cosine signal; ingest times include the embedding where the row says so."
    )
    out = table(rows, head)
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

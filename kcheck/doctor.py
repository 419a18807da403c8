"""`kcheck doctor`: is this database whole, and does every quote still match its source?"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

from kcheck.db import ClaimStore


@dataclass
class Check:
    name: str
    ok: bool
    problems: list[str]


def run(store: ClaimStore, limit: int = 20) -> list[Check]:
    db = store.db
    checks = []

    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    checks.append(Check("sqlite integrity", rows == ["ok"], [] if rows == ["ok"] else rows[:limit]))

    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    checks.append(Check("foreign keys", not fk, [f"{t} row {rowid} points at a missing {parent}" for t, rowid, parent, _ in fk[:limit]]))

    problems = []
    for r in db.query("select id, name, sha256, text, text_sha256 from sources"):
        if r["id"] != (r["sha256"] or "")[:16]:
            problems.append(f"source {r['name']}: id {r['id']} does not match its sha256")
        if r["text_sha256"] and hashlib.sha256(r["text"].encode("utf-8", "surrogatepass")).hexdigest() != r["text_sha256"]:
            problems.append(f"source {r['name']}: its stored text no longer matches the hash taken at ingest")
    checks.append(Check("source hashes", not problems, problems[:limit]))

    problems = []
    texts = {r["id"]: r["text"] for r in db.query("select id, text from sources")}
    for c in db.query("select c.id, c.source_id, c.start, c.end, c.quote from claims c"):
        text = texts.get(c["source_id"])
        if text is None:
            problems.append(f"claim {c['id']}: its source {c['source_id']} is missing")
        elif text[c["start"]:c["end"]] != c["quote"]:
            problems.append(f"claim {c['id']}: source text [{c['start']}:{c['end']}] is not its quote")
    checks.append(Check("quotes match sources", not problems, problems[:limit]))

    problems = []
    try:
        # rank 1: also compare the index with its content table (the claims), not only with itself
        db.execute("insert into claims_fts(claims_fts, rank) values('integrity-check', 1)")
    except sqlite3.DatabaseError as e:
        problems.append(f"full-text index does not match the claims table ({e}); rebuild it with: "
                        "sqlite-utils rebuild-fts DB claims")
    checks.append(Check("full-text index", not problems, problems))

    problems = []
    ungrouped = db.execute(
        "select count(*) from claims c where c.boilerplate = 0 and not exists (select 1 from group_claims g where g.claim_id = c.id)"
    ).fetchone()[0]
    if ungrouped and store.groups_stamp() == store.content_stamp():
        problems.append(f"{ungrouped} claims are in no group")
    checks.append(Check("groups", not problems, problems))

    from kcheck import lexicon  # a file lookup only; WordNet is not loaded here

    missing = [] if lexicon.data_dir() else [
        f"WordNet data not found: grouping matches shared words only (pip install {lexicon.PIP_NAME})"]
    checks.append(Check("word senses", not missing, missing))
    return checks

"""`kcheck doctor`: is this database whole, and does every quote still match its source?

Each check re-derives something the database states from what it rests on, as llm's
`LogStore.verify()` re-derives hashes: the schema against a freshly migrated one, each
source's text against its hashes, each claim's id against its text and offsets, each
sentence row against the text it covers, each group's id and verdict against its claims.
One line per problem; a check that cannot run says why instead of stopping the others.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from kcheck.db import ClaimStore, Database, claim_id, open_db
from kcheck.frame import group_id
from kcheck.migrations import migrations


@dataclass
class Check:
    name: str
    ok: bool
    problems: list[str]
    notes: list[str] = field(default_factory=list)  # what the check found that is not a problem


JSON_COLUMNS = {"claims": ("polarity", "hedges", "entities", "dates", "quantities"), "groups": ("conflicts", "notes")}
VERDICT_ORDER = {"conflict": "0", "single": "1", "agree": "2"}  # as kcheck.compare.Group.sort_key starts


def run_path(path: Path, limit: int = 20) -> list[Check]:
    """Check the database file at `path`, however damaged: a file that is empty, not SQLite,
    or without kcheck's migration record is reported, never turned into a new database."""
    if path.stat().st_size == 0:
        return [Check("database file", False, [f"{path} is empty (0 bytes): it holds no database"])]
    try:
        db = Database(path, execute_plugins=False)
        db.execute("PRAGMA busy_timeout = 10000")
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as e:
        return [Check("sqlite integrity", False, [f"SQLite cannot read {path}: {e}"])]
    checks = [Check("sqlite integrity", rows == ["ok"], [] if rows == ["ok"] else rows[:limit])]
    tables = set(db.table_names())
    if migrations.migrations_table in tables and "sources" in tables and migrations.pending(db):
        try:  # an older kcheck's database: upgraded, as any command would
            open_db(path)
        except Exception as e:  # noqa: BLE001  (reported as a problem, like any other)
            checks.append(Check("migrations", False, [f"cannot upgrade the schema: {e}"]))
            return checks
    return checks + run(ClaimStore(db), limit, integrity=False)


def run(store: ClaimStore, limit: int = 20, integrity: bool = True) -> list[Check]:
    db = store.db
    checks: list[Check] = []
    if integrity:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
        checks.append(Check("sqlite integrity", rows == ["ok"], [] if rows == ["ok"] else rows[:limit]))
    schema = _guarded("schema", _schema, db)
    checks.append(schema)
    if not {"sources", "claims", "sentences"} <= set(db.table_names()):
        return checks
    for name, fn in (
        ("foreign keys", _foreign_keys),
        ("source hashes", _sources),
        ("claims", _claims),
        ("quotes match sources", _quotes),
        ("sentences", _sentences),
        ("stored JSON", _json),
        ("full-text index", _fts),
        ("groups", lambda db: _groups(store)),
    ):
        checks.append(_guarded(name, fn, db))
    for c in checks:
        c.problems = c.problems[:limit] + (
            [f"... and {len(c.problems) - limit} more"] if len(c.problems) > limit else []
        )

    from kcheck import lexicon  # a file lookup only; WordNet is not loaded here

    missing = (
        []
        if lexicon.data_dir()
        else [f"WordNet data not found: grouping matches shared words only (pip install {lexicon.PIP_NAME})"]
    )
    checks.append(Check("word senses", not missing, missing))
    return checks


def _guarded(name: str, fn, db) -> Check:
    try:
        out = fn(db)
    except sqlite3.DatabaseError as e:
        return Check(name, False, [f"could not check: {e}"])
    problems, notes = out if isinstance(out, tuple) else (out, [])
    return Check(name, not problems, problems, notes)


def _schema(db) -> list[str]:
    """Every table, index and trigger of a freshly migrated database, with the same SQL: a
    dropped index or trigger, or a full-text index rebuilt another way, shows here."""
    fresh = open_db(None)
    want = {
        (r["type"], r["name"]): _sql(r["sql"])
        for r in fresh.query(
            "select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%'"
        )
    }
    have = {
        (r["type"], r["name"]): _sql(r["sql"])
        for r in db.query(
            "select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%'"
        )
    }
    problems = []
    if ("table", migrations.migrations_table) not in have:
        problems.append(
            f"table {migrations.migrations_table} is missing: kcheck cannot tell which migrations this "
            "schema has had; rebuild the database with kcheck ingest"
        )
    for (kind, name), sql in sorted(want.items()):
        if (kind, name) not in have:
            if kind != "table" or name != migrations.migrations_table:
                problems.append(
                    f"{kind} {name} is missing" + (" (search results go stale)" if kind == "trigger" else "")
                )
        elif have[(kind, name)] != sql:
            problems.append(f"{kind} {name} differs from kcheck's: {have[(kind, name)]}")
    return problems


def _sql(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip()


def _foreign_keys(db) -> list[str]:
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{t} row {rowid} points at a missing {parent}" for t, rowid, parent, _ in fk]


def _sources(db) -> list[str]:
    problems = []
    for r in db.query("select id, name, format, sha256, text, text_sha256, encoding from sources"):
        name = r["name"]
        if r["text"] is None:
            problems.append(f"source {name}: it has no text")
            continue
        if r["id"] != (r["sha256"] or "")[:16]:
            problems.append(f"source {name}: id {r['id']} does not match its sha256")
        encoded = r["text"].encode("utf-8", "surrogatepass")
        if not r["text_sha256"]:
            problems.append(f"source {name}: no hash of its text was recorded, so edits to it cannot be seen")
        elif hashlib.sha256(encoded).hexdigest() != r["text_sha256"]:
            problems.append(f"source {name}: its stored text no longer matches the hash taken at ingest")
        if r["encoding"] and r["format"] != "html":
            try:
                same = hashlib.sha256(r["text"].encode(r["encoding"], "surrogatepass")).hexdigest() == r["sha256"]
            except (UnicodeError, LookupError):
                same = False
            if not same:
                problems.append(
                    f"source {name}: its stored text, encoded as {r['encoding']}, is not the file it was read from"
                )
    return problems


def _claims(db) -> list[str]:
    problems = []
    for c in db.query(
        "select c.id, c.start, c.end, c.quote, c.text, s.sha256, length(s.text) as n from claims c "
        "join sources s on s.id = c.source_id"
    ):
        if c["n"] is not None and not (0 <= c["start"] < c["end"] <= c["n"]):
            problems.append(
                f"claim {c['id']}: offsets {c['start']}-{c['end']} are outside its source's text (0-{c['n']})"
            )
        elif not c["quote"]:
            problems.append(f"claim {c['id']}: its quote is empty")
        elif c["sha256"] and claim_id(c["sha256"], c["start"], c["end"], c["text"] or "") != c["id"]:
            problems.append(f"claim {c['id']}: its id does not match its text and offsets (edited after ingest)")
    return problems


def _quotes(db) -> list[str]:
    problems = []
    texts = {r["id"]: r["text"] for r in db.query("select id, text from sources")}
    for c in db.query("select c.id, c.source_id, c.start, c.end, c.quote from claims c"):
        text = texts.get(c["source_id"])
        if c["source_id"] not in texts:
            problems.append(f"claim {c['id']}: its source {c['source_id']} is missing")
        elif text is not None and text[c["start"] : c["end"]] != c["quote"]:
            problems.append(f"claim {c['id']}: source text [{c['start']}:{c['end']}] is not its quote")
    return problems


def _sentences(db) -> tuple[list[str], list[str]]:
    """The sentence rows of a source number 0, 1, 2 ... and cover every word of its text but
    a front-matter block; a sentence that is not boilerplate and gave no claim has its reason."""
    problems: list[str] = []
    reasons: dict[str, int] = {}
    for s in db.query("select id, name, text from sources"):
        rows = list(
            db.query(
                "select idx, start, end, boilerplate, reason from sentences where source_id = ? order by idx", [s["id"]]
            )
        )
        claimed = {r[0] for r in db.execute("select distinct sentence_idx from claims where source_id = ?", [s["id"]])}
        text, name = s["text"] or "", s["name"]
        if [r["idx"] for r in rows] != list(range(len(rows))):
            have = {r["idx"] for r in rows}
            gone = [i for i in range(max(have, default=-1) + 1) if i not in have]
            problems.append(f"source {name}: sentence rows {', '.join(map(str, gone[:5])) or '?'} are missing")
            continue
        at = 0
        for r in rows:
            gap = text[at : r["start"]]
            if gap.strip() and not (at == 0 and re.match(r"\A\ufeff?---", gap)):
                problems.append(
                    f"source {name}: its text at {at}-{r['start']} is in no sentence ({gap.strip()[:40]!r})"
                )
                break
            at = max(at, r["end"])
            if not r["boilerplate"] and r["idx"] not in claimed:
                if not (r["reason"] or "").startswith("no claim"):
                    problems.append(
                        f"source {name}: sentence {r['idx']} gave no claim and has no reason "
                        "(ingested by an older kcheck? re-ingest it with --force)"
                    )
                else:
                    key = r["reason"].removeprefix("no claim: ")
                    reasons[key] = reasons.get(key, 0) + 1
        if rows and text[at:].strip():
            problems.append(f"source {name}: its text after {at} is in no sentence ({text[at:].strip()[:40]!r})")
        if not rows and text.strip():
            problems.append(f"source {name}: it has no sentence rows")
    notes = (
        [
            f"sentences that gave no claim: {sum(reasons.values())} ("
            + ", ".join(f"{k} ×{n}" for k, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
            + ")"
        ]
        if reasons
        else []
    )
    return problems, notes


def _json(db) -> list[str]:
    problems = []
    for table, columns in JSON_COLUMNS.items():
        for col in columns:
            for (rid,) in db.execute(f"select id from [{table}] where [{col}] is not null and not json_valid([{col}])"):
                problems.append(f"{table} {rid}: its {col} is not valid JSON")
    return problems


def _fts(db) -> list[str]:
    try:
        # rank 1: also compare the index with its content table (the claims), not only with itself
        db.execute("insert into claims_fts(claims_fts, rank) values('integrity-check', 1)")
    except sqlite3.DatabaseError as e:
        return [
            f"full-text index does not match the claims table ({e}); rebuild it with: "
            "sqlite-utils rebuild-fts DB claims"
        ]
    return []


def _groups(store: ClaimStore) -> list[str]:
    """Every claim in a group when the groups are current; each group's id names its claims
    (kcheck.frame.group_id), its verdict agrees with what it holds, and each membership row
    keeps its claim's source and its group's verdict."""
    db = store.db
    problems = []
    current = store.groups_stamp() == store.content_stamp()
    ungrouped = db.execute(
        "select count(*) from claims c where c.boilerplate = 0 and not exists (select 1 from group_claims g where g.claim_id = c.id)"
    ).fetchone()[0]
    if ungrouped and current:
        problems.append(f"{ungrouped} claims are in no group")
    members: dict[str, list] = {}
    for r in db.execute(
        "select gc.group_id, gc.claim_id, c.source_id from group_claims gc join claims c on c.id = gc.claim_id"
    ):
        members.setdefault(r[0], []).append((r[1], r[2]))
    for g in db.query("select id, verdict, sort_key, n_sources, n_independent, conflicts from groups"):
        gid, verdict = g["id"], g["verdict"]
        claims = members.get(gid, [])
        if not claims:
            problems.append(f"group {gid}: it holds no claims")
            continue
        if current and gid != group_id(c for c, _ in claims):
            problems.append(f"group {gid}: its id does not match its claims")
        try:
            conflicts = json.loads(g["conflicts"] or "[]")
        except ValueError:
            continue  # reported by the JSON check
        want = "conflict" if conflicts else "agree" if (g["n_independent"] or 0) >= 2 else "single"
        if verdict != want or not (g["sort_key"] or "").startswith(VERDICT_ORDER.get(verdict, "?") + ":"):
            problems.append(f"group {gid}: verdict {verdict!r} does not fit what it holds (expected {want!r})")
        if g["n_sources"] != len({s for _, s in claims}):
            problems.append(
                f"group {gid}: says {g['n_sources']} sources, holds claims from {len({s for _, s in claims})}"
            )
    # the copies each membership keeps for counting (migration m012) must agree with the originals
    (stale,) = db.execute(
        "select count(*) from group_claims gc join claims c on c.id = gc.claim_id join groups g on g.id = gc.group_id "
        "where gc.source_id is not c.source_id or gc.verdict is not g.verdict"
    ).fetchone()
    if stale:
        problems.append(f"{stale} group memberships keep another source or verdict than their claim and group")
    return problems

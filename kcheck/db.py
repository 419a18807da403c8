"""Every read and write of claims.db goes through ClaimStore. Here: opening and migrating a
database, and the store's transactions and writes; its reads are in kcheck.db_groups (for
grouping and the report) and kcheck.db_queries (for the query commands), which it inherits."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING


def _import_sqlite_utils():
    """sqlite-utils imports numpy and pandas, if installed, only to map their scalar types,
    which kcheck never stores; that is ~130 ms of every query's start-up. Hide them while
    it loads, unless something already imported them (spaCy does, and keeps its numpy)."""
    hidden = [m for m in ("numpy", "pandas") if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]  # makes `import m` fail at once
    try:
        import sqlite_utils
    finally:
        for m in hidden:
            del sys.modules[m]
    return sqlite_utils


if TYPE_CHECKING:
    from sqlite_utils import Database
else:
    Database = _import_sqlite_utils().Database

from kcheck.db_groups import GroupReads, chunks  # noqa: E402
from kcheck.db_queries import JSON_COLUMNS, QueryReads  # noqa: E402
from kcheck.errors import KcheckError  # noqa: E402
from kcheck.migrations import migrations  # noqa: E402  (after sqlite-utils is loaded above)

GROUP_COLUMNS = ("id", "sort_key", "verdict", "slot", "explanation", "n_sources", "n_independent")


def open_db(path: str | Path | None = None, *, create: bool = True) -> Database:
    """Open (creating and migrating if needed) a claims database.

    With `create=False` the file must already be a kcheck database: an empty file (a
    truncated database) or an SQLite file without kcheck's tables is refused, never
    silently turned into a new empty database."""
    try:
        if path is None or str(path) == ":memory:":
            db = Database(memory=True, execute_plugins=False)
        else:
            p = Path(path)
            if p.exists() and p.is_dir():
                raise KcheckError(f"{p} is a directory, not a database file")
            if p.parent and not p.parent.exists():
                raise KcheckError(f"cannot create {p}: folder {p.parent} does not exist")
            if not create and p.exists() and p.stat().st_size == 0:
                raise KcheckError(
                    f"{p} is empty (0 bytes): not a kcheck database; rebuild it with: kcheck ingest --db {p} PATH"
                )
            # no sqlite-utils plugins: kcheck uses none, a plugin installed beside it could change
            # how this connection behaves, and finding them scans every installed package (37 ms
            # of each query's 300)
            db = Database(p, execute_plugins=False)
            db.execute("PRAGMA busy_timeout = 10000")
            _wal(db)
        db.execute("PRAGMA busy_timeout = 10000")
        _migrate(db, path, create)
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise KcheckError(f"{path}: not a kcheck database ({e})") from None
    return db


def _wal(db: Database) -> None:
    """Switch to WAL. Switching takes an exclusive lock, and when two processes open one new
    file at once SQLite may refuse it at once ("database is locked") instead of calling the
    busy handler, to avoid a deadlock: the switch is retried for up to ten seconds."""
    for attempt in range(100):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or attempt == 99:
                raise
            time.sleep(0.02 + 0.002 * attempt)


def _migrate(db: Database, path, create: bool) -> None:
    tables = set(db.table_names())
    if "sources" in tables and migrations.migrations_table not in tables:
        raise KcheckError(
            f"{path}: its record of applied migrations ({migrations.migrations_table}) is missing; "
            "kcheck cannot tell which schema it has (see: kcheck doctor)"
        )
    if not create and "sources" not in tables:
        raise KcheckError(
            f"{path}: not a kcheck database (no sources table); create one with: kcheck ingest --db {path} PATH"
        )
    if not migrations.pending(db):
        return
    # one process migrates at a time: two ingests creating one new database at once both
    # saw it empty and both created its tables ("table sources already exists")
    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():  # reproducible builds: no wall-clock time in the file
            when = str(datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc))
            db.execute(f"update [{migrations.migrations_table}] set applied_at = ?", [when])
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def claim_id(source_sha256: str, start: int, end: int, text: str) -> str:
    """A claim's id: a hash of its source's bytes, its offsets and its text, so re-ingesting
    gives the same ids and `doctor` can tell a claim edited in place."""
    return "c" + hashlib.blake2b(f"{source_sha256}:{start}:{end}:{text}".encode(), digest_size=8).hexdigest()


SHADOWED = ("groups", "group_claims", "source_links", "source_stories", "kcheck_state", "claim_keys", "key_counts")


class ClaimStore(QueryReads, GroupReads):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.shadowing = False

    @contextlib.contextmanager
    def writing(self):
        """A write transaction that takes the write lock up front (BEGIN IMMEDIATE). A deferred
        one that reads first can fail with SQLITE_BUSY_SNAPSHOT when another process writes in
        between, and the busy timeout does not retry that; this one waits its turn instead.
        While shadowing, the writes go to this connection's own tables inside its snapshot."""
        if self.shadowing:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        else:
            self.db.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self):
        """One read transaction: every read inside sees the database as it was at the first
        one, whatever other processes commit meanwhile (WAL keeps that version for us)."""
        self.db.execute("BEGIN")
        try:
            self.db.execute("select count(*) from sources").fetchone()  # the snapshot starts at the first read
            yield self
        finally:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")  # nothing in a snapshot is kept: it only read

    @contextlib.contextmanager
    def shadow(self):
        """Temporary tables, private to this connection, named like the grouping tables: SQLite
        resolves a name to the temp schema first, so groups written now, and every read of
        them, stay inside this connection and its snapshot and never reach the file."""
        for table in SHADOWED:
            cols = self.db.execute(f"PRAGMA main.table_info([{table}])").fetchall()
            pk = ", ".join(f"[{c[1]}]" for c in sorted((c for c in cols if c[5]), key=lambda c: c[5]))
            defs = ", ".join(f"[{c[1]}] {c[2]}" for c in cols) + (f", primary key ({pk})" if pk else "")
            self.db.execute(f"create temp table [{table}] ({defs})")
        self.db.execute("create index temp.shadow_group_claims on [group_claims] (group_id)")
        self.db.execute("create index temp.shadow_groups on [groups] (sort_key)")
        self.shadowing = True
        try:
            yield self
        finally:
            self.shadowing = False
            for table in SHADOWED:
                self.db.execute(f"drop table if exists temp.[{table}]")

    # --- writes -------------------------------------------------------------------

    def replace_source(self, source: dict, sentences: list[dict], claims: list[dict]) -> None:
        """Store one source with its sentences and claims in one transaction, replacing any
        earlier version of the same name."""
        rows = [{**c, **{k: json.dumps(c[k], ensure_ascii=False) for k in JSON_COLUMNS if k in c}} for c in claims]
        with self.writing():
            old = self.db.execute("select id from sources where name = ?", [source["name"]]).fetchall()
            for (old_id,) in old:
                self._delete_source(old_id)
            self.db.table("sources").insert(source, pk="id", replace=True)
            self.db.table("sentences").insert_all(sentences, pk="id", batch_size=500)
            self.db.table("claims").insert_all(
                ({k: v for k, v in r.items() if k != "vector"} for r in rows), pk="id", batch_size=500
            )
            self.db.conn.executemany(
                "insert or replace into claim_vectors (claim_id, vector) values (?, ?)",
                [(r["id"], r["vector"]) for r in rows if r.get("vector")],
            )
            self.db.table("claim_entities").insert_all(
                (
                    {
                        "claim_id": c["id"],
                        "norm": e["norm"],
                        "label": e["label"],
                        "text": e["text"],
                        "last_word": e["norm"].rsplit(" ", 1)[1] if " " in e["norm"] else None,
                    }
                    for c in claims
                    for e in c.get("entities") or []
                ),
                pk=("claim_id", "norm", "label"),
                batch_size=1000,
                ignore=True,
            )

    def _delete_source(self, source_id: str) -> None:
        # groups are rebuilt after every ingest; drop the memberships that point here
        self.db.execute(
            "delete from group_claims where claim_id in (select id from claims where source_id = ?)", [source_id]
        )
        self.db.execute("delete from source_links where source_id = ? or derived_from = ?", [source_id, source_id])
        self.db.execute("delete from source_stories where source_id = ?", [source_id])
        self.db.execute(
            "delete from claim_keys where claim_id in (select id from claims where source_id = ?)", [source_id]
        )
        self.db.execute(
            "delete from claim_entities where claim_id in (select id from claims where source_id = ?)", [source_id]
        )
        self.db.execute(
            "delete from claim_vectors where claim_id in (select id from claims where source_id = ?)", [source_id]
        )
        self.db.execute("delete from claims where source_id = ?", [source_id])
        self.db.execute("delete from sentences where source_id = ?", [source_id])
        self.db.execute("delete from sources where id = ?", [source_id])

    def save_groups(
        self,
        groups: Iterable[dict],
        links: dict,
        stamp: str,
        keys: Mapping[str, AbstractSet[str]] | None = None,
        block_df: int = 0,
        stories: Mapping[str, tuple[int, list[str]]] | None = None,
    ) -> bool:
        """Replace every group in one transaction, unless the sources changed since `stamp` was
        taken (another process ingested meanwhile, and its own regrouping will cover both).
        `keys` (claim id -> comparison keys) replaces the stored comparison index, `stories`
        (source id -> story and its names) the stored stories."""
        with self.writing():
            if self.content_stamp() != stamp:
                return False
            ids = {s["name"]: s["id"] for s in self.db.query("select id, name from sources")}
            self.db.execute("delete from group_claims")
            self.db.execute("delete from groups")
            self.db.execute("delete from source_links")
            self._insert_groups(groups, ids)
            self.db.table("source_links").insert_all(
                [{"source_id": ids[a], "derived_from": ids[b], "share": share} for a, (b, share) in links.items()],
                pk="source_id",
            )
            self.db.execute("delete from source_stories")
            self._add_stories(stories or {})
            self.db.execute("delete from claim_keys")
            self.db.execute("delete from key_counts")
            if keys is not None:
                self._add_keys(keys, block_df)
            self._set_state(stamp, indexed=keys is not None)
        return True

    def save_group_changes(
        self,
        groups: list[dict],
        dropped: list[str],
        links: dict,
        stamp: str,
        keys: Mapping[str, AbstractSet[str]],
        totals: dict[str, int],
        block_df: int,
        stories: Mapping[str, tuple[int, list[str]]] | None = None,
    ) -> bool:
        """Incremental regrouping: replace the `dropped` groups by `groups`, add the new claims'
        comparison keys, update the copy links and place the new sources in `stories`, in one
        transaction (same no-op rule as save_groups)."""
        with self.writing():
            if self.content_stamp() != stamp:
                return False
            ids = {s["name"]: s["id"] for s in self.db.query("select id, name from sources")}
            for chunk in chunks(dropped):
                marks = ", ".join("?" for _ in chunk)
                self.db.execute(f"delete from group_claims where group_id in ({marks})", chunk)
                self.db.execute(f"delete from groups where id in ({marks})", chunk)
            self._insert_groups(groups, ids)
            for a, (b, share) in links.items():
                self.db.execute(
                    "insert or replace into source_links (source_id, derived_from, share) values (?, ?, ?)",
                    [ids[a], ids[b], share],
                )
            self._add_keys(keys, block_df, totals)
            self._add_stories(stories or {})
            self._set_state(stamp, indexed=True)
        return True

    def _add_stories(self, stories: Mapping[str, tuple[int, list[str]]]) -> None:
        self.db.conn.executemany(
            "insert or replace into source_stories (source_id, story, names) values (?, ?, ?)",
            [(sid, story, json.dumps(names, ensure_ascii=False)) for sid, (story, names) in sorted(stories.items())],
        )

    def _insert_groups(self, groups: Iterable[dict], ids: dict) -> None:
        """Store groups as they come (a lazy stream of a million groups is never a list). Each
        group is a row: id, sort_key, verdict, slot, explanation, n_sources, n_independent,
        conflicts, notes, and the ids of its claims and of their sources (each membership row
        keeps its claim's source and the group's verdict, for the counts of `stats`)."""
        it = iter(groups)
        while batch := list(itertools.islice(it, 1000)):
            self.db.table("groups").insert_all(
                (
                    {
                        **{k: g[k] for k in GROUP_COLUMNS},
                        "conflicts": json.dumps(g["conflicts"], ensure_ascii=False),
                        "notes": json.dumps(g["notes"], ensure_ascii=False),
                    }
                    for g in batch
                ),
                pk="id",
                batch_size=500,
                replace=True,
            )
            self.db.table("group_claims").insert_all(
                (
                    {"claim_id": cid, "group_id": g["id"], "source_id": sid, "verdict": g["verdict"]}
                    for g in batch
                    for cid, sid in zip(g["claim_ids"], g["claim_sources"], strict=True)
                ),
                pk="claim_id",
                batch_size=1000,
                replace=True,
            )

    def _add_keys(
        self, keys: Mapping[str, AbstractSet[str]], block_df: int, totals: dict[str, int] | None = None
    ) -> None:
        """Count the claims' keys, and index the claims by the keys that are still rare enough
        to generate candidates (held by at most `block_df` claims; `totals`: the counts after
        this addition). Counts only grow while sources are added, so a key too common now never
        needs its postings."""
        counts: dict[str, int] = {}
        for ks in keys.values():
            for k in ks:
                counts[k] = counts.get(k, 0) + 1
        totals = totals or counts
        self.db.conn.executemany(
            "insert or ignore into claim_keys (claim_id, key) values (?, ?)",
            ((cid, k) for cid in sorted(keys) for k in sorted(keys[cid]) if totals[k] <= block_df),
        )
        self.db.conn.executemany(
            "insert into key_counts (key, df) values (?, ?) on conflict(key) do update set df = df + excluded.df",
            sorted(counts.items()),
        )

    def _set_state(self, stamp: str, indexed: bool) -> None:
        sources = [r[0] for r in self.db.execute("select id from sources order by id")]
        from kcheck import __version__

        state = {
            "groups_stamp": stamp,
            "keys_stamp": stamp if indexed else "",
            "grouped_sources": json.dumps(sources),
            "grouped_version": __version__,
        }
        self.db.table("kcheck_state").insert_all(
            [{"key": k, "value": v} for k, v in state.items()], pk="key", replace=True
        )

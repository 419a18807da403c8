"""Every read and write of claims.db goes through here."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
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

from kcheck.errors import KcheckError, NotFound, UsageError  # noqa: E402
from kcheck.frame import Frame  # noqa: E402
from kcheck.migrations import migrations  # noqa: E402  (after sqlite-utils is loaded above)
from kcheck.normalize import entity_key  # noqa: E402

JSON_COLUMNS = ("polarity", "hedges", "entities", "dates", "quantities")
GROUP_COLUMNS = ("id", "sort_key", "verdict", "slot", "explanation", "n_sources", "n_independent")


def open_db(path: str | Path | None = None, *, create: bool = True) -> Database:
    """Open (creating and migrating if needed) a claims database.

    With `create=False` the file must already be a kcheck database: an empty file (a
    truncated database) or an SQLite file without kcheck's tables is refused, never
    silently turned into a new empty database."""
    try:
        if path is None or str(path) == ":memory:":
            db = Database(memory=True)
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
            db = Database(p)
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


def _chunks(items, size: int = 500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


SHADOWED = ("groups", "group_claims", "source_links", "kcheck_state", "claim_keys", "key_counts")


class ClaimStore:
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
    ) -> bool:
        """Replace every group in one transaction, unless the sources changed since `stamp` was
        taken (another process ingested meanwhile, and its own regrouping will cover both).
        `keys` (claim id -> comparison keys) replaces the stored comparison index."""
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
    ) -> bool:
        """Incremental regrouping: replace the `dropped` groups by `groups`, add the new claims'
        comparison keys and update the copy links, in one transaction (same no-op rule as
        save_groups)."""
        with self.writing():
            if self.content_stamp() != stamp:
                return False
            ids = {s["name"]: s["id"] for s in self.db.query("select id, name from sources")}
            for chunk in _chunks(dropped):
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
            self._set_state(stamp, indexed=True)
        return True

    def _insert_groups(self, groups: Iterable[dict], ids: dict) -> None:
        """Store groups as they come (a lazy stream of a million groups is never a list). Each
        group is a row: id, sort_key, verdict, slot, explanation, n_sources, n_independent,
        conflicts, notes, and the ids of its claims."""
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
                ({"claim_id": cid, "group_id": g["id"]} for g in batch for cid in g["claim_ids"]),
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

    # --- the comparison index ------------------------------------------------------

    def state(self, key: str) -> str | None:
        row = self.db.execute("select value from kcheck_state where key = ?", [key]).fetchone()
        return row[0] if row else None

    def _rows_in(self, sql: str, values) -> Iterator:
        """Rows of `sql` whose `{marks}` placeholder takes `values`, in chunks that stay under
        SQLite's limit on bound parameters."""
        for chunk in _chunks(sorted(values)):
            yield from self.db.query(sql.format(marks=", ".join("?" for _ in chunk)), chunk)

    def key_counts(self, keys) -> dict[str, int]:
        return {r["key"]: r["df"] for r in self._rows_in("select key, df from key_counts where key in ({marks})", keys)}

    def claims_with_keys(self, keys) -> dict[str, set[str]]:
        """claim id -> which of `keys` it holds, for the stored claims holding any."""
        out: dict[str, set[str]] = {}
        for r in self._rows_in("select claim_id, key from claim_keys where key in ({marks})", keys):
            out.setdefault(r["claim_id"], set()).add(r["key"])
        return out

    def groups_of_claims(self, claim_ids) -> dict[str, list[str]]:
        """group id -> its claim ids, for the groups holding any of `claim_ids`."""
        gids = {
            r["group_id"]
            for r in self._rows_in("select group_id from group_claims where claim_id in ({marks})", claim_ids)
        }
        out: dict[str, list[str]] = {}
        for r in self._rows_in("select group_id, claim_id from group_claims where group_id in ({marks})", gids):
            out.setdefault(r["group_id"], []).append(r["claim_id"])
        return out

    def frames_for_grouping(self) -> Iterator[Frame]:
        """The non-boilerplate claims' frames in the order grouping numbers them (SQLite's
        binary collation orders UTF-8 text as Python orders str)."""
        for row in self.db.query(CLAIM_ROWS + " where c.boilerplate = 0 order by s.name, c.start, c.end, c.id"):
            yield Frame.from_row(row)

    def frames_by_ids(self, ids) -> list[Frame]:
        return [Frame.from_row(r) for r in self._rows_in(CLAIM_ROWS + " where c.id in ({marks})", ids)]

    def vectors(self, ids=None) -> dict:
        """claim id -> its sentence embedding as a unit vector (claims without one left out)."""
        from kcheck.embed import unpack

        rows: Iterable[tuple]
        if ids is None:
            rows = self.db.execute("select claim_id, vector from claim_vectors")
        else:
            rows = (
                tuple(r.values())
                for r in self._rows_in("select claim_id, vector from claim_vectors where claim_id in ({marks})", ids)
            )
        return {cid: unpack(blob) for cid, blob in rows}

    def frames_of_sources(self, source_ids) -> list[Frame]:
        return [
            Frame.from_row(r)
            for r in self._rows_in(CLAIM_ROWS + " where c.boilerplate = 0 and c.source_id in ({marks})", source_ids)
        ]

    def claim_count(self) -> int:
        return self.db.execute("select count(*) from claims where boilerplate = 0").fetchone()[0]

    def stored_links(self) -> dict[str, tuple[str, float]]:
        return {name: (r["derived_from"], r["share"]) for name, r in self.source_links().items()}

    def groups_stamp(self) -> str | None:
        row = self.db.execute("select value from kcheck_state where key = 'groups_stamp'").fetchone()
        return row[0] if row else None

    def content_stamp(self) -> str:
        """What the groups depend on: the stored sources and the comparison code's version."""
        from kcheck import __version__

        (listing,) = self.db.execute(
            "select group_concat(id || ':' || sha256 || ';', '') from (select id, sha256 from sources order by id)"
        ).fetchone()
        return hashlib.blake2b(__version__.encode() + (listing or "").encode(), digest_size=8).hexdigest()

    def sources_for_comparison(self, names=None) -> list[dict]:
        sql = "select id, name, text, published, published_note from sources"
        if names is None:
            return list(self.db.query(sql + " order by name"))
        return sorted(self._rows_in(sql + " where name in ({marks})", names), key=lambda s: s["name"])

    def groups(self, verdict: str | None = None, ids: list[str] | None = None) -> list[dict]:
        """Groups in report order with their claims (boilerplate excluded); `ids` picks some."""
        where, params = [], []
        if verdict:
            where.append("g.verdict = ?")
            params.append(verdict)
        if ids is not None:
            where.append(f"g.id in ({', '.join('?' for _ in ids)})")
            params.extend(ids)
        rows = self.db.query(
            f"""
            select g.*, c.id as claim_id, s.name as source, c.start, c.end, c.quote, c.text, c.speaker
            from groups g join group_claims gc on gc.group_id = g.id
            join claims c on c.id = gc.claim_id join sources s on s.id = c.source_id
            {"where " + " and ".join(where) if where else ""} order by g.sort_key, s.name, c.start
            """,
            params,
        )
        out: dict[str, dict] = {}
        for r in rows:
            g = out.get(r["id"])
            if g is None:
                g = out[r["id"]] = {
                    "id": r["id"],
                    "verdict": r["verdict"],
                    "slot": r["slot"],
                    "explanation": r["explanation"],
                    "sources": r["n_sources"],
                    "independent_sources": r["n_independent"],
                    "conflicts": json.loads(r["conflicts"] or "[]"),
                    "notes": json.loads(r["notes"] or "[]"),
                    "claims": [],
                }
            g["claims"].append(
                {
                    "id": r["claim_id"],
                    "source": r["source"],
                    "start": r["start"],
                    "end": r["end"],
                    "quote": r["quote"],
                    "text": r["text"],
                    "speaker": r["speaker"] or None,
                }
            )
        return list(out.values())

    def verdict_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Groups per verdict, and conflict groups per kind (the slot of their first clash)."""
        verdicts = dict(self.db.execute("select verdict, count(*) from groups group by verdict").fetchall())
        kinds = dict(
            self.db.execute(
                "select coalesce(slot, 'other'), count(*) from groups where verdict = 'conflict' group by slot"
            ).fetchall()
        )
        return verdicts, kinds

    def figure_claims(self) -> Iterator[dict]:
        """Figure claims with their group, in report order: what the figures view is built from."""
        yield from self.db.query(
            "select gc.group_id, g.verdict, c.id, s.name as source, c.start, c.end, c.quote, c.quantities "
            "from claims c join group_claims gc on gc.claim_id = c.id join groups g on g.id = gc.group_id "
            "join sources s on s.id = c.source_id where c.kind = 'figure' and c.boilerplate = 0 "
            "order by g.sort_key, s.name, c.start"
        )

    def group_of(self, claim_id: str) -> str | None:
        row = self.db.execute("select group_id from group_claims where claim_id = ?", [claim_id]).fetchone()
        return row[0] if row else None

    def source_links(self) -> dict[str, dict]:
        return {
            r["name"]: r
            for r in self.db.query(
                "select s.name, d.name as derived_from, l.share from source_links l "
                "join sources s on s.id = l.source_id join sources d on d.id = l.derived_from"
            )
        }

    # --- reads --------------------------------------------------------------------

    def totals(self) -> tuple[int, int]:
        """(sources, non-boilerplate claims) stored."""
        return (self.db.execute("select count(*) from sources").fetchone()[0], self.claim_count())

    def source_by_name(self, name: str) -> dict | None:
        rows = list(self.db.table("sources").rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def name_with_content(self, sha256: str) -> str | None:
        row = self.db.execute("select name from sources where sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def require_source(self, name: str) -> dict:
        src = self.source_by_name(name)
        if src is None:
            known = ", ".join(r["name"] for r in self.db.query("select name from sources order by name limit 10"))
            raise NotFound(
                f"no source named {name!r}" + (f"; known sources: {known}" if known else "; the database is empty")
            )
        return src

    def sources(self) -> list[dict]:
        counts = self._source_counts()
        rows = []
        for r in self.db.query(
            "select s.id, s.name, s.path, s.url, s.title, s.outlet, s.published, s.published_from, s.published_note, "
            "s.sha256, s.ingested_utc, s.pipeline, d.name as copies from sources s "
            "left join source_links l on l.source_id = s.id left join sources d on d.id = l.derived_from order by s.name"
        ):
            n = counts.get(r["id"], EMPTY_COUNTS)
            copies = r.pop("copies")
            rows.append(
                {
                    **r,
                    "claims": n["claims"],
                    "boilerplate_sentences": n["boilerplate_sentences"],
                    "no_claim_sentences": n["no_claim_sentences"],
                    "conflicts": n["conflict"],
                    "single_attestations": n["single"],
                    "copies": copies,
                }
            )
        return rows

    def _source_counts(self) -> dict[str, dict[str, int]]:
        """source id -> its non-boilerplate claims, their claims per verdict, and its boilerplate
        sentences; two grouped scans (one subquery per source took 30 s at 25,000 sources)."""
        out: dict[str, dict[str, int]] = {}
        for sid, verdict, n in self.db.execute(
            "select c.source_id, g.verdict, count(*) from claims c left join group_claims gc on gc.claim_id = c.id "
            "left join groups g on g.id = gc.group_id where c.boilerplate = 0 group by c.source_id, g.verdict"
        ):
            counts = out.setdefault(sid, dict(EMPTY_COUNTS))
            counts["claims"] += n
            if verdict in counts:
                counts[verdict] += n
        for sid, n in self.db.execute(
            "select source_id, count(*) from sentences where boilerplate = 1 group by source_id"
        ):
            out.setdefault(sid, dict(EMPTY_COUNTS))["boilerplate_sentences"] = n
        for sid, n in self.db.execute(
            "select source_id, count(*) from sentences where boilerplate = 0 and reason like 'no claim:%' "
            "group by source_id"
        ):
            out.setdefault(sid, dict(EMPTY_COUNTS))["no_claim_sentences"] = n
        return out

    def claims(
        self,
        source: str | None = None,
        include_boilerplate: bool = False,
        *,
        search: str | None = None,
        fts: bool = False,
        verdict: str | None = None,
        entity: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict]:
        """Claims with their source name and group verdict; `search` is ranked by bm25 (ties by
        row order): plain words and "phrases" (see fts_query), or FTS5 syntax with `fts`."""
        where, params = [], []
        if source:
            where.append("s.name = ?")
            params.append(source)
        if not include_boilerplate:
            where.append("c.boilerplate = 0")
        if verdict:
            where.append("g.verdict = ?")
            params.append(verdict)
        if entity:
            # a surname alone finds the person named in full: "Putin" finds "Vladimir Putin"
            # (the small model may label a resolved surname ORG or NORP: any label of a name
            # that is somewhere a person's counts)
            where.append(
                "c.id in (select claim_id from claim_entities where norm = ? or norm in "
                "(select norm from claim_entities where last_word = ? and label = 'PERSON'))"
            )
            key = entity_key(entity)
            params.extend([key, key if " " not in key else ""])
        select = (
            "select {rowid}c.*, s.name as source, g.verdict as verdict, g.id as group_id from claims c "
            "join sources s on s.id = c.source_id left join group_claims gc on gc.claim_id = c.id "
            "left join groups g on g.id = gc.group_id"
        )
        if not search:
            sql = select.format(rowid="") + (" where " + " and ".join(where) if where else "")
            sql += " order by s.name, c.start, c.end desc, c.id" + (f" limit {int(limit)}" if limit else "")
            yield from map(decode_row, self.db.query(sql, params))
            return
        sql = (
            select.format(rowid="c.rowid as _ranked, ")
            + " where "
            + " and ".join(["c.rowid in (select value from json_each(?))", *where])
        )
        query = search if fts else fts_query(search)
        try:
            # the query is parsed when it first runs: a bad one fails here, before any row is given
            self.db.execute("select rowid from claims_fts where claims_fts match ? limit 1", [query]).fetchall()
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise
            raise UsageError(
                f"bad search query {search!r}: {e}" + ("; see SQLite's FTS5 query syntax" if fts else "")
            ) from None
        yield from self._search(query, sql, params, limit)

    def _search(self, search: str, sql: str, params: list, limit: int | None) -> Iterator[dict]:
        """Ranked inside the full-text index first, and only the best matches joined and filtered:
        a common word can match a tenth of a million claims, and joining them all before the
        limit took a second. The filters apply after the ranking, so with `limit` the ranked
        matches are read in growing pages until enough claims pass them."""
        ranked = "select rowid from claims_fts where claims_fts match ? order by rank, rowid limit ? offset ?"
        offset, page, wanted = 0, max(4 * limit, SEARCH_PAGE) if limit else -1, limit or 0
        while True:
            ids = [r[0] for r in self.db.execute(ranked, [search, page, offset])]
            position = {rowid: k for k, rowid in enumerate(ids)}
            rows = sorted(self.db.query(sql, [json.dumps(ids), *params]), key=lambda r: position[r["_ranked"]])
            for row in rows[:wanted] if limit else rows:
                del row["_ranked"]
                yield decode_row(row)
            if limit:
                wanted -= len(rows)
                if wanted <= 0:
                    return
            if page < 0 or len(ids) < page:
                return  # every match has been read
            offset, page = offset + page, page * 4

    def resolve_claim_id(self, prefix: str) -> str:
        """The one claim id starting with `prefix` (as git takes any unique prefix of a hash).

        Raises NotFound saying how many claims share an ambiguous prefix, or, when none starts
        with it, naming the ids that come closest (their neighbours in sorted order share the
        longest prefix with it)."""
        p = prefix.strip().lower()  # ids are lowercase hex after a "c"
        if not p:
            raise UsageError("give a claim id, or the first characters of one (list them with: kcheck claims)")
        # a range over the primary key's index, so this stays quick on a million claims
        upper = p + "\U0010ffff"
        found = [
            r[0]
            for r in self.db.execute("select id from claims where id >= ? and id < ? order by id limit 4", [p, upper])
        ]
        if len(found) == 1 or p in found:
            return p if p in found else found[0]
        if found:
            (n,) = self.db.execute("select count(*) from claims where id >= ? and id < ?", [p, upper]).fetchone()
            shown = ", ".join(found[:3]) + (", ..." if n > 3 else "")
            raise NotFound(f"ambiguous: {n} claims start with {prefix.strip()!r} ({shown}); give more characters")
        near = [
            r[0]
            for sql in (
                "select id from claims where id < ? order by id desc limit 1",
                "select id from claims where id > ? order by id limit 1",
            )
            for r in self.db.execute(sql, [p])
        ]
        if not near:
            raise NotFound(f"no claim starts with {prefix.strip()!r}: the database holds no claims")
        shared = {i: len(os.path.commonprefix([i, p])) for i in near}
        best = [i for i in near if shared[i] == max(shared.values())]
        raise NotFound(
            f"no claim starts with {prefix.strip()!r}; did you mean {' or '.join(best)}? "
            "(list claims with: kcheck claims)"
        )

    def claim(self, claim_id: str) -> dict:
        """One claim with its source and group, by its id or any unique prefix of it."""
        claim_id = self.resolve_claim_id(claim_id)
        sql = (
            "select c.*, s.name as source, s.path, s.url, s.title, s.outlet, s.published, s.published_note, g.verdict, "
            "g.id as group_id "
            "from claims c join sources s on s.id = c.source_id left join group_claims gc on gc.claim_id = c.id "
            "left join groups g on g.id = gc.group_id where c.id = ?"
        )
        return decode_row(next(iter(self.db.query(sql, [claim_id]))))

    def source_text(self, source_id: str) -> str:
        return self.db.execute("select text from sources where id = ?", [source_id]).fetchone()[0]

    def stats(self) -> dict:
        q = lambda sql: [dict(r) for r in self.db.query(sql)]  # noqa: E731
        counts = self._source_counts()
        return {
            # grouped claims are the non-boilerplate ones, so their count per verdict is summed from the sources'
            "verdicts": [
                {"verdict": v, "groups": n, "claims": sum(c[v] for c in counts.values())}
                for v, n in self.db.execute("select verdict, count(*) from groups group by verdict order by verdict")
            ],
            "conflict_kinds": q(
                "select slot, count(*) as groups from groups where verdict = 'conflict' group by slot order by slot"
            ),
            "sources": [
                {
                    "source": r["name"],
                    **{k: n[k] for k in ("claims", "boilerplate_sentences", "agree", "conflict", "single")},
                }
                for r in self.db.query("select id, name from sources order by name")
                for n in [counts.get(r["id"], EMPTY_COUNTS)]
            ],
        }


_TERM = re.compile(r'"([^"]*)"(\*?)|([^\s"]+)')


def fts_query(search: str) -> str:
    """A search as people type it, in FTS5 syntax: each word and each "quoted phrase" becomes a
    quoted string, so '-', '.', ':' and "'" are never read as operators ("Nagorno-Karabakh",
    "Armenia's" and "U.S." failed with "no such column"), a trailing * stays a prefix search
    (peacekeep*), and an unclosed quote is closed, as `sqlite-utils search --quote` does."""
    if search.count('"') % 2:
        search += '"'
    parts = []
    for m in _TERM.finditer(search):
        text, star = (
            (m.group(1), m.group(2))
            if m.group(3) is None
            else (m.group(3).rstrip("*"), "*" if m.group(3).endswith("*") else "")
        )
        if re.search(r"\w", text):
            parts.append('"' + text.replace('"', '""') + '"' + star)
    if not parts:
        raise UsageError(f"the search {search!r} has no words to look for")
    return " ".join(parts)


EMPTY_COUNTS = {
    "claims": 0,
    "boilerplate_sentences": 0,
    "no_claim_sentences": 0,
    "agree": 0,
    "conflict": 0,
    "single": 0,
}
SEARCH_PAGE = 100  # ranked matches read at first for a limited search; later pages grow fourfold
CLAIM_ROWS = "select c.*, s.name as source from claims c join sources s on s.id = c.source_id"


def decode_row(row: dict) -> dict:
    """A claim row for listings: JSON columns decoded; the frame (comparison's own) left out."""
    out = dict(row)
    out.pop("frame", None)
    for k in JSON_COLUMNS:
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out

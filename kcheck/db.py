"""Every read and write of claims.db goes through here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from kcheck.errors import KcheckError, NotFound
from kcheck.migrations import migrations

JSON_COLUMNS = ("polarity", "hedges", "entities", "dates", "quantities")


def open_db(path: str | Path | None = None) -> Database:
    """Open (creating and migrating if needed) a claims database."""
    try:
        if path is None or str(path) == ":memory:":
            db = Database(memory=True)
        else:
            p = Path(path)
            if p.exists() and p.is_dir():
                raise KcheckError(f"{p} is a directory, not a database file")
            if p.parent and not p.parent.exists():
                raise KcheckError(f"cannot create {p}: folder {p.parent} does not exist")
            db = Database(p)
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA busy_timeout = 10000")
        migrations.apply(db)
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as e:
        raise KcheckError(f"{path}: not a kcheck database ({e})") from None
    return db


class ClaimStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writes -------------------------------------------------------------------

    def replace_source(self, source: dict, sentences: list[dict], claims: list[dict]) -> None:
        """Store one source with its sentences and claims in one transaction, replacing any
        earlier version of the same name."""
        rows = [{**c, **{k: json.dumps(c[k], ensure_ascii=False) for k in JSON_COLUMNS if k in c}} for c in claims]
        with self.db.atomic():
            old = self.db.execute("select id from sources where name = ?", [source["name"]]).fetchall()
            for (old_id,) in old:
                self._delete_source(old_id)
            self.db.table("sources").insert(source, pk="id", replace=True)
            self.db.table("sentences").insert_all(sentences, pk="id", batch_size=500)
            self.db.table("claims").insert_all(rows, pk="id", batch_size=500)

    def _delete_source(self, source_id: str) -> None:
        self.db.execute("delete from claims where source_id = ?", [source_id])
        self.db.execute("delete from sentences where source_id = ?", [source_id])
        self.db.execute("delete from sources where id = ?", [source_id])

    # --- reads --------------------------------------------------------------------

    def source_by_name(self, name: str) -> dict | None:
        rows = list(self.db.table("sources").rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def require_source(self, name: str) -> dict:
        src = self.source_by_name(name)
        if src is None:
            known = ", ".join(r["name"] for r in self.db.query("select name from sources order by name limit 10"))
            raise NotFound(f"no source named {name!r}" + (f"; known sources: {known}" if known else "; the database is empty"))
        return src

    def sources(self) -> list[dict]:
        return list(self.db.query(
            """
            select s.id, s.name, s.path, s.title, s.outlet, s.published, s.published_from, s.published_note,
                   s.sha256, s.ingested_utc, s.pipeline,
                   (select count(*) from claims c where c.source_id = s.id and c.boilerplate = 0) as claims,
                   (select count(*) from sentences t where t.source_id = s.id and t.boilerplate = 1) as boilerplate_sentences
            from sources s order by s.name
            """
        ))

    def claims(self, source: str | None = None, include_boilerplate: bool = False) -> Iterator[dict]:
        where, params = [], []
        if source:
            where.append("s.name = ?")
            params.append(source)
        if not include_boilerplate:
            where.append("c.boilerplate = 0")
        sql = (
            "select c.*, s.name as source from claims c join sources s on s.id = c.source_id"
            + (" where " + " and ".join(where) if where else "")
            + " order by s.name, c.start, c.end desc, c.id"
        )
        for row in self.db.query(sql, params):
            yield decode_row(row)


def decode_row(row: dict) -> dict:
    out = dict(row)
    for k in JSON_COLUMNS:
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out

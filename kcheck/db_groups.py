"""The reads that comparison and the report make of claims.db: the comparison index (keys,
frames, vectors, copy links, stamps) that kcheck.grouping regroups from, and the stored groups
that kcheck.report shows. Apart from db.py, which keeps the store's transactions and writes;
ClaimStore inherits these methods, so callers still call them on the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kcheck.frame import Frame  # imported where frames are built: queries never load it (10 ms)

MEMBERS = ("claim_ids", "claim_sources")  # a group row's lists of its claims, stored in group_claims
CLAIM_ROWS = "select c.*, s.name as source from claims c join sources s on s.id = c.source_id"


def chunks(items, size: int = 500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _stored_as(column, value) -> bool:
    if isinstance(value, (list, dict)):
        return isinstance(column, str) and json.loads(column) == value
    return column == value


class GroupReads:
    """ClaimStore's reads for grouping and for the report's groups."""

    db: Database

    def state(self, key: str) -> str | None:
        row = self.db.execute("select value from kcheck_state where key = ?", [key]).fetchone()
        return row[0] if row else None

    def _rows_in(self, sql: str, values) -> Iterator:
        """Rows of `sql` whose `{marks}` placeholder takes `values`, in chunks that stay under
        SQLite's limit on bound parameters."""
        for chunk in chunks(sorted(values)):
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

    def groups_stored_as(self, rows: list[dict]) -> set[str]:
        """The ids of the groups among `rows` (as Group.row() gives them) that are stored with
        the same values already. A group's id is a hash of its claims' ids, so the same id
        holds the same claims (so the same claims' sources, `claim_sources`); every other value
        of the row is compared with its column (a list or dict with its JSON), and a value with
        no column of its own counts as changed."""
        by_id = {r["id"]: r for r in rows}
        out = set()
        for stored in self._rows_in("select * from groups where id in ({marks})", by_id):
            row = by_id[stored["id"]]
            if all(k in stored and _stored_as(stored[k], v) for k, v in row.items() if k not in MEMBERS):
                out.add(row["id"])
        return out

    def frames_for_grouping(self) -> Iterator[Frame]:
        """The non-boilerplate claims' frames in the order grouping numbers them (SQLite's
        binary collation orders UTF-8 text as Python orders str)."""
        from kcheck.frame import Frame

        for row in self.db.query(CLAIM_ROWS + " where c.boilerplate = 0 order by s.name, c.start, c.end, c.id"):
            yield Frame.from_row(row)

    def frames_by_ids(self, ids) -> list[Frame]:
        from kcheck.frame import Frame

        return [Frame.from_row(r) for r in self._rows_in(CLAIM_ROWS + " where c.id in ({marks})", ids)]

    def bare_frames_by_ids(self, ids) -> list[Frame]:
        """Frames of where each claim is and what it says (id, source, offsets, quote, text,
        kind), without the parse and what ingest derived from it: all that judging a claim
        alone in its group reads, and no JSON to decode (most groups are single claims)."""
        from kcheck.frame import Frame

        out = []
        for chunk in chunks(sorted(ids)):
            marks = ", ".join("?" for _ in chunk)
            for cid, name, source_id, start, end, quote, text, kind in self.db.execute(
                "select c.id, s.name, c.source_id, c.start, c.end, c.quote, c.text, c.kind from claims c "
                f"join sources s on s.id = c.source_id where c.id in ({marks})",
                chunk,
            ):
                out.append(Frame(cid, name or source_id, source_id, start, end, quote, text, kind or ""))
        return out

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
        from kcheck.frame import Frame

        return [
            Frame.from_row(r)
            for r in self._rows_in(CLAIM_ROWS + " where c.boilerplate = 0 and c.source_id in ({marks})", source_ids)
        ]

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

    def stored_stories(self) -> dict[str, tuple[int, list[str]]]:
        """source id -> the story it was placed in at the last grouping, and that story's names."""
        return {
            sid: (story, json.loads(names))
            for sid, story, names in self.db.execute("select source_id, story, names from source_stories")
        }

    def source_links(self) -> dict[str, dict]:
        return {
            r["name"]: r
            for r in self.db.query(
                "select s.name, d.name as derived_from, l.share from source_links l "
                "join sources s on s.id = l.source_id join sources d on d.id = l.derived_from"
            )
        }

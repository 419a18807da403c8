"""The reads behind the query commands (sources, claims, show, stats) and ingest's look-ups:
listings with their counts, full-text search, and claim ids by prefix. Apart from db.py, which
keeps the store's transactions and writes; ClaimStore inherits these methods, so callers still
call them on the store."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kcheck.errors import NotFound, UsageError
from kcheck.normalize import entity_key

if TYPE_CHECKING:
    from sqlite_utils import Database

JSON_COLUMNS = ("polarity", "hedges", "entities", "dates", "quantities")

# The slots the parse gives every claim, each stored in a column of its own: what frames are
# built from, what `show` prints and what the CSV listing of claims holds. Named here, not in
# kcheck.frame, so that listing claims does not import the frame's classes (10 ms a query).
PARSE_SLOTS = ("subject", "predicate", "object", "negated", "polarity", "hedges", "speaker", "entities", "dates")


class QueryReads:
    """ClaimStore's reads for listings, search and single claims."""

    db: Database

    def claim_count(self) -> int:
        return self.db.execute("select count(*) from claims where boilerplate = 0").fetchone()[0]

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
            "s.sha256, s.ingested_utc, s.pipeline, d.name as copies, t.story, t.names as story_names from sources s "
            "left join source_links l on l.source_id = s.id left join sources d on d.id = l.derived_from "
            "left join source_stories t on t.source_id = s.id order by s.name"
        ):
            n = counts.get(r["id"], EMPTY_COUNTS)
            copies = r.pop("copies")
            r["story_names"] = json.loads(r["story_names"]) if r["story_names"] else []
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
        sentences: grouped scans of covering indexes (see migration m012), never a join of the
        claims to their groups (5 s at a million claims) nor a subquery per source (30 s at
        25,000 sources)."""
        out: dict[str, dict[str, int]] = {}
        for sid, n in self.db.execute(
            "select source_id, count(*) from claims where boilerplate = 0 group by source_id"
        ):
            out[sid] = {**EMPTY_COUNTS, "claims": n}
        for sid, verdict, n in self.db.execute(
            "select source_id, verdict, count(*) from group_claims group by source_id, verdict"
        ):
            counts = out.setdefault(sid, dict(EMPTY_COUNTS))
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


def decode_row(row: dict) -> dict:
    """A claim row for listings: JSON columns decoded; the frame (comparison's own) left out."""
    out = dict(row)
    out.pop("frame", None)
    for k in JSON_COLUMNS:
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out

"""Schema migrations for claims.db. Append only: never edit one that has shipped."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("kcheck")


@migrations()
def m001_sources_sentences_claims(db: Database) -> None:
    db.table("sources").create(
        {
            "id": str,
            "name": str,
            "path": str,
            "format": str,
            "sha256": str,
            "text": str,
            "title": str,
            "outlet": str,
            "published": str,
            "published_from": str,
            "published_note": str,
            "ingested_utc": str,
            "model": str,
            "model_version": str,
            "kcheck_version": str,
            "pipeline": str,
        },
        pk="id",
    )
    db.table("sources").create_index(["name"], unique=True)
    db.table("sentences").create(
        {
            "id": str,
            "source_id": str,
            "idx": int,
            "start": int,
            "end": int,
            "kind": str,
            "boilerplate": int,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("sentences").create_index(["source_id", "idx"])
    db.table("claims").create(
        {
            "id": str,
            "source_id": str,
            "start": int,
            "end": int,
            "quote": str,
            "text": str,
            "sentence_idx": int,
            "kind": str,
            "headline": int,
            "boilerplate": int,
            "subject": str,
            "predicate": str,
            "object": str,
            "negated": int,
            "polarity": str,
            "hedges": str,
            "speaker": str,
            "entities": str,
            "dates": str,
            "quantities": str,
            "lemmas": str,
            "pipeline": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("claims").create_index(["source_id", "start"])
    db.table("claims").enable_fts(["text", "quote"], create_triggers=True, tokenize="porter")


@migrations()
def m002_groups(db: Database) -> None:
    db.table("groups").create(
        {
            "id": str,
            "rank": int,
            "verdict": str,
            "slot": str,
            "explanation": str,
            "n_sources": int,
            "n_independent": int,
            "conflicts": str,
            "notes": str,
        },
        pk="id",
    )
    db.table("groups").create_index(["verdict"])
    db.table("group_claims").create(
        {"claim_id": str, "group_id": str},
        pk="claim_id",
        foreign_keys=[("claim_id", "claims", "id"), ("group_id", "groups", "id")],
    )
    db.table("group_claims").create_index(["group_id"])
    db.table("source_links").create(
        {"source_id": str, "derived_from": str, "share": float},
        pk="source_id",
        foreign_keys=[("source_id", "sources", "id"), ("derived_from", "sources", "id")],
    )
    db.table("kcheck_state").create({"key": str, "value": str}, pk="key")


@migrations()
def m003_claim_entities(db: Database) -> None:
    """Entities get their own indexed table for `claims --entity`; existing rows are backfilled."""
    db.table("claim_entities").create(
        {"claim_id": str, "norm": str, "label": str, "text": str},
        pk=("claim_id", "norm", "label"),
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("claim_entities").create_index(["norm"])
    db.execute(
        "insert or ignore into claim_entities (claim_id, norm, label, text) "
        "select c.id, json_extract(e.value, '$.norm'), json_extract(e.value, '$.label'), json_extract(e.value, '$.text') "
        "from claims c, json_each(c.entities) e"
    )


@migrations()
def m004_text_sha256(db: Database) -> None:
    """A hash of the stored text itself (for HTML it is not the file's), so `doctor` can check it."""
    import hashlib

    db.table("sources").add_column("text_sha256", str)
    for row in list(db.query("select id, text from sources")):
        db.execute(
            "update sources set text_sha256 = ? where id = ?",
            [hashlib.sha256(row["text"].encode("utf-8", "surrogatepass")).hexdigest(), row["id"]],
        )


@migrations()
def m005_comparison_index(db: Database) -> None:
    """The comparison keys of every grouped claim and their document frequencies, so that
    adding a source regroups only what its claims touch. Filled by the next regrouping."""
    db.table("claim_keys").create({"claim_id": str, "key": str}, pk=("claim_id", "key"))
    db.table("claim_keys").create_index(["key"])
    db.table("key_counts").create({"key": str, "df": int}, pk="key")
    # report order as a sortable key, so that regrouping a few groups need not renumber all
    db.table("groups").add_column("sort_key", str)
    db.execute("update groups set sort_key = printf('%012d', rank)")
    db.table("groups").create_index(["sort_key"])


@migrations()
def m006_drop_group_rank(db: Database) -> None:
    """Groups are stored as they are judged, in no order; `sort_key` gives the report order."""
    db.table("groups").transform(drop={"rank"})


@migrations()
def m007_sources_stamp_index(db: Database) -> None:
    """Every query checks that the groups are current by hashing the sources' ids and hashes;
    an index holding both spares it reading the source texts (25k sources: 69 -> 11 ms)."""
    db.table("sources").create_index(["id", "sha256"], index_name="sources_stamp")


@migrations()
def m008_claim_frames(db: Database) -> None:
    """Each claim's frame: what comparison reads of it, derived once (see kcheck.frame). A
    database from before gets its claims' frames derived now, from the stored slots."""
    db.table("claims").add_column("frame", str)
    if db.execute("select count(*) from claims").fetchone()[0]:
        import json

        from kcheck.db_queries import decode_row
        from kcheck.derive import frame

        rows = [decode_row(dict(r)) for r in db.query("select * from claims")]
        db.conn.executemany(
            "update claims set frame = ? where id = ?",
            [(json.dumps(frame(r).derived(), ensure_ascii=False), r["id"]) for r in rows],
        )


@migrations()
def m009_source_url(db: Database) -> None:
    """The address a source was taken from, when it names one ("Source: … - https://…",
    a page's og:url); older sources have none. (Numbered 9: main's m008 adds claim frames,
    made in parallel with this one; migrations apply in the order they are declared.)"""
    db.table("sources").add_column("url", str)


@migrations()
def m010_claim_vectors(db: Database) -> None:
    """Each claim's sentence embedding (kcheck.embed), written at ingest; older claims have none
    until their source is ingested again, and grouping does without them."""
    db.table("claim_vectors").create(
        {"claim_id": str, "vector": bytes}, pk="claim_id", foreign_keys=[("claim_id", "claims", "id")]
    )


@migrations()
def m011_source_encoding_entity_surnames(db: Database) -> None:
    """`sources.encoding`: the codec that turns a text or Markdown source's stored text back
    into the file's bytes, so `doctor` can check the text against the file's sha256 even when
    `text_sha256` was recomputed after an edit. `claim_entities.last_word`: the last word of a
    multi-word name, so `claims --entity Putin` finds "Vladimir Putin"."""
    import hashlib

    db.table("sources").add_column("encoding", str)
    for row in list(db.query("select id, text, sha256 from sources where format != 'html'")):
        if hashlib.sha256((row["text"] or "").encode("utf-8", "surrogatepass")).hexdigest() == row["sha256"]:
            db.execute("update sources set encoding = 'utf-8' where id = ?", [row["id"]])
    db.table("claim_entities").add_column("last_word", str)
    for (norm,) in list(db.execute("select distinct norm from claim_entities where norm like '% %'")):
        db.execute("update claim_entities set last_word = ? where norm = ?", [norm.rsplit(" ", 1)[1], norm])
    db.table("claim_entities").create_index(["last_word"])


@migrations()
def m012_counts_per_source(db: Database) -> None:
    """`stats` and `sources` count each source's claims per verdict. Joining a million claims
    to their groups by text keys took 5 s; so each membership row keeps its claim's source and
    its group's verdict (written with the group, checked by `doctor`), and two covering indexes
    answer the counts from the indexes alone (0.2 s at a million claims, 25,000 sources)."""
    db.table("group_claims").add_column("source_id", str)
    db.table("group_claims").add_column("verdict", str)
    db.execute(
        "update group_claims set source_id = (select c.source_id from claims c where c.id = group_claims.claim_id), "
        "verdict = (select g.verdict from groups g where g.id = group_claims.group_id)"
    )
    db.table("group_claims").create_index(["source_id", "verdict"])
    db.table("claims").create_index(["source_id", "boilerplate"])


@migrations()
def m013_source_stories(db: Database) -> None:
    """The story each source was placed in at the last grouping (kcheck.compare.stories), with
    the names most of that story's sources hold; a source placed in no story has no row. Older
    databases have none until they are grouped again."""
    db.table("source_stories").create(
        {"source_id": str, "story": int, "names": str},
        pk="source_id",
        foreign_keys=[("source_id", "sources", "id")],
    )

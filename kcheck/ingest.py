"""Files -> sources -> paragraphs -> nlp.pipe -> claims -> ClaimStore.

Paragraphs are parsed one by one (a headline without a full stop would otherwise run into
the next sentence) and every offset is the paragraph's offset plus the token's, so each
stored quote is `source.text[start:end]` by construction; `_check` makes sure of it
before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kcheck import __version__
from kcheck.db import ClaimStore
from kcheck.errors import KcheckError, SourceError
from kcheck.layout import Paragraph, classify, furniture_reason, metadata
from kcheck import embed
from kcheck.derive import frame
from kcheck.names import resolve_surnames
from kcheck.reader import SUFFIXES, RawSource, front_matter, from_bytes, read_path, sniff_format
from kcheck.values import anchor

MAX_CHUNK = 20_000  # characters handed to the parser at once; long paragraphs are cut at a sentence end
MIN_PARALLEL_CHARS = 200_000  # below this, one process is faster than starting workers


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    claims: int = 0


@dataclass
class Prepared:
    raw: RawSource
    paragraphs: list[Paragraph]
    meta: dict
    chunks: list[tuple[int, int, Paragraph]]  # (start, end, paragraph) pieces to parse


def expand_inputs(paths: Iterable[str]) -> Iterator[str | SourceError]:
    """Files as given, directories walked (sorted, links not followed), '-' for stdin."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for f in files:
                    if Path(f).suffix.lower() in SUFFIXES:
                        found.append(str(Path(root) / f))
            for f in sorted(found):
                yield f
        elif path.exists() or path.is_symlink():
            yield str(path)
        else:
            yield SourceError(f"{p}: no such file or directory")


MAX_BYTES = 25_000_000  # ~4M words: about 20 minutes of parsing on two cores; larger needs --max-size


def read_inputs(paths: Iterable[str], encoding: str | None, stdin_name: str,
                max_bytes: int = MAX_BYTES) -> Iterator[RawSource | SourceError]:
    for item in expand_inputs(paths):
        if isinstance(item, SourceError):
            yield item
            continue
        try:
            if item == "-":
                data = sys.stdin.buffer.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise SourceError(f"-: standard input is larger than {max_bytes:,} bytes; raise --max-size to ingest it")
                yield from_bytes(data, name=stdin_name, path="-", fmt=sniff_format(data), encoding=encoding)
            else:
                size = _size(item)
                if size > max_bytes:
                    raise SourceError(f"{item}: {size:,} bytes is larger than {max_bytes:,}; raise --max-size to ingest it")
                yield read_path(Path(item), encoding)
        except SourceError as e:
            yield e


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read_path reports the real problem


def prepare(raw: RawSource) -> Prepared:
    front, front_end = front_matter(raw.text) if raw.format != "html" else ({}, 0)
    paras = classify(raw.text, front_end)
    meta = metadata(raw.text, paras, front, raw.meta)
    chunks = []
    for p in paras:
        if p.kind == "frontmatter":
            continue
        for s, e in _chunks(raw.text, p.start, p.end):
            chunks.append((s, e, p))
    return Prepared(raw, paras, meta, chunks)


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK:
        cut = max(text.rfind(". ", start, start + MAX_CHUNK), text.rfind("\n", start, start + MAX_CHUNK))
        if cut <= start:
            cut = text.rfind(" ", start, start + MAX_CHUNK)
        cut = start + MAX_CHUNK if cut <= start else cut + 1
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def ingest(
    paths: Iterable[str],
    store: ClaimStore,
    *,
    model: str,
    encoding: str | None = None,
    stdin_name: str = "stdin",
    on_event: Callable[[str, str], None] | None = None,
    force: bool = False,
    max_bytes: int = MAX_BYTES,
    workers: int = 1,
) -> IngestResult:
    """Read, split and store every input; one transaction per source."""
    result = IngestResult()
    notify = on_event or (lambda kind, msg: None)
    todo: list[Prepared] = []
    seen_names: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for item in read_inputs(paths, encoding, stdin_name, max_bytes):
        if isinstance(item, SourceError):
            result.skipped.append((str(item).split(":")[0], str(item)))
            notify("skip", str(item))
            continue
        if not item.name.strip():
            msg = f"{item.path}: a source needs a name; skipped (rename the file)"
            result.skipped.append((item.path, msg))
            notify("skip", msg)
            continue
        if item.name in seen_names and seen_names[item.name] != item.path:
            msg = f"{item.path}: the name {item.name!r} is already taken by {seen_names[item.name]} in this run; skipped (rename the file)"
            result.skipped.append((item.path, msg))
            notify("skip", msg)
            continue
        twin = seen_content.get(item.sha256) or store.name_with_content(item.sha256)
        if twin and twin != item.name:
            # the id is the content hash, and an identical copy is no independent source anyway
            msg = f"{item.path}: same content as source {twin!r}; skipped"
            result.skipped.append((item.path, msg))
            notify("skip", msg)
            continue
        seen_names[item.name] = item.path
        seen_content[item.sha256] = item.name
        old = store.source_by_name(item.name)
        if old and not force and old["sha256"] == item.sha256 and old["model"] == model and old["kcheck_version"] == __version__:
            result.unchanged.append(item.name)
            notify("unchanged", item.name)
            continue
        todo.append(prepare(item))
    if not todo:
        return result

    from kcheck.nlp import load_pipeline, pipeline_identity

    nlp = load_pipeline(model)
    identity = pipeline_identity(nlp)
    stream = ((p.raw.text[s:e], (k, s, para)) for k, p in enumerate(todo) for s, e, para in p.chunks)
    # worker processes cost a second or two to start: worth it only for a larger job
    total = sum(len(p.raw.text) for p in todo)
    n_process = max(1, workers) if total >= MIN_PARALLEL_CHARS else 1
    docs = nlp.pipe(stream, as_tuples=True, batch_size=64, n_process=n_process)
    current, parsed = 0, []
    for doc, (k, offset, para) in docs:
        while k != current:
            _store(todo[current], parsed, store, nlp, model, identity, result, notify)
            current, parsed = current + 1, []
        parsed.append((doc, offset, para))
    while current < len(todo):
        _store(todo[current], parsed, store, nlp, model, identity, result, notify)
        current, parsed = current + 1, []
    return result


def _store(prep: Prepared, parsed, store: ClaimStore, nlp, model: str, identity: str, result: IngestResult, notify) -> None:
    from kcheck.nlp.components import claims_of  # spaCy is loaded by now

    raw, meta = prep.raw, prep.meta
    source_id = raw.sha256[:16]
    credible_date = meta["published"] if meta["published"] and not meta["published_note"] else None
    sentences, claims = [], []
    sent_idx = 0
    for doc, offset, para in parsed:
        by_sentence: dict[int, list] = {}
        for c in claims_of(doc):
            by_sentence.setdefault(c.sentence_start, []).append(c)
        for sent in doc.sents:
            s_start, s_end = offset + sent.start_char, offset + sent.end_char
            text = sent.text
            kind = para.kind
            boiler = para.boilerplate
            reason = para.reason
            if not boiler and kind == "body" and len(text.split()) <= 20 and (r := furniture_reason(text)):
                boiler, kind, reason = True, "furniture", r
            if text.rstrip().rstrip("\"'”’)]» ").endswith("?") and not boiler:
                kind = "question"
            sentences.append({"id": f"{source_id}:{sent_idx}", "source_id": source_id, "idx": sent_idx,
                              "start": s_start, "end": s_end, "kind": kind, "boilerplate": int(boiler), "reason": reason})
            for c in by_sentence.get(sent.start_char, ()):
                claims.append(_claim_row(raw, source_id, offset, c, sent_idx, para, boiler, credible_date, identity))
            sent_idx += 1
    resolve_surnames(claims)
    for c in claims:
        if not c["boilerplate"]:  # what comparison reads of the claim, derived once
            c["frame"] = json.dumps(frame(c).derived(), ensure_ascii=False)
    if embed.enabled():
        kept = [c for c in claims if not c["boilerplate"]]
        for c, v in zip(kept, embed.embed([c["text"] for c in kept])):
            c["vector"] = v
    _check(raw.text, claims)
    model_meta = nlp.meta
    source = {
        "id": source_id, "name": raw.name, "path": raw.path, "format": raw.format, "sha256": raw.sha256,
        "text": raw.text, "text_sha256": hashlib.sha256(raw.text.encode("utf-8", "surrogatepass")).hexdigest(), **meta,
        "ingested_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model": model,
        "model_version": model_meta.get("version", ""), "kcheck_version": __version__, "pipeline": identity,
    }
    existed = store.source_by_name(raw.name) is not None
    store.replace_source(source, sentences, _dedupe(claims))
    (result.replaced if existed else result.added).append(raw.name)
    result.claims += sum(1 for c in claims if not c["boilerplate"])
    notify("stored", raw.name)


def _claim_row(raw: RawSource, source_id: str, offset: int, c, sent_idx: int, para: Paragraph, boiler: bool,
               credible_date: str | None, identity: str) -> dict:
    """A claim as stored: the component's offsets moved by the paragraph's, dates anchored to
    the source's publication date when it is credible."""
    start, end = offset + c.start, offset + c.end
    dates = []
    for v in c.dates:
        d = {**v, "start": offset + v["start"], "end": offset + v["end"]}
        d = anchor(d, credible_date) if credible_date else d
        if d.get("kind") in {"relative"} or (d.get("kind") == "date" and not d.get("lo")):
            d.setdefault("anchored", False)
        dates.append(d)
    quantities = [{**q, "start": offset + q["start"], "end": offset + q["end"]} for q in c.quantities]
    cid = "c" + hashlib.blake2b(f"{raw.sha256}:{start}:{end}:{c.text}".encode(), digest_size=8).hexdigest()
    return {
        "id": cid, "source_id": source_id, "start": start, "end": end, "quote": raw.text[start:end], "text": c.text,
        "sentence_idx": sent_idx, "kind": c.kind, "headline": int(para.kind in {"headline", "heading"}),
        "boilerplate": int(boiler), "subject": c.subject, "predicate": c.predicate, "object": c.object,
        "negated": int(c.negated), "polarity": c.polarity, "hedges": c.hedges, "speaker": c.speaker,
        "entities": c.entities, "dates": dates, "quantities": quantities, "lemmas": " ".join(c.lemmas),
        "pipeline": identity,
    }


def _dedupe(claims: list[dict]) -> list[dict]:
    seen, out = set(), []
    for c in claims:
        if c["id"] in seen:
            continue
        seen.add(c["id"])
        out.append(c)
    return out


def _check(text: str, claims: list[dict]) -> None:
    for c in claims:
        if text[c["start"]:c["end"]] != c["quote"]:
            raise KcheckError(f"internal error: claim {c['id']} does not match its source text; nothing was stored")

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
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kcheck import __version__, embed
from kcheck.dates import anchor
from kcheck.db import ClaimStore, claim_id
from kcheck.derive import frame
from kcheck.errors import KcheckError, SourceError
from kcheck.language import not_english
from kcheck.layout import Paragraph, classify, mask_markup, metadata, sentence_furniture
from kcheck.names import resolve_surnames
from kcheck.nlp.workers import orphan_guard
from kcheck.reader import SUFFIXES, RawSource, from_bytes, front_matter, read_limited, read_path, sniff_format

# The parser's memory grows with the characters of the batch it works on (about 2 KB per
# character), not with the input: a batch of 64 pieces of 20,000 characters (an article with no
# line breaks) took 1.4 GB at 0.5 MB of input and 4 GB at 5 MB. Pieces of at most 2,000
# characters (longer paragraphs are cut at a sentence end; the longest in the seeds is 1,737)
# in batches of 16 bound a batch to 32,000 characters. Batches of 16 parse as fast as of 64.
MAX_CHUNK = 2_000  # characters handed to the parser at once
BATCH = 16  # pieces per parser batch
MIN_PARALLEL_CHARS = 200_000  # below this, one process is faster than starting workers


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    empty: list[str] = field(default_factory=list)  # stored, but not one claim
    claims: int = 0


@dataclass
class Prepared:
    raw: RawSource
    paragraphs: list[Paragraph]
    meta: dict
    chunks: list[tuple[int, int, Paragraph]]  # (start, end, paragraph) pieces to parse


def expand_inputs(paths: Iterable[str]) -> Iterator[tuple[str, bool] | SourceError]:
    """(path, found by walking a folder) for files as given and directories walked (sorted,
    links not followed), '-' for stdin; a folder with nothing to ingest says so."""
    for p in paths:
        if p == "-":
            yield "-", False
            continue
        path = Path(p)
        if path.is_dir():
            found: list[str] = []
            other: Counter[str] = Counter()
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for f in files:
                    suffix = f.lower() if f.lower() in SUFFIXES else Path(f).suffix.lower()
                    if suffix in SUFFIXES:
                        found.append(str(Path(root) / f))
                    else:
                        other[suffix or "no extension"] += 1
            if not found:
                kinds = ", ".join(sorted(other))
                yield SourceError(
                    f"{p}: no .txt, .md or .html files in this folder"
                    + (f" ({sum(other.values())} other files: {kinds})" if other else " (it is empty)")
                )
            for f in sorted(found):
                yield f, True
        elif path.exists() or path.is_symlink():
            yield str(path), False
        else:
            yield SourceError(f"{p}: no such file or directory")


# From bench/MEMORY.md (2 cores, 2 workers, each with the parser and the embedding model): at
# 3061be6 peak memory was about 1.1-1.2 GB plus 60 MB per MB of input, 110 MB per MB for an
# article with its line breaks lost, so a 2 GB budget allowed 8 MB of the worse kind; at
# bd48519 it was 0.9-1.1 GB plus about 55 MB per MB either way (19 MB allowed), from three
# sizes of at most 1 MB. 8 MB is kept: the slope is measured on small inputs, and 8 MB (~1.2M
# words, about 7 minutes to parse) is more likely a mistake than an article.
MAX_BYTES = 8_000_000


def read_inputs(
    paths: Iterable[str], encoding: str | None, stdin_name: str, max_bytes: int = MAX_BYTES
) -> Iterator[RawSource | SourceError]:
    for item in expand_inputs(paths):
        if isinstance(item, SourceError):
            yield item
            continue
        path, walked = item
        try:
            if path == "-":
                data = read_limited(sys.stdin.buffer, "-: standard input", max_bytes)
                yield from_bytes(data, name=stdin_name, path="-", fmt=sniff_format(data), encoding=encoding)
            else:
                yield read_path(Path(path), encoding, max_bytes, walked)
        except SourceError as e:
            yield e


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
    store: ClaimStore | Callable[[], ClaimStore],
    *,
    model: str,
    encoding: str | None = None,
    stdin_name: str = "stdin",
    on_event: Callable[[str, str], None] | None = None,
    force: bool = False,
    replace: bool = False,
    any_language: bool = False,
    max_bytes: int = MAX_BYTES,
    workers: int = 1,
) -> IngestResult:
    """Read, split and store every input; one transaction per source.

    `store` may be a function that opens it: it is called only once there is something to
    store or compare against, so a run with nothing readable creates no database."""
    result = IngestResult()
    notify = on_event or (lambda kind, msg: None)
    opened: list[ClaimStore] = []

    def the_store() -> ClaimStore:
        if not opened:
            opened.append(store() if callable(store) else store)
        return opened[0]

    def skip(path: str, msg: str) -> None:
        result.skipped.append((path, msg))
        notify("skip", msg)

    todo: list[Prepared] = []
    seen_names: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for item in read_inputs(paths, encoding, stdin_name, max_bytes):
        if isinstance(item, SourceError):
            skip(str(item).split(":")[0], str(item))
            continue
        if not item.name.strip():
            skip(item.path, f"{item.path}: a source needs a name; skipped (rename the file)")
            continue
        if item.name in seen_names and seen_names[item.name] != item.path:
            skip(
                item.path,
                f"{item.path}: the name {item.name!r} is already taken by {seen_names[item.name]} in this run; "
                "skipped (rename the file)",
            )
            continue
        if not any_language and (foreign := not_english(item.text)):
            skip(item.path, f"{item.path}: kcheck reads English; {foreign}; skipped (--any-language ingests it anyway)")
            continue
        db = the_store()
        twin = seen_content.get(item.sha256) or db.name_with_content(item.sha256)
        if twin and twin != item.name:
            # the id is the content hash, and an identical copy is no independent source anyway
            skip(item.path, f"{item.path}: same content as source {twin!r}; skipped")
            continue
        seen_names[item.name] = item.path
        seen_content[item.sha256] = item.name
        old = db.source_by_name(item.name)
        if (
            old
            and not force
            and old["sha256"] == item.sha256
            and old["model"] == model
            and old["kcheck_version"] == __version__
        ):
            result.unchanged.append(item.name)
            notify("unchanged", item.name)
            continue
        if old and not replace and not same_file(old["path"], item.path):
            # a name is the source's identity; another file of the same name is another source,
            # and replacing the first without a word lost it
            skip(
                item.path,
                f"{item.path}: a source named {item.name!r} already comes from {old['path']}; skipped "
                "(rename the file, or pass --replace to replace that source)",
            )
            continue
        todo.append(prepare(item))
    if not todo:
        return result

    from kcheck.nlp import load_pipeline, pipeline_identity

    nlp = load_pipeline(model)
    identity = pipeline_identity(nlp)
    stream = (
        (_paragraph_doc(nlp, mask_markup(p.raw.text[s:e]), para), (k, s, para))
        for k, p in enumerate(todo)
        for s, e, para in p.chunks
    )
    # worker processes cost a second or two to start: worth it only for a larger job
    total = sum(len(p.raw.text) for p in todo)
    n_process = max(1, workers) if total >= MIN_PARALLEL_CHARS else 1
    if n_process > 1:
        orphan_guard()
    # alone, the claim component embeds one batch while the parser works on the next
    overlap = {"kcheck_claims": {"overlap": True}} if n_process == 1 else None
    docs = nlp.pipe(stream, as_tuples=True, batch_size=BATCH, n_process=n_process, component_cfg=overlap)
    # each Doc is read into plain rows as it arrives and dropped: holding a long source's
    # Docs until its end cost about 2 GB per MB of text
    current = 0
    rows = SourceRows(todo[0], identity)
    for doc, (k, offset, para) in docs:
        while k != current:
            _store(rows, the_store(), nlp, model, identity, result, notify)
            current += 1
            rows = SourceRows(todo[current], identity)
        rows.add(doc, offset, para)
    while True:
        _store(rows, the_store(), nlp, model, identity, result, notify)
        current += 1
        if current >= len(todo):
            break
        rows = SourceRows(todo[current], identity)
    return result


def _paragraph_doc(nlp, text: str, para: Paragraph):
    """The piece as a Doc that tells the claim component what paragraph it comes from, so that
    it embeds no claim that will be stored as boilerplate (a quarter of the benchmark's)."""
    from kcheck.nlp.components import PARAGRAPH_KEY

    doc = nlp.make_doc(text)
    doc.user_data[PARAGRAPH_KEY] = (para.kind, para.boilerplate)
    return doc


def same_file(stored: str, given: str) -> bool:
    """The stored path and a path given now name one file (as written, or once resolved)."""
    if stored == given:
        return True
    if "-" in (stored, given):
        return False
    return os.path.realpath(stored) == os.path.realpath(given)


class SourceRows:
    """The sentence and claim rows of one source, read from its Docs one at a time."""

    def __init__(self, prep: Prepared, identity: str) -> None:
        self.prep, self.identity = prep, identity
        self.source_id = prep.raw.sha256[:16]
        meta = prep.meta
        self.credible_date = meta["published"] if meta["published"] and not meta["published_note"] else None
        self.sentences: list[dict] = []
        self.claims: list[dict] = []

    def add(self, doc, offset: int, para: Paragraph) -> None:
        from kcheck.nlp.components import claims_of  # spaCy is loaded by now

        raw, source_id = self.prep.raw, self.source_id
        parsed = doc.text
        masked = parsed != raw.text[offset : offset + len(parsed)]
        by_sentence: dict[int, list] = {}
        for c in claims_of(doc):
            by_sentence.setdefault(c.sentence_start, []).append(c)
        for sent in doc.sents:
            s_start, s_end = offset + sent.start_char, offset + sent.end_char
            text = sent.text
            kind = para.kind
            boiler = para.boilerplate
            reason = para.reason
            if not boiler and (r := sentence_furniture(text, kind)):
                boiler, kind, reason = True, "furniture", r
            if text.rstrip().rstrip("\"'”’)]» ").endswith("?") and not boiler:
                kind = "question"
            idx = len(self.sentences)
            found = by_sentence.get(sent.start_char, ())
            if not found and not boiler:
                reason = no_claim_reason(sent, kind)
            self.sentences.append(
                {
                    "id": f"{source_id}:{idx}",
                    "source_id": source_id,
                    "idx": idx,
                    "start": s_start,
                    "end": s_end,
                    "kind": kind,
                    "boilerplate": int(boiler),
                    "reason": reason,
                }
            )
            for c in found:
                if masked:  # markup masked with spaces leaves runs of them in the parsed words
                    for k in ("text", "subject", "object", "speaker"):
                        setattr(c, k, " ".join(getattr(c, k).split()))
                self.claims.append(
                    _claim_row(raw, source_id, offset, c, idx, para, boiler, self.credible_date, self.identity)
                )


def no_claim_reason(sent, kind: str) -> str:
    """Why a sentence that is not boilerplate gave no claim, in a few words."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if kind == "question":
        return "no claim: a question"
    if BYLINE.match(sent.text.strip()):
        return "no claim: a byline"
    if len(words) < 3:
        return f"no claim: too short ({len(words)} word{'s' if len(words) != 1 else ''})"
    if not any(t.pos_ in {"VERB", "AUX"} for t in words):
        return "no claim: a fragment with no verb"
    return "no claim: no clause the splitter could state"


BYLINE = re.compile(
    r"(?:by|reporting by|written by|words by|photos? by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\W*$"
)


def _store(rows: SourceRows, store: ClaimStore, nlp, model: str, identity: str, result: IngestResult, notify) -> None:
    prep = rows.prep
    raw, meta = prep.raw, prep.meta
    source_id = rows.source_id
    sentences, claims = rows.sentences, rows.claims
    resolve_surnames(claims)
    for c in claims:
        if not c["boilerplate"]:  # what comparison reads of the claim, derived once
            c["frame"] = json.dumps(frame(c).derived(), ensure_ascii=False)
    if embed.enabled():  # the component embeds each claim; this catches any it did not
        kept = [c for c in claims if not c["boilerplate"] and not c.get("vector")]
        for c, v in zip(kept, embed.embed([c["text"] for c in kept])):
            c["vector"] = v
    _check(raw.text, claims)
    model_meta = nlp.meta
    source = {
        "id": source_id,
        "name": raw.name,
        "path": raw.path,
        "format": raw.format,
        "sha256": raw.sha256,
        "text": raw.text,
        "text_sha256": hashlib.sha256(raw.text.encode("utf-8", "surrogatepass")).hexdigest(),
        "encoding": raw.encoding,
        **meta,
        "ingested_utc": now_utc(),
        "model": model,
        "model_version": model_meta.get("version", ""),
        "kcheck_version": __version__,
        "pipeline": identity,
    }
    existed = store.source_by_name(raw.name) is not None
    store.replace_source(source, sentences, _dedupe(claims))
    (result.replaced if existed else result.added).append(raw.name)
    stated = sum(1 for c in claims if not c["boilerplate"])
    result.claims += stated
    notify("stored", raw.name)
    if not stated:
        result.empty.append(raw.name)
        notify("warn", f"{raw.path}: stored, but it gave no claims ({_why_empty(sentences)})")


def _why_empty(sentences: list[dict]) -> str:
    reasons = Counter(s["reason"].removeprefix("no claim: ") or s["kind"] for s in sentences)
    if not reasons:
        return "no sentences"
    top = ", ".join(f"{r} ×{n}" for r, n in reasons.most_common(3))
    return f"{len(sentences)} sentence{'s' if len(sentences) != 1 else ''}: {top}"


def now_utc() -> str:
    """The time recorded as `ingested_utc`. SOURCE_DATE_EPOCH (the reproducible-builds
    convention) fixes it, so that `make claims.db` builds the same bytes every time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return when.isoformat(timespec="seconds")


def _claim_row(
    raw: RawSource,
    source_id: str,
    offset: int,
    c,
    sent_idx: int,
    para: Paragraph,
    boiler: bool,
    credible_date: str | None,
    identity: str,
) -> dict:
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
    cid = claim_id(raw.sha256, start, end, c.text)
    return {
        "id": cid,
        "source_id": source_id,
        "start": start,
        "end": end,
        "quote": raw.text[start:end],
        "text": c.text,
        "sentence_idx": sent_idx,
        "kind": c.kind,
        "headline": int(para.kind in {"headline", "heading"}),
        "boilerplate": int(boiler),
        "subject": c.subject,
        "predicate": c.predicate,
        "object": c.object,
        "negated": int(c.negated),
        "polarity": c.polarity,
        "hedges": c.hedges,
        "speaker": c.speaker,
        "entities": c.entities,
        "dates": dates,
        "quantities": quantities,
        "lemmas": " ".join(c.lemmas),
        "vector": c.vector if c.vector and not boiler else None,  # site furniture is never compared
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
        if text[c["start"] : c["end"]] != c["quote"]:
            raise KcheckError(f"internal error: claim {c['id']} does not match its source text; nothing was stored")

"""Check a curated claims file against the sources: quotes, anchors and evidence.

The claims file is YAML that writers keep under git, so it is read and (with
--write-anchors) rewritten with ruamel.yaml's round-trip mode: comments, order and layout
survive, and every claim and cite knows its line for error messages.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kcheck.db import ClaimStore
from kcheck.errors import UsageError
from kcheck.normalize import stem
from kcheck.report import ensure_groups
from kcheck.yamlsafe import AliasBomb, expanded_size, shorten

MIN_QUOTE_WORDS = 4  # shorter quotes match too many places to prove anything
CONTEXT = 32  # characters of text kept on each side of an anchored quote
CLOSE_ENOUGH = 0.6  # below this similarity a passage is not "the same quote, edited"
PASSING_QUOTES = {"exact", "normalized", "anchored", "moved"}
_STOP = set(
    "the a an and or of to in on at by for with from that this these those is are was were be been has have had "
    "it its as but not no into over after before than their there they he she his her which who".split()
)


class ClaimsFileError(UsageError):
    """A claims file that cannot be read or does not have the documented shape (exit 2)."""


@dataclass
class QuoteCheck:
    source: str
    quote: str
    line: int
    status: str  # exact | normalized | anchored | moved | changed | orphaned | misattributed | not found | ambiguous
    start: int | None = None
    end: int | None = None
    detail: str = ""
    similarity: float | None = None
    found_in: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in PASSING_QUOTES


@dataclass
class ClaimResult:
    id: str
    text: str
    file: str
    line: int
    min_sources: int
    quotes: list[QuoteCheck] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(q.ok for q in self.quotes) and self.evidence.get("status") == "supported"

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "text": self.text,
            "min_sources": self.min_sources,
            "passed": self.passed,
            "quotes": [{**{k: v for k, v in q.__dict__.items() if v is not None}, "ok": q.ok} for q in self.quotes],
            "evidence": self.evidence,
        }


# --- reading --------------------------------------------------------------------------


def _yaml():
    from ruamel.yaml import YAML

    y = YAML()  # round-trip: keeps comments and layout
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)  # the "  - id: ..." layout of the README and examples
    return y


def load(path: Path):
    from ruamel.yaml import YAMLError

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ClaimsFileError(f"{path}: cannot read ({getattr(e, 'strerror', None) or e})") from None
    try:
        expanded_size(raw)
        doc = _yaml().load(raw)
    except AliasBomb as e:
        raise ClaimsFileError(f"{path}: {e}") from None
    except YAMLError as e:
        # the context mark points at the construct that is broken (an unclosed "["), the
        # problem mark at where the parser gave up (often the end of the file)
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ClaimsFileError(f"{where}: not valid YAML ({shorten(problem)})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        raise ClaimsFileError(f"{path}:1: a claims file needs a top-level 'claims' list")
    return doc


def _line(node, key=None) -> int:
    try:
        if key is not None:
            return node.lc.key(key)[0] + 1
        return node.lc.line + 1
    except Exception:
        return 0


def validate(path: Path, doc, known_sources: set[str]) -> None:
    seen: dict[str, int] = {}
    for claim in doc["claims"]:
        line = _line(claim)
        if not isinstance(claim, dict):
            raise ClaimsFileError(f"{path}:{line}: each claim must be a mapping with 'id' and 'text'")
        for key in ("id", "text"):
            value = claim.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ClaimsFileError(f"{path}:{line}: claim is missing '{key}'")
        if claim["id"] in seen:
            raise ClaimsFileError(
                f"{path}:{line}: claim id {claim['id']!r} is already used on line {seen[claim['id']]}"
            )
        seen[claim["id"]] = line
        ms = claim.get("min_sources", 1)
        if not isinstance(ms, int) or isinstance(ms, bool) or ms < 1:
            raise ClaimsFileError(f"{path}:{_line(claim, 'min_sources')}: min_sources must be a whole number >= 1")
        cites = claim.get("cite") or []
        if not isinstance(cites, list):
            raise ClaimsFileError(f"{path}:{_line(claim, 'cite')}: 'cite' must be a list")
        for cite in cites:
            cl = _line(cite)
            if (
                not isinstance(cite, dict)
                or not isinstance(cite.get("source"), str)
                or not isinstance(cite.get("quote"), str)
            ):
                raise ClaimsFileError(f"{path}:{cl}: each cite needs 'source' and 'quote'")
            if cite["source"] not in known_sources and not isinstance(cite.get("anchor"), dict):
                # an anchored cite whose source is gone is reported as orphaned, not refused
                raise ClaimsFileError(f"{path}:{cl}: unknown source {cite['source']!r} (see: kcheck sources)")


# --- quotes ---------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
    }
)


def normalized_with_map(text: str, *, space: bool, marks: bool, case: bool) -> tuple[str, list[int]]:
    """The text normalized as asked, and for each of its characters the offset it came from."""
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        c = ch
        if marks:
            c = unicodedata.normalize("NFKC", c).translate(_FOLD)
        if case:
            c = c.lower()
        if space and c.isspace():
            if prev_space:
                continue
            c, prev_space = " ", True
        elif space:
            prev_space = False
        for cc in c:
            out.append(cc)
            where.append(i)
    return "".join(out), where


LEVELS = [
    ("whitespace", dict(space=True, marks=False, case=False)),
    ("whitespace, quote marks and dashes", dict(space=True, marks=True, case=False)),
    ("whitespace, quote marks, dashes and case", dict(space=True, marks=True, case=True)),
]


def find_quote(text: str, quote: str) -> tuple[str, int, int, str] | None:
    """('exact' | 'normalized', start, end, what was normalized) or None."""
    pos = text.find(quote)
    if pos >= 0:
        return "exact", pos, pos + len(quote), ""
    if not _may_hold(text, quote):
        return None
    for label, opts in LEVELS:
        t, where = _normalized(text, **opts)
        q, _ = normalized_with_map(quote.strip(), **opts)
        pos = t.find(q)
        if q and pos >= 0:
            return "normalized", where[pos], where[pos + len(q) - 1] + 1, label
    return None


def _may_hold(text: str, quote: str) -> bool:
    """Whether the quote's longest word is in the text at all, however normalized: checked
    at C speed, so that a quote that is nowhere costs no character-by-character pass over the
    text (three of them took 3.6 s on a 4.9 MB source)."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", quote).lower())
    if not words:
        return True
    word = max(words, key=len)
    return word in text.lower() or word in _compat_lower(text)


@functools.lru_cache(maxsize=4)
def _compat_lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=12)
def _normalized(text: str, *, space: bool, marks: bool, case: bool) -> tuple[str, list[int]]:
    """normalized_with_map, kept for the next quote of the same source."""
    return normalized_with_map(text, space=space, marks=marks, case=case)


def closest_passage(text: str, quote: str) -> tuple[float, int, int]:
    """The passage most like the quote, whole words only: (similarity, start, end). rapidfuzz
    finds the best-aligned span in one pass over the text (a difflib window per word took
    0.7 s on 91 KB and half a minute on 4.9 MB, and kept only the 25 windows richest in the
    quote's letters, so it could miss the best one)."""
    from rapidfuzz import fuzz

    q = quote.strip().lower()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case into two: keep offsets one to one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not q or not text.strip():
        return 0.0, 0, 0
    hit = fuzz.partial_ratio_alignment(q, lowered)
    if hit is None:
        return 0.0, 0, 0
    start, end = hit.dest_start, hit.dest_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < end and not text[start - 1].isspace():  # whole words: widen to the ones it cuts into
        start -= 1
    while start < end < len(text) and not text[end].isspace():
        end += 1
    return round(fuzz.ratio(q, lowered[start:end]) / 100, 3), start, end


def check_quote(cite, line: int, texts: dict[str, str], shas: dict[str, str]) -> QuoteCheck:
    source, quote = cite["source"], cite["quote"]
    qc = QuoteCheck(source, quote, line, "")
    if len(quote.split()) < MIN_QUOTE_WORDS:
        qc.status = "ambiguous"
        qc.detail = f"quotes need at least {MIN_QUOTE_WORDS} words to pin down one passage"
        return qc
    anchor = cite.get("anchor") if isinstance(cite.get("anchor"), dict) else None
    if source not in texts:
        qc.status, qc.detail = "orphaned", f"source {source} is no longer in the database"
        return qc
    text = texts[source]
    hit = find_quote(text, quote)
    if anchor:
        return _reanchor(qc, anchor, text, shas[source], hit)
    if hit:
        qc.status, qc.start, qc.end, how = hit
        qc.detail = f"matched after normalizing {how}" if how else ""
        return qc
    for other, other_text in texts.items():
        if other != source and find_quote(other_text, quote):
            qc.status, qc.found_in = "misattributed", other
            qc.detail = f"the quote is in {other}, not in {source}"
            return qc
    sim, s, e = closest_passage(text, quote)
    qc.status, qc.similarity, qc.start, qc.end = "not found", sim, s, e
    qc.detail = f"closest passage ({sim:.0%} similar) at {s}-{e}: {text[s:e]!r}"
    return qc


def _reanchor(qc: QuoteCheck, anchor: dict, text: str, sha: str, hit) -> QuoteCheck:
    start, end = anchor.get("start"), anchor.get("end")
    if anchor.get("sha256") == sha and isinstance(start, int) and text[start:end] == qc.quote:
        qc.status, qc.start, qc.end = "anchored", start, end
        return qc
    if hit:
        qc.status, qc.start, qc.end = ("anchored" if (hit[1], hit[2]) == (start, end) else "moved"), hit[1], hit[2]
        if qc.status == "moved":
            qc.detail = f"found at {hit[1]}-{hit[2]}, anchored at {start}-{end}"
        return qc
    sim, s, e = closest_passage(text, qc.quote)
    qc.similarity, qc.start, qc.end = sim, s, e
    if sim >= CLOSE_ENOUGH:
        qc.status = "changed"
        qc.detail = f"the source changed under the quote; it now reads {text[s:e]!r} ({sim:.0%} similar) at {s}-{e}"
    else:
        qc.status = "orphaned"
        qc.detail = "the quote and its context are gone from the source"
    return qc


def anchor_for(text: str, sha: str, start: int, end: int) -> dict:
    return {
        "start": start,
        "end": end,
        "before": text[max(0, start - CONTEXT) : start],
        "after": text[end : end + CONTEXT],
        "sha256": sha,
    }


# --- evidence -------------------------------------------------------------------------


def _content(s: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[^\W\d_]{3,}", s.lower()) if w not in _STOP}


def evidence(store: ClaimStore, text: str, quotes: list[QuoteCheck], min_sources: int) -> dict:
    """How the database's groups bear on a claim: supported, conflicted, single or unattested."""
    matched: list[dict] = []
    for q in quotes:
        if q.ok and q.start is not None:
            rows = store.db.query(
                "select c.id, gc.group_id from claims c join sources s on s.id = c.source_id "
                "join group_claims gc on gc.claim_id = c.id where s.name = ? and c.boilerplate = 0 "
                "and c.start < ? and c.end > ? order by (min(c.end, ?) - max(c.start, ?)) desc, c.end - c.start limit 1",
                [q.source, q.end, q.start, q.end, q.start],
            )
            matched.extend(rows)
    if not matched:
        terms = sorted(_content(text))
        if terms:
            query = " OR ".join(f'"{t}"*' for t in terms)
            want = _content(text)
            for row in store.db.query(
                "select c.id, c.text, gc.group_id from claims_fts f join claims c on c.rowid = f.rowid "
                "join group_claims gc on gc.claim_id = c.id where claims_fts match ? and c.boilerplate = 0 "
                "order by bm25(claims_fts) limit 20",
                [query],
            ):
                have = _content(row["text"])
                if want and len(want & have) / len(want) >= 0.5:
                    matched.append(row)
                    break
    if not matched:
        return {"status": "unattested", "detail": "no stored claim states this", "sources": 0, "independent_sources": 0}
    groups = {g["id"]: g for g in store.groups(ids=sorted({m["group_id"] for m in matched}))}
    conflict = next((g for g in groups.values() if g["verdict"] == "conflict"), None)
    if conflict:
        c = conflict["conflicts"][0] if conflict["conflicts"] else {}
        return {
            "status": "conflicted",
            "group_id": conflict["id"],
            "slot": conflict.get("slot"),
            "detail": conflict["explanation"],
            "sources": conflict["sources"],
            "independent_sources": conflict["independent_sources"],
            "quotes": [{"source": x["source"], "quote": x["quote"]} for x in c.get("claims", [])],
        }
    best = max(groups.values(), key=lambda g: (g["independent_sources"], g["sources"]))
    n = best["independent_sources"]
    status = "supported" if n >= min_sources else "single" if n == 1 else "insufficient"
    detail = f"{best['sources']} source(s), {n} independent; {min_sources} required" + (
        "" if status == "supported" else ": not enough"
    )
    return {
        "status": status,
        "group_id": best["id"],
        "detail": detail,
        "sources": best["sources"],
        "independent_sources": n,
        "quotes": [{"source": x["source"], "quote": x["quote"]} for x in best["claims"]],
    }


# --- the whole file -------------------------------------------------------------------


def verify_file(path: Path, store: ClaimStore, write_anchors: bool = False) -> list[ClaimResult]:
    ensure_groups(store)
    doc = load(path)
    srcs = {r["name"]: r for r in store.db.query("select name, text, sha256 from sources")}
    validate(path, doc, set(srcs))
    texts = {n: r["text"] for n, r in srcs.items()}
    shas = {n: r["sha256"] for n, r in srcs.items()}
    results = []
    changed = False
    for claim in doc["claims"]:
        res = ClaimResult(
            str(claim["id"]), str(claim["text"]), str(path), _line(claim), int(claim.get("min_sources", 1))
        )
        for cite in claim.get("cite") or []:
            qc = check_quote(cite, _line(cite), texts, shas)
            res.quotes.append(qc)
            if write_anchors and qc.ok and qc.start is not None and qc.end is not None:
                new = anchor_for(texts[qc.source], shas[qc.source], qc.start, qc.end)
                if dict(cite.get("anchor") or {}) != new:
                    cite["anchor"] = new
                    changed = True
        res.evidence = evidence(store, res.text, res.quotes, res.min_sources)
        results.append(res)
    if write_anchors and changed:
        tmp = path.with_name(path.name + ".kcheck-tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            _yaml().dump(doc, f)
        tmp.replace(path)  # atomic: a crash never leaves half a claims file
    return results


CLAIMS_FILES = {"claims.yaml", "claims.yml"}


def claims_files(root: Path) -> list[Path]:
    """Every claims.yaml / claims.yml under `root`, hidden folders (.git, .venv) left out."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / n for n in sorted(names) if n in CLAIMS_FILES]
    return [p.relative_to(root) if p.is_relative_to(root) else p for p in found]


def verify_files(paths: list[Path], store: ClaimStore, write_anchors: bool = False) -> list[ClaimResult]:
    out = []
    for p in paths:
        if not p.exists():
            raise ClaimsFileError(f"{p}: no such file")
        out.extend(verify_file(p, store, write_anchors))
    return out

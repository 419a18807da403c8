"""Turn files (or stdin) into the exact text kcheck stores and quotes from.

For plain text and Markdown the stored text is the file's text exactly as decoded:
no newline translation, BOMs kept, so every offset a user sees can be checked against
the file itself. For HTML it is the visible main text, built here once and stored, so
offsets refer to the stored text.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from kcheck.errors import SourceError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


@dataclass
class RawSource:
    """A decoded input before any language processing."""

    name: str
    path: str
    sha256: str  # of the bytes read, so a changed file is noticed even if it decodes the same
    text: str
    format: str  # "text", "markdown" or "html"
    meta: dict = field(default_factory=dict)  # title/outlet/date found by the reader itself
    encoding: str | None = None  # the codec that encodes `text` back into the bytes read, if one does


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, label: str, encoding: str | None = None) -> str:
    """Decode bytes, keeping every character (a UTF-8 BOM stays as U+FEFF)."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise SourceError(f"{label}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise SourceError(f"{label}: not valid {encoding} (byte {e.start}); try another --encoding") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise SourceError(
                f"{label}: starts like UTF-16 but is not valid UTF-16 (byte {e.start}); "
                "pass --encoding if it is something else"
            ) from None
    if b"\x00" in data[:8192]:
        raise SourceError(f"{label}: looks like a binary file (NUL bytes); skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError(
            f"{label}: not valid UTF-8 (byte {e.start}); pass --encoding cp1252 or --encoding latin-1 if that is what it is"
        ) from None


def read_limited(f, label: str, max_bytes: int) -> bytes:
    """At most `max_bytes` from an open binary file, or a SourceError naming the limit: a pipe,
    a device or stdin has no size to check first, so the limit is what is read."""
    data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError(f"{label}: larger than {max_bytes:,} bytes; raise --max-size to ingest it")
    return data


def read_path(path: Path, encoding: str | None = None, max_bytes: int = 8_000_000, walked: bool = False) -> RawSource:
    """Read one file. A file found by walking a folder must be a regular file (a named pipe
    there would block the whole run); one named on the command line may be a pipe or a device
    (`/dev/stdin`, `<(...)`), read up to the same limit."""
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            if st.st_size > max_bytes:
                raise SourceError(
                    f"{path}: {st.st_size:,} bytes is larger than {max_bytes:,}; raise --max-size to ingest it"
                )
        elif walked or stat.S_ISDIR(st.st_mode):
            raise SourceError(f"{path}: not a regular file (a pipe, socket or device); skipped")
        with path.open("rb") as f:
            data = read_limited(f, str(path), max_bytes)
    except OSError as e:
        raise SourceError(f"{path}: cannot read ({e.strerror or e})") from None
    suffix = path.suffix.lower()
    fmt = "html" if suffix in HTML_SUFFIXES else "markdown" if suffix in {".md", ".markdown"} else "text"
    return from_bytes(data, name=source_name(path), path=str(path), fmt=fmt, encoding=encoding)


def source_name(path: Path) -> str:
    """The file name without its extension; a file named only ".txt" has no name."""
    return "" if path.name.lower() in SUFFIXES else path.stem


def from_bytes(data: bytes, *, name: str, path: str, fmt: str, encoding: str | None = None) -> RawSource:
    text = decode(data, path, encoding)
    meta: dict = {}
    codec = None
    if fmt == "html":
        text, meta = extract_html(text)
    else:
        codec = encoding or ("utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8")
        try:
            codec = codec if text.encode(codec, "surrogatepass") == data else None
        except (UnicodeError, LookupError):
            codec = None
    if not text.strip():
        raise SourceError(f"{path}: no text to ingest; skipped")
    return RawSource(name=name, path=path, sha256=sha256_bytes(data), text=text, format=fmt, meta=meta, encoding=codec)


def sniff_format(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"


# --- HTML -----------------------------------------------------------------------------

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "select",
    "option",
    "menu",
    "figure",
    "head",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "hr",
    "body",
    "figcaption",
    "address",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_META_KEYS = {
    "og:site_name": "outlet",
    "application-name": "outlet",
    "publisher": "outlet",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "dc.date": "date",
    "og:title": "title",
    "og:url": "url",
}


class _MainText(HTMLParser):
    """Collect visible text by block, remembering whether it sat inside <main>/<article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, in_main)
        self.buf: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()  # tag -> how many are on the stack
        self.main_depth = 0
        self.pre_depth = 0
        self.meta: dict = {}
        self.in_title = False
        self.title_parts: list[str] = []

    def flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        text = raw.strip() if self.pre_depth else re.sub(r"\s+", " ", raw).strip()
        if text:
            self.blocks.append((text, self.main_depth > 0))

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = _META_KEYS.get((a.get("property") or a.get("name") or "").lower())
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"].strip()
            return
        if tag == "time" and "date" not in self.meta:
            a = dict(attrs)
            if a.get("datetime"):
                self.meta["date"] = a["datetime"].strip()
        if tag in _VOID:
            if tag in {"br", "hr"}:
                self.flush()
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in {"main", "article"}:
            self.main_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag in _BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if not self.open[tag]:
            # a stray end tag in broken HTML; counted, not searched for: 50,000 of them under
            # 50,000 open tags was 2.5 billion comparisons
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.open[open_tag] -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if open_tag in {"main", "article"}:
                self.main_depth -= 1
            if open_tag == "pre":
                self.pre_depth -= 1
            if open_tag in _BLOCK:
                self.flush()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth == 0:
            self.buf.append(data)


def extract_html(markup: str) -> tuple[str, dict]:
    """Visible main text of an HTML page, one block per paragraph, and the page's metadata."""
    parser = _MainText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; anything it still rejects gets the text it has so far
        pass
    parser.flush()
    blocks = parser.blocks
    if any(in_main for _, in_main in blocks):
        blocks = [b for b in blocks if b[1]]
    meta = dict(parser.meta)
    title = html.unescape(" ".join("".join(parser.title_parts).split()))
    if title and "title" not in meta:
        meta["title"] = title
    return "\n\n".join(text for text, _ in blocks) + ("\n" if blocks else ""), meta


# --- front matter ---------------------------------------------------------------------

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def front_matter(text: str) -> tuple[dict, int]:
    """The `key: value` pairs of a leading `---` block, and where the block ends. Read as YAML
    (ruamel.yaml's safe loader: quoting, escapes, comments and folded values as YAML means
    them); a block that is not valid YAML, such as the common `title: Fire: the toll` with an
    unquoted colon, is read line by line as `key: rest of the line`."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    from ruamel.yaml import YAML, YAMLError

    from kcheck.yamlsafe import AliasBomb, expanded_size

    try:
        expanded_size(m.group(1), limit=10_000)
        data = YAML(typ="safe", pure=True).load(m.group(1))
    except AliasBomb:
        return {}, m.end()
    except (YAMLError, ValueError):
        return _lines(m.group(1)), m.end()
    out = {}
    for key, value in data.items() if isinstance(data, dict) else ():
        if isinstance(key, str) and key.strip() and isinstance(value, (str, int, float, date, datetime)):
            out[key.strip().lower()] = value.isoformat() if isinstance(value, (date, datetime)) else str(value).strip()
    return out, m.end()


def _lines(block: str) -> dict:
    out = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            out[key.strip().lower()] = value.strip().strip("\"'")
    return out

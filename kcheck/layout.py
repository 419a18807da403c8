"""Paragraphs of a source with exact offsets, and what each one is.

Web pages carry furniture around the article: donation appeals, newsletter prompts,
menus, share buttons, disclaimers, datelines, a tag line in another language. It is
marked here, never deleted, so offsets into the stored text never shift. The signals
are about web pages in general, not about any one outlet:

- the page talking to its reader: "you/your" and the outlet's "we/our" outside quotes;
- runs of very short unpunctuated lines (menus, platform lists, buttons);
- lines mostly in another script than the article's;
- stock phrases of web furniture (subscribe, donate, share, cookies, all rights reserved);
- a line that is nothing but a date and a time (a dateline, kept as metadata).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from kcheck import words as wordlists
from kcheck.dates import find_dates

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)

FURNITURE_PHRASES = re.compile(
    r"\b(?:subscribe|subscription|unsubscribe|newsletter|sign(?:ed)? up|log ?in|sign in|donat(?:e|ion)|"
    r"support us|your support|become a (?:member|patron)|ad-free|advertisement|sponsored|"
    r"share (?:this|on)|follow us|listen to us|like us on|cookie|privacy policy|terms of (?:use|service)|"
    r"all rights reserved|copyright|©|read more|related articles?|more stories|click here|"
    r"remind me later|dear readers?|submit a correction|"
    r"disclaimer|skip to (?:main )?content|back to top|"
    r"download (?:our|the) app|stay (?:updated|on top)|keep updated|be the first to know)\b",
    re.I,
)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_SECOND = wordlists.words("reader_second_person")
_OUTLET_WORDS = wordlists.words("outlet_words")
_FIRST_PLURAL = wordlists.words("reader_first_plural")
_TERMINAL = tuple(".!?:;…")
_CLOSERS = "\"'”’)]»"
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\b|\b(?:gmt|utc|[ecmp][sd]t|ist)\b|@|\|", re.I)
_BYLINE = re.compile(r"\b(?:updated?s?|published|posted|last|by|on|at|date|time)\b", re.I)


@dataclass
class Paragraph:
    start: int
    end: int
    kind: str  # body | headline | heading | question | dateline | source | furniture | frontmatter
    reason: str = ""

    @property
    def boilerplate(self) -> bool:
        return self.kind in {"dateline", "furniture", "frontmatter", "source"}


def paragraphs(text: str, skip_until: int = 0) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end) offsets, trimmed of surrounding whitespace."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        if s >= len(text) and s == e:
            break
        line = text[s:e]
        stripped = line.strip()
        if not stripped.strip("\ufeff"):
            continue
        lead = len(line) - len(line.lstrip())
        start = s + lead
        end = start + len(stripped)
        if end <= skip_until:
            continue
        out.append((max(start, skip_until), end))
    return out


def words(s: str) -> list[str]:
    return _WORD.findall(s)


def foreign_script(s: str) -> bool:
    """Most letters are outside the Latin script (a tag line in another language)."""
    if s.isascii():
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters) < 0.5


def unquoted(s: str) -> str:
    """`s` without its quoted speech, also where a quotation runs past either end of it (a
    sentence of a quotation that spans sentences: 'The coach told reporters: "Write what you like
    about us.' and 'We will be back next season, you will see."')."""
    s = _QUOTED.sub(" ", s)
    if "“" in s or "”" in s:
        if "”" in s:
            s = s[s.rindex("”") + 1 :]
        if "“" in s:
            s = s[: s.index("“")]
    elif s.count('"') == 1:
        i = s.index('"')
        opening = i == 0 or s[i - 1].isspace() or s[i - 1] in ":—–-("
        s = s[:i] if opening else s[i + 1 :]
    return s


def reader_address(s: str) -> tuple[int, int, int]:
    """(second-person, first-person-plural, word) counts outside quoted speech."""
    ws = [w.lower() for w in words(unquoted(s))]
    return sum(w in _SECOND for w in ws), sum(w in _FIRST_PLURAL for w in ws), len(ws)


def is_dateline(s: str) -> bool:
    """A line that holds a date and little else: times, weekdays, 'Updated by X'."""
    found = [v for v in find_dates(s) if v.kind in {"date", "relative"}]
    if not any(v.kind == "date" and (v.lo or v.month) for v in found):
        return False
    rest = s
    for v in sorted(found, key=lambda v: -v.start):
        rest = rest[: v.start] + " " + rest[v.end :]
    rest = _BYLINE.sub(" ", _TIME.sub(" ", rest))
    return len(words(rest)) <= 3


def sentence_furniture(text: str, kind: str) -> str:
    """Why one sentence of a paragraph of `kind` is web furniture by itself, or '': only short
    sentences of body text are judged. Ingest marks them boilerplate; the claim component
    leaves their claims unembedded, since a boilerplate claim is stored without its vector."""
    if kind != "body" or len(text.split()) > 20:
        return ""
    return furniture_reason(text)


def furniture_reason(s: str) -> str:
    """Why a line or sentence is web furniture, or '' when it reads as article text."""
    n_words = len(words(s))
    if n_words == 0:
        return "no words"
    if foreign_script(s):
        return "other script"
    you, we, n = reader_address(s)
    if you >= 2 or (you and we) or (you and n <= 12):
        return "addresses the reader"
    own = {w.lower() for w in words(unquoted(s))}
    if (we >= 3 or (we >= 2 and we / max(n, 1) >= 0.05)) and not _OUTLET_WORDS.isdisjoint(own) and "i" not in own:
        # "we will update this page": the outlet; "we ran our two shelters for a month", or a
        # passage where the writer also says "I", is the writer's own first-person account
        return "outlet speaking of itself"
    if FURNITURE_PHRASES.search(s) and (n_words <= 20 or you or we):
        # in a long paragraph "donations" or "copyright" is news, not furniture
        return "web furniture phrase"
    if re.match(r"^\W{1,3}\s*\w+$", s) and n_words <= 2:
        return "navigation"
    return ""


def _unpunctuated(s: str) -> bool:
    return not s.rstrip(_CLOSERS).endswith(_TERMINAL)


# a wire-style dateline that opens the first paragraph: "OSLO, May 2, 2021 (Agency) - ..."
_INLINE_DATELINE = re.compile(
    r"\W{0,3}[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s+(?P<d>[^()\n]{6,40}?)\s*"
    r"(?:\([^)\n]{1,60}\)\s*)?[-–—:]{1,2}\s"
)


def _wire_day(m: re.Match) -> bool:
    """'OSLO, May 2 (Agency) - ...': a wire dateline may leave out the year; the agency in
    brackets before the dash still makes it one, when the date part is a day and nothing else."""
    d = m.group("d")
    days = [v for v in find_dates(d) if v.kind == "date" and v.precision == "day"]
    return "(" in m.group(0)[m.end("d") - m.start() :] and len(days) == 1 and not words(d.replace(days[0].text, " "))


# where a saved clipping came from, on a line of its own before the article: "Source: The
# Gazette - https://…", "URL: https://…", "Via: The Gazette", or a bare address
_SOURCE_LINE = re.compile(r"\W{0,3}(?:source|url|link|via)\s*:\s*(?P<rest>.+)", re.I)
_URL = re.compile(r"<?(https?://[^\s<>\"]*[^\s<>\".,;:!?)\]'’”])>?", re.I)


def source_line(line: str) -> dict | None:
    """{"outlet": name or None, "url": address or None} from a source line, else None."""
    line = line.strip()
    m = _SOURCE_LINE.fullmatch(line)
    rest = m.group("rest").strip() if m else line
    u = _URL.search(rest)
    if not m and not (u and u.span() == (0, len(rest))):
        return None  # without a "Source:" label only a line that is nothing but an address counts
    if not u and (len(words(rest)) > 8 or rest.endswith((".", "!", "?"))):
        return None  # a sentence, not a name ("Source: officials said the plan had failed.")
    name = re.sub(r"[(\[]\s*[)\]]", " ", rest[: u.start()] + " " + rest[u.end() :]) if u else rest
    name = " ".join(name.split()).strip(" -–—|,:;.()[]<>")
    if len(words(name)) > 8:
        return None
    if not name and not u:
        return None
    return {"outlet": name or None, "url": u.group(1) if u else None}


# Furniture is short (the longest in the seeds is 88 words). A longer paragraph is article
# text, or a whole article with its line breaks lost: judged as one line, its "you"s and "we"s
# marked every sentence of it boilerplate. Its sentences are still judged one by one at ingest.
LONG_PARAGRAPH = 150


def classify(text: str, frontmatter_end: int = 0) -> list[Paragraph]:
    spans = paragraphs(text, frontmatter_end)
    paras: list[Paragraph] = []
    if frontmatter_end:
        paras.append(Paragraph(0, frontmatter_end, "frontmatter", "front matter block"))
    body_seen = False
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        n = len(words(line))
        if (
            i < 4
            and not any(p.kind in {"body", "headline", "heading", "question"} for p in paras)
            and source_line(line)
        ):
            # metadata, not the title: the headline that follows is
            paras.append(Paragraph(s, e, "source", "source line"))
            continue
        reason = furniture_reason(line) if n <= LONG_PARAGRAPH else ""
        if not body_seen and i < 12 and is_dateline(line):
            paras.append(Paragraph(s, e, "dateline", "date line"))
            continue
        m = _INLINE_DATELINE.match(text, s, e) if not body_seen and i < 12 else None
        if m and (_iso(m.group("d")) or _wire_day(m)):
            # "OSLO, May 2, 2021 (Agency) - Rain fell...": the dateline is metadata, and
            # its date must not become part of the first claim
            paras.append(Paragraph(s, m.end(), "dateline", "inline date line"))
            s = m.end()
            line = text[s:e]
            n = len(words(line))
            reason = furniture_reason(line) if n <= LONG_PARAGRAPH else ""
        if reason:
            paras.append(Paragraph(s, e, "furniture", reason))
            continue
        if n >= 25 or (not _unpunctuated(line) and n >= 12):
            body_seen = True
        if _unpunctuated(line) and n <= 25:
            kind = "headline" if n >= 4 else "heading"
        elif line.rstrip(_CLOSERS).endswith("?") and n <= 25:
            kind = "question"
        else:
            kind = "body"
        paras.append(Paragraph(s, e, kind))
    _mark_menus(text, paras)
    return paras


# a line of a fact box, a label and a value holding a figure: "Deaths: 12", "Top speed: 190
# km/h", "Units sold (EU): about 40,000"; menus and button rows hold no figure after a label
FIELD_LINE = re.compile(r"\W{0,3}[A-Za-z][\w ()'’/-]{0,40}:\s+\D{0,20}\d[^:]{0,60}")


def _mark_menus(text: str, paras: list[Paragraph]) -> None:
    """Runs of three or more very short unpunctuated lines are menus or button rows (a line of
    a fact box, a label and a figure, is none); a short line caught between two furniture
    lines belongs to them."""

    def short(p: Paragraph) -> bool:
        seg = text[p.start : p.end]
        return (
            p.kind in {"heading", "headline", "question", "furniture"}
            and len(words(seg)) <= 4
            and _unpunctuated(seg)
            and not (p.kind != "furniture" and FIELD_LINE.fullmatch(seg.strip()))
        )

    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and short(paras[j]):
            j += 1
        if j - i >= 3:
            for p in paras[i:j]:
                if p.kind != "furniture":
                    p.kind, p.reason = "furniture", "menu"
        i = max(j, i + 1)
    for k in range(1, len(paras) - 1):
        p = paras[k]
        if (
            p.kind in {"body", "heading", "headline"}
            and paras[k - 1].kind == "furniture"
            and paras[k + 1].kind == "furniture"
        ):
            if len(words(text[p.start : p.end])) <= 15:
                p.kind, p.reason = "furniture", "between furniture"
    if paras and paras[-1].kind == "heading" and len(paras) > 1 and paras[-2].kind == "furniture":
        paras[-1].kind, paras[-1].reason = "furniture", "after furniture at the end"


# --- metadata -------------------------------------------------------------------------

_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<o>[A-Z][\w&.'’ -]{1,60}?)(?:\.|,|\||$)", re.I | re.M
)


def metadata(text: str, paras: list[Paragraph], front: dict, reader_meta: dict) -> dict:
    """Title, outlet and publication date with where each came from; None when not found."""
    out: dict = {
        "title": None,
        "outlet": None,
        "url": None,
        "published": None,
        "published_from": None,
        "published_note": None,
    }
    named = [d for p in paras if p.kind == "source" and (d := source_line(text[p.start : p.end]))]
    page_url = reader_meta.get("url") or ""
    out["url"] = next((d["url"] for d in named if d["url"]), None) or (page_url if _URL.fullmatch(page_url) else None)
    out["title"] = front.get("title") or reader_meta.get("title")
    if not out["title"]:
        for p in paras[:15]:
            if p.kind in {"headline", "heading", "question", "body"} and len(words(text[p.start : p.end])) >= 3:
                line = text[p.start : p.end]
                if p.kind == "headline" or len(words(line)) <= 25:
                    out["title"] = line.strip(' "“”')
                break
    out["outlet"] = (
        front.get("outlet")
        or front.get("publisher")
        or front.get("site")
        or next((d["outlet"] for d in named if d["outlet"]), None)
        or reader_meta.get("outlet")
    )
    if not out["outlet"]:
        m = _OUTLET.search(text)
        if m:
            out["outlet"] = m.group("o").strip()
    if not out["outlet"] and out["url"]:
        host = urlsplit(out["url"]).hostname or ""
        out["outlet"] = host.removeprefix("www.") or None  # the site is the outlet when nothing names it
    for key, origin in (
        (front.get("date") or front.get("published"), "front matter"),
        (reader_meta.get("date"), "page metadata"),
    ):
        iso = _iso(key)
        if iso:
            out["published"], out["published_from"] = iso, origin
            break
    if not out["published"]:
        for p in paras:
            if p.kind == "dateline":
                line = text[p.start : p.end]
                if re.search(r"\bupdat", line, re.I):
                    continue  # an update stamp, not the publication date
                iso = _iso(line)
                if iso:
                    out["published"], out["published_from"] = iso, "dateline"
                    break
    if out["published"]:
        later = _years_after(text, paras, int(out["published"][:4]))
        if later:
            out["published_note"] = (
                f"doubtful: the text mentions {later}, after its {out['published_from']} date {out['published']}"
            )
    else:
        out["published_note"] = "no publication date found"
    return out


def _iso(s: str | None) -> str | None:
    if not s:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for v in find_dates(s):
        if v.kind == "date" and v.precision == "day" and v.lo:
            return v.lo
    return None


# A year the text looks forward to is no evidence against its date: "will open by the end of
# 2030", "a target for 2035", "until 2028". Only a year in a sentence that reports it counts.
_UNTIL = re.compile(
    r"\b(?:by|until|till|before|through|from now to|to|due|deadline|target|targets|goal|"
    r"plans?|scheduled|expected|set|starting)\s+(?:for\s+|in\s+)?(?:the\s+(?:end|start|middle|"
    r"beginning|close)\s+of\s+)?(?:early|late|mid-?)?\s*$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|would|going to|plans? to|planned|planning|aims? to|intends? to|"
    r"expects?|expected|hopes? to|is due|are due|scheduled|forecasts?|projected|projections?|"
    r"targets?|deadline|by then|next year|in the coming)\b|['’]ll\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _years_after(text: str, paras: list[Paragraph], year: int) -> int | None:
    latest = None
    for p in paras:
        if p.boilerplate:
            continue
        para = text[p.start : p.end]
        for m in re.finditer(r"\b(1[5-9]\d\d|20\d\d)\b", para):
            y = int(m.group(1))
            if y > year and (latest is None or y > latest) and not _looks_ahead(para, m.start(), m.end()):
                latest = y
    return latest


def _looks_ahead(para: str, start: int, end: int) -> bool:
    """The year at para[start:end] is a deadline, a target or a plan, not something reported."""
    ends = [m.end() for m in _SENTENCE_END.finditer(para, 0, start)]
    after = _SENTENCE_END.search(para, end)
    sentence = para[ends[-1] if ends else 0 : after.end() if after else len(para)]
    return bool(_UNTIL.search(para[max(0, start - 40) : start]) or _FUTURE.search(sentence))


# --- markup stuck to words ---------------------------------------------------------------

_STYLE = (
    r"b|i|u|s|em|strong|bold|italic|underline|strike|dim|reverse|blink|link|url|color|colour|size|font|"
    r"red|green|blue|yellow|magenta|cyan|white|black"
)
_MARKUP = re.compile(
    # console and forum markup: [bold]...[/bold], [link=http://...]...[/link], [bold red], [/]
    rf"\[/?(?:(?:{_STYLE})(?:[ =][^\[\]\n]{{0,200}})?)?\]"
    # inline HTML tags in a text or Markdown file
    r"|</?(?:b|i|u|s|em|strong|a|span|mark|sup|sub|small|del|ins|font|code|abbr|cite|q|strike)(?:\s[^<>\n]{0,300})?>"
    # a Markdown link's target: the "](url)" after its text (its "[" is masked below)
    r"|\]\([^()\s]{1,500}\)"
    # a footnote mark stuck to a word: denied[2]
    r"|(?<=\w)\[\d{1,3}\]"
    # emphasis and strike-through markers around a word: **denied**, __denied__, ~~denied~~
    r"|(?:\*\*|__|~~)(?=\w)|(?<=[\w.!?])(?:\*\*|__|~~)"
    # bidi controls and zero-width spaces, which split or hide a word from the parser
    r"|[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]",
    re.I,
)
_LINK_OPEN = re.compile(r"\[(?=[^\[\]\n]{1,300}\]\([^()\s]{1,500}\))")


def mask_markup(text: str) -> str:
    """The text with markup around words replaced by spaces of the same length, for the
    parser only: "The court [link=http://x.example]fined[/link] the firm" parses as "The court
    fined the firm", and every offset into the original text stays valid (the quote is cut
    from the original, markup and all)."""
    if not _MARKUP.search(text) and not _LINK_OPEN.search(text):
        return text
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    return _MARKUP.sub(blank, _LINK_OPEN.sub(blank, text))

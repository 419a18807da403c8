"""The discrepancy report as data, and what every rendering of it shows (kcheck.pages renders
it as Markdown and HTML, kcheck.terminal in the terminal).

Groups are computed once after each ingest and stored; a report only reads them. If the
stored groups were built from other sources (an older database, an interrupted run), they
are rebuilt first.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter

from kcheck.db import ClaimStore
from kcheck.db_queries import PARSE_SLOTS
from kcheck.errors import NotFound
from kcheck.frame import measure_label
from kcheck.grouping import consistent, ensure_groups, regroup  # noqa: F401  (used by the CLI)
from kcheck.units import scale
from kcheck.values import ranges_overlap

VERDICT_TITLES = {"conflict": "Conflicts", "single": "Single attestations", "agree": "Agreements"}


def build(store: ClaimStore, verdict: str | None = None) -> dict:
    """The JSON contract: {"sources": [...], "groups": [...], "summary": {...}}, groups in report order."""
    ensure_groups(store)
    links = store.source_links()
    sources = []
    for s in store.sources():
        link = links.get(s["name"])
        sources.append(
            {
                "name": s["name"],
                "title": s["title"],
                "outlet": s["outlet"],
                "url": s["url"],
                "path": s["path"],
                "published": s["published"],
                "published_note": s["published_note"],
                "claims": s["claims"],
                "derived_from": link["derived_from"] if link else None,
                "story": s["story"],
                "story_names": s["story_names"],
            }
        )
    report: dict = {"sources": sources, "groups": store.groups(verdict), "figures": figures(store)}
    verdicts, kinds = store.verdict_counts()  # the whole database's, also when one verdict is shown
    report["summary"] = summary(report, verdicts, kinds, verdict)
    return report


def figures(store: ClaimStore) -> list[dict]:
    """The figures view: one row per measured thing that two or more sources give a figure
    for, each source's value with its quote and offsets, flagged where they disagree."""
    rows: dict[str, dict] = {}
    ranges: dict[str, list[tuple[float, float | None]]] = {}
    for c in store.figure_claims():
        quantities = json.loads(c["quantities"] or "[]")
        if not quantities:
            continue
        q = quantities[0]
        row = rows.setdefault(
            c["group_id"],
            {
                "group": c["group_id"],
                "disagree": c["verdict"] == "conflict",
                "unit": q.get("unit") or "",
                "measure": measure_label(
                    q.get("dim") or "",
                    q.get("what") or "",
                    q.get("by") or "",
                    q.get("whose") or "",
                    q.get("unit") or "",
                ),
                "values": [],
            },
        )
        row["values"].append(
            {
                "source": c["source"],
                "claim_id": c["id"],
                "value": q["text"],
                "quote": c["quote"],
                "start": q.get("start", c["start"]),
                "end": q.get("end", c["end"]),
            }
        )
        ranges.setdefault(c["group_id"], []).append(_range(q))
    out = [r for r in rows.values() if len({v["source"] for v in r["values"]}) >= 2]
    for r in out:
        spans = ranges[r["group"]]
        overlap = all(ranges_overlap(*x, *y) for i, x in enumerate(spans) for y in spans[i + 1 :])
        # "differ": the figures do not overlap, yet no rule judged them one measure's values
        r["state"] = "disagree" if r["disagree"] else "agree" if overlap else "differ"
    return out


def _range(q: dict) -> tuple[float, float | None]:
    factor = scale(q.get("unit") or "")
    return q["lo"] * factor, (q["hi"] * factor if q.get("hi") is not None else None)


CANDIDATES = 5  # matching claims (one per group) shown with the group `compare TEXT` picks


def find_group(store: ClaimStore, text: str | None = None, claim_id: str | None = None) -> dict:
    """The group holding a claim, or the group of the claim that best matches a text, with
    the best few matching claims of other groups and their scores (`candidates`), so that a
    wrong first match shows what else there was."""
    ensure_groups(store)
    candidates: list[dict] = []
    if claim_id:
        gid = store.group_of(store.resolve_claim_id(claim_id))
        if gid is None:
            raise NotFound(f"claim {claim_id!r} is boilerplate, in no group (kcheck show {claim_id} shows it)")
    else:
        # every word counts, "80" and "km" too: numbers are what a claim is often checked for
        terms = re.findall(r"\w+", text or "")
        if not terms:
            raise NotFound('give some words to look for, e.g. kcheck compare "ceasefire 2020"')
        query = " OR ".join(f'"{t}"' for t in terms)
        seen: set[str] = set()
        for r in store.db.query(
            "select c.id, s.name as source, c.start, c.end, c.quote, round(-bm25(claims_fts), 2) as score, "
            "gc.group_id, g.verdict from claims_fts f join claims c on c.rowid = f.rowid "
            "join sources s on s.id = c.source_id join group_claims gc on gc.claim_id = c.id "
            "join groups g on g.id = gc.group_id where claims_fts match ? and c.boilerplate = 0 "
            "order by bm25(claims_fts), c.id limit 200",
            [query],
        ):
            if r["group_id"] not in seen:
                seen.add(r["group_id"])
                candidates.append({"claim_id": r.pop("id"), **r})
            if len(candidates) == CANDIDATES:
                break
        if not candidates:
            raise NotFound(f"no claim matches {text!r}")
        gid = candidates[0]["group_id"]
    for g in store.groups(ids=[gid]):
        return {**g, "candidates": candidates}
    raise NotFound("that claim is not in any group; run kcheck ingest again to rebuild the groups")


# --- renderings -----------------------------------------------------------------------

# --- what every rendering shows ------------------------------------------------------
# Pure functions over the report dict, so the terminal, Markdown and HTML say the same.

VERDICT_WORDS = {"conflict": "CONFLICT", "single": "SINGLE", "agree": "AGREE"}
SECTION_IDS = {"conflict": "conflicts", "single": "singles", "agree": "agreements"}


def summary(report: dict, verdicts: dict | None = None, kinds: dict | None = None, verdict: str | None = None) -> dict:
    """Counts for the top of a report. `verdicts` (verdict -> groups) and `kinds` (conflict
    kind -> groups) count the whole database; without them the report's own groups are counted."""
    groups = report["groups"]
    if verdicts is None:
        verdicts = Counter(g["verdict"] for g in groups)
    if kinds is None:
        kinds = Counter(g.get("slot") or "other" for g in groups if g["verdict"] == "conflict")
    return {
        "sources": len(report["sources"]),
        "claims": sum(s.get("claims") or 0 for s in report["sources"]),
        "conflicts": verdicts.get("conflict", 0),
        "conflict_kinds": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        **figure_counts(report),
        "agreements": verdicts.get("agree", 0),
        "single_attestations": verdicts.get("single", 0),
        "verdict": verdict,
    }


def figure_counts(report: dict) -> dict:
    """How many figures the report compares and how many of them disagree (None without figures)."""
    figures = report.get("figures")
    if figures is None:
        return {"figures": None, "figures_disagree": None}
    return {"figures": len(figures), "figures_disagree": sum(1 for f in figures if f.get("disagree"))}


def summary_of(report: dict) -> dict:
    """The report's summary (a hand-built report without one is counted here); the figure counts
    always follow the figures the report carries."""
    return {**(report.get("summary") or summary(report)), **figure_counts(report)}


def summary_items(s: dict) -> list[tuple[str, str, str, str]]:
    """(key, label, count, detail) rows of a summary, in reading order; figures only when counted."""
    kinds = ", ".join(f"{n} {k}" for k, n in s["conflict_kinds"].items())
    rows = [
        ("sources", "sources", str(s["sources"]), ""),
        ("claims", "claims", str(s["claims"]), ""),
        ("conflicts", "conflicts", str(s["conflicts"]), kinds),
    ]
    if s.get("figures") is not None:
        rows.append(
            ("figures_disagree", "figures that disagree", str(s["figures_disagree"]), f"of {s['figures']} compared")
        )
    rows += [
        ("agreements", "agreements", str(s["agreements"]), ""),
        ("single_attestations", "single attestations", str(s["single_attestations"]), ""),
    ]
    return rows


def sections(report: dict) -> list[tuple[str, str, list[dict]]]:
    """(verdict, title, groups) for each verdict the report holds groups of: no empty sections."""
    out = []
    for verdict, title in VERDICT_TITLES.items():
        groups = [g for g in report["groups"] if g["verdict"] == verdict]
        if groups:
            out.append((verdict, title, groups))
    return out


def _unique(items) -> list:
    return list(dict.fromkeys(i for i in items if i))


def heading(g: dict) -> list[str]:
    """A group's one-line heading, in parts: verdict, kind, what was measured (or else the
    conflict's detail), and how many sources: CONFLICT · number · passengers aboard · 3 sources, 2 independent."""
    parts = [VERDICT_WORDS.get(g["verdict"], g["verdict"].upper())]
    conflicts = g.get("conflicts") or []
    if g["verdict"] == "conflict":
        kinds = _unique(c.get("slot") for c in conflicts) or _unique([g.get("slot")])
        if kinds:
            parts.append(" + ".join(kinds))
        what = _unique(c.get("measure") for c in conflicts) or _unique(c.get("detail") for c in conflicts)
        if what:
            parts.append("; ".join(what))
    n, k = g.get("sources", 1), g.get("independent_sources", 1)
    parts.append(f"{n} source{'s' if n != 1 else ''}" + (f", {k} independent" if n > 1 else ""))
    return parts


def clashes(g: dict) -> list[str]:
    """One short line per distinct clash: ‘value’ vs ‘value’, and the detail when the heading names
    the measure instead."""
    out, seen = [], set()
    for c in g.get("conflicts") or []:
        values = [str(v) for v in c.get("values") or []]
        line = " vs ".join(f"‘{v}’" for v in values) + (
            f": {c['detail']}" if c.get("measure") and c.get("detail") else ""
        )
        key = (frozenset(values), c.get("detail") if c.get("measure") else None)  # a vs b is b vs a
        if values and key not in seen:
            seen.add(key)
            out.append(line)
    return out


_PLAIN_WORDS = {"not", "no", "never", "be", "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by"}


def find_value(quote: str, value: str, loose: bool = True) -> list[tuple[int, int]]:
    """Where a compared value sits in a quote: the value itself as a whole word group, or else
    (`loose`) its words as the quote inflects them (a lemma "mediate" in "Kremlin-mediated",
    "uphold" in "upheld")."""
    value = (value or "").strip()
    if not value:
        return []
    m = re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", quote, re.I)
    if m:
        return [m.span()]
    if not loose:
        return []
    out = []
    words = list(re.finditer(r"\w+", quote))
    for w in re.findall(r"\w+", value.lower()):
        if w in _PLAIN_WORDS or len(w) < 3:
            continue
        for t in words:
            word = t.group(0).lower()
            if word.startswith(w[: max(4, len(w) - 2)]) or (
                word[:2] == w[:2] and difflib.SequenceMatcher(None, word, w).ratio() >= 0.7
            ):
                out.append(t.span())
    return out


def marks(g: dict, figures: list | None = None) -> dict[str, list[tuple[int, int]]]:
    """claim id -> the spans of its quote (offsets into the quote) holding a value the sources
    differ on: each conflict's values, and the values of the figures that disagree."""
    by_id = {c["id"]: c for c in g["claims"]}
    found: dict[str, list[tuple[int, int]]] = {}
    for conflict in g.get("conflicts") or []:
        sides = [by_id[m["id"]] for m in conflict.get("claims") or [] if m.get("id") in by_id]
        values = [str(v) for v in conflict.get("values") or []]
        if len(sides) == len(values) == 2 and _verbatim(sides[::-1], values) > _verbatim(sides, values):
            sides.reverse()  # some clashes list their values in the other order than their claims
        for claim, value in zip(sides, values):
            found.setdefault(claim["id"], []).extend(find_value(claim["quote"], value))
    for f in figures or []:
        if not f.get("disagree"):
            continue
        for v in f.get("values") or []:
            claim = by_id.get(v.get("claim_id"))
            if not claim:
                continue
            start, end = v.get("start"), v.get("end")
            if isinstance(start, int) and isinstance(end, int) and claim["start"] <= start < end <= claim["end"]:
                found.setdefault(claim["id"], []).append((start - claim["start"], end - claim["start"]))
            else:
                found.setdefault(claim["id"], []).extend(find_value(claim["quote"], str(v.get("value") or "")))
    return {cid: _merged(spans) for cid, spans in found.items() if spans}


def _verbatim(claims: list[dict], values: list[str]) -> int:
    """How many values stand word for word in the claim at the same place."""
    return sum(bool(find_value(c["quote"], v, loose=False)) for c, v in zip(claims, values))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def pieces(quote: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """A quote cut into (text, marked) pieces at the marked spans."""
    out, at = [], 0
    for s, e in spans:
        if s > at:
            out.append((quote[at:s], False))
        out.append((quote[s:e], True))
        at = e
    if at < len(quote):
        out.append((quote[at:], False))
    return out


def published(s: dict) -> str:
    return (s.get("published") or "not found") + (
        " (doubtful)" if s.get("published") and s.get("published_note") else ""
    )


def claim_details(store: ClaimStore, claim_id: str) -> dict:
    """A claim with its paragraph, source metadata, slots and group, for `kcheck show`."""
    ensure_groups(store)
    c = store.claim(claim_id)
    text = store.source_text(c["source_id"])
    para_start = max(text.rfind("\n", 0, c["start"]) + 1, 0)
    para_end = text.find("\n", c["end"])
    para_end = len(text) if para_end == -1 else para_end
    group = next(iter(store.groups(ids=[c["group_id"]])), None) if c["group_id"] else None
    return {
        "id": c["id"],
        "text": c["text"],
        "quote": c["quote"],
        "start": c["start"],
        "end": c["end"],
        "paragraph": {"start": para_start, "end": para_end, "text": text[para_start:para_end]},
        "source": {
            "name": c["source"],
            "title": c["title"],
            "outlet": c["outlet"],
            "url": c["url"],
            "path": c["path"],
            "published": c["published"],
            "published_note": c["published_note"],
        },
        "slots": {
            k: c[k]
            for k in (
                "kind",
                *PARSE_SLOTS,
                "quantities",
                "headline",
            )
        },
        "group": group,
    }

"""Joining a sentence's figure claims to its clause claims: a clause that only states one
figure becomes that figure's claim, and each figure takes the speaker and hedges of the clause
holding it. Apart from clause splitting, which does not know about figures."""

from __future__ import annotations

import re

from spacy.tokens import Span

from kcheck.nlp.figures import appositive_ages, figure_claims
from kcheck.nlp.spans import ClaimSpan, doc_text
from kcheck.nlp.when import date_claims
from kcheck.words import words

REPORTING_VERBS = words("reporting_verbs")


def _with_figures(claims: list[ClaimSpan], sent: Span) -> list[ClaimSpan]:
    """The sentence's figure claims added; a clause claim with exactly a figure's span gives the
    figure its text and subject and is dropped; each figure takes the speaker and hedges of the
    smallest clause claim holding it."""
    ages = appositive_ages(sent)
    taken = {(c.figures[0]["start"], c.figures[0]["end"]) for c in ages}
    figures = ages + [
        c
        for c in figure_claims(sent)
        if (c.figures[0]["start"], c.figures[0]["end"]) not in taken
        and not any(c.figures[0]["start"] < e and s < c.figures[0]["end"] for s, e in taken)
    ]
    if not figures:
        return claims
    # the set-off figures the clause splitting found are stated again, measured, by the figure claims
    claims = [
        c
        for c in claims
        if c.kind != "phrase" or not any(c.start <= f.start < c.end or f.start <= c.start < f.end for f in figures)
    ]
    by_span = {(c.start, c.end): c for c in claims}
    for f in figures:
        same = by_span.pop((f.start, f.end), None)
        if same is not None:
            f.text, f.subject = same.text, f.subject or same.subject
            f.speaker, f.hedges = same.speaker, same.hedges
            continue
        holders = [c for c in by_span.values() if c.start <= f.start and f.end <= c.end]
        if holders:
            holder = min(holders, key=lambda c: c.end - c.start)
            f.speaker = f.speaker or holder.speaker
            f.hedges = sorted(set(f.hedges) | set(holder.hedges))
            text = doc_text(sent.doc)
            rest = len(re.findall(r"\w+", text[holder.start : f.start] + " " + text[f.end : holder.end]))
            alone = not any(g is not f and holder.start <= g.figures[0]["start"] < holder.end for g in figures)
            # an age is its person's, never what the clause holding it states ("police questioned
            # the driver, Tom Reyes, 41"; "Ana Ruiz, 52, a nurse"): the age keeps its own quote
            if (
                alone
                and f.figures[0]["dim"] != "age"
                and (rest <= ABSORB_WORDS or holder.kind == "clause" and _hangs_on(sent.doc, f.head_i, holder.head_i))
            ):
                # "Five people were treated for burns", "Ruiz had led the union for six years",
                # "the crew was working at a depth of 40 metres": the clause whose verb the one
                # figure hangs on is that figure's own statement, up to where the clause goes on
                # to state something else, which the clause's own claim keeps
                end = _own_end(sent.doc, holder, f.end)
                if end == holder.end:
                    del by_span[(holder.start, holder.end)]
                    f.text = holder.text
                else:
                    rest_text = text[end : holder.end]
                    told = holder.text.rstrip()
                    f.text = (
                        told[: -len(rest_text)].rstrip(" ,;") if told.endswith(rest_text) else text[holder.start : end]
                    )
                f.start, f.end = holder.start, end
                f.subject = f.subject or holder.subject
    return list(by_span.values()) + figures


def _own_end(doc, holder: ClaimSpan, after: int) -> int:
    """Where a clause stops stating its figure: before the doer of a passive, or a subordinate
    clause set off by a comma or with a subject of its own, that follow the figure ("was noticed
    around 11 p.m. by a nurse on the ward"; "rose to 900 on Monday, after insurers opened an
    office"; "three climbers were hurt when a ledge gave way"), which state another fact; not
    before a source's saying ("..., as the port said"); else the clause's end."""
    if holder.head_i < 0:
        return holder.end
    starts = [
        x.left_edge.i
        for x in doc[holder.head_i].children
        if after <= x.left_edge.idx < holder.end
        and (
            x.dep_ == "agent"
            or x.dep_ == "advcl"
            and x.lemma_.lower() not in REPORTING_VERBS
            and (
                x.left_edge.i > 0
                and doc[x.left_edge.i - 1].text == ","
                or x.left_edge.tag_ in {"IN", "WRB"}
                and x.left_edge.dep_ in {"mark", "advmod"}
                and any(c.dep_ in {"nsubj", "nsubjpass"} for c in x.children)
            )
        )
    ]
    if not starts:
        return holder.end
    last = min(starts) - 1  # the word before the cut, less the punctuation that sets it off
    while last > 0 and doc[last].is_punct and doc[last].idx > holder.start:
        last -= 1
    return max(doc[last].idx + len(doc[last].text), after)


def _hangs_on(doc, figure_head: int, verb: int) -> bool:
    """The figure's phrase is the verb's, or reaches it through prepositions alone ("working at a
    depth of 40 metres"), not through a subject, an object or an apposition ("questioned the
    driver, Tom Reyes, 41": the age is the driver's, not the questioning's)."""
    x = doc[figure_head]
    for _ in range(6):
        if x.i == verb:
            return True
        if x.dep_ not in {"pobj", "prep"} or x.head.i == x.i:
            return False
        x = x.head
    return False


ABSORB_WORDS = 4  # a clause this many words longer than the one figure it holds is that figure's statement


def _with_dates(claims: list[ClaimSpan], sent: Span) -> list[ClaimSpan]:
    """The sentence's date claims added (kcheck.nlp.when). A clause or figure claim with the
    date claim's span, or only a few words longer and stating no other date or figure, is that
    date's own claim instead; each added date takes the speaker and hedges of the smallest claim
    holding it."""
    found: dict[tuple[int, int], ClaimSpan] = {}
    for d in date_claims(sent):
        found.setdefault((d.start, d.end), d)
    if not found:
        return claims
    by_span = {(c.start, c.end): c for c in claims}
    text = doc_text(sent.doc)
    out = []
    for d in found.values():
        holders = [c for c in by_span.values() if c.start <= d.start and d.end <= c.end and c.kind != "date"]
        if not holders:
            out.append(d)
            continue
        holder = min(holders, key=lambda c: c.end - c.start)
        d.speaker = d.speaker or holder.speaker
        d.hedges = sorted(set(d.hedges) | set(holder.hedges))
        rest = len(re.findall(r"\w+", text[holder.start : d.start] + " " + text[d.end : holder.end]))
        alone = not any(e is not d and holder.start <= e.start < holder.end for e in found.values()) and not any(
            c.kind == "figure" and c is not holder and holder.start <= c.start < holder.end for c in by_span.values()
        )
        if holder.kind in {"clause", "relcl", "figure"} and alone and rest <= ABSORB_WORDS and not holder.dated:
            # "The lighthouse was built in 1874", "which opened in 1974", "the council approved 12
            # schools on Monday": the claim says little but when, and is the date's own claim
            holder.dated = d.dated
            continue
        out.append(d)
    return list(by_span.values()) + out

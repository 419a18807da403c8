"""Group claims that state the same fact in different sources, and judge each group.

Why it is built this way:

- Candidates come from blocking, never from all pairs: an inverted index over each claim's
  rarer features (stems of content lemmas, normalized entities) and over slot keys (the
  counted noun of a quantity, the predicate of a dated fact). Features shared by a large
  share of the corpus ("russia" in a corpus about Russia) score pairs but do not block.
- Pairs are scored by an IDF-weighted Dice overlap: words that few claims use say more.
- Clusters grow by average linkage under a cap of one claim per source: single linkage
  (connected components) chains a corpus into a few huge groups.
- A verdict compares slots, not strings: dates at their own precision, quantity ranges with
  their hedges, negation only between claims whose predicates already match, actors and
  roles. Embedding similarity cannot tell "mediated" from "refused to mediate".
- Agreement counts independent sources: a source that copies another (long shared word
  sequences) corroborates nothing.

Pure Python over rows from the store: no spaCy, so queries stay fast.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import math
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from kcheck.lexicon import (concepts, contrary, counts_people, derived_verbs, describes, is_word, kinds_of,
                            names_event, narrow_kinds, same_act, same_kind, seat_country, source_verb, verb_senses)
from kcheck.normalize import entity_key, fold, has_words
from kcheck.values import ranges_overlap

SUFFIXES = sorted(["ational", "ation", "ition", "ments", "ment", "ness", "ities", "ity", "ors",
                   "ers", "or", "er", "ists", "ist", "ism", "ally", "al", "ly", "ing", "ed", "es", "s"],
                  key=len, reverse=True)
LIGHT_PREDICATES = {"be", "have", "do", "make", "say", "take", "get", "go", "come", "give", "use", "become"}

# Outcomes of one decision or contest that cannot both be true. Deliberately only decisions:
# "opened"/"closed" or "rose"/"fell" can both be true at different times.
CONTRARY = [frozenset(p) for p in (
    ("uphold", "strike down"), ("uphold", "overturn"), ("uphold", "quash"), ("uphold", "reverse"), ("uphold", "annul"),
    ("approve", "reject"), ("approve", "veto"), ("accept", "reject"), ("pass", "reject"), ("win", "lose"),
    ("convict", "acquit"), ("confirm", "deny"), ("admit", "deny"), ("allow", "ban"), ("allow", "prohibit"),
    ("grant", "deny"), ("grant", "refuse"), ("support", "oppose"), ("ratify", "reject"), ("lift", "impose"),
)]
LINK_THRESHOLD = 0.36  # average-linkage similarity to join a group (plateau 0.34-0.38 on the seeds)
SLOT_THRESHOLD = 0.22  # looser, for pairs that share a slot key (same counted noun / dated event)
MEASURE_FLOOR = 0.01  # two counts of the same measure link only if the claims share a content word too (or a WordNet-related one)
MEASURE_LINK = 0.5  # ahead of looser matches: what is counted says more than shared topic words
ROLE_LINK = 0.6
ROLE_KINDS = {"appos", "title"}  # "Ana Ruiz, the transport minister" / "Interior Minister Ana Ruiz"  # two titles given to one named person
BLOCK_DF = 60  # a feature shared by more claims than this scores pairs but does not generate them,
# so a claim meets at most (its features x BLOCK_DF) candidates: linear in the corpus size
SHINGLE = 8  # words per shingle for copy detection
DERIVED_SHARE = 0.25  # share of a source's shingles found in another to call it derived


@functools.lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    w = fold(word).lower().strip("'\"-")
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # "rescue" / "rescuer" / "rescued": one stem
    return w[:6]


@dataclass
class Conflict:
    slot: str  # date | number | negation | actor | role
    values: tuple[str, str]
    claims: tuple[str, str]
    detail: str = ""

    def as_dict(self, by_id: dict) -> dict:
        a, b = (by_id[c] for c in self.claims)
        return {
            "slot": self.slot, "values": list(self.values), "detail": self.detail,
            "claims": [{"id": c["id"], "source": c["source"], "quote": c["quote"], "start": c["start"], "end": c["end"]}
                       for c in (a, b)],
        }


VERDICT_ORDER = {"conflict": 0, "single": 1, "agree": 2}


@dataclass
class Group:
    id: str
    verdict: str  # agree | conflict | single
    claims: list[dict]
    explanation: str
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    n_sources: int = 1
    n_independent: int = 1

    def sort_key(self) -> str:
        """Report order as one string: conflicts, singles, agreements; more sources first; then
        the first claim's source and offsets; then the id (what the stored groups sort by)."""
        first = self.claims[0]
        return (f"{VERDICT_ORDER[self.verdict]}:{99_999_999 - self.n_sources:08d}:{first['source']}\x01"
                f"{first['start']:012d}:{first['end']:012d}:{self.id}")

    def as_dict(self) -> dict:
        by_id = {c["id"]: c for c in self.claims}
        return {
            "id": self.id, "verdict": self.verdict, "explanation": self.explanation,
            "sources": self.n_sources, "independent_sources": self.n_independent,
            "conflicts": [c.as_dict(by_id) for c in self.conflicts], "notes": self.notes,
            "claims": [{k: c[k] for k in ("id", "source", "start", "end", "quote", "text")} for c in self.claims],
        }


# --- features -------------------------------------------------------------------------

def claim_features(c: dict) -> set[str]:
    """Content-word stems, and 'E:'-prefixed entity keys; a word that is part of a named
    entity counts once, as the entity."""
    ents = {sys.intern("E:" + key) for e in c.get("entities") or [] for key in _entity_keys(e)}
    ent_stems = {stem(w) for e in c.get("entities") or [] for w in re.findall(r"\w+", e["text"] + " " + e["norm"])}
    missed = _untagged_names(c)
    ents.update(sys.intern("E:" + w) for w in missed)
    words = {stem(l) for l in (c.get("lemmas") or "").split() if len(l) > 2} - ent_stems - {stem(w) for w in missed}
    return {f for f in words | ents if f}


_NAME = re.compile(r"(?<![\w-])[A-Z][a-z]+\b(?![-’'])")


def _untagged_names(c: dict) -> list[str]:
    """Capitalized words that the tagger left out of every entity and that are no English
    words ("Okello, the transport minister, ..."): names, compared as the
    surname of a full name elsewhere ("David Okello" also counts as "okello")."""
    found = [m.group(0).lower() for m in _NAME.finditer(c.get("quote") or "")]
    if not found:
        return found
    tagged = " ".join(fold(e["text"]).lower() for e in c.get("entities") or [])
    lemmas = set((c.get("lemmas") or "").split())  # no stop words ("The", "After")
    return [w for w in found if w in lemmas and w not in tagged and not is_word(w)]


SEAT_LABELS = {"GPE", "ORG", "FAC", "LOC"}


def _entity_keys(e: dict) -> tuple[str, ...]:
    """An entity's normal form, and for a capital or a seat of government also the country it
    stands for in news ("Moscow", "the Kremlin" -> russia)."""
    norm = e["norm"]
    if e["label"] == "PERSON":
        # a person named in full also meets the bare surname another source uses
        parts = norm.split()
        return (norm, parts[-1]) if len(parts) > 1 else (norm,)
    party = _party(norm) if e["label"] in SEAT_LABELS else norm
    return (norm, party) if party != norm else (norm,)


def _party(norm: str) -> str:
    """A named party as compared: the country for its capital or seat of government."""
    country = seat_country(norm)
    return entity_key(country) if country else norm


ROLE_STOP = {"of", "in", "between", "for", "and", "or", "to", "over", "on", "with", "at", "by", "from", "who", "which",
             "that", "since", "after", "before", "during", "against", "among", "amid"}
ROLE_DETS = {"a", "an", "the", "its", "their", "his", "her", "our", "one"}


# verbs whose "as" phrase is the subject's own role ("acted as a mediator"); after other verbs
# it is the object's ("saw Moscow as an ally"), unless they are passive or reflexive
SUBJECT_AS = {"act", "serve", "function", "emerge", "remain", "stand", "work", "operate", "pose", "appear", "continue",
              "be", "become", "return", "step", "rise", "establish", "position", "present", "cast", "style", "see",
              "perceive", "regard", "view", "consider", "know", "describe", "portray", "recognize", "label", "brand",
              "hail", "depict", "paint", "denounce", "dismiss", "praise", "condemn", "criticize", "criticise"}
PASSIVE_AS = re.compile(r"\b(?:is|was|are|were|been|being|be)\s+(?:\w+ly\s+)?\w+\s+as\b|\b(?:itself|themselves|himself|herself)\s+as\b", re.I)
TRANSITIVE_AS = {"see", "perceive", "regard", "view", "consider", "know", "describe", "portray", "recognize", "label",
                 "brand", "establish", "position", "present", "cast", "style", "hail", "depict", "paint", "denounce",
                 "dismiss", "praise", "condemn", "criticize", "criticise"}


# verbs that say what their object is ("labelled Pashinyan a traitor") or whom it is like
# ("likened Pashinyan to Judas"); passive, the subject's ("he was branded a traitor")
NAMING_VERBS = {"label", "call", "brand", "dub", "term", "deem", "declare", "proclaim", "pronounce", "consider"}
LIKENING_VERBS = {"liken", "compare"}


def _role_phrases(c: dict) -> tuple[str, list[str]]:
    """Who a claim says acts as, is seen as, is called or is likened to something, and the
    words that follow ("Russia was perceived as a mediator ..." -> ("russia", ["a mediator ..."]))."""
    text = fold(c.get("text") or "")
    verb = _main_verb(c)
    if " as " in text:
        own = verb in SUBJECT_AS and (verb not in TRANSITIVE_AS or PASSIVE_AS.search(text) is not None)
        return _named(c, "subject" if own else "object"), re.split(r"\bas\b", text, flags=re.I)[1:]
    if verb not in NAMING_VERBS and verb not in LIKENING_VERBS:
        return "", []
    link = r"an?\s" if verb in NAMING_VERBS else r"to\s"
    form = rf"\b{re.escape(verb.rstrip('e'))}\w{{0,4}}\s+"  # "labelled", "likened", "compared"
    passive = re.search(rf"\b(?:is|was|are|were|been|being|be)\s+(?:\w+ly\s+)?{form}{link}(.*)", text, re.I)
    if passive:
        return _named(c, "subject"), [passive.group(1)]
    active = re.search(rf"{form}((?:[\w'’.-]+\s+){{1,5}}?){link}(.*)", text)
    if active:
        return _named_in(c, active.group(1)), [active.group(2)]
    return "", []


def _roles(c: dict) -> set[str]:
    """Keys for what a named party is said to act as, be seen as, be called or be like
    ("Russia was perceived as a mediator", "it positioned itself as the main arbiter", "they
    labelled Pashinyan a traitor", "she likened Pashinyan to Judas"): the party with each
    WordNet sense of the person noun, and with the narrow kinds those senses are ("Judas" is
    a kind of betrayer, which "traitor" means). Which keys are the noun's own senses is kept
    on the claim: two claims meet on a role only through one's own sense, so that "hero" and
    "villain", two kinds of character, do not."""
    who, phrases = _role_phrases(c)
    out: set[str] = set()
    own: set[str] = set()
    if who:
        person = any(e["norm"] == who and e["label"] == "PERSON" for e in c.get("entities") or [])
        # a person by surname, as a later mention names them ("Lenz" / "Hugo Lenz")
        who = who.split()[-1] if person else _party(who)
        for phrase in phrases:
            head = _role_head(phrase)
            if head and counts_people(head):
                own.update(f"A:{who}:{x}" for x in concepts(head))
                out.update(f"A:{who}:{x}" for x in narrow_kinds(head))
    c["_roles_own"] = frozenset(own)
    return out | own


def _role_head(phrase: str) -> str:
    """The person noun a role phrase names: its last word when it has at most three words
    before a preposition or a clause ("the main arbiter and guarantor" -> "arbiter")."""
    words = re.findall(r"[^\W\d_]+(?:['’]s)?|[,.;:()]", phrase)
    if not words or words[0].lower() in {"well", "such", "much", "many", "soon", "long", "far"}:
        return ""
    kept = []
    for x in words[:5]:
        low = x.lower()
        if low in ROLE_STOP or not x[0].isalpha():
            break
        if not kept and (low in ROLE_DETS or low.endswith(("'s", "’s"))):
            continue
        kept.append(low)
    return kept[-1] if kept and len(kept) <= 3 else ""


def _roles_meet(a: dict, b: dict, shared: frozenset[str]) -> bool:
    """Two claims with the slot keys `shared` in common give one named party the same role:
    a role key they share is one's own sense."""
    return bool(shared & (a.get("_roles_own", EMPTY) | b.get("_roles_own", EMPTY)))


def slot_keys(c: dict) -> set[str]:
    keys = set()
    pred = predicate_key(c)
    for q in c.get("quantities") or []:
        keys.update("Q:" + w for w in _unit_words(q))
    keys.update("M:" + x for ms in (*_measures(c), *_named_measures(c)) for x in ms if x != PRESENCE)
    if pred and c.get("dates"):
        keys.add("D:" + pred)
    keys.update("T:" + x for x in _event_kinds(c))
    keys.update(_roles(c))
    if c.get("kind") in ROLE_KINDS and (who := _titled(c)):
        keys.add("R:" + who)  # titles of one named person meet, however differently worded
    return keys


def predicate_key(c: dict) -> str:
    return _predicate_key(_act(c))


def _act(c: dict) -> str:
    """The claim's predicate, with a light verb and the act its object names read as that act's
    verb: "made any arrests" -> "arrest", "carried out an attack" -> "attack"."""
    pred = c.get("predicate") or ""
    if pred in LIGHT_ACTS and c.get("object"):
        return _act_noun_verb(_head(c["object"]).lower()) or pred
    return pred


LIGHT_ACTS = {"make", "carry out", "conduct", "launch", "stage", "mount", "give", "take", "have"}


@functools.lru_cache(maxsize=65_536)
def _act_noun_verb(noun: str) -> str:
    """The verb spelt as the noun when the noun names its act ("arrests" -> "arrest")."""
    return next((n for n in _forms(noun) if names_event(n) and derived_verbs(n) & verb_senses(n)), "")


@functools.lru_cache(maxsize=65_536)
def _predicate_key(predicate: str) -> str:
    verb = _verb_of(predicate)
    return stem(verb) if verb else ""


@functools.lru_cache(maxsize=65_536)
def _verb_of(predicate: str) -> str:
    """The word that names the act: "be spokesman" -> "spokesman", "attack" -> "attack"; none
    for a light verb alone ("be", "have")."""
    pred = predicate.split()
    if not pred:
        return ""
    if pred[0] in LIGHT_PREDICATES:
        return pred[-1] if len(pred) > 1 else ""
    return pred[0]


class Index:
    """IDF weights over the claims being compared."""

    def __init__(self, feats: Iterable[set[str] | frozenset[str]], counts: dict[str, int] | None = None,
                 n: int | None = None) -> None:
        """IDF over `feats`, or over corpus-wide `counts` of `n` claims when given."""
        self.n = len(feats) if n is None else n  # type: ignore[arg-type]
        df: dict[str, int] = defaultdict(int)
        if counts is not None:
            df.update(counts)
        else:
            for fs in feats:
                for f in fs:
                    df[f] += 1
        self.df = df
        # a small corpus counts as TOPIC_MIN_CLAIMS claims: in four claims, any word two
        # sources share is in half of them, which says nothing about how common it is
        n = max(self.n, TOPIC_MIN_CLAIMS)
        self.idf = {f: math.log((n + 1) / (d + 0.5)) for f, d in df.items()}

    def weight(self, fs: set[str]) -> float:
        return sum(self.idf.get(f, 0.0) for f in fs)


CONTENT_WEIGHT = 0.65  # the words carry the fact; shared entities alone are only a shared topic
# shared names count in full when they are as rare as a name in one claim in twenty; "Russia"
# in 124 of 225 claims about Russia only says the topic is shared
ENT_REF = math.log(20)
TOPIC_MIN_CLAIMS = 200


EMPTY: frozenset[str] = frozenset()
NO_CONCEPTS: dict[str, frozenset[str]] = {}  # shared by every claim without any; never mutated


class Profile:
    """A claim's features split into content words and entities, with their weights, and
    the WordNet concepts of each content word."""

    __slots__ = ("words", "ents", "w_words", "w_ents", "concepts")

    def __init__(self, feats: set[str], index: Index | None, concepts: dict[str, frozenset[str]] | None = None) -> None:
        """Weighted by `index`, or later with weigh() when the index is built from the profiles."""
        self.words = frozenset(f for f in feats if not f.startswith("E:")) or EMPTY
        self.ents = frozenset(f for f in feats if f.startswith("E:")) or EMPTY
        self.concepts = concepts or NO_CONCEPTS
        if index is not None:
            self.weigh(index)

    def weigh(self, index: Index) -> None:
        self.w_words = index.weight(self.words)
        self.w_ents = index.weight(self.ents)


SYNONYM_CREDIT = 0.7  # a shared concept ("inquiry" / "investigation") counts less than a shared word


def _related_words(a: Profile, b: Profile, index: Index) -> float:
    """Weight of the word pairs that differ but share a WordNet concept, each word used once."""
    if not a.concepts or not b.concepts:
        return 0.0
    credit, used = 0.0, set()
    for x in sorted(a.words - b.words):
        cx = a.concepts.get(x)
        if not cx:
            continue
        for y in sorted(b.words - a.words):
            if y not in used and b.concepts.get(y) and not cx.isdisjoint(b.concepts[y]):
                used.add(y)
                credit += SYNONYM_CREDIT * min(index.idf.get(x, 0.0), index.idf.get(y, 0.0))
                break
    return credit


def profile_similarity(a: Profile, b: Profile, index: Index) -> float:
    """Weighted Dice over content words (a shared concept counts for part of a shared word)
    and over entities; no shared content word, no link: concepts alone join too much."""
    common = a.words & b.words
    if not common:
        return 0.0
    shared = index.weight(common)
    related = _related_words(a, b, index)
    content = 2 * (shared + related) / (a.w_words + b.w_words)
    if not a.ents and not b.ents:
        return content
    w = index.weight(a.ents & b.ents)
    ents = 2 * w / (a.w_ents + b.w_ents) * min(1.0, w / ENT_REF) if a.w_ents + b.w_ents else 0.0
    return CONTENT_WEIGHT * content + (1 - CONTENT_WEIGHT) * ents


def claim_concepts(c: dict, words: frozenset[str]) -> dict[str, frozenset[str]]:
    """stem -> the WordNet concepts of the claim's lemmas with that stem."""
    out: dict[str, set[str]] = {}
    for lemma in (c.get("lemmas") or "").split():
        st = stem(lemma)
        if st in words:
            out.setdefault(st, set()).update(concepts(lemma))
    return {k: frozenset(v) for k, v in out.items() if v}


# --- source independence --------------------------------------------------------------

def shingles(text: str, n: int = SHINGLE) -> set[int]:
    words = re.findall(r"\w+", fold(text).lower())
    return {hash(" ".join(words[i: i + n])) for i in range(max(0, len(words) - n + 1))}


def derivations(sources: list[dict]) -> dict[str, tuple[str, float]]:
    """source name -> (the source it appears to copy, share of its shingles found there)."""
    sh = {s["name"]: shingles(s["text"]) for s in sources}
    owners: dict[int, list[str]] = defaultdict(list)
    for name, ss in sh.items():
        for x in ss:
            owners[x].append(name)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for names in owners.values():
        if 1 < len(names) <= 20:
            for a in names:
                for b in names:
                    if a != b:
                        shared[(a, b)] += 1
    pub = {s["name"]: s.get("published") or "" for s in sources}
    out: dict[str, tuple[str, float]] = {}
    for (a, b), k in sorted(shared.items()):
        share = k / max(1, len(sh[a]))
        if share < DERIVED_SHARE:
            continue
        # the copy is the later one; with no dates, the one with the larger share copied
        back = k / max(1, len(sh[b]))
        a_later = (pub[a] > pub[b]) if pub[a] and pub[b] and pub[a] != pub[b] else share >= back
        if a_later and (a not in out or out[a][1] < share):
            out[a] = (b, round(share, 3))
    return out


# --- grouping -------------------------------------------------------------------------

def group_claims(claims: list[dict], sources: list[dict]) -> list[Group]:
    """Every claim in exactly one group, groups ordered conflicts first, then singles, then agreements."""
    return sorted(group_claims_with_keys(claims, sources)[0], key=Group.sort_key)


def group_claims_with_keys(claims: Iterable[dict], sources: list[dict], index: Index | None = None,
                           derived: dict | None = None, load: Callable[[list[str]], list[dict]] | None = None
                           ) -> tuple[Iterator[Group], Mapping[str, frozenset[str]]]:
    """Groups (judged lazily, in no particular order), and each claim's comparison keys
    (claim id -> features, slot keys and concept keys) for the stored index that incremental
    regrouping looks candidates up in. `index` gives corpus-wide document frequencies when
    only part of the corpus is regrouped.

    With `load` (claim ids -> claims), `claims` may be a stream in (source, start, end, id)
    order: only the comparison features of each claim are kept while clustering, and the
    claims of each group are loaded again to judge it, so a million claims are never in
    memory at once."""
    # grouping allocates millions of small objects and no reference cycles; the cyclic
    # collector would rescan the growing heap again and again (superlinear time)
    enabled = gc.isenabled()
    gc.disable()
    try:
        if load is None:
            claims = sorted(claims, key=lambda c: (c["source"], c["start"], c["end"], c["id"]))
            by_id = {c["id"]: c for c in claims}
            load = lambda ids: [by_id[i] for i in ids]  # noqa: E731
        prepared = _prepare(claims, index)
        clusters = _cluster(prepared)
    finally:
        if enabled:
            gc.enable()
    derived = derivations(sources) if derived is None else derived
    pub = {s["name"]: (s.get("published") if not s.get("published_note") else None) for s in sources}
    ids = prepared.ids
    return _judged([[ids[i] for i in members] for members in clusters], load, derived, pub), prepared.keys()


def comparison_keys(c: dict) -> frozenset[str]:
    """The keys a claim is found by: features, slot keys and WordNet concept keys."""
    feats = claim_features(c)
    words = frozenset(x for x in feats if not x.startswith("E:"))
    return _keys(feats, slot_keys(c), claim_concepts(c, words))


def _keys(feats: set[str] | frozenset[str], slots: set[str] | frozenset[str],
          concepts: dict[str, frozenset[str]]) -> frozenset[str]:
    return frozenset(feats | slots | {"C:" + x for cs in concepts.values() for x in cs})


class _Prepared:
    """What clustering needs of each claim, by position in (source, start, end, id) order:
    its id and source, its weighted profile, slot keys and predicate key, and the claim
    itself only when it has slot keys (the value checks between slot-sharing pairs read it)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.sources: list[str] = []
        self.profiles: list[Profile] = []
        self.slots: list[frozenset[str]] = []
        self.preds: list[str] = []
        self.negated: list[bool] = []
        self.verbs: list[str] = []
        self.slotted: dict[int, dict] = {}
        self.described: dict[int, tuple[str, frozenset[str], str]] = {}  # "X was chaotic": (adjective, X's words, X)
        self.index: Index

    def keys(self) -> Mapping[str, frozenset[str]]:
        return _KeyView(self)


class _KeyView(Mapping):
    """claim id -> comparison keys, computed when read (a set per claim for a million claims
    would be a large share of the memory grouping needs)."""

    def __init__(self, prep: _Prepared) -> None:
        self.prep = prep
        self.pos = {cid: i for i, cid in enumerate(prep.ids)}

    def __getitem__(self, cid: str) -> frozenset[str]:
        i = self.pos[cid]
        p = self.prep.profiles[i]
        return _keys(p.words | p.ents, self.prep.slots[i], p.concepts)

    def __iter__(self) -> Iterator[str]:
        return iter(self.prep.ids)

    def __len__(self) -> int:
        return len(self.prep.ids)


def _prepare(claims: Iterable[dict], index: Index | None) -> _Prepared:
    prep = _Prepared()
    for i, c in enumerate(claims):
        p = Profile(claim_features(c), None)
        p.concepts = claim_concepts(c, p.words) or NO_CONCEPTS
        prep.profiles.append(p)
        prep.ids.append(c["id"])
        prep.sources.append(sys.intern(c["source_id"]))
        slots = slot_keys(c)
        prep.slots.append(frozenset(slots) if slots else EMPTY)
        prep.preds.append(predicate_key(c))
        prep.negated.append(bool(c.get("negated")))
        prep.verbs.append(sys.intern(_main_verb(c)))
        if (c.get("predicate") or "").startswith("be ") and describes(c["predicate"].split()[-1]) and (
                words := _words_of(c.get("subject"))):
            prep.described[i] = (c["predicate"].split()[-1], frozenset(words), _head(c["subject"]))
        if slots:
            prep.slotted[i] = c
    if index is None:  # words and entities are disjoint: counted apart, no union per claim
        index = Index((fs for p in prep.profiles for fs in (p.words, p.ents)), n=len(prep.profiles))
    for p in prep.profiles:
        p.weigh(index)
    prep.index = index
    return prep


def _cluster(prep: _Prepared) -> list[list[int]]:
    index, profiles, slots, preds, srcs, slotted = (prep.index, prep.profiles, prep.slots, prep.preds, prep.sources,
                                                     prep.slotted)
    negated, verbs, described = prep.negated, prep.verbs, prep.described
    roles_of = [any(k.startswith("A:") for k in ks) for ks in slots]  # said to act as something
    timed = [bool(ks) and any(k.startswith("T:") for k in ks) for ks in slots]  # an event's start or age
    roles = {k for ks in slots for k in ks if k.startswith("R:")}
    titled = [bool(ks) and any(k.startswith("R:") for k in ks) for ks in slots]  # states a person's title
    postings: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for f in (*p.words, *p.ents):
            if index.df.get(f, 0) <= BLOCK_DF:
                postings[f].append(i)
        for k in slots[i]:
            postings[k].append(i)
        for k in {"C:" + x for cs in p.concepts.values() for x in cs}:
            postings[k].append(i)
    # per claim, the union of its blocks: each candidate pair is scored once, and only
    # pairs that could ever link are kept, so memory follows the links, not the candidates
    pair_scores: dict[tuple[int, int], float] = {}
    for i, p in enumerate(profiles):
        cands: dict[int, bool] = {}
        for f in (*p.words, *p.ents):
            if index.df.get(f, 0) <= BLOCK_DF:
                for j in postings[f]:
                    if j > i:
                        cands.setdefault(j, False)
        for f in ["C:" + x for cs in p.concepts.values() for x in sorted(cs)]:
            if index.df.get(f, len(postings[f])) <= BLOCK_DF:
                for j in postings[f]:
                    if j > i:
                        cands.setdefault(j, False)
        for k in slots[i]:
            if index.df.get(k, len(postings[k])) <= BLOCK_DF:
                for j in postings[k]:
                    if j > i:
                        cands[j] = True
        for j, by_slot in cands.items():
            if srcs[i] == srcs[j]:
                continue
            same_act = bool(preds[i]) and preds[i] == preds[j]
            if i in slotted and j in slotted and _counts_apart(slotted[i], slotted[j]):
                continue
            if titled[i] != titled[j] and not same_act:
                # "Nikol Pashinyan is Prime Minister" and "they labelled Prime Minister Nikol
                # Pashinyan a traitor" share the title's words, not a fact
                continue
            if titled[i] and titled[j] and p.words != profiles[j].words and not slots[i] & slots[j] & roles:
                # titles of two people meet only when the titles are the same ("Interior Minister
                # Ana Ruiz" / "Interior Minister Pedro Gil"); "minister" is not "prime minister"
                continue
            s = profile_similarity(p, profiles[j], index)
            if same_act:
                s += 0.08
            elif s + 0.08 * SYNONYM_CREDIT >= SLOT_THRESHOLD and verbs[i] and verbs[j] and _verbs_related(verbs[i], verbs[j]):
                s += 0.08 * SYNONYM_CREDIT
                same_act = True
            if same_act and negated[i] != negated[j] and SLOT_THRESHOLD <= s < MEASURE_LINK:
                # one act, done in one source and denied or failed in the other: side by side,
                # ahead of looser matches (a third source's paraphrase still joins them)
                s = MEASURE_LINK
            if i in described and j in described:
                (ja, wa, ha), (jb, wb, hb) = described[i], described[j]
                if not wa & wb and not (ha[:1].islower() and hb[:1].islower() and same_kind(ha, hb)):
                    continue  # "the evacuation was chaotic" / "the shelter was chaotic": two things
                if SLOT_THRESHOLD <= s < MEASURE_LINK and _contrary_descriptions((ja, wa), (jb, wb)):
                    s = MEASURE_LINK  # one thing described in contrary words: side by side, as a denial is
            if by_slot:  # both have slot keys, so both claims were kept
                a, b = slotted[i], slotted[j]
                if (s >= MEASURE_FLOOR or _related_words(p, profiles[j], index) > 0) and (
                        _same_count(a, b) or _same_reading(a, b)):
                    # a count of people that the same thing happened to, or one physical
                    # reading (190 km/h, 3 km), whatever the words
                    s = max(s, MEASURE_LINK)
                elif _values_differ(a, b) and (s >= SLOT_THRESHOLD and preds[i] == preds[j] or _measured(a, b)
                                               or slots[i] & slots[j] & roles):
                    # different values for the same measured thing (the same event's count, a
                    # percentage of one named measure such as turnout, one person's title):
                    # put them side by side
                    s = max(s, LINK_THRESHOLD)
            if by_slot and s < ROLE_LINK and roles_of[i] and roles_of[j] and _roles_meet(
                    slotted[i], slotted[j], slots[i] & slots[j]):
                s = ROLE_LINK  # one named party said to act as, be seen as or be called the same, as a title is
            if by_slot and s < MEASURE_LINK and timed[i] and timed[j] and _same_event_time(slotted[i], slotted[j]):
                s = MEASURE_LINK  # the age or the start of one event, agreeing or not: side by side
            if slots[i] & slots[j] & roles:
                # two appositions to one named person: their titles are compared before any
                # looser match can take either ("board member" is not "on board")
                s = max(s, ROLE_LINK)
            if s >= SLOT_THRESHOLD:
                pair_scores[(i, j)] = s
    del postings
    prep.slotted = {}  # the claims kept for the value checks are not needed any more
    return _average_linkage(len(profiles), pair_scores, srcs)


JUDGE_BATCH = 2_000  # groups whose claims are loaded together


def _judged(clusters: list[list[str]], load: Callable[[list[str]], list[dict]], derived: dict,
            pub: dict) -> Iterator[Group]:
    for k in range(0, len(clusters), JUDGE_BATCH):
        batch = clusters[k: k + JUDGE_BATCH]
        by_id = {c["id"]: c for c in load([cid for members in batch for cid in members])}
        for members in batch:
            yield _judge([by_id[cid] for cid in members], derived, pub)


def _average_linkage(n: int, scores: dict[tuple[int, int], float], source_of: list[str]) -> list[list[int]]:
    cluster = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < SLOT_THRESHOLD:
            break
        a, b = cluster[i], cluster[j]
        if a == b:
            continue
        ma, mb = members[a], members[b]
        if {source_of[x] for x in ma} & {source_of[y] for y in mb}:
            continue  # one claim per source: repetition in one source is not corroboration
        total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in ma for y in mb)
        if total / (len(ma) * len(mb)) < LINK_THRESHOLD:
            continue
        for y in mb:
            cluster[y] = a
        ma.extend(mb)
        del members[b]
    return [sorted(m) for m in members.values()]


# --- verdicts -------------------------------------------------------------------------

def _judge(members: list[dict], derived: dict, pub: dict) -> Group:
    members = sorted(members, key=lambda c: (c["source"], c["start"]))
    gid = "g" + hashlib.blake2b(",".join(sorted(c["id"] for c in members)).encode(), digest_size=6).hexdigest()
    names = sorted({c["source"] for c in members})
    independent = [n for n in names if not (n in derived and derived[n][0] in names)]
    notes = [f"{n} appears to copy {derived[n][0]} ({derived[n][1]:.0%} of its word sequences)"
             for n in names if n in derived and derived[n][0] in names]
    conflicts: list[Conflict] = []
    for x in range(len(members)):
        for y in range(x + 1, len(members)):
            a, b = members[x], members[y]
            if a["source"] == b["source"]:
                continue
            found, pair_notes = find_conflicts(a, b, pub.get(a["source"]), pub.get(b["source"]))
            conflicts.extend(found)
            notes.extend(n for n in pair_notes if n not in notes)
    quotes = "; ".join(f'{c["source"]}: "{c["quote"]}"' for c in members)
    if conflicts:
        c = conflicts[0]
        a, b = (next(m for m in members if m["id"] == cid) for cid in c.claims)
        explanation = (f'{c.slot} conflict: {a["source"]} says {c.values[0]!r} ("{a["quote"]}"), '
                       f'{b["source"]} says {c.values[1]!r} ("{b["quote"]}")' + (f"; {c.detail}" if c.detail else ""))
        verdict = "conflict"
    elif len(independent) >= 2:
        verdict = "agree"
        count = f"{len(names)} sources, {len(independent)} independent" if len(independent) < len(names) else f"{len(names)} independent sources"
        explanation = f"{count} agree: {quotes}"
    else:
        verdict = "single"
        if len(names) > 1:
            explanation = f"{len(names)} sources, 1 independent: {quotes}"
        else:
            explanation = f'only {names[0]} states this: "{members[0]["quote"]}"'
    return Group(gid, verdict, members, explanation, conflicts, notes, len(names), len(independent))


def _measured(a: dict, b: dict) -> bool:
    """Both give a percentage of the same named measure ('% turnout'): the same fact, whatever verb."""
    return any(_same_unit(qa, qb) and (qa.get("unit") or "").startswith("%") and _unit_words(qa)
               for qa in a.get("quantities") or [] for qb in b.get("quantities") or [])


def _same_count(a: dict, b: dict) -> bool:
    """Both count people that the same thing happened to ("42 people were killed" / "forty-two
    passengers died" / "the death toll stands at 42"), or the same group of people being
    there ("a crew of five" / "carried seven crew members"), about the same named subject."""
    sa, sb = _named(a, "subject"), _named(b, "subject")
    if sa and sb and sa != sb:
        return False
    for ia, qa in enumerate(a.get("quantities") or []):
        for ib, qb in enumerate(b.get("quantities") or []):
            xa, xb = _pair_measures(a, ia, b, ib)
            if xa & xb and _comparable(qa, xa, qb, xb):
                return True
    return False


def _counts_apart(a: dict, b: dict) -> bool:
    """Both count the same kind of people or things, something different happened to them in
    each, and the counts differ ("1,400 people were evacuated" / "the fires killed 100
    people"): two facts, however alike the words. The same count with other verbs may be one
    fact told two ways ("700 firefighters are tackling the flames" / "more than 700
    firefighters were fighting the blaze"), which similarity decides."""
    apart = False
    for ia, qa in enumerate(a.get("quantities") or []):
        for ib, qb in enumerate(b.get("quantities") or []):
            xa, xb = _pair_measures(a, ia, b, ib)
            if xa & xb:
                return False
            if xa and xb and _same_unit(qa, qb):
                # an open range counts from its bound: "at least 1,400" is not "more than 100"
                (la, ha), (lb, hb) = _scaled(qa), _scaled(qb)
                if ranges_overlap(la * 0.9, (la if ha is None else ha) * 1.1, lb * 0.9, (lb if hb is None else hb) * 1.1):
                    return False
                apart = True
    return apart


# physical units: the same value in the same unit is one reading, not a coincidence of counts
READING_UNITS = {"km/h", "kilometre", "metre", "kilogram", "tonne", "hectare", "litre", "degree", "celsius",
                 "fahrenheit", "magnitude"}


def _same_reading(a: dict, b: dict) -> bool:
    for qa in a.get("quantities") or []:
        for qb in b.get("quantities") or []:
            units = {_canonical(w) for w in (qa.get("unit") or "").split()}
            if units & READING_UNITS and _same_unit(qa, qb):
                if ranges_overlap(*_scaled(qa), *_scaled(qb)):
                    return True
    return False


def _comparable(qa: dict, xa: frozenset[str], qb: dict, xb: frozenset[str]) -> bool:
    """Two quantities measure the same thing: the same event happened to the people counted,
    or the same counted noun with nothing that sets them apart."""
    shared = xa & xb
    if shared - {PRESENCE}:
        return True
    if not _same_unit(qa, qb):
        return False
    if xa and xb and not shared:
        return False  # the same people, but something else happened to them: on board / died
    if PRESENCE in shared:
        return bool(_unit_words(qa) & _unit_words(qb) - GENERIC_COUNTS)  # "people" names no group
    return True


GENERIC_COUNTS = {stem(w) for w in ("people", "person", "persons", "individual", "other", "adult")}
PRESENCE = "being there"
# verbs that only say the people counted were there: "carried 77 passengers", "had a crew of five"
PRESENCE_VERBS = {"carry", "hold", "contain", "include", "number", "transport", "accommodate", "seat", "host",
                  "employ", "house"}


def _measures(c: dict) -> list[frozenset[str]]:
    """Per quantity, the concepts of what it counts: for a count of people, what happened to
    them (the predicate's senses), or PRESENCE when they were only there; otherwise the verbs
    the counted noun is derived from ("the death toll" meets "died"; "planes" name no act)."""
    if "_measures" not in c:
        out = []
        pred = (c.get("predicate") or "").split()
        verb = pred[0] if pred and pred[0] not in LIGHT_PREDICATES else ""
        for q in c.get("quantities") or []:
            unit = (q.get("unit") or "").split()
            if not unit or unit[0] == "%":
                out.append(frozenset())
            elif not any(counts_people(w) for w in unit):
                out.append(frozenset(x for w in unit for x in derived_verbs(w)))
            elif not verb or verb in PRESENCE_VERBS:
                out.append(frozenset({PRESENCE}))
            else:
                out.append(frozenset(x for x in concepts(verb, broad=False) if x[0] == "v"))
        c["_measures"] = out
    return c["_measures"]


def _named_measures(c: dict) -> list[frozenset[str]]:
    """Per quantity, the senses of the verb its counted people are named after: "61 survivors"
    survived, "2,000 evacuees" were evacuated, "300 protesters" protested."""
    if "_named" not in c:
        c["_named"] = [frozenset(x for w in (q.get("unit") or "").split()
                                 if stem(w) not in GENERIC_COUNTS and counts_people(w) and (v := source_verb(w))
                                 for x in concepts(v, broad=False) if x[0] == "v")
                       for q in c.get("quantities") or []]
    return c["_named"]


def _pair_measures(a: dict, ia: int, b: dict, ib: int) -> tuple[frozenset[str], frozenset[str]]:
    """What quantity `ia` of `a` and quantity `ib` of `b` measure, each widened by the verb its
    counted people are named after when that is what the other one measures: "pulled 61
    survivors" meets "60 people survived", but "300 workers went on strike" and "two workers
    died" stay apart (both are workers; what happened to them differs)."""
    xa, xb = _measures(a)[ia], _measures(b)[ib]
    na, nb = _named_measures(a)[ia], _named_measures(b)[ib]
    return (xa | na if na & xb else xa), (xb | nb if nb & xa else xb)


def _values_differ(a: dict, b: dict) -> bool:
    found, _ = find_conflicts(a, b, None, None, need_alignment=False)
    return bool(found)


def find_conflicts(a: dict, b: dict, pub_a: str | None, pub_b: str | None,
                   need_alignment: bool = True) -> tuple[list[Conflict], list[str]]:
    """Incompatible slot values between two claims of different sources, and notes on what
    could not be compared."""
    out: list[Conflict] = []
    notes: list[str] = []
    ids = (a["id"], b["id"])
    same_pred = bool(predicate_key(a)) and predicate_key(a) == predicate_key(b)

    # quantities: same counted thing, ranges that cannot both hold; two different named
    # subjects ("Unity won 48%" / "Greens took 31%") are two measurements, not one
    sa, sb = _named(a, "subject"), _named(b, "subject")
    different_subjects = bool(sa and sb and not _same_name(sa, sb))
    for ia, qa in enumerate([] if different_subjects else a.get("quantities") or []):
        for ib, qb in enumerate(b.get("quantities") or []):
            xa, xb = _pair_measures(a, ia, b, ib)
            if not _comparable(qa, xa, qb, xb):
                continue
            if not ranges_overlap(*_scaled(qa), *_scaled(qb)):
                converted = f" ({qa['unit']} and {qb['unit']} converted)" if _scale(qa) != _scale(qb) else ""
                out.append(Conflict("number", (qa["text"], qb["text"]), ids, f"counting {qa['unit']}{converted}"))

    # dates: compare only the dates of the same event (same predicate, same named subject)
    if different_subjects:
        pass
    elif same_pred or not need_alignment:
        da = [d for d in a.get("dates") or [] if d.get("kind") in {"date", "relative"}]
        db = [d for d in b.get("dates") or [] if d.get("kind") in {"date", "relative"}]
        if len(da) == 1 and len(db) == 1:
            x, y = da[0], db[0]
            if x.get("lo") and y.get("lo"):
                if x["hi"] < y["lo"] or y["hi"] < x["lo"]:
                    out.append(Conflict("date", (x["text"], y["text"]), ids,
                                        f"{_span(x)} vs {_span(y)}"))
            elif (x.get("lo") or y.get("lo")) and (x.get("month") or y.get("month") or x.get("weekday") is not None or y.get("weekday") is not None):
                if x.get("month") and y.get("month") and x["month"] != y["month"] and not (x.get("lo") or y.get("lo")):
                    out.append(Conflict("date", (x["text"], y["text"]), ids, "different months"))
                else:
                    notes.append(f"date could not be anchored: {x['text']!r} / {y['text']!r} (no credible publication date)")
            elif x.get("month") and y.get("month") and x["month"] != y["month"]:
                out.append(Conflict("date", (x["text"], y["text"]), ids, "different months"))
        # a start date against a duration ("began in August 2020" vs "a thirty-year-old dispute")
        out.extend(_duration_vs_date(a, b, pub_a, pub_b, ids, notes))
    elif _same_event_time(a, b):
        out.extend(_age_vs_start(a, b, pub_a, pub_b, ids, notes))
    elif need_alignment:
        # "has led the country since 2016" / "the prime minister since 2018": one named
        # person's ongoing state, started at two different times; "since" fixes what the date
        # means, so the predicates need not match (an opening and a closing date never do)
        x, y = _since(a), _since(b)
        sa, sb = _named(a, "subject"), _named(b, "subject")
        if x and y and sa and sa == sb and x.get("lo") and y.get("lo") and (x["hi"] < y["lo"] or y["hi"] < x["lo"]):
            out.append(Conflict("date", (x["text"], y["text"]), ids, f"{sa}: since {_span(x)} vs since {_span(y)}"))

    # polarity: only between claims whose predicates and arguments already match (an argument
    # may move between object and subject: "did not damage the castle" / "the castle was damaged")
    related = not same_pred and _related_predicates(a, b)
    if (same_pred or related) and bool(a.get("negated")) != bool(b.get("negated")):
        shared_args = {e["norm"] for e in a.get("entities") or []} & {e["norm"] for e in b.get("entities") or []}
        args_a = _arg_words(a)
        if related:  # two verbs of one sense need a shared argument that is more than a name
            shared_args = set()
            args_a = args_a - _stems_of(" ".join(e["text"] + " " + e["norm"] for e in a.get("entities") or []))
        if shared_args or args_a & _arg_words(b) or _same_kind_args(a, b):
            neg, pos = (a, b) if a.get("negated") else (b, a)
            out.append(Conflict("negation", (_polar(a), _polar(b)), ids,
                                f'{neg["source"]} negates it ({", ".join(neg.get("polarity") or ["not"])})'))

    # contrary outcomes of the same decision: "upheld the ban" / "struck down the ban"
    pa, pb = (a.get("predicate") or "").lower(), (b.get("predicate") or "").lower()
    if frozenset((pa, pb)) in CONTRARY and bool(a.get("negated")) == bool(b.get("negated")) and _arg_words(a) & _arg_words(b):
        out.append(Conflict("negation", (pa, pb), ids, "contrary outcomes of the same decision"))
    # contrary descriptions of one thing: "the evacuation was chaotic" / "was well organised"
    elif pa.startswith("be ") and pb.startswith("be ") and bool(a.get("negated")) == bool(b.get("negated")):
        ja, jb = pa.split()[-1], pb.split()[-1]
        wa, wb = frozenset(_words_of(a.get("subject"))), frozenset(_words_of(b.get("subject")))
        if _contrary_descriptions((ja, wa), (jb, wb)):
            out.append(Conflict("negation", (pa, pb), ids, f"contrary descriptions of one thing ({ja} / {jb})"))

    # actors: same predicate and object (figures included: two parties winning 48% and 31%
    # are two acts), different named doer
    same_figures = (not a.get("quantities") and not b.get("quantities")) or sorted(
        q["value"] for q in a.get("quantities") or []) == sorted(q["value"] for q in b.get("quantities") or [])
    if same_pred and same_figures and _overlap(a.get("object"), b.get("object")) >= 0.6:
        sa, sb = _named(a, "subject"), _named(b, "subject")
        if sa and sb and not _same_name(sa, sb):
            out.append(Conflict("actor", (a["subject"], b["subject"]), ids, "a different actor for the same act"))

    # roles: one named person given two different titles ("a police spokeswoman" / "a board
    # member of the authority"). Both could hold at two bodies, but a story names a person by
    # the role they speak or act in, so the checker has to settle which; the detail says so.
    if a.get("kind") in ROLE_KINDS and b.get("kind") in ROLE_KINDS:
        sa, sb = _titled(a), _titled(b)
        if sa and sa == sb:
            ra, rb = (a.get("predicate") or "").split()[-1:], (b.get("predicate") or "").split()[-1:]
            if ra and rb and ra != rb and counts_people(ra[0]) and counts_people(rb[0]):  # titles, not "a city"
                same_body = _overlap(a.get("object"), b.get("object")) >= 0.3
                out.append(Conflict("role", (a["object"], b["object"]), ids,
                                    f"{a['subject']}: different titles" + ("" if same_body else " (at different bodies)")))
            elif ra and ra == rb and counts_people(ra[0]):
                # one title word, two portfolios: "Interior Minister" / "the transport minister"
                ma, mb = _title_modifiers(a, ra[0]), _title_modifiers(b, rb[0])
                if ma and mb and not ma & mb:
                    out.append(Conflict("role", (a["object"], b["object"]), ids, f"{a['subject']}: different titles"))
    return out, notes


# abbreviations and spellings of one unit; "m" is left out (metres or millions)
UNIT_ALIASES = {"km": "kilometre", "kms": "kilometre", "kilometer": "kilometre", "mi": "mile", "kg": "kilogram",
                "kgs": "kilogram", "lb": "pound", "lbs": "pound", "meter": "metre", "hr": "hour", "hrs": "hour",
                "min": "minute", "mins": "minute", "sec": "second", "ft": "foot", "feet": "foot", "kmh": "km/h",
                "kph": "km/h", "yr": "year", "yrs": "year"}


# units converted before comparing: 120 mph is about 193 km/h
UNIT_SCALE = {"mph": ("km/h", 1.609344), "mile": ("kilometre", 1.609344), "pound": ("kilogram", 0.45359237),
              "foot": ("metre", 0.3048), "yard": ("metre", 0.9144), "ton": ("tonne", 0.907185)}


def _canonical(word: str) -> str:
    word = UNIT_ALIASES.get(word, word)
    return UNIT_SCALE.get(word, (word, 1.0))[0]


def _scaled(q: dict) -> tuple[float, float | None]:
    """A quantity's range in its unit's base unit (no upper bound for an open range)."""
    f = _scale(q)
    return q["lo"] * f, (q["hi"] * f if q.get("hi") is not None else None)


def _scale(q: dict) -> float:
    return next((UNIT_SCALE[UNIT_ALIASES.get(w, w)][1] for w in (q.get("unit") or "").split()
                 if UNIT_ALIASES.get(w, w) in UNIT_SCALE), 1.0)


def _unit_words(q: dict) -> set[str]:
    return {stem(_canonical(w)) for w in (q.get("unit") or "").split() if w not in {"%", "of"}}


def _same_unit(qa: dict, qb: dict) -> bool:
    """Both count the same thing: percentages of the same whole, or counted nouns that overlap
    ('earthquake magnitude' and 'magnitude')."""
    pa, pb = (qa.get("unit") or "").startswith("%"), (qb.get("unit") or "").startswith("%")
    if pa != pb:
        return False
    wa, wb = _unit_words(qa), _unit_words(qb)
    if pa and pb:
        return wa == wb
    return bool(wa & wb)


def _related_predicates(a: dict, b: dict) -> bool:
    va, vb = _main_verb(a), _main_verb(b)
    return bool(va and vb) and _verbs_related(va, vb)


@functools.lru_cache(maxsize=65_536)
def _verbs_related(va: str, vb: str) -> bool:
    """Two different verbs for one act (see lexicon.same_act)."""
    return va != vb and same_act(va, vb)


def _main_verb(c: dict) -> str:
    return _verb_of(_act(c))


def _same_kind_args(a: dict, b: dict) -> bool:
    """The subjects, or the objects, are common nouns of one kind ("the boat" / "the vessel")."""
    for slot in ("subject", "object"):
        ha, hb = _head(a.get(slot) or ""), _head(b.get(slot) or "")
        if ha[:1].islower() and hb[:1].islower() and same_kind(ha, hb):
            return True
    return False


def _contrary_descriptions(x: tuple[str, frozenset[str]], y: tuple[str, frozenset[str]]) -> bool:
    """(adjective, subject words) pairs: one thing, words of opposite meaning."""
    return x[0] != y[0] and bool(x[1] & y[1]) and contrary(x[0], y[0])


def _arg_words(c: dict) -> set[str]:
    if "_args" not in c:
        c["_args"] = _words_of(f"{c.get('subject') or ''} {c.get('object') or ''}")
    return c["_args"]


def _words_of(phrase: str | None) -> set[str]:
    return {stem(w) for w in re.findall(r"[^\W\d_]{3,}", (phrase or "").lower())
            if w not in {"the", "this", "that", "its", "their", "his", "her", "they", "which", "who"}}


def _span(d: dict) -> str:
    return d["lo"] if d["lo"] == d["hi"] else f"{d['lo']}..{d['hi']}"


def _polar(c: dict) -> str:
    return ("not " if c.get("negated") else "") + (c.get("predicate") or "")


def _overlap(x: str | None, y: str | None) -> float:
    a, b = _stems_of(x or ""), _stems_of(y or "")
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@functools.lru_cache(maxsize=65_536)
def _stems_of(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"\w+", text) if len(w) > 2)


NAMING = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}  # "Turkish President Erdogan" names Erdogan


def _named(c: dict, slot: str) -> str:
    """The normalized entity a slot names, if it names one: a person or body before a place,
    a place before a nationality adjective. Kept on the claim: verdicts ask for it again
    for every pair in a group."""
    key = "_named_" + slot
    if key not in c:
        c[key] = _named_in(c, c.get(slot) or "")
    return c[key]


def _named_in(c: dict, text: str) -> str:
    """The normalized entity of the claim that `text` names, if any."""
    text = fold(text).lower()
    found = [e for e in c.get("entities") or [] if e["label"] in NAMING and has_words(text, fold(e["text"]).lower())]
    return min(found, key=lambda e: NAMING[e["label"]])["norm"] if found else ""


def _same_name(x: str, y: str) -> bool:
    """Two normalized names of one party: equal, one inside the other ("putin" / "vladimir
    putin"), or the same surname with given names spelt one letter apart or as an initial
    (transliterations: "dmitry peskov" / "dmitri peskov", "j smith" / "john smith")."""
    if f" {x} " in f" {y} " or f" {y} " in f" {x} " or _party(x) == _party(y):
        return True
    xs, ys = x.split(), y.split()
    if len(xs) != len(ys) or len(xs) < 2 or xs[-1] != ys[-1]:
        return False
    return all(a == b or a[0] == b[0] and min(len(a), len(b)) == 1 or min(len(a), len(b)) >= 4 and _one_edit(a, b)
               for a, b in zip(xs[:-1], ys[:-1]))


def _one_edit(a: str, b: str) -> bool:
    """At most one letter substituted, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i:] == b[i + 1:] or a[i + 1:] == b[i:]


def _titled(c: dict) -> str:
    """Who an apposition or a title names: the named entity, or, where the tagger found none,
    a subject written as a capitalized name of two to four words ("Ana Ruiz")."""
    who = _named(c, "subject")
    subject = (c.get("subject") or "").strip()
    if not who and re.fullmatch(r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+", subject):
        who = entity_key(subject, "PERSON")
    return who


def _title_modifiers(c: dict, head: str) -> set[str]:
    """The words that tell one kind of a title from another: 'interior' in 'Interior Minister'."""
    words = re.findall(r"[^\W\d_]+", fold(c.get("object") or "").lower())
    return {stem(w) for w in words if w not in {"the", "a", "an", "of", "for", "at", "in", "and", "its", "their", "his",
                                                 "her", "former", "then", "current", "acting", "deputy"}
            and stem(w) != stem(head)}


def _since(c: dict) -> dict | None:
    """The claim's one absolute date when the text says "since" right before it."""
    ds = [d for d in c.get("dates") or [] if d.get("kind") == "date"]
    if len(ds) != 1:
        return None
    before = (c.get("quote") or "")[: ds[0]["start"] - c["start"]]
    return ds[0] if re.search(r"\bsince\s+(?:the\s+)?$", before, re.I) else None


# --- when an event began: its age ("a thirty-year-old dispute") or its start ("began in 2020")

PHRASE_END = re.compile(r"\s(?:of|in|on|at|with|between|around|over|for|from|to|by|against|among|that|which|who|whose)\s", re.I)
FOR_BEFORE = re.compile(r"\b(?:for|over)\s+(?:the\s+)?(?:(?:past|last)\s+)?$", re.I)
BEGIN = ("begin", "start")
PRONOUNS = {"it", "they", "this", "that", "these", "those", "he", "she", "we", "which", "who"}
OPENING = {"open", "reopen"}  # "the line opened in 2015": WordNet's common senses of "open" are doors and lids


@functools.lru_cache(maxsize=4096)
def _begins(verb: str) -> bool:
    return verb in OPENING or any(not concepts(verb).isdisjoint(concepts(b)) for b in BEGIN)


def _head(phrase: str) -> str:
    """The head noun of a noun phrase: its last word before a preposition or a relative word."""
    m = PHRASE_END.search(" " + phrase + " ")
    words = re.findall(r"[^\W\d_]+", (" " + phrase + " ")[: m.start()] if m else phrase)
    return words[-1] if words else ""


def _event_time(c: dict) -> tuple[str, dict, str] | None:
    """("age", duration, event noun) for "a thirty-year-old dispute" or "for three decades
    the Kremlin has used the conflict"; ("start", date, event noun) for "the war began in
    August 2020"; None when the claim says neither."""
    if "_when" not in c:
        c["_when"] = None
        quote = c.get("quote") or ""
        dates = c.get("dates") or []
        durs = [d for d in dates if d.get("kind") == "duration"]
        starts = [d for d in dates if d.get("kind") in {"date", "relative"} and d.get("lo")]
        if len(durs) == 1 and not starts:
            d = durs[0]
            after = quote[d["end"] - c["start"]:]
            if re.search(r"old$", d["text"], re.I) or re.match(r"[\s-]*old\b", after, re.I):
                noun = re.match(r"[\s-]*(?:old\b)?\s*([^\W\d_]+)", after)
                c["_when"] = ("age", d, noun.group(1)) if noun else None
            elif re.match(r"for\b", d["text"], re.I) or FOR_BEFORE.search(quote[: d["start"] - c["start"]]):
                noun = _head(c.get("object") or "") or _head(c.get("subject") or "")
                c["_when"] = ("age", d, noun) if noun else None
        elif len(starts) == 1 and not durs and (verb := _main_verb(c)) and (
                _begins(verb) or " " in _act(c) and _begins(_act(c).replace(" ", "_"))):  # "broke out"
            subject = _head(c.get("subject") or "")
            noun = subject if subject[:1].islower() and subject.lower() not in PRONOUNS else _head(c.get("object") or "")
            c["_when"] = ("start", starts[0], noun) if noun[:1].islower() else None
    return c["_when"]


def _event_concepts(c: dict) -> frozenset[str]:
    """The noun senses of the event whose age or start the claim gives."""
    if "_event" not in c:
        when = _event_time(c)
        # a person's age ("a 46-year-old man") is no event's
        c["_event"] = _noun_senses(when[2].lower()) if when and not counts_people(when[2], groups=False) else EMPTY
    return c["_event"]


def _event_kinds(c: dict) -> frozenset[str]:
    """The event noun's senses and the kinds they are, two levels up: a wildfire is a fire."""
    if "_event_kinds" not in c:
        when = _event_time(c)
        c["_event_kinds"] = (_noun_kinds(when[2].lower()) | _event_concepts(c)) if _event_concepts(c) else EMPTY
    return c["_event_kinds"]


def _forms(noun: str) -> tuple[str, ...]:
    """The noun as written, then without a plural "s" ("arrests" -> "arrest")."""
    return (noun, noun[:-1]) if noun.endswith("s") and len(noun) > 1 else (noun,)


@functools.lru_cache(maxsize=16_384)
def _noun_kinds(noun: str) -> frozenset[str]:
    return next((found for form in _forms(noun) if (found := kinds_of(form))), EMPTY)


@functools.lru_cache(maxsize=16_384)
def _noun_senses(noun: str) -> frozenset[str]:
    return next((found for form in _forms(noun)
                 if (found := frozenset(x for x in concepts(form, broad=False) if x[0] == "n"))), EMPTY)


def _same_event_time(a: dict, b: dict) -> bool:
    """Both give the age or start of one event: a noun sense in common, and a named party in
    common when both name any ("the coastal line opened ten years ago" names none)."""
    if _event_concepts(a).isdisjoint(_event_kinds(b)) and _event_concepts(b).isdisjoint(_event_kinds(a)):
        return False  # neither event noun is the other's, or a kind of it ("wildfire" / "fire")
    na, nb = ({e["norm"] for e in c.get("entities") or []} for c in (a, b))
    return not na or not nb or not na.isdisjoint(nb)


def _age_vs_start(a: dict, b: dict, pub_a, pub_b, ids, notes) -> list[Conflict]:
    """An event's age against its start date, or two ages, or two starts."""
    x, y = _event_time(a), _event_time(b)
    if x[0] == y[0] == "start":
        if x[1]["hi"] < y[1]["lo"] or y[1]["hi"] < x[1]["lo"]:
            return [Conflict("date", (x[1]["text"], y[1]["text"]), ids, f"{x[2]} began {_span(x[1])} vs {_span(y[1])}")]
        return []
    if x[0] == y[0] == "age":
        if pub_a and pub_b and pub_a[:4] == pub_b[:4] and not ranges_overlap(
                x[1].get("years_lo") or 0, x[1].get("years_hi"), y[1].get("years_lo") or 0, y[1].get("years_hi")):
            return [Conflict("date", (x[1]["text"], y[1]["text"]), ids, f"{x[2]}: different ages")]
        return []
    return _duration_vs_date(a, b, pub_a, pub_b, ids, notes)


def _duration_vs_date(a: dict, b: dict, pub_a, pub_b, ids, notes) -> list[Conflict]:
    out = []
    for x, y, pub in ((a, b, pub_a), (b, a, pub_b)):
        durs = [d for d in x.get("dates") or [] if d.get("kind") == "duration"]
        starts = [d for d in y.get("dates") or [] if d.get("kind") == "date" and d.get("lo")]
        if len(durs) != 1 or len(starts) != 1:
            continue
        if not pub:
            notes.append(f"{x['source']}: {durs[0]['text']!r} could not be anchored (no credible publication date)")
            continue
        d, s = durs[0], starts[0]
        pub_year = date.fromisoformat(pub[:10]).year
        start_hi = pub_year - round(d.get("years_lo") or 0)
        start_lo = pub_year - round(d["years_hi"]) if d.get("years_hi") is not None else None
        s_year = int(s["lo"][:4])
        if s_year > start_hi + 1 or (start_lo is not None and s_year < start_lo - 1):
            out.append(Conflict("date", (d["text"], s["text"]), (x["id"], y["id"]) if x is a else (y["id"], x["id"]),
                                f"{d['text']} before {pub[:10]} puts the start around {start_hi}, not {s_year}"))
    return out

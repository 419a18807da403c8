"""Normal forms that let two sources' wordings meet: entity keys and quote-insensitive text."""

from __future__ import annotations

import functools
import re
import unicodedata

# Widely used short and long names of the same body. General knowledge, not corpus-specific.
ALIASES = {
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "uae": "united arab emirates",
    "ussr": "soviet union",
    "nato": "nato",
    "who": "world health organization",
    "imf": "international monetary fund",
    "icc": "international criminal court",
}
# Nationality adjectives come from WordNet's pertainym pointers ("french" -> "france", see
# lexicon.place_of), which know some 200 of them; these are the ones WordNet 3.0 (2006) names no
# place for, or another place than today's: "Chinese" points at Taiwan, "Russian" at the Soviet
# Union, "Czech" at Czechoslovakia, and the continents' adjectives at their peoples.
DEMONYM_EXCEPTIONS = {
    "chinese": "china",
    "russian": "russia",
    "czech": "czech republic",
    "kazakh": "kazakhstan",
    "european": "europe",
    "african": "africa",
    "asian": "asia",
    "australian": "australia",
}


def place_of(word: str) -> str | None:
    """The place a nationality adjective names ("dutch" -> "netherlands"), or None."""
    if word in DEMONYM_EXCEPTIONS:
        return DEMONYM_EXCEPTIONS[word]
    if not word.isalpha():
        return None
    from kcheck.lexicon import place_of as pertainym  # mapped files only, no WordNet load

    place = pertainym(word)
    return ALIASES.get(place, place) if place else None


_TITLES = re.compile(
    r"^(?:the|president|prime minister|minister|mr|mrs|ms|dr|sir|general|gen|king|queen|pope)\.?\s+", re.I
)
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)


def fold(s: str) -> str:
    """Quotes, dashes and no-break spaces to ASCII; NFKC; case kept."""
    return unicodedata.normalize("NFKC", s).translate(_QUOTES)


def entity_key(text: str, label: str = "") -> str:
    """'the U.S.' -> 'united states', "Russia's" -> 'russia', 'Russian' (NORP) -> 'russia'."""
    s = fold(text).lower().strip()
    s = re.sub(r"'s$|'$", "", s).strip()
    prev = None
    while prev != s:
        prev = s
        s = _TITLES.sub("", s)
    s = re.sub(r"[\s-]+", " ", s).strip(" .,;:\"'()")
    undotted = s.replace(".", "")
    if undotted in ALIASES:
        return ALIASES[undotted]
    place = place_of(s)
    if label == "NORP" or place:
        if s.endswith("s") and (singular := place_of(s[:-1])):
            return singular
        return place or s
    return s


def has_words(text: str, words: str) -> bool:
    """`words` occur in `text` as whole words ("it" is not in "city")."""
    at = text.find(words)
    while at >= 0:
        end = at + len(words)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(words, at + 1)
    return False


SUFFIXES = sorted(
    [
        "ational",
        "ation",
        "ition",
        "ments",
        "ment",
        "ness",
        "ities",
        "ity",
        "ors",
        "ers",
        "or",
        "er",
        "ists",
        "ist",
        "ism",
        "ally",
        "al",
        "ly",
        "ing",
        "ed",
        "es",
        "s",
    ],
    key=len,
    reverse=True,
)


# British spellings written the American way first, so that "defence" meets "defense",
# "labour" "labor" and "centre" "center" ("-ise" and "-ize" meet in the six-letter stem anyway)
_BRITISH = [
    (re.compile(r"^(?!(?:det|dev|cont|troubad|param)our)(\w{3,})our(s|ed|ing|ite|ites|able|ably|er|ers)?$"), r"\1or\2"),
    (re.compile(r"^(def|off|lic|pret)enc(e|es)$"), r"\1ens\2"),
    (re.compile(r"^(\w*(?:cent|met|theat|fib|lit|calib|somb|lust|spect|meag))re(s|d)?$"), r"\1er\2"),
]


@functools.lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """A crude, fast stem that lets inflections and derivations meet ("rescue", "rescuer",
    "rescued" -> "rescu"); six letters at most, so long compounds of one root meet too."""
    w = fold(word).lower().strip("'\"-")
    for pattern, american in _BRITISH:
        w = pattern.sub(american, w)
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w[:6]


@functools.lru_cache(maxsize=65_536)
def stems_of(text: str) -> frozenset[str]:
    """Stems of the words of more than two letters in `text`."""
    return frozenset(stem(w) for w in re.findall(r"\w+", text) if len(w) > 2)

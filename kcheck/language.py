"""Is this English? A stop-word count, cheap enough to run on every input.

kcheck's parser and rules are English: a French article gives no claims and an article in
Cyrillic script is all marked "other script", both silently. Function words are the most
frequent words of any language and few are shared, so the share of a sample's words that
are English function words separates English (30-50%) from French, German, Spanish,
Italian, Portuguese or Dutch (under 10%), and the script settles the rest. Only two
20,000-character samples are read: 0.8 ms per seed article, 8 ms for 4.5 MB (measured).
"""

from __future__ import annotations

import re
import unicodedata

SAMPLE = 20_000  # characters read from the start and from the middle of a text
MIN_WORDS = 8  # fewer words say too little: taken as English
SHARE = 0.12  # at least this share of the words are a language's function words

STOP_WORDS = {
    "en": "the and of to a in is that for it was on with as he by at from his be are were have has had said "
    "not this which but an they will would its their been after who",
    "fr": "le la les des du et est une un dans que qui pour pas sur au aux avec il elle ont été sont ce cette "
    "par plus ne se leur nous vous mais",
    "de": "der die das und ist nicht mit den von zu ein eine im dem sich auf für es wurde sind auch als bei "
    "nach aus wie hat oder",
    "es": "el la los las de que y en un una por con para es del se al lo como más su fue ha pero sus le",
    "it": "il di che e la per un una non sono con del della le gli si da è ha nel alla anche più dei è",
    "pt": "o os as de que e do da em um uma para com não no na por se dos das foi ao mais seu sua",
    "nl": "de het een en van in is dat op te zijn voor met niet die aan er ook werd door bij naar om als",
}
NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
_SETS = {lang: frozenset(words.split()) for lang, words in STOP_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _sample(text: str) -> str:
    if len(text) <= 2 * SAMPLE:
        return text
    mid = len(text) // 2
    return text[:SAMPLE] + " " + text[mid : mid + SAMPLE]


def script_of(text: str) -> str | None:
    """The script most letters are in, when it is not Latin ("Cyrillic", "CJK", "Arabic")."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    scripts: dict[str, int] = {}
    for c in letters:
        if c.isascii():
            scripts["LATIN"] = scripts.get("LATIN", 0) + 1
            continue
        name = unicodedata.name(c, "")
        script = "LATIN" if "LATIN" in name else name.split(" ")[0] or "OTHER"
        scripts[script] = scripts.get(script, 0) + 1
    if scripts.get("LATIN", 0) >= len(letters) / 2:
        return None
    top = max(scripts, key=lambda k: scripts[k])
    return {"CJK": "CJK (Chinese or Japanese)"}.get(top, top.title())


def not_english(text: str) -> str:
    """'' when the text reads as English (or is too short to tell), else what it looks like:
    "French (fr) detected" or "mostly in Cyrillic script"."""
    sample = _sample(text)
    script = script_of(sample)
    if script:
        return f"the text is mostly in {script} script"
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return ""
    hits = {lang: [w for w in words if w in s] for lang, s in _SETS.items()}
    shares = {lang: len(h) / len(words) for lang, h in hits.items()}
    best = max(shares, key=lambda k: shares[k])
    if best == "en" or shares[best] < SHARE or shares["en"] >= SHARE:
        return ""
    if len(hits[best]) < 4 or len(set(hits[best])) < 3:
        return ""  # a word or two of a short text ("e", "de") say nothing
    return f"{NAMES[best]} ({best}) detected"

"""kcheck's word lists, kept as data in kcheck/data/words.txt and read once.

Each list is a section: a `[name]` line, one `#` line saying why the list exists and what
belongs in it, then its entries separated by commas or line ends (a phrase keeps its spaces).
`a -> b` maps a to b, `a / b` is a pair. General English only: a list is never sized to the
sentence that prompted it.
"""

from __future__ import annotations

import functools
from importlib import resources

PATH = "data/words.txt"


@functools.lru_cache(maxsize=1)
def _sections() -> dict[str, tuple[str, list[str]]]:
    """name -> (why, entries)."""
    out: dict[str, tuple[str, list[str]]] = {}
    name, why = "", ""
    entries: list[str] = []
    for line in resources.files("kcheck").joinpath(PATH).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            if name:
                out[name] = (why, entries)
            name, why, entries = line[1:-1], "", []
        elif line.startswith("#"):
            why = why or line.lstrip("# ")
        elif line and name:
            entries.extend(e.strip() for e in line.split(",") if e.strip())
    if name:
        out[name] = (why, entries)
    return out


def words(name: str) -> frozenset[str]:
    """A list as a set of words and phrases."""
    return frozenset(_sections()[name][1])


def mapping(name: str) -> dict[str, str]:
    """A list of `a -> b` entries as a dict."""
    return dict((a.strip(), b.strip()) for a, b in (e.split("->", 1) for e in _sections()[name][1]))


def pairs(name: str) -> list[frozenset[str]]:
    """A list of `a / b` entries as unordered pairs."""
    return [frozenset(x.strip() for x in e.split("/", 1)) for e in _sections()[name][1]]


def why(name: str) -> str:
    """The one line that says why a list exists."""
    return _sections()[name][0]


def names() -> list[str]:
    return list(_sections())

"""YAML that cannot explode: a bound on what a document's aliases stand for.

An alias bomb (nine aliases of nine aliases of ...) is a few hundred bytes that stand for
billions of values. ruamel.yaml builds it as shared nodes, but anything that walks it
expands it: a duplicate key's error message quoted the whole value (`kcheck verify` ran
120 s and took 1.9 GB). Both YAML readers (claims files, front matter) check the size first.
"""

from __future__ import annotations

MAX_NODES = 200_000  # values a claims file may stand for once its aliases are expanded


class AliasBomb(ValueError):
    pass


def expanded_size(raw: str, limit: int = MAX_NODES) -> int:
    """How many values the YAML stands for with its aliases expanded, counted from the
    parser's events (linear in the text; nothing is built)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # [anchor, values so far] per open collection
    for event in YAML(typ="rt").parse(raw):
        if isinstance(event, CollectionStartEvent):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, AliasEvent):
            n = sizes.get(event.anchor, 1)
        elif isinstance(event, CollectionEndEvent):
            anchor, n = stack.pop()
            if anchor:
                sizes[anchor] = n
        else:
            continue
        stack[-1][1] += n
        if stack[-1][1] > limit:
            raise AliasBomb(
                f"its aliases (*name) stand for more than {limit:,} values; "
                "no claims file or front matter needs that (an alias bomb?)"
            )
    return stack[0][1]


def shorten(s: str, n: int = 200) -> str:
    """An error message of bounded size: a parser may quote a whole value in it."""
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"

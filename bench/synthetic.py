"""Deterministic synthetic claims with realistic overlap, for benchmarks of comparison.


Words and entities follow a Zipf law; a third of the facts are restated by one to four
other sources with some words swapped, so blocking, scoring and clustering all do real work.
Sources come in stories of eight, as a newsroom's database holds them: a fact is restated by
sources of its own story, and most claims name one of the story's own places or people
(kcheck compares claims only within a story; restatements scattered over random sources
would give it random stories to keep apart, and a regrouping far less work than real ones).
"""

from __future__ import annotations

import itertools
import random

STORY = 8  # sources per story


def synthetic_claims(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    # vocabularies grow with the corpus (Heaps' law, V ~ N^0.6): new articles bring new
    # words and names; a fixed vocabulary would make every word commoner as N grows
    vocab = [f"w{i}" for i in range(int(20_000 * (n / 10_000) ** 0.6))]
    ents = [f"entity {i}" for i in range(int(5_000 * (n / 10_000) ** 0.6))]
    # cumulative weights once: random.choices would re-add all the weights on every call
    vcum = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    ecum = list(itertools.accumulate(1 / (i + 1) for i in range(len(ents))))
    n_sources = max(2, n // 40)
    n_stories = max(1, n_sources // STORY)
    claims: list[dict] = []
    while len(claims) < n:
        words = rng.choices(vocab, cum_weights=vcum, k=rng.randint(5, 10))
        es = rng.choices(ents, cum_weights=ecum, k=rng.randint(0, 2))
        story = rng.randrange(n_stories)
        if rng.random() < 0.7 or not es:
            es = [f"story {story} name {rng.randrange(6)}", *es]
        first = story * STORY
        last = n_sources if story == n_stories - 1 else first + STORY
        copies = 1 + (rng.random() < 0.33) * rng.randint(1, 4)
        for _ in range(copies):
            w = [x if rng.random() > 0.2 else rng.choice(vocab) for x in words]
            i = len(claims)
            src = rng.randrange(first, last)
            claims.append(
                {
                    "id": f"c{i}",
                    "source": f"s{src}",
                    "source_id": f"s{src}",
                    "start": i * 10,
                    "end": i * 10 + 9,
                    "quote": " ".join(w),
                    "text": " ".join(w),
                    "kind": "clause",
                    "lemmas": " ".join(w),
                    "predicate": w[0],
                    "subject": es[0],
                    "object": w[1],
                    "negated": int(rng.random() < 0.05),
                    "polarity": [],
                    "hedges": [],
                    "speaker": "",
                    "entities": [{"text": e, "label": "ORG", "norm": e} for e in es],
                    "dates": [],
                    "quantities": [
                        {"text": str(q), "value": q, "lo": q * 0.98, "hi": q * 1.02, "unit": w[2]}
                        for q in ([rng.randint(1, 500)] if rng.random() < 0.2 else [])
                    ],
                }
            )
            if len(claims) >= n:
                break
    sources = [{"name": f"s{i}", "text": "", "published": None, "published_note": None} for i in range(n_sources)]
    return claims, sources

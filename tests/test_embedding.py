"""How ingest embeds claims may change for speed (batches, a second thread, what it skips), never
what it stores. Sentences invented for these tests (none is quoted from seeds/ or tests/data/)."""

import sqlite3

import pytest

from kcheck import embed
from kcheck.db import ClaimStore, open_db
from kcheck.ingest import ingest
from kcheck.nlp import DEFAULT_MODEL
from kcheck.nlp.components import PARAGRAPH_KEY, claims_of

pytestmark = pytest.mark.slow  # the embedding model and spaCy

SENTENCES = [
    "The orchestra rehearsed.",
    "The library lent 4,000 books in March, twice as many as a year earlier.",
    "A survey team measured the glacier and found that it had lost 12 metres of ice since the spring, "
    "the largest loss it has recorded in the two decades of its work on the mountain.",
    "The bakery opened a second shop on the square.",
    "Volunteers planted 300 trees along the canal, the club said.",
]


@pytest.fixture(autouse=True)
def embedding_on(monkeypatch):
    monkeypatch.delenv("KCHECK_EMBED", raising=False)
    if not embed.enabled():
        pytest.skip("the embedding model is not installed")


def test_a_vector_does_not_depend_on_its_batch():
    """embed batches texts by length and pads each batch; the vector of a text must be the same
    alone, in any batch and in any order, or a change of batching would change the database."""
    together = embed.embed(SENTENCES)
    assert [embed.embed([s])[0] for s in SENTENCES] == together
    assert embed.embed(SENTENCES[::-1]) == together[::-1]
    assert embed.embed(SENTENCES * 5)[: len(SENTENCES)] == together
    assert all(len(v) == embed.DIMENSIONS for v in together)


def test_embedding_beside_the_parser_gives_the_same_vectors(nlp):
    paragraphs = [" ".join(SENTENCES[k % 5 :] + SENTENCES[: k % 5]) for k in range(12)]
    serial = [doc._.kcheck_claims for doc in nlp.pipe(paragraphs, batch_size=4)]
    beside = [
        doc._.kcheck_claims
        for doc in nlp.pipe(paragraphs, batch_size=4, component_cfg={"kcheck_claims": {"overlap": True}})
    ]
    assert beside == serial
    assert all(c["vector"] for claims in serial for c in claims)


def test_claims_stored_as_boilerplate_are_not_embedded(nlp):
    text = "You can read every story free if you sign up today. The bakery opened a second shop on the square."

    def piped(kind, boilerplate):
        doc = nlp.make_doc(text)
        doc.user_data[PARAGRAPH_KEY] = (kind, boilerplate)
        return claims_of(next(nlp.pipe([doc])))

    body = piped("body", False)
    assert [bool(c.vector) for c in body] == [c.sentence_start > 0 for c in body]
    assert any(c.vector for c in body) and not all(c.vector for c in body)
    assert all(c.vector for c in piped("heading", False))  # the furniture rule reads body text only
    assert not any(c.vector for c in piped("furniture", True))
    assert all(c.vector for c in claims_of(nlp(text)))  # a Doc that does not say: all of them


def test_every_claim_but_boilerplate_is_stored_with_its_vector(tmp_path):
    f = tmp_path / "piece.txt"
    f.write_text(
        "Library lends more books\n\n"
        + " ".join(SENTENCES)
        + "\n\nYou can read every story free if you sign up today.\n",
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    ingest([str(f)], ClaimStore(open_db(db)), model=DEFAULT_MODEL)
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "select c.boilerplate, v.vector is not null from claims c left join claim_vectors v on v.claim_id = c.id"
        ).fetchall()
    assert {(0, 1), (1, 0)} == set(rows)

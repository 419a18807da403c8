"""Word overlap, names and derived frame fields, without spaCy."""

from kcheck.compare import Index, Profile, find_conflicts, profile_similarity
from kcheck.derive import frame
from kcheck.lexicon import concepts


def profile(feats: set[str], index: Index, concepts=None) -> Profile:
    return Profile(
        frozenset(f for f in feats if not f.startswith("E:")),
        frozenset(f for f in feats if f.startswith("E:")),
        concepts,
        index,
    )


def claim(**row):
    """A claim frame from hand-given slots, derived as ingest derives it (no spaCy)."""
    base = dict(
        id="c",
        source_id="s",
        start=0,
        quote="",
        text="",
        kind="clause",
        subject="",
        predicate="",
        object="",
        entities=[],
        dates=[],
        quantities=[],
        lemmas="",
    )
    base.update(row)
    base.setdefault("end", len(base["quote"]))
    return frame(base)


def test_shared_word_senses_raise_similarity(monkeypatch):
    feats_a = {"minist", "order", "investig"}
    feats_b = {"minist", "order", "inquir"}
    index = Index([feats_a, feats_b, {"other"}, {"words"}])
    plain = profile_similarity(profile(feats_a, index), profile(feats_b, index), index)
    a = profile(feats_a, index, {"investig": concepts("investigation")})
    b = profile(feats_b, index, {"inquir": concepts("inquiry")})
    assert profile_similarity(a, b, index) > plain
    # a concept alone, with no shared word, links nothing
    c = profile({"inquir"}, index, {"inquir": concepts("inquiry")})
    d = profile({"investig"}, index, {"investig": concepts("investigation")})
    assert profile_similarity(c, d, index) == 0.0


def test_a_name_most_claims_share_is_only_a_shared_topic():
    rare = [{"E:ostrava"}, {"present"}, {"posit"}, {"insult"}, {"role"}, {"dynam"}]
    index = Index([{"E:valoria", f"w{i}"} for i in range(60)] + [{f"x{i}"} for i in range(40)] + rare)
    a = profile({"E:valoria", "present", "posit", "insult"}, index)
    b = profile({"E:valoria", "present", "role", "dynam"}, index)
    c = profile({"E:ostrava", "present", "posit", "insult"}, index)
    d = profile({"E:ostrava", "present", "role", "dynam"}, index)
    topic, named = profile_similarity(a, b, index), profile_similarity(c, d, index)
    assert topic < named and named - topic > 0.2


def test_a_negation_about_another_kind_of_thing_is_no_conflict():
    a = dict(
        id="a",
        source_id="x",
        predicate="be overload",
        negated=False,
        subject="the truck",
        quote="the truck was overloaded",
    )
    b = dict(
        id="b",
        source_id="y",
        predicate="be overload",
        negated=True,
        subject="the boat",
        quote="the boat was not overloaded",
    )
    found, _ = find_conflicts(claim(**a), claim(**b), None, None)
    assert found == []
    found, _ = find_conflicts(
        claim(**{**a, "subject": "the vessel"}), claim(**{**b, "subject": "the ferry"}), None, None
    )
    assert [c.slot for c in found] == ["negation"]

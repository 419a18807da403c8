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


def test_one_statement_at_two_grains_may_share_a_group_a_second_statement_may_not():
    from types import SimpleNamespace

    from kcheck.compare.cluster import Grains, average_linkage

    def Claim(slots=frozenset(), **kw):  # noqa: N802 (read as the claims it stands for)
        return SimpleNamespace(slots=slots, **kw)

    # source a: 0 a clause stating one figure, 1 that figure's claim, 3 the same figure said
    # again in a later sentence; source b: 2 its figure
    nodes = [
        Claim(source="a", start=0, end=60, kind="clause"),
        Claim(source="a", start=10, end=30, kind="figure"),
        Claim(source="b", start=0, end=20, kind="figure"),
        Claim(source="a", start=100, end=120, kind="figure"),
    ]
    sources = [n.source for n in nodes]
    grains = Grains(nodes)
    assert grains.one_statement(0, 1) and grains.one_statement(1, 0)
    assert not grains.one_statement(0, 3) and not grains.one_statement(1, 3)
    scores = {(0, 2): 0.9, (1, 2): 0.8}
    # the pair of grains is never scored and does not count against the mean
    assert average_linkage(4, scores, sources, 0.6, grains.one_statement) == [[0, 1, 2], [3]]
    # with no such test, one claim per source
    assert average_linkage(4, scores, sources, 0.6) == [[0, 2], [1], [3]]
    # a repetition elsewhere in the source is a second statement: it stays out
    assert average_linkage(4, {(0, 2): 0.9, (2, 3): 0.8}, sources, 0.6, grains.one_statement) == [[0, 2], [1], [3]]
    # a clause holding two figures states two things: neither figure is the clause's grain
    nodes.append(Claim(source="a", start=40, end=55, kind="figure"))
    grains = Grains(nodes)
    assert not grains.one_statement(0, 1) and not grains.one_statement(0, 4)
    # a figure's own claim holding a date claim states a count and a day
    counted = [Claim(source="a", start=0, end=60, kind="figure"), Claim(source="a", start=30, end=50, kind="date")]
    assert not Grains(counted).one_statement(0, 1)
    # a clause holding a title claim is no figure's grain either
    title = [Claim(source="a", start=0, end=60, kind="clause"), Claim(source="a", start=0, end=25, kind="title")]
    assert not Grains(title).one_statement(0, 1)
    # an apposition holding an age states a job as well ("Ana Ruiz, 52, a nurse")
    appos = [Claim(source="a", start=0, end=40, kind="appos"), Claim(source="a", start=0, end=12, kind="figure")]
    assert not Grains(appos).one_statement(0, 1)
    # so does a clause holding an age ("Among the dead was Ana Ruiz, 52": who died, and her age)
    age = frozenset({"F:age:ana ruiz", "Q:age"})
    aged = [
        Claim(source="a", start=0, end=40, kind="clause"),
        Claim(source="a", start=24, end=40, kind="figure", slots=age),
    ]
    assert not Grains(aged).one_statement(0, 1)

"""Groups that probably say the same, on synthetic vectors: ranking, the pair margin, groups kept apart."""

from app.semantic import neighbours
from app.semantic.clustering import Constraints, ScopeIndex
from tests.semantic.test_clustering import COMMON, DIM, corpus


def _split_topics(constraints=None):
    """Three topics of eight items; topic 0 split into groups 10 (five) and 11 (three), as before a refinement."""
    raws, langs, gold = corpus(topics=3, per_topic=8)
    labels = [20 + g for g in gold]
    zeros = [i for i, g in enumerate(gold) if g == 0]
    for i in zeros:
        labels[i] = 10 if i in zeros[:5] else 11
    index = ScopeIndex(DIM, constraints=constraints, reference=COMMON)
    index.load(range(len(raws)), raws, langs, labels)
    return index, zeros


def test_a_group_is_offered_the_rest_of_its_topic_first_and_as_probably_the_same():
    index, _ = _split_topics()
    found = neighbours.of_cluster(index, 10, k=3)
    assert [c for c, _ in found][0] == 11 and found[0][1] >= -neighbours.LIKELY_MARGIN
    assert all(score < -neighbours.LIKELY_MARGIN for c, score in found[1:]), "other topics are not likely"
    assert {c for c, _ in neighbours.of_cluster(index, 10, k=3, allowed={21, 22})} == {21, 22}


def test_an_item_is_offered_groups_other_than_its_own():
    index, zeros = _split_topics()
    found = neighbours.of_items(index, [zeros[0]], k=2)
    assert found[0][0] == 11 and 10 not in {c for c, _ in found}


def test_likely_duplicates_pair_the_split_topic_only_and_respect_groups_kept_apart():
    index, _ = _split_topics()
    assert [(a, b) for a, b, _ in neighbours.likely_duplicates(index, limit=10)] == [(10, 11)]
    apart, _ = _split_topics(Constraints(separated={frozenset((10, 11))}))
    assert neighbours.likely_duplicates(apart, limit=10) == []
    assert 11 not in {c for c, _ in neighbours.of_cluster(apart, 10, k=3)}


def test_two_groups_of_one_need_the_pair_margin_to_be_probably_the_same():
    raws, langs, gold = corpus(topics=1, per_topic=2)
    index = ScopeIndex(DIM, reference=COMMON)
    index.load([1, 2], raws, langs, [1, 2])
    ((other, with_margin),) = neighbours.of_cluster(index, 1, k=1)
    plain = float(index.stats.scores(index.stats.alive()[1:], index.vectors.view[0], float(index.density[0]))[0])
    assert other == 2 and abs(with_margin - (plain - index.params.threshold - index.params.pair_margin)) < 1e-5

"""The clustering core on synthetic vectors: language removal, incremental joins, refinement, constraints."""

from dataclasses import replace

import numpy as np
from sklearn.metrics import adjusted_rand_score

from app.semantic.clustering import Constraints, ScopeIndex, cluster_all, group_all

DIM = 48
LANGS = ["ru", "tg", "uz", "kk"]
COMMON = np.zeros(DIM, dtype=np.float32)  # the synthetic model has no common direction


def unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


LANGUAGE_VECTORS = {lang: unit(np.random.default_rng(100 + i).normal(size=DIM)) for i, lang in enumerate(LANGS)}


def written(topic_vector, lang, rng, language_strength=1.2, noise=0.35):
    """What a text on a topic looks like in a language: the language pulls vectors together."""
    return unit(topic_vector + LANGUAGE_VECTORS[lang] * language_strength + rng.normal(scale=noise, size=DIM) / 4)


def corpus(topics=6, per_topic=8, seed=1, noise=0.35):
    """Items of several topics written in several languages."""
    rng = np.random.default_rng(seed)
    topic_vectors = unit(rng.normal(size=(topics, DIM)))
    raws, langs, gold = [], [], []
    for topic in range(topics):
        for i in range(per_topic):
            lang = LANGS[(topic + i) % len(LANGS)]
            raws.append(written(topic_vectors[topic], lang, rng, noise=noise))
            langs.append(lang)
            gold.append(topic)
    return np.array(raws, dtype=np.float32), langs, gold


def test_groups_follow_meaning_not_language():
    raws, langs, gold = corpus()
    by_language = [LANGS.index(lang) for lang in langs]
    labels = cluster_all(raws, langs, reference=COMMON)
    assert adjusted_rand_score(gold, labels) > 0.9
    assert adjusted_rand_score(by_language, labels) < 0.1
    # Without removing the language, the same vectors group by language instead:
    naive = cluster_all(raws, ["same"] * len(langs), reference=COMMON)
    assert adjusted_rand_score(gold, naive) < adjusted_rand_score(gold, labels)


def test_incremental_assignment_joins_the_right_cluster_or_starts_one():
    raws, langs, gold = corpus(topics=3, per_topic=6)
    index = ScopeIndex(DIM, reference=COMMON)
    index.load(range(len(raws)), raws, langs, [100 + g for g in gold])
    extra, extra_langs, extra_gold = corpus(topics=3, per_topic=6, seed=1)
    cluster, score, *_ = index.best_cluster(extra[0], extra_langs[0])
    assert cluster == 100 + extra_gold[0] and score >= index.params.threshold
    rng = np.random.default_rng(7)
    new_topic = written(unit(rng.normal(size=DIM)), "ru", rng).astype(np.float32)
    assert index.best_cluster(new_topic, "ru")[0] is None


def _index_with(labels, raws, langs, constraints=None, sections=None):
    index = ScopeIndex(DIM, constraints=constraints, reference=COMMON)
    index.load(range(len(raws)), raws, langs, labels, sections)
    return index


def test_refinement_merges_split_groups_and_keeps_the_larger_id():
    raws, langs, gold = corpus(topics=2, per_topic=8)
    labels = [10 if g == 0 else 20 for g in gold]
    labels[gold.index(0)] = 11  # one item of topic 0 stranded in a cluster of its own
    index = _index_with(labels, raws, langs)
    moved = index.refine(iter(range(1000, 2000)).__next__)
    assert moved == {gold.index(0): 10}
    assert set(index.labels) == {10, 20}


def test_refinement_splits_what_does_not_belong_together():
    raws, langs, gold = corpus(topics=2, per_topic=8)
    labels = [10] * 12 + [20] * 4  # 8 of topic 0 and 4 of topic 1 lumped into 10
    index = _index_with(labels, raws, langs)
    index.refine(iter(range(1000, 2000)).__next__)
    assert adjusted_rand_score(gold, index.labels) == 1.0
    assert index.labels[0] == 10  # the larger part keeps the id


def test_manual_decisions_are_never_undone():
    raws, langs, gold = corpus(topics=2, per_topic=8)
    # An official put two different topics together (locked) and pinned a stray member elsewhere.
    labels = [10] * 16
    stray = 3
    labels[stray] = 30
    constraints = Constraints(pinned={stray}, locked={10})
    index = _index_with(labels, raws, langs, constraints)
    index.refine(iter(range(1000, 2000)).__next__)
    assert index.labels[stray] == 30 and set(index.labels) == {10, 30}


def test_separated_clusters_are_not_merged_again():
    raws, langs, gold = corpus(topics=1, per_topic=10)
    labels = [10] * 5 + [20] * 5  # an official split one topic in two
    free = _index_with(labels, raws, langs)
    free.refine(iter(range(1000, 2000)).__next__)
    assert len(set(free.labels)) == 1  # left alone, automation merges them: one topic stays one group
    kept = _index_with(labels, raws, langs, Constraints(separated={frozenset((10, 20))}))
    kept.refine(iter(range(1000, 2000)).__next__)
    assert set(kept.labels) == {10, 20}


def _placed_one_by_one(raws, langs, order, params=None):
    """An index filled as the workers fill it: each text joins the best cluster or starts one, in `order`."""
    index, fresh = ScopeIndex(DIM, params=params, reference=COMMON), iter(range(500, 1000))
    for i in order:
        cluster, _score, vector, density = index.best_cluster(raws[i], langs[i])
        index.add(int(i), raws[i], langs[i], cluster if cluster is not None else next(fresh), vector, density)
    return index


def _partition(index, count):
    return [index.labels[index.position[i]] for i in range(count)]


def test_refinement_gives_the_groups_of_the_whole_scope_whatever_order_texts_came_in():
    raws, langs, _gold = corpus(topics=10, per_topic=5, seed=3, noise=1.0)  # loose: where texts come first matters
    at_once = cluster_all(raws, langs, reference=COMMON)
    for seed in range(3):
        index = _placed_one_by_one(raws, langs, np.random.default_rng(seed).permutation(len(raws)))
        before = _partition(index, len(raws))
        moved = index.refine(iter(range(1000, 2000)).__next__)
        assert adjusted_rand_score(at_once, _partition(index, len(raws))) == 1.0
        kept = {before[i] for i in range(len(raws)) if i not in moved}
        assert kept and kept <= set(index.labels), "a group that stays keeps the id it had"


def test_above_the_exact_limit_refinement_only_splits_and_merges():
    raws, langs, gold = corpus(topics=2, per_topic=8)
    labels = [10 if g == 0 else 20 for g in gold]
    labels[gold.index(0)] = 11
    index = _index_with(labels, raws, langs)
    index.params = replace(index.params, max_exact_split=8)
    assert index.refine(iter(range(1000, 2000)).__next__) == {gold.index(0): 10}


def test_search_and_representative():
    raws, langs, gold = corpus(topics=3, per_topic=6)
    index = _index_with([100 + g for g in gold], raws, langs)
    found = index.nearest_items(raws[4], langs[4], k=3)
    assert found[0][0] == 4 and all(gold[item] == gold[4] for item, _ in found)
    assert gold[index.central_item(101)] == 1


def _at_cosine(cosine, towards, away):
    """A unit vector at a given cosine to `towards` (both unit vectors, `away` orthogonal to it)."""
    return cosine * towards + np.sqrt(1 - cosine**2) * away


def _axis(i, dim=24):
    vector = np.zeros(dim)
    vector[i] = 1.0
    return vector


SMALL_SCOPE_R = 0.45  # below 20 items every r is Params.small_scope_density: a score is the cosine less 0.45


def test_a_member_that_barely_joined_is_not_core_and_one_alone_is():
    """Firmness: a member's average similarity to the others less what joining them needs; low means to confirm."""
    from app.semantic.clustering import Params, firmness, group_all

    params = Params(threshold=-0.3, core_lead=-1.0)  # only the similarity counts here
    rng = np.random.default_rng(7)
    close = [_axis(0) + rng.normal(scale=0.03, size=24) for _ in range(6)]
    barely = params.threshold + params.pair_margin / 6 + 0.01  # joins six, but weakly (core_margin 0.02)
    stray = _at_cosine(barely + SMALL_SCOPE_R, _axis(0), _axis(1))
    raws = np.array([*close, stray, _axis(2)], dtype=np.float32)
    raws /= np.linalg.norm(raws, axis=1, keepdims=True)
    params = replace(params, core_margin=0.02)
    labels, core = group_all(raws, ["en"] * len(raws), params, reference=np.zeros(24, np.float32))
    assert len(set(labels[:7])) == 1 and labels[7] not in labels[:7]  # the stray joined...
    assert core[:6] == [True] * 6 and core[6] is False and core[7] is True  # ...weakly; one alone is core
    values = firmness(raws[:7], np.full(7, SMALL_SCOPE_R), params)
    assert 0 <= values[6] < params.core_margin <= min(values[:6])
    assert len(firmness(raws[:1], np.full(1, SMALL_SCOPE_R), params)) == 0


def test_a_member_nearly_as_close_to_another_group_is_not_core():
    """Firmness also asks for a lead over the next-best group, in the batch and the incremental path alike."""
    from app.semantic.clustering import Params, group_all

    params = Params()
    rng = np.random.default_rng(8)
    first = [_axis(0) + rng.normal(scale=0.03, size=24) for _ in range(6)]
    second = [_axis(1) + rng.normal(scale=0.03, size=24) for _ in range(6)]
    near, other = 0.55, 0.55 - params.core_lead / 2  # closer to the first group, but not by enough
    between = near * _axis(0) + other * _axis(1) + np.sqrt(1 - near**2 - other**2) * _axis(2)
    raws = np.array([*first, *second, between, _axis(3)], dtype=np.float32)
    raws /= np.linalg.norm(raws, axis=1, keepdims=True)
    labels, core = group_all(raws, ["en"] * len(raws), params, reference=np.zeros(24, np.float32))
    assert labels[12] == labels[0] != labels[6] and labels[13] not in labels[:13]
    assert core == [True] * 12 + [False, True]
    index = ScopeIndex(24, params, reference=np.zeros(24, np.float32))
    index.load(range(len(raws)), raws, ["en"] * len(raws), labels)
    firm = index.firmness(labels[12])
    assert firm[12] < params.core_margin <= min(value for item, value in firm.items() if item != 12)


def test_what_joins_a_large_group_does_not_make_a_pair():
    """Small groups need more: a similarity enough to join ten is not enough for two one-offs."""
    from app.semantic.clustering import Params

    params = Params()
    score = params.threshold + params.pair_margin / 10 + 0.01  # above what joining ten needs, below a pair's
    rng = np.random.default_rng(2)
    group = [_axis(0) + rng.normal(scale=0.02, size=24) for _ in range(10)]
    joining = _at_cosine(score + SMALL_SCOPE_R, _axis(0), _axis(1))
    one_off = _axis(2)
    other = _at_cosine(score + SMALL_SCOPE_R, one_off, _axis(3))
    raws = np.array([*group, joining, one_off, other], dtype=np.float32)
    raws /= np.linalg.norm(raws, axis=1, keepdims=True)
    labels = cluster_all(raws, ["en"] * len(raws), params, reference=np.zeros(24, np.float32))
    assert len(set(labels[:11])) == 1  # the eleventh joined the ten...
    assert len({labels[11], labels[12], labels[0]}) == 3  # ...the two one-offs stay apart
    # The incremental path decides alike:
    index = ScopeIndex(24, params, reference=np.zeros(24, np.float32))
    pair = np.array([_axis(4), _axis(4) + rng.normal(scale=0.02, size=24)], dtype=np.float32)
    index.load(range(13), [*raws[:10], raws[11], *pair], ["en"] * 13, [1] * 10 + [2, 3, 3])
    assert index.best_cluster(raws[10], "en")[0] == 1  # as the 11th of a group of ten
    assert index.best_cluster(raws[12], "en")[0] is None  # not with the one-off
    third = _at_cosine(score + SMALL_SCOPE_R, _axis(4), _axis(5)).astype(np.float32)
    assert index.best_cluster(third, "en")[0] is None  # nor as the third of a pair


def test_in_the_petition_pool_a_one_off_does_not_join_a_pair_on_a_likeness_that_joins_comments():
    """The pool (POOL) asks more of a one-off joining a pair than a draft's comments do: a petition grouped with
    another is told its answer, and most petitions ask something no other does (a shared city is not an ask)."""
    from app.semantic.clustering import POOL, Params, margin
    from app.submissions.scopes import PETITIONS, consultation_scope
    from app.submissions.services import grouping_of

    assert grouping_of(PETITIONS) is POOL and grouping_of(consultation_scope(3)) == Params()
    assert POOL.core_margin == Params().core_margin, "is_firm reads a stored firmness against one margin"
    comments = Params()
    joins_comments = comments.threshold + margin(comments, 1, 2) + 0.02  # enough to join a pair of comments
    assert joins_comments < POOL.threshold + margin(POOL, 1, 2)  # ...not a pair of petitions
    assert margin(POOL, 1, 1) == POOL.pair_margin and margin(POOL, 1, 8) > margin(comments, 1, 8)
    rng = np.random.default_rng(3)
    pair = [_axis(0) + rng.normal(scale=0.02, size=24) for _ in range(2)]
    one_off = _at_cosine(joins_comments + SMALL_SCOPE_R, _axis(0), _axis(1))
    raws = np.array([*pair, one_off, _axis(2)], dtype=np.float32)
    raws /= np.linalg.norm(raws, axis=1, keepdims=True)
    langs, reference = ["en"] * len(raws), np.zeros(24, np.float32)
    assert cluster_all(raws, langs, comments, reference=reference)[:3] == [0, 0, 0]
    labels = cluster_all(raws, langs, POOL, reference=reference)
    assert labels[0] == labels[1] and len({labels[0], labels[2], labels[3]}) == 3  # the pair holds; the one-off alone
    for params, joins in ((comments, 1), (POOL, None)):  # placed one by one, alike
        index = ScopeIndex(24, params, reference=reference)
        index.load(range(3), [*raws[:2], raws[3]], ["en"] * 3, [1, 1, 2])
        assert index.best_cluster(raws[2], "en")[0] == joins


def test_copies_in_one_language_leave_the_density_but_translations_count():
    """A form letter's copies are one voice: they must not make each other's neighbourhood crowded."""
    rng = np.random.default_rng(3)
    others, _, _ = corpus(topics=8, per_topic=4, seed=5)  # 32 items: enough for r to come from neighbours
    letter = unit(rng.normal(size=DIM))
    copies = unit(letter + rng.normal(scale=0.05, size=(6, DIM)))
    raws = np.vstack([others, copies]).astype(np.float32)
    other_langs = [LANGS[i % len(LANGS)] for i in range(len(others))]

    def density_of_copies(copy_langs):
        index = _index_with(list(range(len(raws))), raws, other_langs + copy_langs)
        return index.density[len(others) : len(raws)]

    as_copies = density_of_copies(["ru"] * 6)
    as_translations = density_of_copies([LANGS[i % len(LANGS)] for i in range(6)])
    assert as_copies.max() < 0.4 < as_translations.min()  # only unrelated neighbours, or also the 5 others
    # The same holds for one more copy placed incrementally:
    index = _index_with(list(range(len(raws))), raws, other_langs + ["ru"] * 6)
    *_, density = index.best_cluster(unit(letter + rng.normal(scale=0.05, size=DIM)).astype(np.float32), "ru")
    assert density < 0.4


def test_firmness_is_the_same_asked_once_or_for_every_group_and_follows_changes():
    """Firmness of every group is computed in one pass and kept; a change to the index must not leave it stale."""
    raws, langs, gold = corpus(topics=4, per_topic=6)
    index = _index_with([100 + g for g in gold], raws, langs)
    alone = index.firmness(101)  # computed for this group only
    every = {cluster: index.firmness(cluster) for cluster in (100, 101, 102, 103)}  # one pass, kept
    assert every[101].keys() == alone.keys() and np.allclose(list(every[101].values()), list(alone.values()))
    extra, extra_langs, _ = corpus(topics=4, per_topic=6, seed=9)
    index.add(999, extra[0], extra_langs[0], 101)
    after = index.firmness(101)
    assert 999 in after and not np.allclose([after[item] for item in alone], list(alone.values()))


def test_texts_on_two_articles_are_never_grouped_and_one_on_the_whole_draft_joins_either():
    """Sections are walls: one topic written under two articles makes two groups, in every path of the engine
    (at once, one by one, and refinement above the exact limit); a text without a section joins either, and a
    group an official made across sections takes texts of any."""
    raws, langs, _gold = corpus(topics=1, per_topic=12, noise=0.1)
    sections = ["article:1"] * 6 + ["article:2"] * 5 + [None]
    assert set(group_all(raws, langs, reference=COMMON)[0]) == {0}, "premise: one topic, one group"
    labels, _core = group_all(raws, langs, reference=COMMON, sections=sections)
    assert labels[:6] == [labels[0]] * 6 and labels[6:11] == [labels[6]] * 5 and labels[0] != labels[6]
    assert labels[11] in (labels[0], labels[6]), "the whole-draft text joins one of them"

    index, fresh = ScopeIndex(DIM, reference=COMMON), iter(range(500, 1000))
    for i in range(len(raws)):
        cluster, _score, vector, density = index.best_cluster(raws[i], langs[i], sections[i])
        index.add(i, raws[i], langs[i], cluster if cluster is not None else next(fresh), vector, density, sections[i])
    by_section = {section: {index.labels[i] for i in range(11) if sections[i] == section} for section in sections[:11]}
    assert by_section["article:1"].isdisjoint(by_section["article:2"])
    assert len(by_section["article:1"]) < 6 and len(by_section["article:2"]) < 5, "texts of an article joined"

    # Cluster 20 holds both articles (as before sections); above the exact limit, refinement splits and merges.
    lumped = _index_with([10] * 4 + [20] * 5 + [30] * 2 + [40], raws, langs, sections=sections)
    lumped.params = replace(lumped.params, max_exact_split=8)
    lumped.refine(iter(range(1000, 2000)).__next__)
    assert len({lumped.labels[i] for i in range(6)}) == len({lumped.labels[i] for i in range(6, 11)}) == 1
    assert lumped.labels[0] != lumped.labels[6] and lumped.labels[11] in (lumped.labels[0], lumped.labels[6])

    shaped = _index_with([10] * 6 + [20] * 6, raws, langs, Constraints(locked={10}), sections=sections)
    shaped.relabel({6: 10})  # an official moved a text of article 2 into the group of article 1
    cluster, *_ = shaped.best_cluster(raws[7], langs[7], "article:3")
    assert cluster == 10, "a group an official made across articles takes any"


def test_a_text_on_the_whole_draft_in_a_group_on_one_article_waits_for_an_official():
    """Its firmness is at most 0, however close it is: the article's answer is about the article. Among texts
    without a section, in a group mostly of texts on the whole draft, or in a group an official made across
    articles, the same text is firm."""
    raws, langs, _gold = corpus(topics=1, per_topic=8, noise=0.1)
    on_article = ["article:1"] * 7 + [None]
    labels, core = group_all(raws, langs, reference=COMMON, sections=on_article)
    assert set(labels) == {labels[0]} and all(core[:7]) and not core[7]
    index = _index_with(labels, raws, langs, sections=on_article)
    assert index.firmness(labels[0])[7] <= 0 < index.params.core_margin

    plain_labels, plain_core = group_all(raws, langs, reference=COMMON)
    assert set(plain_labels) == {plain_labels[0]} and all(plain_core), "premise: without sections it is firm"
    mostly_whole = [None] * 5 + ["article:1"] * 3
    labels, core = group_all(raws, langs, reference=COMMON, sections=mostly_whole)
    assert set(labels) == {labels[0]} and all(core), "a group of whole-draft texts is not on the article one wrote on"
    across = _index_with(
        [10] * 8, raws, langs, Constraints(locked={10}), sections=["article:1"] * 4 + ["article:2"] * 3 + [None]
    )
    assert across.firmness(10)[7] >= across.params.core_margin, "a group an official made across articles"

"""Groups that probably say the same, for an official: to merge with a group, or to move members to.

A group's neighbours are ranked by the score refinement merges on (average similarity between the
two groups' members, density-corrected), so "probably the same" means what the engine would join
if no official had shaped the groups, or had it been a little more lenient. Small groups need more, as
in refinement (`clustering.margin` of the two groups' sizes). Groups an official kept apart are never suggested.
"""

import numpy as np

from app.semantic.clustering import ScopeIndex, margin

#: How far below the grouping threshold a pair of groups is still "probably the same". On ovoz-dev, the
#: nearest other group of a group of two or more has the same main topic for 67% of the pairs scoring at
#: least threshold - 0.02, and for 19% of those between -0.05 and -0.02 below it.
LIKELY_MARGIN = 0.02
#: Likely duplicates across a scope are sought from its largest groups only (each against every group):
#: the cost of a page stays bounded, and groups of one are better found from the group they resemble.
DUPLICATE_SOURCES = 1000


def _margins(index: ScopeIndex, size: float, rows: np.ndarray) -> np.ndarray:
    """What joining each of `rows` needs beyond the threshold, as in refinement (`clustering.margin`)."""
    return margin(index.params, size, index.stats.n[rows])


def _ranked(index: ScopeIndex, vector: np.ndarray, density: float, size: float, exclude: set[int], k: int, allowed):
    stats = index.stats
    scores = stats.all_scores(vector, density)
    scores -= _margins(index, size, np.arange(len(scores)))
    for cluster_id in exclude:
        if cluster_id in stats.row:
            scores[stats.row[cluster_id]] = -np.inf
    order = np.argsort(-scores)
    found = []
    for row in order:
        if not np.isfinite(scores[row]) or len(found) == k:
            break
        cluster_id = stats.ids[row]
        if allowed is None or cluster_id in allowed:
            found.append((cluster_id, float(scores[row]) - index.params.threshold))
    return found


def _kept_apart(index: ScopeIndex, cluster_id: int) -> set[int]:
    return {other for pair in index.constraints.separated if cluster_id in pair for other in pair}


def of_cluster(index: ScopeIndex, cluster_id: int, k: int, allowed=None) -> list[tuple[int, float]]:
    """The k groups nearest in meaning to a group, best first, each with its score above the threshold
    (>= -LIKELY_MARGIN: probably the same). `allowed`, if given, is the set of group ids to choose from."""
    stats = index.stats
    if not stats.size(cluster_id):
        return []
    mean, density = stats.mean_and_density(stats.row[cluster_id])
    exclude = {cluster_id} | _kept_apart(index, cluster_id)
    return _ranked(index, mean, density, stats.size(cluster_id), exclude, k, allowed)


def of_items(index: ScopeIndex, item_ids: list[int], k: int, allowed=None) -> list[tuple[int, float]]:
    """The k groups, other than their own, nearest in meaning to some items taken together (a member
    to move, or the ticked ones), best first, each with its score above the threshold."""
    positions = [index.position[i] for i in item_ids if i in index.position]
    if not positions:
        return []
    mean = index.vectors.view[positions].mean(axis=0)
    density = float(index.density[positions].mean())
    own = {index.labels[p] for p in positions}
    return _ranked(index, mean, density, len(positions), own, k, allowed)


def likely_duplicates(index: ScopeIndex, limit: int, allowed=None) -> list[tuple[int, int, float]]:
    """Pairs of groups of a scope that probably say the same (score >= -LIKELY_MARGIN above the threshold),
    best first: (larger group, other group, score). Pairs kept apart by an official are left out."""
    stats = index.stats
    alive = stats.alive()
    if allowed is not None:
        alive = np.array([row for row in alive if stats.ids[row] in allowed], dtype=np.int64)
    if len(alive) < 2:
        return []
    n = stats.n[alive]
    means = (stats.sums.view[alive] / n[:, None]).astype(np.float32)
    densities = (stats.r[alive] / n).astype(np.float32)
    sources = np.argsort(-n, kind="stable")[:DUPLICATE_SOURCES]
    scores = means[sources] @ means.T - (densities[sources, None] + densities[None, :]) / 2
    scores -= margin(index.params, n[sources, None], n[None, :])
    scores[np.arange(len(sources)), sources] = -np.inf
    floor = index.params.threshold - LIKELY_MARGIN
    pairs = {}
    for i, j in zip(*np.nonzero(scores >= floor), strict=True):
        a, b = stats.ids[alive[sources[i]]], stats.ids[alive[j]]
        key = frozenset((a, b))
        if key not in index.constraints.separated:
            pairs[key] = max(pairs.get(key, -np.inf), float(scores[i, j]))
    best = sorted(pairs.items(), key=lambda pair: -pair[1])[:limit]
    ordered = []
    for key, score in best:
        a, b = sorted(key, key=lambda c: (-stats.size(c), c))
        ordered.append((a, b, score - index.params.threshold))
    return ordered

"""Grouping the submissions of one scope by meaning: incrementally, and by periodic refinement.

The algorithm (calibrated on FLORES-200 and the labelled Ovoz submissions; see benchmarks/):

1. Remove what every text shares, and the language. Each vector has the model's common direction
   subtracted (app/semantic/reference.py; a fixed reference, so that a scope where everyone says
   the same thing keeps it). Multilingual vectors also carry a strong language component: two
   sentences in one language can be closer than one sentence in two languages. So each vector also
   loses its language's offset within the scope (the language's mean minus the scope's mean, shrunk
   toward zero for a language with few items) and the model's fixed language directions
   (app/semantic/directions.py), and is normalised again.
2. Correct for density (CSLS, as in cross-lingual word retrieval). Every item gets r, the mean
   similarity to its k nearest neighbours (at least a floor, for small scopes). Copies are left out:
   neighbours in the item's own language closer than `duplicate`, such as a form letter's copies, are
   one voice and do not make the neighbourhood crowded; a close neighbour in another language is a
   translation, another voice, and counts. The similarity of x and y is cos(x, y) - (r_x + r_y) / 2.
   Tight groups, such as translations of one sentence, then need to be tight to stay together, and
   loose groups, such as ten people describing one problem, may be loose.
3. Average linkage on that similarity, with one threshold, and a margin for small groups: joining a
   group of a items to one of b needs pair_margin / (a * b) more, as an average over fewer pairs says
   less (two one-offs need the whole pair_margin, one text joining ten a tenth). So one-off texts that
   share little more than a style or a place do not clump, and large groups still grow. In a pool of
   separate asks (`POOL`, the petitions) the margin shrinks more slowly with the sizes. Average linkage
   between clusters only needs each cluster's sum of vectors, size and sum of r, so it is exact and
   cheap at any size:
   - a new submission joins the cluster with the highest average similarity less the margin if it
     reaches the threshold, else it starts a cluster (incremental, immediate);
   - refinement regroups every member outside the clusters officials shaped at once, by exact average
     linkage, so a scope's groups do not depend on the order its texts came in; each new group keeps
     the id of the old cluster it shares most members with, so ids stay stable. Above
     `max_exact_split` such members, it splits clusters that no longer hold together (exact average
     linkage inside them) and merges clusters whose average similarity reaches the threshold (nearest
     candidates by cluster means, best pair first), the larger cluster keeping its id.
   - manual decisions are constraints: a cluster an official shaped (locked, or holding a pinned
     member) still takes new members but is never merged or split by automation, and clusters an
     official separated are never merged again.
   - sections are walls: an item may have a section (the article, or a regulation's numbered point,
     that a comment was written on), and automation never puts items of two sections in one cluster.
     An official answers a draft article by article, and the model reads "part 3 of article 7 should
     say..." as close to "part 3 of article 12 should say...". An item without a section (a comment on
     the whole draft) joins any cluster; a cluster an official made of several sections takes any.
4. How firmly each member belongs (`firmness`, stored per submission): the smaller of how far its
   average similarity to the other members exceeds what joining them needs, and how far it is closer
   to its group than to the next-best group of two or more, beyond `core_lead`. A member below
   `core_margin` is to confirm: an official checks it before the group's answer reaches its author.
   A comment on the whole draft in a group on one article (at least half its members written on that article) is to
   confirm however close it is (its firmness is at most 0, below any core margin): the article's answer is about
   that article, and a comment on the whole draft may say the same as its comments or speak of the whole law in
   their words (in the demo, every such comment that was firm in an article's group was on another topic: the law's
   funding among comments on article 9's coefficient). A group of whole-draft comments that took in a comment on an
   article is not on that article.
"""

import heapq
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.cluster.hierarchy import linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform
from threadpoolctl import threadpool_limits

from app.semantic.directions import remove


@dataclass(frozen=True)
class Params:
    threshold: float = -0.075  # average CSLS similarity a group needs to stay together
    pair_margin: float = 0.2  # two items alone need this much more; groups of a and b, pair_margin / (a * b)
    margin_power: float = 1.0  # ...to this power (see POOL)
    core_margin: float = 0.02  # a member this far above what joining its group needs is firm; below, to confirm
    core_lead: float = 0.03  # ...and this much closer to its group than to the next-best group of two or more
    neighbours: int = 10  # k of the density term r
    duplicate: float = 0.75  # neighbours in the same language closer than this are copies, left out of r
    density_floor: float = 0.25  # r of an item with few or far neighbours (small scopes, outliers)
    density_from: int = 20  # below this many items in a scope, neighbours say too little...
    small_scope_density: float = 0.45  # ...and r is this value (about the lower quartile of r on ovoz-dev)
    language_shrink: float = 8.0  # items a language needs before its own mean counts half
    merge_candidates: int = 10  # nearest clusters considered for each merge during refinement
    max_exact_split: int = 3000  # above, refinement does not regroup at once nor re-split a cluster (too costly)
    exact_density_limit: int = 20000  # above this many items, r is kept from insertion time


def _one_blas_thread():
    """For the latency paths: a matrix-vector product is memory-bound, and idle BLAS threads that
    spin after it steal the cores the embedding model needs next (p95 of similar() 175 -> 82 ms)."""
    return threadpool_limits(limits=1, user_api="blas")


def _normalize(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


NO_SECTION, SEVERAL = -1, -2  # the section of an item or a cluster: none, or (an official's doing) several
WALL = 1e6  # less than any similarity: a pair of items of two sections never holds in exact linkage


def _joined(section: int, other: int) -> int:
    """The section of a cluster that holds items of `section` and of `other`."""
    if section in (NO_SECTION, other):
        return other
    return section if other == NO_SECTION else SEVERAL


def _walled(first, second) -> np.ndarray:
    """Whether items or clusters of sections `first` and `second` (numbers or arrays) must stay apart: both have
    one, and not the same. None, and a cluster of several, go with any."""
    first, second = np.asarray(first), np.asarray(second)
    return (first >= 0) & (second >= 0) & (first != second)


class _Rows:
    """A growable float32 matrix (amortised appends)."""

    def __init__(self, dim: int):
        self.dim = dim
        self._data = np.zeros((64, dim), dtype=np.float32)
        self.size = 0

    def append(self, row: np.ndarray) -> int:
        if self.size == len(self._data):
            self._data = np.vstack([self._data, np.zeros_like(self._data)])
        self._data[self.size] = row
        self.size += 1
        return self.size - 1

    def set_all(self, rows: np.ndarray) -> None:
        rows = np.asarray(rows, dtype=np.float32).reshape(-1, self.dim)
        self._data = rows.copy() if len(rows) else np.zeros((64, self.dim), dtype=np.float32)
        self.size = len(rows)

    @property
    def view(self) -> np.ndarray:
        return self._data[: self.size]


@dataclass
class Constraints:
    """What officials decided by hand, which automation must keep."""

    pinned: set[int] = field(default_factory=set)  # item ids that stay in their cluster
    locked: set[int] = field(default_factory=set)  # cluster ids that are never split
    separated: set[frozenset] = field(default_factory=set)  # cluster id pairs never merged


class _ClusterStats:
    """Per cluster: the sum of its members' vectors, their number and their densities' sum, as arrays."""

    def __init__(self, dim: int):
        self.sums = _Rows(dim)
        self.n = np.zeros(64, dtype=np.float64)
        self.r = np.zeros(64, dtype=np.float64)
        self.section = np.full(64, NO_SECTION, dtype=np.int32)  # of its members: none, one, or SEVERAL
        self.ids: list[int] = []
        self.row: dict[int, int] = {}

    def row_of(self, cluster_id: int) -> int:
        """The row of a cluster, created empty if it is new."""
        if cluster_id not in self.row:
            row = self.sums.append(np.zeros(self.sums.dim, dtype=np.float32))
            if row >= len(self.n):
                self.n, self.r = (np.concatenate([a, np.zeros_like(a)]) for a in (self.n, self.r))
                self.section = np.concatenate([self.section, np.full_like(self.section, NO_SECTION)])
            self.ids.append(cluster_id)
            self.row[cluster_id] = row
        return self.row[cluster_id]

    def add(self, cluster_id: int, vector: np.ndarray, density: float, section: int = NO_SECTION) -> None:
        row = self.row_of(cluster_id)
        self.sums.view[row] += vector
        self.n[row] += 1
        self.r[row] += density
        self.section[row] = _joined(self.section[row], section)

    def absorb(self, keep: int, gone: int) -> None:
        """Move all of cluster `gone` into cluster `keep`."""
        a, b = self.row[keep], self.row[gone]
        self.sums.view[a] += self.sums.view[b]
        self.sums.view[b] = 0
        self.n[a] += self.n[b]
        self.r[a] += self.r[b]
        self.n[b] = self.r[b] = 0
        self.section[a], self.section[b] = _joined(self.section[a], self.section[b]), NO_SECTION

    def alive(self) -> np.ndarray:
        return np.flatnonzero(self.n[: len(self.ids)] > 0)

    def walled(self, rows, sections) -> np.ndarray:
        """Whether each of `sections` (a number, or one per row) may not join the clusters `rows` (see `_walled`)."""
        return _walled(self.section[rows], sections)

    def size(self, cluster_id: int) -> int:
        return int(self.n[self.row[cluster_id]]) if cluster_id in self.row else 0

    def scores(self, rows: np.ndarray, vector: np.ndarray, density: float) -> np.ndarray:
        """Average similarity of an item (or of a cluster's mean, with its density) to clusters `rows`."""
        n = self.n[rows]
        return (self.sums.view[rows] @ vector) / n - (density + self.r[rows] / n) / 2

    def all_scores(self, vector: np.ndarray, density: float) -> np.ndarray:
        """`scores` for every row at once (dead rows get -inf), without copying the sums."""
        count = len(self.ids)
        n = self.n[:count]
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = (self.sums.view @ vector) / n - (density + self.r[:count] / n) / 2
        scores[n == 0] = -np.inf
        return scores

    def mean_and_density(self, row: int) -> tuple[np.ndarray, float]:
        return self.sums.view[row] / self.n[row], self.r[row] / self.n[row]


class ScopeIndex:
    """The clusters of one scope in memory: item vectors, cluster sums, densities, constraints."""

    def __init__(self, dim: int, params=None, constraints=None, reference=None, directions=None):
        """`reference` is the model's common direction (without one, the scope's mean stands in);
        `directions` the model's language directions (app/semantic/directions.py), if it has them."""
        self.params = params or Params()
        self.reference = reference
        self.directions = directions
        self.constraints = constraints or Constraints()
        self.dim = dim
        self.item_ids: list[int] = []
        self.position: dict[int, int] = {}
        self.langs: list[str] = []
        self.labels: list[int] = []  # cluster id per item
        self.raw = _Rows(dim)  # the model's vectors
        self.vectors = _Rows(dim)  # language removed, normalised
        self.density = np.zeros(64, dtype=np.float32)
        self.language_codes = np.zeros(64, dtype=np.int16)  # a number per item for its language (copies)
        self._codes: dict[str, int] = {}
        self.sections = np.full(64, NO_SECTION, dtype=np.int32)  # a number per item for its section, if any
        self._section_codes: dict[str, int] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self.mean = np.zeros(dim, dtype=np.float32)
        self.stats = _ClusterStats(dim)
        self._frozen: set[int] = set()
        self._density_sample: tuple[np.ndarray, Params] | None = None  # for scopes too large for exact r
        self._stale = False  # items were added since the representation was last estimated
        self._candidates: dict[int, set[int]] = {}  # merge candidates per cluster, during a refinement
        self._positions: dict[int, list[int]] | None = None  # members per cluster, built on demand
        self._next_best_all: np.ndarray | None = None  # per item, kept until the index changes
        self._asked_since_change = 0

    # -- representation -------------------------------------------------------------------------

    def _fit_language(self) -> None:
        """Estimate the scope mean and each language's offset from the items."""
        raw, langs = self.raw.view, np.array(self.langs)
        self.mean = raw.mean(axis=0) if len(raw) else np.zeros(self.dim, dtype=np.float32)
        self.offsets = {}
        for lang in set(self.langs):
            members = raw[langs == lang]
            weight = len(members) / (len(members) + self.params.language_shrink)
            self.offsets[lang] = weight * (members.mean(axis=0) - self.mean)

    def neutral(self, raw: np.ndarray, lang: str) -> np.ndarray:
        """A vector without the common direction, its language's offset in the scope and the language directions."""
        common = self.mean if self.reference is None else self.reference
        return _normalize(remove(raw - common - self.offsets.get(lang, 0.0), self.directions))

    def _code(self, lang: str) -> int:
        return self._codes.setdefault(lang, len(self._codes))

    def _section(self, section: str | None) -> int:
        return NO_SECTION if section is None else self._section_codes.setdefault(section, len(self._section_codes))

    def _without_copies(self, similarities: np.ndarray, codes, others) -> np.ndarray:
        """Similarities of items in languages `codes` to the items `others`, with copies at -inf."""
        codes = np.asarray(codes)
        same = (codes[:, None] if codes.ndim else codes) == self.language_codes[others]
        return np.where(same & (similarities >= self.params.duplicate), -np.inf, similarities)

    def _insertion_density(self, vector: np.ndarray, lang: str) -> float:
        """r of a new item: against every item, or against the sample a large scope was estimated on."""
        sample, params = self._density_sample or (slice(0, len(self.item_ids)), self.params)
        similarities = self._without_copies(self.vectors.view[sample] @ vector, self._code(lang), sample)
        return self._density_with(similarities, params)

    @staticmethod
    def _densities_of_block(block: np.ndarray, params: Params) -> np.ndarray:
        """`_density_with` for every row of a block of similarities (copies at -inf) at once."""
        usable = np.isfinite(block).sum(axis=1)
        k = max(1, min(params.neighbours, block.shape[1]))
        top = np.partition(block, block.shape[1] - k, axis=1)[:, -k:]
        top = np.where(np.isfinite(top), top, np.nan)
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(top, axis=1) if top.size else np.zeros(len(block))
        result = np.maximum(params.density_floor, np.nan_to_num(mean, nan=params.density_floor))
        return np.where(usable < max(params.density_from, 1), params.small_scope_density, result)

    @staticmethod
    def _density_with(similarities: np.ndarray, params: Params) -> float:
        close = similarities[np.isfinite(similarities)]
        if len(close) < params.density_from:
            return params.small_scope_density
        k = min(params.neighbours, len(close))
        return max(params.density_floor, float(np.partition(close, len(close) - k)[-k:].mean()))

    # -- incremental ----------------------------------------------------------------------------

    def best_cluster(
        self, raw: np.ndarray, lang: str, section: str | None = None
    ) -> tuple[int | None, float, np.ndarray, float]:
        """The cluster a new item would join (or None), its score, the item's vector and density."""
        vector = self.neutral(raw, lang)
        with _one_blas_thread():
            density = self._insertion_density(vector, lang)
            if not self.stats.ids or not self.stats.alive().size:
                return None, float("-inf"), vector, density
            scores = self.stats.all_scores(vector, density)
            scores -= margin(self.params, 1, self.stats.n[: len(scores)])
            if section is not None:
                scores[self.stats.walled(slice(len(scores)), self._section(section))] = -np.inf
        best = int(np.argmax(scores))
        cluster_id = self.stats.ids[best]
        return (cluster_id if scores[best] >= self.params.threshold else None), float(scores[best]), vector, density

    def add(
        self, item_id: int, raw: np.ndarray, lang: str, cluster_id: int, vector=None, density=None, section=None
    ) -> None:
        """Put an item into a cluster (creating the cluster if it is new)."""
        if vector is None:
            vector = self.neutral(raw, lang)
            density = self._insertion_density(vector, lang)
        position = self.raw.append(np.asarray(raw, dtype=np.float32))
        self.vectors.append(vector)
        if position >= len(self.density):
            self.density = np.concatenate([self.density, np.zeros_like(self.density)])
        self.density[position] = density
        if position >= len(self.language_codes):
            self.language_codes = np.concatenate([self.language_codes, np.zeros_like(self.language_codes)])
        self.language_codes[position] = self._code(lang)
        if position >= len(self.sections):
            self.sections = np.concatenate([self.sections, np.full_like(self.sections, NO_SECTION)])
        self.sections[position] = self._section(section)
        self.item_ids.append(item_id)
        self.position[item_id] = position
        self.langs.append(lang)
        self.labels.append(cluster_id)
        self.stats.add(cluster_id, vector, density, self.sections[position])
        self._next_best_all, self._asked_since_change = None, 0
        if self._positions is not None:
            self._positions.setdefault(cluster_id, []).append(position)
        self._stale = True

    def load(self, item_ids, raws, langs, labels, sections=None) -> None:
        """Fill the index with existing items and their clusters (and sections, if any: see the module's docstring),
        then compute the representation."""
        self.item_ids = list(item_ids)
        self.position = {item: i for i, item in enumerate(self.item_ids)}
        self.langs, self.labels = list(langs), list(labels)
        self.language_codes = np.array([self._code(lang) for lang in self.langs] or [0], dtype=np.int16)
        codes = [self._section(section) for section in ([None] * len(self.item_ids) if sections is None else sections)]
        self.sections = np.array(codes or [NO_SECTION], dtype=np.int32)
        self.raw.set_all(raws)
        self.recompute()

    def recompute(self) -> None:
        """Re-estimate the language offsets, vectors, densities and cluster sums from the items."""
        self._fit_language()
        raw, langs = self.raw.view, np.array(self.langs)
        vectors = np.empty_like(raw)
        for lang in set(self.langs):
            vectors[langs == lang] = self.neutral(raw[langs == lang], lang)
        self.vectors.set_all(vectors)
        self.density = self._all_densities(vectors)
        self._rebuild_clusters()
        self._stale = False

    def _all_densities(self, vectors: np.ndarray) -> np.ndarray:
        """r of every item: exact up to `exact_density_limit` items, estimated from a sample above."""
        n = len(vectors)
        densities = np.zeros(max(n, 64), dtype=np.float32)
        sample = np.arange(n)
        params = self.params
        if n > params.exact_density_limit:
            # The k nearest among n are estimated by the k*m/n nearest among a random m of them.
            sample = np.sort(np.random.default_rng(0).choice(n, params.exact_density_limit, replace=False))
            scaled = max(1, round(params.neighbours * len(sample) / n))
            params = replace(params, neighbours=scaled, density_from=0)
        self._density_sample = (sample, params) if params is not self.params else None
        others = vectors[sample]
        for start in range(0, n, 1024):
            block = vectors[start : start + 1024] @ others.T
            block[block > 0.9999] = -np.inf  # the item itself (and exact copies in any language)
            block = self._without_copies(block, self.language_codes[start : start + len(block)], sample)
            densities[start : start + len(block)] = self._densities_of_block(block, params)
        return densities

    def _rebuild_clusters(self) -> None:
        """Cluster sums, sizes and density sums from the items' labels (one sparse product)."""
        self.stats = _ClusterStats(self.dim)
        self._positions = None
        self._next_best_all, self._asked_since_change = None, 0
        for cluster_id in sorted(set(self.labels)):
            self.stats.row_of(cluster_id)
        count = len(self.labels)
        if not count:
            return
        rows = np.fromiter((self.stats.row[c] for c in self.labels), dtype=np.int64, count=count)
        clusters = len(self.stats.ids)
        indicator = csr_matrix((np.ones(count, np.float32), (rows, np.arange(count))), shape=(clusters, count))
        self.stats.sums.view[:clusters] = indicator @ self.vectors.view
        self.stats.n[:clusters] = np.bincount(rows, minlength=clusters)
        self.stats.r[:clusters] = np.bincount(rows, weights=self.density[:count], minlength=clusters)
        sectioned = self.sections[:count] >= 0
        if sectioned.any():  # each cluster's section: none, the one of all its members that have one, or SEVERAL
            codes, low, high = self.sections[:count][sectioned], np.full(clusters, 2**31 - 1), np.full(clusters, -1)
            np.minimum.at(low, rows[sectioned], codes)
            np.maximum.at(high, rows[sectioned], codes)
            self.stats.section[:clusters] = np.where(high < 0, NO_SECTION, np.where(low == high, high, SEVERAL))

    def relabel(self, moves: dict[int, int]) -> None:
        """Put items into other clusters, as an official decided: {item id: cluster id}."""
        for item_id, cluster_id in moves.items():
            self.labels[self.position[item_id]] = cluster_id
        self._positions = None
        self._rebuild_clusters()

    # -- refinement -----------------------------------------------------------------------------

    def refine(self, new_cluster_id) -> dict[int, int]:
        """Split what no longer holds together, merge what does; return {item id: new cluster id}.

        `new_cluster_id()` gives an id for each cluster that a split creates.
        """
        if self._stale:
            self.recompute()
        before = dict(zip(self.item_ids, self.labels, strict=True))
        if not self._regroup_exactly(new_cluster_id):
            self._split_all(new_cluster_id)
            self._merge_all()
        self._rebuild_clusters()
        return {item: label for item, label in zip(self.item_ids, self.labels, strict=True) if before[item] != label}

    def _members(self) -> dict[int, list[int]]:
        """Positions of the members of every cluster, from the labels as they are now."""
        members: dict[int, list[int]] = {}
        for position, cluster_id in enumerate(self.labels):
            members.setdefault(cluster_id, []).append(position)
        return members

    def curated(self) -> set[int]:
        """Clusters an official shaped: locked ones and those holding a pinned member."""
        pinned = {self.labels[self.position[i]] for i in self.constraints.pinned if i in self.position}
        return set(self.constraints.locked) | pinned

    def _regroup_exactly(self, new_cluster_id) -> bool:
        """Group every member of a cluster no official shaped again, by exact average linkage over all of them, as
        `group_all` would; False (nothing done) when they are too many, or when an official kept two of their
        clusters apart. Greedy placement depends on the order texts came in; this does not, so a scope's groups
        after refinement are those of the whole collection clustered at once. Each new group takes the id of the
        old cluster it shares the most members with (each id once, the largest overlap first), so ids stay."""
        curated = self.curated()
        free = [position for position, cluster_id in enumerate(self.labels) if cluster_id not in curated]
        kept_apart = any(not pair <= curated for pair in self.constraints.separated)
        if not 1 < len(free) <= self.params.max_exact_split or kept_apart:
            return False
        parts = self._exact_groups(free)
        overlap = Counter(zip(parts.tolist(), (self.labels[p] for p in free), strict=True))
        named: dict[int, int] = {}
        for (part, old), _count in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][1])):
            if part not in named and old not in named.values():
                named[part] = old
        for part, position in zip(parts.tolist(), free, strict=True):
            if part not in named:
                named[part] = new_cluster_id()
            self.labels[position] = named[part]
        return True

    def _split_all(self, new_cluster_id) -> None:
        curated = self.curated()
        for cluster_id, positions in self._members().items():
            if cluster_id in curated or not 1 < len(positions) <= self.params.max_exact_split:
                continue
            parts = self._exact_groups(positions)
            if len(set(parts)) == 1:
                continue
            keep = int(np.argmax(np.bincount(parts)))  # the largest part keeps the id
            fresh = {}
            for part, position in zip(parts, positions, strict=True):
                if part == keep:
                    continue
                if part not in fresh:
                    fresh[part] = new_cluster_id()
                self.labels[position] = fresh[part]

    def _exact_groups(self, positions: list[int]) -> np.ndarray:
        """Average linkage inside one cluster, cut at the threshold: a part number per member."""
        if len(positions) < 2:
            return np.zeros(len(positions), dtype=np.int64)
        vectors = self.vectors.view[positions]
        density = self.density[positions]
        similarity = vectors @ vectors.T - (density[:, None] + density[None, :]) / 2
        if self._section_codes:
            sections = self.sections[positions]
            similarity[_walled(sections[:, None], sections[None, :])] = -WALL
        if similarity.min() >= self.params.threshold + self.params.pair_margin:
            return np.zeros(len(positions), dtype=np.int64)  # every pair holds: nothing can split
        distance = np.clip(1.0 - similarity, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        return self._cut(linkage(squareform(distance, checks=False), method="average"))

    def _cut(self, tree: np.ndarray) -> np.ndarray:
        """A part number per leaf of an average-linkage tree. From the top, a merge holds if its average
        similarity reaches the threshold plus the margin of its two sides' sizes; one that does not is
        cut into its sides."""
        count = len(tree) + 1
        sizes = np.concatenate([np.ones(count), tree[:, 3]])
        parts = np.zeros(count, dtype=np.int64)
        stack, part = [2 * count - 2], 0
        while stack:
            node = stack.pop()
            if node >= count:
                left, right, distance, _ = tree[node - count]
                left, right = int(left), int(right)
                if 1.0 - distance < self.params.threshold + margin(self.params, sizes[left], sizes[right]):
                    stack += [left, right]
                    continue
            parts[_leaves(tree, node)] = part
            part += 1
        return parts

    def _merge_all(self) -> None:
        """Merge clusters best pair first while their average similarity reaches the threshold."""
        self._rebuild_clusters()
        self._frozen = self.curated()
        stats = self.stats
        if len(stats.ids) < 2:
            return
        version: dict[int, int] = dict.fromkeys(stats.ids, 0)
        heap: list = []
        self._candidates = {}
        self._push_all_candidates(heap, version)
        renamed: dict[int, int] = {}
        while heap:
            negative, a, b, version_a, version_b = heapq.heappop(heap)
            if -negative < self.params.threshold:
                break
            if version[a] != version_a or version[b] != version_b or not stats.size(a) or not stats.size(b):
                continue
            if -negative < self.params.threshold + margin(self.params, stats.size(a), stats.size(b)):
                continue  # too few members for so little similarity (two one-offs, say)
            keep, gone = (a, b) if (stats.size(a), -a) >= (stats.size(b), -b) else (b, a)
            stats.absorb(keep, gone)
            renamed[gone] = keep
            self.constraints.separated = {
                frozenset(keep if c == gone else c for c in pair) for pair in self.constraints.separated
            }
            version[keep] += 1
            version[gone] += 1
            self._push_candidates(heap, keep, gone, version)
        if renamed:
            self.labels = [self._final(label, renamed) for label in self.labels]

    @staticmethod
    def _final(label: int, renamed: dict[int, int]) -> int:
        while label in renamed:
            label = renamed[label]
        return label

    def _mergeable_rows(self) -> np.ndarray:
        frozen = {self.stats.row[c] for c in self._frozen if c in self.stats.row}
        return np.array([r for r in self.stats.alive() if r not in frozen], dtype=np.int64)

    def _push_all_candidates(self, heap: list, version: dict) -> None:
        """Each cluster's best merge partners, computed by blocks of matrix products."""
        rows = self._mergeable_rows()
        if len(rows) < 2:
            return
        n = self.stats.n[rows]
        means = (self.stats.sums.view[rows] / n[:, None]).astype(np.float32)
        densities = (self.stats.r[rows] / n).astype(np.float32)
        k = min(self.params.merge_candidates, len(rows) - 1)
        for start in range(0, len(rows), 512):
            block = means[start : start + 512] @ means.T
            block -= (densities[start : start + 512, None] + densities[None, :]) / 2
            block[np.arange(len(block)), start + np.arange(len(block))] = -np.inf
            if self._section_codes:
                block[self.stats.walled(rows[None, :], self.stats.section[rows[start : start + 512], None])] = -np.inf
            best = np.argpartition(-block, k - 1, axis=1)[:, :k]
            scores = np.take_along_axis(block, best, axis=1)
            for offset in range(len(block)):
                a = self.stats.ids[rows[start + offset]]
                self._candidates.setdefault(a, set()).update(self.stats.ids[rows[c]] for c in best[offset])
            for offset, column in zip(*np.nonzero(scores >= self.params.threshold), strict=True):
                a, b = self.stats.ids[rows[start + offset]], self.stats.ids[rows[best[offset, column]]]
                self._candidates.setdefault(b, set()).add(a)
                if frozenset((a, b)) not in self.constraints.separated:
                    heapq.heappush(heap, (-float(scores[offset, column]), a, b, version[a], version[b]))

    def _push_candidates(self, heap: list, keep: int, gone: int, version: dict) -> None:
        """After a merge, rescore the merged cluster against its parts' candidates only (approximate
        average linkage: a cluster's nearest neighbours are among its parts' nearest neighbours)."""
        candidates = self._candidates
        around = (candidates.pop(gone, set()) | candidates.get(keep, set())) - {keep, gone}
        around = [c for c in around if self.stats.size(c) and c not in self._frozen]
        candidates[keep] = set(around)
        if keep in self._frozen or not around:
            return
        rows = np.array([self.stats.row[c] for c in around], dtype=np.int64)
        mean, density = self.stats.mean_and_density(self.stats.row[keep])
        scores = self.stats.scores(rows, mean, density)
        scores[self.stats.walled(rows, self.stats.section[self.stats.row[keep]])] = -np.inf
        for other, score in zip(around, scores, strict=True):
            candidates.setdefault(other, set()).add(keep)
            if score >= self.params.threshold and frozenset((keep, other)) not in self.constraints.separated:
                heapq.heappush(heap, (-float(score), keep, other, version[keep], version[other]))

    # -- search ---------------------------------------------------------------------------------

    def nearest_items(self, raw: np.ndarray, lang: str, k: int) -> list[tuple[int, float]]:
        """The k items most similar to a text's vector, with their cosine similarity."""
        if not self.item_ids:
            return []
        with _one_blas_thread():
            similarities = self.vectors.view @ self.neutral(raw, lang)
        return self._best(similarities, k)

    def matching_items(self, raw: np.ndarray, lang: str, k: int) -> list[tuple[int, float]]:
        """Up to k items a text would be grouped with (their pair's score reaches the threshold), best first."""
        if not self.item_ids:
            return []
        vector = self.neutral(raw, lang)
        with _one_blas_thread():
            density = self._insertion_density(vector, lang)
            scores = self.vectors.view @ vector - (density + self.density[: len(self.item_ids)]) / 2
        return [(item, score) for item, score in self._best(scores, k) if score >= self.params.threshold]

    def _best(self, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best])]
        return [(self.item_ids[i], float(scores[i])) for i in best]

    def firmness(self, cluster_id: int) -> dict[int, float]:
        """How firmly each member of a cluster belongs, by item id (see `firmness`); none for a cluster of one."""
        positions = self.positions_of(cluster_id)
        if len(positions) < 2:
            return {}
        vectors, density = self.vectors.view[positions], self.density[positions]
        found = firmness(vectors, density, self.params, self._next_best(positions))
        unsectioned = self.sections[positions] == NO_SECTION
        if self.stats.section[self.stats.row[cluster_id]] >= 0 and 2 * unsectioned.sum() <= len(positions):
            found = np.where(unsectioned, np.minimum(found, 0.0), found)  # a group on one article: see the module doc
        return dict(zip((self.item_ids[p] for p in positions), found.tolist(), strict=True))

    def _next_best(self, positions: list[int]) -> np.ndarray:
        """Each item's average similarity to the closest cluster of two or more other than its own.

        Asked again before the index changes (firmness of every cluster, after a refinement), it is
        computed for all items at once and kept: one pass over the clusters instead of one per cluster.
        """
        if self._next_best_all is None and self._asked_since_change:
            self._next_best_all = self._next_best_of(np.arange(len(self.item_ids)))
        self._asked_since_change += 1
        if self._next_best_all is not None:
            return self._next_best_all[positions]
        with _one_blas_thread():
            return self._next_best_of(np.asarray(positions))

    def _next_best_of(self, positions: np.ndarray) -> np.ndarray:
        count = len(self.stats.ids)
        n, r = self.stats.n[:count], self.stats.r[:count]
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(n >= 2, 1 / n, 0).astype(np.float32)
            offset = np.where(n >= 2, -r / n / 2, -np.inf).astype(np.float32)  # clusters of one never count
        own = np.array([self.stats.row[self.labels[p]] for p in positions], dtype=np.int64)
        result = np.empty(len(positions), dtype=np.float32)
        for start in range(0, len(positions), 1024):
            block = positions[start : start + 1024]
            scores = self.vectors.view[block] @ self.stats.sums.view[:count].T
            scores *= scale
            scores += offset
            scores[np.arange(len(block)), own[start : start + 1024]] = -np.inf
            if self._section_codes:  # a cluster of another section, which it could not join, is not a next best
                scores[self.stats.walled(slice(count), self.sections[block, None])] = -np.inf
            result[start : start + len(block)] = scores.max(axis=1) - self.density[block] / 2
        return result

    def positions_of(self, cluster_id: int) -> list[int]:
        """Where a cluster's members are in the index (kept per cluster, so it costs nothing to ask)."""
        if self._positions is None:
            self._positions = self._members()
        return self._positions.get(cluster_id, [])

    def central_item(self, cluster_id: int, lang: str | None = None) -> int | None:
        """The member closest to the cluster's mean (of those in `lang`, if given): its representative."""
        positions = self.positions_of(cluster_id)
        if not positions:
            return None
        mean = self.vectors.view[positions].sum(axis=0)
        if lang is not None:
            positions = [p for p in positions if self.langs[p] == lang] or positions
        return self.item_ids[positions[int(np.argmax(self.vectors.view[positions] @ mean))]]


def _leaves(tree: np.ndarray, node: int) -> list[int]:
    """The items under a node of a linkage tree."""
    count, leaves, stack = len(tree) + 1, [], [node]
    while stack:
        node = stack.pop()
        if node < count:
            leaves.append(node)
        else:
            stack += [int(tree[node - count, 0]), int(tree[node - count, 1])]
    return leaves


#: A pool of separate asks (the petition pool): a group there says "these petitions ask the same thing", and most
#: petitions ask something no other does. The margin of groups of a and b shrinks with (a * b) ** 0.6, nearer the
#: standard error of an average over a * b pairs than 1 / (a * b) is, so one-offs that share a genre or a city do not
#: join a pair one by one. Chosen on ovoz-dev's petitions as a scope of their own and on a pool of its one-offs around
#: four pairs (benchmarks/bench_quality.py), for core precision >= 0.95 in both: fewer groups, which mix less.
#: Its core_margin is the default's: whether a member is firm is read from its stored firmness with one margin.
POOL = Params(threshold=-0.08, pair_margin=0.25, margin_power=0.6)


def margin(params: Params, a, b):
    """What joining a group of a items to one of b needs beyond the threshold: pair_margin / (a * b) ** margin_power
    (arrays of sizes give an array)."""
    sizes = np.multiply(a, b)
    if params.margin_power != 1:
        sizes = np.power(sizes, params.margin_power, dtype=np.result_type(sizes, np.float32))
    with np.errstate(divide="ignore"):
        return params.pair_margin / sizes


def firmness(vectors: np.ndarray, density: np.ndarray, params: Params, next_best=None) -> np.ndarray:
    """How firmly each member of one group belongs: the smaller of its average similarity to the other
    members less what joining them needs (the threshold and the margin for their number), and its lead
    over the next-best group (`next_best`: its average similarity to it) less `core_lead - core_margin`.
    Below `Params.core_margin` a member is weakly attached, or as close to another group: an official
    should confirm it before the group's answer reaches its author. Empty for a group of one."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.float64)
    to_others = (vectors @ vectors.sum(axis=0) - np.einsum("ij,ij->i", vectors, vectors)) / (n - 1)
    own = to_others - (density + (density.sum() - density) / (n - 1)) / 2
    above = own - params.threshold - margin(params, 1, n - 1)
    if next_best is None:
        return above
    return np.minimum(above, own - next_best - (params.core_lead - params.core_margin))


def cluster_all(
    raws: np.ndarray, langs: list[str], params: Params | None = None, reference=None, directions=None
) -> list[int]:
    """Cluster a whole collection at once (for files and benchmarks): a cluster number per item."""
    return group_all(raws, langs, params, reference, directions)[0]


def group_all(
    raws: np.ndarray, langs: list[str], params: Params | None = None, reference=None, directions=None, sections=None
) -> tuple[list[int], list[bool]]:
    """A cluster number per item, and whether it belongs firmly (core; true for an item alone). Items of two
    `sections` (one per item, None for none) are never in one cluster.

    Up to `max_exact_split` items this is exact average linkage (scipy); above, every item starts
    alone and the refinement merges them, best pair first among each cluster's nearest candidates.
    """
    raws = np.asarray(raws, dtype=np.float32)
    if len(raws) == 0:
        return [], []
    index = ScopeIndex(raws.shape[1], params, reference=reference, directions=directions)
    index.load(range(len(raws)), raws, langs, range(len(raws)), sections)
    if len(raws) <= index.params.max_exact_split:
        labels = [int(label) for label in index._exact_groups(list(range(len(raws))))]
    else:
        counter = iter(range(len(raws), 10 * len(raws) + 10))
        index.refine(lambda: next(counter))
        numbering: dict[int, int] = {}
        labels = [numbering.setdefault(label, len(numbering)) for label in index.labels]
    index.relabel(dict(enumerate(labels)))
    core = [True] * len(labels)
    for cluster_id in set(labels):
        for item, value in index.firmness(cluster_id).items():
            core[item] = value >= index.params.core_margin
    return labels, core

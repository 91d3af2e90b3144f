"""Grouping the submissions of one scope by meaning: incrementally, and by periodic refinement.

The algorithm (calibrated on FLORES-200 and the labelled Ovoz submissions; see benchmarks/):

1. Remove what every text shares, and the language. Each vector has the model's common direction
   subtracted (app/semantic/reference.py; a fixed reference, so that a scope where everyone says
   the same thing keeps it). Multilingual vectors also carry a strong language component: two
   sentences in one language can be closer than one sentence in two languages. So each vector also
   loses its language's offset within the scope (the language's mean minus the scope's mean, shrunk
   toward zero for a language with few items), and is normalised again.
2. Correct for density (CSLS, as in cross-lingual word retrieval). Every item gets r, the mean
   similarity to its k nearest neighbours (near-duplicates excluded, so a campaign does not make
   itself remote; at least a floor, for small scopes). The similarity of x and y is
   cos(x, y) - (r_x + r_y) / 2. Tight groups, such as
   translations of one sentence, then need to be tight to stay together, and loose groups, such as
   ten people describing one problem, may be loose.
3. Average linkage on that similarity, with one threshold. Average linkage between clusters only
   needs each cluster's sum of vectors, size and sum of r, so it is exact and cheap at any size:
   - a new submission joins the cluster with the highest average similarity if it reaches the
     threshold, else it starts a cluster (incremental, immediate);
   - refinement splits clusters that no longer hold together (exact average linkage inside them)
     and merges clusters whose average similarity reaches the threshold (nearest candidates by
     cluster means, best pair first). The larger cluster keeps its id, so ids stay stable.
   - manual decisions are constraints: a cluster an official shaped (locked, or holding a pinned
     member) still takes new members but is never merged or split by automation, and clusters an
     official separated are never merged again.
"""

import heapq
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform


@dataclass(frozen=True)
class Params:
    threshold: float = -0.06  # average CSLS similarity a group needs to stay together
    neighbours: int = 10  # k of the density term r
    duplicate: float = 0.8  # neighbours closer than this are copies, left out of r
    density_floor: float = 0.25  # r of an item with few or far neighbours (small scopes, outliers)
    density_from: int = 50  # below this many items in a scope, neighbours say too little...
    small_scope_density: float = 0.35  # ...and r is this typical value (the median on citizen texts)
    language_shrink: float = 8.0  # items a language needs before its own mean counts half
    merge_candidates: int = 10  # nearest clusters considered for each merge during refinement
    max_exact_split: int = 3000  # larger clusters are not re-split (too costly, rarely needed)
    exact_density_limit: int = 20000  # above this many items, r is kept from insertion time


def _normalize(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=-1, keepdims=True), 1e-12)


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


class ScopeIndex:
    """The clusters of one scope in memory: item vectors, cluster sums, densities, constraints."""

    def __init__(self, dim: int, params=None, constraints=None, reference: np.ndarray | None = None):
        """`reference` is the model's common direction; without one, the scope's mean stands in."""
        self.params = params or Params()
        self.reference = reference
        self.constraints = constraints or Constraints()
        self.dim = dim
        self.item_ids: list[int] = []
        self.position: dict[int, int] = {}
        self.langs: list[str] = []
        self.labels: list[int] = []  # cluster id per item
        self.raw = _Rows(dim)  # the model's vectors
        self.vectors = _Rows(dim)  # language removed, normalised
        self.density = np.zeros(64, dtype=np.float32)
        self.offsets: dict[str, np.ndarray] = {}
        self.mean = np.zeros(dim, dtype=np.float32)
        self.clusters: dict[int, dict] = {}  # id -> {"sum": vector, "n": int, "r": float}
        self._frozen: set[int] = set()

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
        """A vector without the common direction and without its language's offset in the scope."""
        common = self.mean if self.reference is None else self.reference
        return _normalize(raw - common - self.offsets.get(lang, 0.0))

    def _density_of(self, similarities: np.ndarray) -> float:
        close = similarities[similarities < self.params.duplicate]
        floor = self.params.density_floor
        if len(close) < self.params.density_from:
            return self.params.small_scope_density
        k = min(self.params.neighbours, len(close))
        return max(floor, float(np.partition(close, len(close) - k)[-k:].mean()))

    # -- incremental ----------------------------------------------------------------------------

    def best_cluster(self, raw: np.ndarray, lang: str) -> tuple[int | None, float, np.ndarray, float]:
        """The cluster a new item would join (or None), its score, the item's vector and density."""
        vector = self.neutral(raw, lang)
        density = self._density_of(self.vectors.view @ vector)
        if not self.clusters:
            return None, float("-inf"), vector, density
        ids = list(self.clusters)
        sums = np.stack([self.clusters[c]["sum"] for c in ids])
        sizes = np.array([self.clusters[c]["n"] for c in ids], dtype=np.float32)
        densities = np.array([self.clusters[c]["r"] for c in ids], dtype=np.float32)
        scores = (sums @ vector) / sizes - (density + densities / sizes) / 2
        best = int(np.argmax(scores))
        if scores[best] < self.params.threshold:
            return None, float(scores[best]), vector, density
        return ids[best], float(scores[best]), vector, density

    def add(self, item_id: int, raw: np.ndarray, lang: str, cluster_id: int, vector=None, density=None) -> None:
        """Put an item into a cluster (creating the cluster if it is new)."""
        if vector is None:
            vector = self.neutral(raw, lang)
            density = self._density_of(self.vectors.view @ vector)
        position = self.raw.append(np.asarray(raw, dtype=np.float32))
        self.vectors.append(vector)
        if position >= len(self.density):
            self.density = np.concatenate([self.density, np.zeros_like(self.density)])
        self.density[position] = density
        self.item_ids.append(item_id)
        self.position[item_id] = position
        self.langs.append(lang)
        self.labels.append(cluster_id)
        cluster = self.clusters.setdefault(cluster_id, {"sum": np.zeros(self.dim, np.float32), "n": 0, "r": 0.0})
        cluster["sum"] = cluster["sum"] + vector
        cluster["n"] += 1
        cluster["r"] += density

    def load(self, item_ids, raws, langs, labels) -> None:
        """Fill the index with existing items and their clusters, then compute the representation."""
        self.item_ids = list(item_ids)
        self.position = {item: i for i, item in enumerate(self.item_ids)}
        self.langs, self.labels = list(langs), list(labels)
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

    def _all_densities(self, vectors: np.ndarray) -> np.ndarray:
        n = len(vectors)
        if n > self.params.exact_density_limit and len(self.density) >= n:
            return self.density[:n].copy()  # too many to redo exactly: keep those from insertion
        densities = np.zeros(max(n, 64), dtype=np.float32)
        for start in range(0, n, 1024):
            block = vectors[start : start + 1024] @ vectors.T
            for row, similarities in enumerate(block):
                similarities[start + row] = -np.inf
                densities[start + row] = self._density_of(similarities)
        return densities

    def _rebuild_clusters(self) -> None:
        self.clusters = {}
        vectors = self.vectors.view
        for position, cluster_id in enumerate(self.labels):
            cluster = self.clusters.setdefault(cluster_id, {"sum": np.zeros(self.dim, np.float32), "n": 0, "r": 0.0})
            cluster["sum"] = cluster["sum"] + vectors[position]
            cluster["n"] += 1
            cluster["r"] += float(self.density[position])

    # -- refinement -----------------------------------------------------------------------------

    def refine(self, new_cluster_id) -> dict[int, int]:
        """Split what no longer holds together, merge what does; return {item id: new cluster id}.

        `new_cluster_id()` gives an id for each cluster that a split creates.
        """
        self.recompute()
        before = dict(zip(self.item_ids, self.labels, strict=True))
        self._split_all(new_cluster_id)
        self._merge_all()
        self._rebuild_clusters()
        return {item: label for item, label in zip(self.item_ids, self.labels, strict=True) if before[item] != label}

    def _members(self) -> dict[int, list[int]]:
        members: dict[int, list[int]] = {}
        for position, cluster_id in enumerate(self.labels):
            members.setdefault(cluster_id, []).append(position)
        return members

    def _curated(self) -> set[int]:
        """Clusters an official shaped: locked ones and those holding a pinned member."""
        pinned = {self.labels[self.position[i]] for i in self.constraints.pinned if i in self.position}
        return set(self.constraints.locked) | pinned

    def _split_all(self, new_cluster_id) -> None:
        curated = self._curated()
        for cluster_id, positions in self._members().items():
            if cluster_id in curated or not 2 < len(positions) <= self.params.max_exact_split:
                continue
            parts = self._exact_groups(positions)
            if len(set(parts)) == 1:
                continue
            pinned_parts = {
                p for p, pos in zip(parts, positions, strict=True) if self.item_ids[pos] in self.constraints.pinned
            }
            sizes = np.bincount(parts)
            keep = max(pinned_parts or set(parts), key=lambda p: sizes[p])
            fresh = {}
            for part, position in zip(parts, positions, strict=True):
                if part == keep or part in pinned_parts:
                    continue
                if part not in fresh:
                    fresh[part] = new_cluster_id()
                self.labels[position] = fresh[part]

    def _exact_groups(self, positions: list[int]) -> np.ndarray:
        """Average linkage inside one cluster, cut at the threshold: a part number per member."""
        vectors = self.vectors.view[positions]
        density = self.density[positions]
        similarity = vectors @ vectors.T - (density[:, None] + density[None, :]) / 2
        distance = np.clip(1.0 - similarity, 0.0, None)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        return fcluster(tree, 1.0 - self.params.threshold, criterion="distance") - 1

    def _merge_all(self) -> None:
        """Merge clusters best pair first while their average similarity reaches the threshold."""
        self._rebuild_clusters()
        stats = self.clusters
        ids = list(stats)
        if len(ids) < 2:
            return
        self._frozen = self._curated()
        version = dict.fromkeys(ids, 0)
        heap: list = []
        for cluster_id in ids:
            self._push_candidates(heap, cluster_id, version)
        renamed: dict[int, int] = {}
        while heap:
            negative, a, b, version_a, version_b = heapq.heappop(heap)
            if -negative < self.params.threshold:
                break
            if a not in stats or b not in stats or version[a] != version_a or version[b] != version_b:
                continue
            keep, gone = (a, b) if (stats[a]["n"], -a) >= (stats[b]["n"], -b) else (b, a)
            for key in ("sum", "n", "r"):
                stats[keep][key] = stats[keep][key] + stats[gone][key]
            del stats[gone]
            renamed[gone] = keep
            self.constraints.separated = {
                frozenset(keep if c == gone else c for c in pair) for pair in self.constraints.separated
            }
            version[keep] += 1
            self._push_candidates(heap, keep, version)
        if renamed:
            self.labels = [self._final(label, renamed) for label in self.labels]

    @staticmethod
    def _final(label: int, renamed: dict[int, int]) -> int:
        while label in renamed:
            label = renamed[label]
        return label

    def _pair_score(self, a: dict, others: list[dict]) -> np.ndarray:
        sums = np.stack([o["sum"] for o in others])
        sizes = np.array([o["n"] for o in others], dtype=np.float32)
        densities = np.array([o["r"] for o in others], dtype=np.float32)
        return (sums @ a["sum"]) / (sizes * a["n"]) - (densities / sizes + a["r"] / a["n"]) / 2

    def _push_candidates(self, heap: list, cluster_id: int, version: dict) -> None:
        stats = self.clusters
        if cluster_id in self._frozen:
            return
        others = [c for c in stats if c != cluster_id and c not in self._frozen]
        if not others:
            return
        scores = self._pair_score(stats[cluster_id], [stats[c] for c in others])
        count = min(self.params.merge_candidates, len(others))
        for index in np.argpartition(-scores, count - 1)[:count]:
            other = others[int(index)]
            if scores[index] < self.params.threshold or frozenset((cluster_id, other)) in self.constraints.separated:
                continue
            heapq.heappush(heap, (-float(scores[index]), cluster_id, other, version[cluster_id], version[other]))

    # -- search ---------------------------------------------------------------------------------

    def nearest_items(self, raw: np.ndarray, lang: str, k: int) -> list[tuple[int, float]]:
        """The k items most similar to a text's vector, with their cosine similarity."""
        if not self.item_ids:
            return []
        similarities = self.vectors.view @ self.neutral(raw, lang)
        k = min(k, len(similarities))
        best = np.argpartition(-similarities, k - 1)[:k]
        best = best[np.argsort(-similarities[best])]
        return [(self.item_ids[i], float(similarities[i])) for i in best]

    def cluster_members(self, cluster_id: int) -> list[int]:
        return [item for item, label in zip(self.item_ids, self.labels, strict=True) if label == cluster_id]

    def central_item(self, cluster_id: int) -> int | None:
        """The member closest to the cluster's mean: its representative."""
        positions = [i for i, label in enumerate(self.labels) if label == cluster_id]
        if not positions:
            return None
        vectors = self.vectors.view[positions]
        return self.item_ids[positions[int(np.argmax(vectors @ vectors.sum(axis=0)))]]


def cluster_all(raws: np.ndarray, langs: list[str], params: Params | None = None, reference=None) -> list[int]:
    """Cluster a whole collection at once (for files and benchmarks): a cluster number per item."""
    raws = np.asarray(raws, dtype=np.float32)
    index = ScopeIndex(raws.shape[1] if raws.ndim == 2 else 0, params, reference=reference)
    if len(raws) == 0:
        return []
    index.load(range(len(raws)), raws, langs, range(len(raws)))  # every item alone, then merge
    counter = iter(range(len(raws), 10 * len(raws) + 10))
    index.refine(lambda: next(counter))
    numbering: dict[int, int] = {}
    return [numbering.setdefault(label, len(numbering)) for label in index.labels]

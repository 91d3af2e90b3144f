"""Clustering a whole collection of texts at once, without the web app (files, benchmarks)."""

from dataclasses import dataclass

import numpy as np

from app.semantic import directions
from app.semantic.campaigns import find_campaigns
from app.semantic.clustering import Params, group_all
from app.semantic.embedders import Embedder
from app.semantic.langid import detect_language
from app.semantic.reference import reference_mean
from app.semantic.romanized import for_the_model

BATCH = 64


@dataclass
class Grouping:
    clusters: list[int]
    core: list[bool]  # false: weakly attached to its cluster, an official should confirm it
    campaigns: list[int | None]  # campaign number (unique across clusters) or None
    languages: list[str]


def embed_all(texts: list[str], embedder: Embedder, progress=None) -> np.ndarray:
    """Vectors of the distinct texts, computed once each, in batches (`progress(n)` after each)."""
    distinct = list(dict.fromkeys(for_the_model(t) for t in texts))
    rows = {}
    for start in range(0, len(distinct), BATCH):
        batch = distinct[start : start + BATCH]
        for text, vector in zip(batch, embedder.embed(batch), strict=True):
            rows[text] = vector
        if progress:
            progress(len(batch))
    return np.stack([rows[for_the_model(t)] for t in texts]) if texts else np.zeros((0, embedder.dim), np.float32)


def campaigns_within(clusters: list[int], texts: list[str]) -> list[int | None]:
    """Campaigns found inside each cluster, numbered across the whole collection."""
    result: list[int | None] = [None] * len(texts)
    members: dict[int, list[int]] = {}
    for position, cluster in enumerate(clusters):
        members.setdefault(cluster, []).append(position)
    next_number = 0
    for positions in members.values():
        local = find_campaigns([texts[p] for p in positions])
        numbering: dict[int, int] = {}
        for position, number in zip(positions, local, strict=True):
            if number is not None:
                if number not in numbering:
                    numbering[number], next_number = next_number, next_number + 1
                result[position] = numbering[number]
    return result


def group_texts(texts: list[str], embedder: Embedder, params: Params | None = None, progress=None) -> Grouping:
    """Languages, clusters and campaigns for a list of texts."""
    languages = [detect_language(t) for t in texts]
    vectors = embed_all(texts, embedder, progress)
    clusters, core = group_all(
        vectors, languages, params, reference=reference_mean(embedder), directions=directions.load(embedder.name)
    )
    return Grouping(clusters, core, campaigns_within(clusters, texts), languages)

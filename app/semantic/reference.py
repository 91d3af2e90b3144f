"""The common direction of a model's vectors, removed before clustering.

Sentence embeddings share a large common component (all similarities are high). It is estimated
once per model from a fixed set of generic sentences in the seven languages, not from a scope:
a scope where everybody says the same thing must keep that thing, not subtract it.
"""

from pathlib import Path

import numpy as np

from app.semantic.embedders import Embedder

REFERENCE_TEXTS = Path(__file__).parent / "data" / "reference.txt"
_MEANS: dict[str, np.ndarray] = {}


def reference_texts() -> list[str]:
    lines = REFERENCE_TEXTS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def reference_mean(embedder: Embedder) -> np.ndarray:
    """The mean vector of the reference sentences for this model (computed once per process)."""
    if embedder.name not in _MEANS:
        _MEANS[embedder.name] = embedder.embed(reference_texts()).mean(axis=0)
    return _MEANS[embedder.name]

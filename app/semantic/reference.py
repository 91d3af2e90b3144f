"""The common direction of a model's vectors, removed before clustering.

Sentence embeddings share a large common component (all similarities are high). It is estimated
once per model from a fixed set of generic sentences in the seven languages, not from a scope:
a scope where everybody says the same thing must keep that thing, not subtract it.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.semantic.embedders import Embedder

REFERENCE_TEXTS = Path(__file__).parent / "data" / "reference.txt"
_MEANS: dict[str, np.ndarray] = {}


def reference_texts() -> list[str]:
    lines = REFERENCE_TEXTS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def reference_key() -> str:
    """A name for the mean of these reference sentences (a SHA-256, like a text's): it changes with them."""
    return hashlib.sha256("\n".join(["ovoz reference mean", *reference_texts()]).encode()).hexdigest()


def reference_mean(
    embedder: Embedder,
    load: Callable[[str], np.ndarray | None] | None = None,
    save: Callable[[str, np.ndarray], None] | None = None,
) -> np.ndarray:
    """The mean vector of the reference sentences for this model, computed once per process.

    `load` and `save` (by reference_key) let a caller keep it between processes: embedding the
    sentences costs each web or worker process seconds on its first use of the model.
    """
    if embedder.name not in _MEANS:
        mean = load(reference_key()) if load else None
        if mean is None:
            mean = embedder.embed(reference_texts()).mean(axis=0).astype(np.float32)
            if save:
                save(reference_key(), mean)
        _MEANS[embedder.name] = mean
    return _MEANS[embedder.name]

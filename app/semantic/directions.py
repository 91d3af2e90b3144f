"""The directions along which translations of one sentence differ, removed before grouping.

A multilingual model still writes the language into every vector: two sentences in one language can
be closer than one sentence in two languages, so groups form by language instead of meaning. The
scope's language offsets (app/semantic/clustering.py) remove each language's mean; these directions
remove what is left. They are the top principal components of the residuals of FLORES-200
translations from each sentence's mean over our seven languages: a fixed projection per model, made
once by `flask semantic directions` from the evaluation data and kept in app/semantic/data/directions/
with its provenance. A model without a file is used without it.
"""

import json
import re
from functools import cache
from pathlib import Path

import numpy as np

FOLDER = Path(__file__).parent / "data" / "directions"


def fit(translations: np.ndarray, count: int) -> np.ndarray:
    """The `count` main directions of difference between translations, as orthonormal rows.

    `translations` has one row of vectors per language and one column per sentence: (languages, sentences, dim).
    """
    residuals = translations - translations.mean(axis=0, keepdims=True)
    _, _, components = np.linalg.svd(residuals.reshape(-1, translations.shape[-1]), full_matrices=False)
    return components[:count].astype(np.float32)


def remove(vectors: np.ndarray, directions: np.ndarray | None) -> np.ndarray:
    """The vectors without their parts along the directions (unchanged without directions)."""
    if directions is None or not len(directions):
        return vectors
    return vectors - (vectors @ directions.T) @ directions


def path_for(model_name: str) -> Path:
    """The file of a model's directions, named after the model and its version."""
    return FOLDER / (re.sub(r"[^A-Za-z0-9.@-]+", "_", model_name) + ".json")


def save(model_name: str, directions: np.ndarray, provenance: dict) -> Path:
    """Write a model's directions with where they come from; they are read on the next load."""
    path = path_for(model_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = json.dumps({"model": model_name, **provenance}, ensure_ascii=False, indent=1)
    rows = ",\n  ".join(json.dumps(np.round(row.astype(np.float64), 6).tolist()) for row in directions)
    path.write_text(f'{record[:-2]},\n "directions": [\n  {rows}\n ]\n}}\n', encoding="utf-8")
    load.cache_clear()
    return path


@cache
def load(model_name: str) -> np.ndarray | None:
    """A model's directions (count x dim, float32), or None when none were made for it."""
    path = path_for(model_name)
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("model") != model_name:
        return None
    return np.asarray(record["directions"], dtype=np.float32).reshape(-1, record["dim"])

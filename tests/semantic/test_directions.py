"""The language directions: found from translations, removed before grouping, kept per model in a file."""

import numpy as np

from app.semantic import directions


def _translations(rng, sentences=60, languages=5, dim=32, strength=1.5):
    """Sentences written in several languages: a meaning per sentence plus a language vector per language."""
    meanings = rng.normal(size=(sentences, dim))
    accents = rng.normal(size=(languages, dim)) * strength
    noise = rng.normal(scale=0.05, size=(languages, sentences, dim))
    return meanings[None, :, :] + accents[:, None, :] + noise, accents


def test_fit_finds_the_directions_the_languages_differ_along():
    vectors, accents = _translations(np.random.default_rng(1))
    found = directions.fit(vectors, count=4)  # five languages differ in a four-dimensional space
    assert found.shape == (4, 32)
    assert np.allclose(found @ found.T, np.eye(4), atol=1e-5)
    centred = accents - accents.mean(axis=0)
    left = directions.remove(centred, found)
    assert np.linalg.norm(left) < 0.05 * np.linalg.norm(centred)


def test_removing_them_brings_translations_together_and_keeps_meanings_apart():
    vectors, _ = _translations(np.random.default_rng(2))
    found = directions.fit(vectors[:, :40], count=4)  # fitted on some sentences, used on others
    held_out = vectors[:, 40:]
    before = np.linalg.norm(held_out[0] - held_out[1], axis=1).mean()
    after = np.linalg.norm(directions.remove(held_out[0], found) - directions.remove(held_out[1], found), axis=1).mean()
    assert after < 0.2 * before
    meanings = directions.remove(held_out[0], found)
    assert np.linalg.norm(meanings[0] - meanings[1]) > 10 * after


def test_a_models_directions_are_saved_with_their_provenance_and_loaded_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(directions, "FOLDER", tmp_path)
    directions.load.cache_clear()
    found = directions.fit(_translations(np.random.default_rng(4))[0], count=2)
    assert directions.load("test/model@1") is None
    path = directions.save("test/model@1", found, {"dim": 32, "made_from": "synthetic translations"})
    assert path.parent == tmp_path and path.suffix == ".json"
    assert "synthetic translations" in path.read_text(encoding="utf-8")
    assert np.allclose(directions.load("test/model@1"), found, atol=1e-5)
    assert directions.load("other/model@1") is None
    directions.load.cache_clear()


TRANSLATIONS = [  # one sentence a row, in Tajik, Russian, Uzbek and English (written for this test)
    ("Дар деҳаи мо оби нӯшокӣ нест.", "В нашем селе нет питьевой воды.", "Qishlog'imizda ichimlik suvi yo'q.",
     "There is no drinking water in our village."),
    ("Нархи нон ду баробар зиёд шуд.", "Цена хлеба выросла вдвое.", "Non narxi ikki barobar oshdi.",
     "The price of bread has doubled."),
    ("Автобуси шабона ба ноҳияҳои шимолӣ намеравад.", "Ночной автобус не ходит в северные районы.",
     "Tungi avtobus shimoliy tumanlarga bormaydi.", "The night bus does not go to the northern districts."),
    ("Дар мактаб муаллими математика нест.", "В школе нет учителя математики.",
     "Maktabda matematika o'qituvchisi yo'q.", "The school has no mathematics teacher."),
    ("Барқ ҳар шаб хомӯш мешавад.", "Свет отключают каждую ночь.", "Har kecha elektr o'chadi.",
     "The electricity goes off every night."),
]  # fmt: skip


def test_the_bundled_models_directions_bring_its_translations_together():
    from app.semantic.embedders import load_embedder

    model = load_embedder()
    found = directions.load(model.name)
    assert found is not None and found.shape == (6, model.dim)
    texts = [text for row in TRANSLATIONS for text in row]
    raw = model.embed(texts)
    meaning = np.repeat(np.arange(len(TRANSLATIONS)), 4)

    def margin(vectors):
        """Mean over texts: similarity to its translations minus similarity to the other sentences."""
        vectors = vectors - vectors.mean(axis=0)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        similar = vectors @ vectors.T
        same = meaning[:, None] == meaning[None, :]
        np.fill_diagonal(same, False)
        return float(similar[same].mean() - similar[meaning[:, None] != meaning[None, :]].mean())

    assert margin(directions.remove(raw, found)) > margin(raw) + 0.05

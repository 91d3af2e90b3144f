"""Tajik and Russian typed in Latin letters: recognised, and read by the model in Cyrillic."""

from pathlib import Path

import numpy as np
import pytest

from app.semantic.embedders import load_embedder
from app.semantic.langid import detect_language
from app.semantic.romanized import for_the_model, romanized_language, to_cyrillic

SAMPLES = [
    line.rstrip("\n").split("\t")
    for line in (Path(__file__).parent / "data" / "romanized.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


def test_the_samples_are_20_tajik_and_20_russian_with_latin_controls():
    counts = {lang: sum(1 for row in SAMPLES if row[0] == lang) for lang in ("tg", "ru", "uz", "az", "en")}
    assert counts == {"tg": 20, "ru": 20, "uz": 4, "az": 2, "en": 2}


def test_latin_script_tajik_and_russian_are_identified_and_others_are_left_alone():
    right = [detect_language(text) == lang for lang, text in SAMPLES]
    assert sum(right) / len(right) >= 0.97, [row for row, ok in zip(SAMPLES, right, strict=True) if not ok]
    for lang, text in SAMPLES:
        if lang not in ("tg", "ru"):
            assert romanized_language(text) is None and for_the_model(text) == text


@pytest.mark.parametrize(
    ("lang", "latin", "cyrillic"),
    [
        ("tg", "Dar bemoriston doru bepul nest.", "Дар бемористон дору бепул нест."),
        ("tg", "Non qimat shud, hukumat chiro jim ast?", "Нон қимат шуд, ҳукумат чиро ҷим аст?"),
        ("ru", "V nashey shkole net uchitelya.", "В нашей школе нет учителя."),
        ("ru", "Khleb snova podorozhal!", "Хлеб снова подорожал!"),
    ],
)
def test_transliteration_keeps_capitals_and_punctuation(lang, latin, cyrillic):
    assert to_cyrillic(latin, lang) == cyrillic


def test_a_cyrillic_or_mixed_text_is_never_transliterated():
    assert for_the_model("Нон қимат шуд") == "Нон қимат шуд"
    assert romanized_language("Non qimat shud, лекин hukumat jim ast") is None
    assert romanized_language("Bepul emas.") is None  # one word of Tajik could be chance
    assert romanized_language("") is None


SAME_MEANING = [  # typed in Latin letters, and the same complaint as someone else wrote it in Cyrillic
    ("Dar bemoriston doru bepul nest, mardum pul namedihand.", "В больнице нет бесплатных лекарств."),
    ("Non qimat shud, iltimos narxi nonro past kuned.", "Хлеб подорожал, просим снизить цену на хлеб."),
    ("Barq har shab qat meshavad, mo dar torikí mešinem.", "Ҳар шаб барқ хомӯш мешавад."),
    ("Khleb opyat podorozhal, pochemu tseny vse vremya rastut?", "Нон боз қимат шуд, чаро нархҳо меафзоянд?"),
    ("V nashey shkole net uchitelya matematiki uzhe polgoda.", "В школе полгода нет учителя математики."),
    ("Pensiya ochen malenkaya, na nee nelzya zhit.", "Нафақа хеле кам аст, бо он зиндагӣ кардан мумкин нест."),
]


def test_read_in_cyrillic_a_latin_text_comes_closer_to_the_same_complaint():
    model = load_embedder()
    typed = model.embed([latin for latin, _ in SAME_MEANING])
    read = model.embed([for_the_model(latin) for latin, _ in SAME_MEANING])
    other = model.embed([cyrillic for _, cyrillic in SAME_MEANING])
    before, after = np.einsum("ij,ij->i", typed, other), np.einsum("ij,ij->i", read, other)
    assert (after > before).sum() >= 5 and after.mean() > before.mean() + 0.02, (before, after)

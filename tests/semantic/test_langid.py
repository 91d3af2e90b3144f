"""Language identification on sentences of our own (FLORES-200 is for the benchmark)."""

import pytest

from app.semantic.langid import detect_language

SAMPLES = [
    ("tg", "Мо аз ҳукумат хоҳиш менамоем, ки роҳи деҳаи моро таъмир кунад."),
    ("tg", "Дар мактаби мо муаллимон намерасанд ва синфҳо хеле калонанд."),
    ("ru", "Мы просим правительство отремонтировать дорогу в нашем селе."),
    ("ru", "В нашей школе не хватает учителей, классы переполнены."),
    ("kk", "Біз үкіметтен ауылымыздағы жолды жөндеуді сұраймыз."),
    ("kk", "Мектебімізде мұғалімдер жетіспейді, сыныптар толып кетті."),
    ("ky", "Биз өкмөттөн айылыбыздагы жолду оңдоону суранабыз."),
    ("ky", "Биздин мектепте мугалимдер жетишпейт, класстар толуп кетти."),
    ("uz", "Hukumatdan qishlogʻimizdagi yoʻlni taʼmirlashni soʻraymiz."),
    ("uz", "Maktabimizda oʻqituvchilar yetishmaydi, sinflar toʻlib ketgan."),
    ("az", "Hökumətdən kəndimizdəki yolu təmir etməyi xahiş edirik."),
    ("az", "Məktəbimizdə müəllimlər çatışmır, siniflər doludur."),
    ("en", "We ask the government to repair the road in our village."),
    ("en", "Our school does not have enough teachers and classes are overcrowded."),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_our_languages(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ҳамаи мо розӣ ҳастем", "tg"),  # short Tajik: its own letters decide
        ("Биз ҳукуматдан йўлни таъмирлашни сўраймиз", "uz"),  # Uzbek in Cyrillic is Uzbek too
        ("Бала-бақша ақысы өсті", "kk"),
        ("Бала бакча акысы өстү", "ky"),
        ("Guten Tag, wir bitten die Regierung, die Straße in unserem Dorf zu reparieren.", "other"),
        ("مرحبا، نطلب من الحكومة إصلاح الطريق", "other"),
        ("👍👍👍", "other"),
        ("12345 !!!", "other"),
        ("", "other"),
        ("   \u200b ", "other"),
    ],
)
def test_hard_pairs_and_other(text, lang):
    assert detect_language(text) == lang

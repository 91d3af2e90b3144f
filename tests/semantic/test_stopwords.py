"""Validate the stop-word lists shipped in app/semantic/data/stopwords.

Pure data checks: no Flask, no app imports. The lists pick readable keywords for clusters of
citizen comments and petitions, so each must be a clean, sorted set of single lower-case tokens in
the right script, and must leave topic words (school, water, tax, ...) available as keywords.
"""

import unicodedata
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "app/semantic/data/stopwords"

LANGS = ["en", "ru", "tg", "uz", "az", "kk", "ky"]
CYRILLIC_LANGS = {"ru", "tg", "kk", "ky"}
LATIN_LANGS = {"uz", "az"}
MIN_ENTRIES = 150
MAX_ENTRIES = 400

UZ_TURNED_COMMA = "\u02bb"  # oʻ, gʻ
UZ_APOSTROPHE = "\u02bc"  # tutuq belgisi
UZ_MARKS = {UZ_TURNED_COMMA, UZ_APOSTROPHE, "'", "`"}

# Letters a list must use (with how many entries at least).
SPECIAL_LETTERS = {
    "tg": ("ғӣқӯҳҷ", 10),
    "kk": ("әғқңөұүһі", 10),
    "az": ("əğıöüçş", 10),
    "ky": ("ңөү", 10),
}
# Letters of a neighbouring alphabet that have no place in the list.
FORBIDDEN_LETTERS = {
    "ky": set("әғқұһі"),  # Kazakh-only letters
    "tg": set("ыщцьәңөұүһі"),  # dropped from Tajik Cyrillic in 1998, or not Tajik at all
    "az": set("wʻʼ'`"),
}

TOPIC_WORDS = {
    "en": ["school", "water", "tax", "road", "hospital", "salary", "insulin", "electricity", "bus", "doctor"],
    "ru": ["школа", "вода", "налог", "дорога", "больница", "зарплата", "инсулин", "электричество", "автобус", "врач"],
    "tg": ["мактаб", "об", "андоз", "роҳ", "беморхона", "маош", "инсулин", "барқ", "автобус", "духтур"],
    "uz": ["maktab", "suv", "soliq", "yoʻl", "shifoxona", "maosh", "insulin", "elektr", "avtobus", "shifokor"],
    "az": ["məktəb", "su", "vergi", "yol", "xəstəxana", "maaş", "insulin", "işıq", "avtobus", "həkim"],
    "kk": ["мектеп", "су", "салық", "жол", "аурухана", "жалақы", "инсулин", "электр", "автобус", "дәрігер"],
    "ky": ["мектеп", "суу", "салык", "жол", "оорукана", "айлык", "инсулин", "электр", "автобус", "дарыгер"],
}


def _lines(lang):
    return (DATA_DIR / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def _entries(lang):
    return [line for line in _lines(lang) if line and not line.startswith("#")]


def _is_cyrillic_letter(ch):
    return ch.isalpha() and unicodedata.name(ch, "").startswith("CYRILLIC")


def _is_latin_letter(ch):
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def test_all_files_exist():
    missing = [lang for lang in LANGS if not (DATA_DIR / f"{lang}.txt").is_file()]
    assert not missing, f"missing stop-word files: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_header_comment(lang):
    first = _lines(lang)[0]
    assert first.startswith("# "), f"{lang}: first line must be a '# ' comment"
    assert "keyword" in first.lower() and "citizen" in first.lower()
    assert all(not line.startswith("#") for line in _lines(lang)[1:]), f"{lang}: comments only on the first line"


@pytest.mark.parametrize("lang", LANGS)
def test_entry_count(lang):
    n = len(_entries(lang))
    assert MIN_ENTRIES <= n <= MAX_ENTRIES, f"{lang}: {n} entries"


@pytest.mark.parametrize("lang", LANGS)
def test_entries_clean_unique_sorted(lang):
    raw = _lines(lang)
    assert "" not in raw, f"{lang}: blank lines"
    entries = _entries(lang)
    for word in entries:
        assert word == word.strip(), f"{lang}: {word!r} not stripped"
        assert word == word.lower(), f"{lang}: {word!r} not lower-case"
        assert not any(ch.isspace() for ch in word), f"{lang}: {word!r} is not a single token"
        assert unicodedata.normalize("NFC", word) == word, f"{lang}: {word!r} not NFC"
    dups = sorted({w for w in entries if entries.count(w) > 1})
    assert not dups, f"{lang}: duplicates {dups}"
    assert entries == sorted(entries), f"{lang}: not sorted"


def _script_ok(lang, word):
    if lang == "en":
        return word.isascii() and all(ch.isalpha() or ch == "'" for ch in word) and word[0].isalpha()
    if lang in CYRILLIC_LANGS:
        return all(_is_cyrillic_letter(ch) or ch == "-" for ch in word) and _is_cyrillic_letter(word[0])
    if lang == "uz":
        return all(_is_latin_letter(ch) or ch in UZ_MARKS for ch in word) and _is_latin_letter(word[0])
    return all(_is_latin_letter(ch) for ch in word)


@pytest.mark.parametrize("lang", LANGS)
def test_script(lang):
    bad = [w for w in _entries(lang) if not _script_ok(lang, w)]
    assert not bad, f"{lang}: entries in the wrong script: {bad}"


@pytest.mark.parametrize("lang", sorted(FORBIDDEN_LETTERS))
def test_no_letters_of_other_alphabets(lang):
    forbidden = FORBIDDEN_LETTERS[lang]
    bad = [w for w in _entries(lang) if forbidden & set(w)]
    assert not bad, f"{lang}: letters foreign to the alphabet in {bad}"


@pytest.mark.parametrize("lang", sorted(SPECIAL_LETTERS))
def test_language_specific_letters_used(lang):
    letters, minimum = SPECIAL_LETTERS[lang]
    n = sum(1 for w in _entries(lang) if set(letters) & set(w))
    assert n >= minimum, f"{lang}: only {n} entries use any of {letters}"


def test_uzbek_official_apostrophes_and_typed_variants():
    entries = set(_entries("uz"))
    official = [w for w in entries if f"o{UZ_TURNED_COMMA}" in w or f"g{UZ_TURNED_COMMA}" in w]
    assert len(official) >= 5, f"only {len(official)} entries with oʻ/gʻ (U+02BB)"
    missing = []
    for word in entries:
        if UZ_TURNED_COMMA in word or UZ_APOSTROPHE in word:
            for mark in ("'", "`"):
                variant = word.replace(UZ_TURNED_COMMA, mark).replace(UZ_APOSTROPHE, mark)
                if variant not in entries:
                    missing.append(variant)
    assert not missing, f"typed variants missing: {sorted(missing)}"
    # Every typed variant stands for an official spelling in the list.
    orphans = [
        w
        for w in entries
        if ("'" in w or "`" in w)
        and w.replace("'", UZ_TURNED_COMMA).replace("`", UZ_TURNED_COMMA) not in entries
        and w.replace("'", UZ_APOSTROPHE).replace("`", UZ_APOSTROPHE) not in entries
    ]
    assert not orphans, f"typed variants without an official spelling: {orphans}"


@pytest.mark.parametrize("lang", LANGS)
def test_topic_words_stay_available(lang):
    entries = set(_entries(lang))
    leaked = [w for w in TOPIC_WORDS[lang] if w in entries]
    assert not leaked, f"{lang}: topic words must not be stop words: {leaked}"


def test_typical_request_words_are_stop_words():
    expected = {
        "en": ["please", "we", "government", "citizens", "need", "must", "problem", "year"],
        "ru": ["просим", "прошу", "необходимо", "нужно", "должны", "граждан", "государство", "правительство"],
        "tg": ["хоҳиш", "мекунем", "лозим", "бояд", "шаҳрвандон", "ҳукумат"],
        "uz": ["iltimos", "soʻraymiz", "so'raymiz", "so`raymiz", "kerak", "fuqarolar", "hukumat"],
        "az": ["xahiş", "edirik", "lazımdır", "vətəndaşlar", "hökumət", "dövlət"],
        "kk": ["өтінеміз", "қажет", "керек", "азаматтар", "үкімет", "мемлекет"],
        "ky": ["суранабыз", "керек", "жарандар", "өкмөт", "мамлекет"],
    }
    missing = {lang: [w for w in words if w not in set(_entries(lang))] for lang, words in expected.items()}
    assert not any(missing.values()), f"missing: {missing}"

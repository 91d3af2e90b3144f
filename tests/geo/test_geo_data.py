"""Validate the administrative-division data files shipped in app/geo/data.

Pure data checks: no Flask, no app imports. Each country file must follow the
schema documented in app/geo/data (country, local_locale, locales, names,
regions[].districts[]) and use the right script for every language.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "app/geo/data"

ALL_LOCALES = ["en", "ru", "tg", "uz", "az", "kk", "ky"]
EXPECTED_LOCAL = {"tj": "tg", "uz": "uz", "az": "az", "kz": "kk", "kg": "ky"}
LATIN_LOCALES = {"uz", "az"}
CYRILLIC_LOCALES = {"tg", "kk", "ky"}
REGION_KINDS = {
    "region",
    "city",
    "autonomous_region",
    "autonomous_republic",
    "districts_of_republican_subordination",
    "economic_region",
}
DISTRICT_KINDS = {"city", "district"}

# Uzbek Latin: oʻ / gʻ use U+02BB, the tutuq belgisi (glottal stop) uses U+02BC.
UZ_TURNED_COMMA = "\u02bb"
UZ_APOSTROPHE = "\u02bc"
# Characters allowed in any name besides letters of the expected script.
NAME_PUNCTUATION = set(" -.'()")
# Lookalikes that must not stand in for U+02BB/U+02BC in Uzbek names.
UZ_FORBIDDEN = set("'`\u2018\u2019\u02b9\u02bd")
ENGLISH_RE = re.compile(r"^[A-Za-z][A-Za-z .'()\-]*$")
DISTRICT_SUFFIX_RE = re.compile(r"^[A-Z]{3}$")


def _files():
    return sorted(DATA_DIR.glob("*.json"))


def _load(path):
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _all_named(data):
    """Yield (label, names_dict) for the country, every region and district."""
    yield data["country"], data["names"]
    for region in data["regions"]:
        yield region["code"], region["names"]
        for district in region["districts"]:
            yield district["code"], district["names"]


def _script_of(ch):
    return unicodedata.name(ch, "").split(" ")[0]


def _letters_in_script(text, script, extra=frozenset()):
    """True if every letter of text belongs to script and the rest is allowed punctuation."""
    has_letter = False
    for ch in text:
        if ch in extra:
            continue
        if ch.isalpha():
            if _script_of(ch) != script:
                return False
            has_letter = True
        elif ch not in NAME_PUNCTUATION and not ch.isdigit():
            return False
    return has_letter


FILES = _files()
FILE_IDS = [p.stem for p in FILES]


def test_data_dir_has_all_countries():
    present = {p.stem for p in FILES}
    missing = set(EXPECTED_LOCAL) - present
    assert not missing, f"missing country files: {sorted(missing)}"


@pytest.fixture(params=FILES, ids=FILE_IDS)
def country(request):
    return request.param, _load(request.param)


def test_file_is_readable_utf8_not_ascii_escaped(country):
    path, _ = country
    raw = path.read_text(encoding="utf-8")
    assert "\\u" not in raw, "write with ensure_ascii=False so names stay readable"


def test_top_level_schema(country):
    path, data = country
    assert set(data) >= {"country", "local_locale", "locales", "names", "regions"}
    assert data["country"] == path.stem
    assert data["country"] in EXPECTED_LOCAL
    assert data["local_locale"] == EXPECTED_LOCAL[data["country"]]
    assert isinstance(data["regions"], list) and data["regions"]


def test_locales_order(country):
    _, data = country
    locales = data["locales"]
    assert sorted(locales) == sorted(ALL_LOCALES), "must be a permutation of all UI locales"
    assert locales[:3] == [data["local_locale"], "ru", "en"]


def test_region_and_district_schema(country):
    _, data = country
    for region in data["regions"]:
        assert set(region) >= {"code", "kind", "names", "districts"}, region.get("code")
        assert region["kind"] in REGION_KINDS, region["code"]
        assert isinstance(region["districts"], list)
        if region["kind"] != "city":
            assert region["districts"], f"{region['code']} has no districts"
        for district in region["districts"]:
            assert set(district) >= {"code", "names"}, district.get("code")
            if "kind" in district:
                assert district["kind"] in DISTRICT_KINDS, district["code"]


def test_codes_unique_and_prefixed(country):
    _, data = country
    seen = set()
    for region in data["regions"]:
        code = region["code"]
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code), code
        assert code.startswith(data["country"].upper() + "-"), code
        assert code not in seen, f"duplicate code {code}"
        seen.add(code)
        for district in region["districts"]:
            dcode = district["code"]
            assert dcode.startswith(code + "-"), f"{dcode} not under {code}"
            assert DISTRICT_SUFFIX_RE.match(dcode[len(code) + 1 :]), dcode
            assert dcode not in seen, f"duplicate code {dcode}"
            seen.add(dcode)


def test_names_have_exact_locales_and_text(country):
    _, data = country
    expected = {data["local_locale"], "ru", "en"}
    for label, names in _all_named(data):
        assert set(names) == expected, f"{label}: {sorted(names)}"
        for loc, value in names.items():
            assert isinstance(value, str) and value.strip(), f"{label}/{loc} empty"
            assert value == value.strip(), f"{label}/{loc} has outer whitespace"
            assert "  " not in value, f"{label}/{loc} has double spaces"
            assert unicodedata.normalize("NFC", value) == value, f"{label}/{loc} not NFC"


def test_russian_names_are_cyrillic(country):
    _, data = country
    for label, names in _all_named(data):
        assert _letters_in_script(names["ru"], "CYRILLIC"), f"{label}: {names['ru']!r}"


def test_english_names_are_ascii_latin(country):
    _, data = country
    for label, names in _all_named(data):
        assert ENGLISH_RE.match(names["en"]), f"{label}: {names['en']!r}"


def test_local_names_use_official_script(country):
    _, data = country
    local = data["local_locale"]
    for label, names in _all_named(data):
        value = names[local]
        if local in LATIN_LOCALES:
            ok = _letters_in_script(value, "LATIN", {UZ_TURNED_COMMA, UZ_APOSTROPHE})
        else:
            assert local in CYRILLIC_LOCALES
            ok = _letters_in_script(value, "CYRILLIC")
        assert ok, f"{label}: {value!r} is not in the {local} script"


def test_uzbek_uses_modifier_letters():
    path = DATA_DIR / "uz.json"
    data = _load(path)
    turned = 0
    for label, names in _all_named(data):
        value = names["uz"]
        bad = set(value) & UZ_FORBIDDEN
        assert not bad, f"{label}: {value!r} uses {bad} instead of U+02BB/U+02BC"
        for i, ch in enumerate(value):
            if ch == UZ_TURNED_COMMA:
                turned += 1
                assert i > 0 and value[i - 1] in "oOgG", f"{label}: stray U+02BB in {value!r}"
    assert turned > 0, "Uzbek names are expected to contain oʻ/gʻ"


def test_azerbaijani_uses_its_alphabet():
    data = _load(DATA_DIR / "az.json")
    text = "".join(names["az"] for _, names in _all_named(data))
    for ch in "əğıöüçş":
        assert ch in text, f"no {ch!r} in any Azerbaijani name"
    # Letters that the Azerbaijani Latin alphabet does not have.
    assert not set(text) & set("wWäÄ"), "non-Azerbaijani letters in az names"


def test_tajikistan_is_complete():
    data = _load(DATA_DIR / "tj.json")
    regions = {r["code"]: r for r in data["regions"]}
    assert len(data["regions"]) == 5
    assert set(regions) == {"TJ-DU", "TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA"}
    assert regions["TJ-DU"]["kind"] == "city"
    assert regions["TJ-GB"]["kind"] == "autonomous_region"
    assert regions["TJ-RA"]["kind"] == "districts_of_republican_subordination"
    assert len(regions["TJ-DU"]["districts"]) == 4
    total = sum(len(r["districts"]) for r in data["regions"])
    assert total >= 55, total
    for region in data["regions"]:
        assert region["districts"], region["code"]
        for district in region["districts"]:
            assert district.get("kind") in DISTRICT_KINDS, district["code"]
    tajik = "".join(names["tg"] for _, names in _all_named(data))
    for ch in "ҳҷӣӯғқ":
        assert ch in tajik, f"no {ch!r} in any Tajik name"


@pytest.mark.parametrize(
    "country_code, regions, must_have",
    [
        ("uz", 14, {"UZ-QR", "UZ-TK"}),
        ("kz", 20, {"KZ-10", "KZ-33", "KZ-62", "KZ-71", "KZ-75", "KZ-79"}),
        ("kg", 9, {"KG-GB", "KG-GO"}),
        ("az", 14, {"AZ-BA", "AZ-NX"}),
    ],
)
def test_first_level_divisions_complete(country_code, regions, must_have):
    data = _load(DATA_DIR / f"{country_code}.json")
    codes = {r["code"] for r in data["regions"]}
    assert len(data["regions"]) == regions
    assert must_have <= codes

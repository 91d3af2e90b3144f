"""Which of Ovoz's languages a text is in: en ru tg uz az kk ky, or "other".

CLD2 (Google's compact language detector, via pycld2) decides, restricted to its three best guesses
that are among our languages. Where it has no opinion (short or unusual text), the letters that only
one of our languages uses decide: Tajik ӣ ӯ ҳ ҷ, Kazakh ә і ұ һ, Kyrgyz ң ө ү without those,
Azerbaijani ə, Uzbek oʻ gʻ. Tajik and Russian typed in Latin letters are recognised first (romanized.py).
"""

import re

import pycld2

from app.semantic.romanized import romanized_language

LANGUAGES = ("en", "ru", "tg", "uz", "az", "kk", "ky")
OTHER = "other"

_CLD2_CODES = {"en": "en", "ru": "ru", "tg": "tg", "uz": "uz", "az": "az", "kk": "kk", "ky": "ky"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259]")
_TAJIK = re.compile(r"[ӣӯҳҷӢӮҲҶ]")
_KAZAKH = re.compile(r"[әіұһӘІҰҺ]")
_KYRGYZ_OR_KAZAKH = re.compile(r"[ңөүҢӨҮ]")
_KAZAKH_OR_TAJIK = re.compile(r"[ғқҒҚ]")
_AZERBAIJANI = re.compile(r"[əƏ]")
_UZBEK = re.compile(r"\b\w*[oOgG][ʻ‘'`ʼ]\w*", re.UNICODE)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _by_letters(text: str) -> str:
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic == latin == 0:
        return OTHER
    if cyrillic >= latin:
        if _TAJIK.search(text):
            return "tg"
        if _KAZAKH.search(text):
            return "kk"
        if _KYRGYZ_OR_KAZAKH.search(text):
            return "kk" if _KAZAKH_OR_TAJIK.search(text) else "ky"
        return "tg" if _KAZAKH_OR_TAJIK.search(text) else "ru"
    if _AZERBAIJANI.search(text):
        return "az"
    return "uz" if _UZBEK.search(text) else "en"


def _by_cld2(text: str) -> str | None:
    """Our language among CLD2's guesses; OTHER when it is sure of another; None when it cannot tell."""
    try:
        reliable, _, guesses = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return None
    for _name, code, percent, _score in guesses:
        if code in _CLD2_CODES and percent > 0:
            return _CLD2_CODES[code]
        if code != "un" and reliable and percent >= 50:
            return OTHER
    return None


def detect_language(text: str) -> str:
    """The language of `text`: one of LANGUAGES, or "other"."""
    cleaned = _UNPRINTABLE.sub(" ", text or "").strip()
    if not cleaned:
        return OTHER
    if romanized := romanized_language(cleaned):
        return romanized  # Tajik or Russian in Latin letters, which CLD2 takes for Uzbek or English
    by_letters = _by_letters(cleaned)
    found = _by_cld2(cleaned)
    if found is None:
        return by_letters
    # CLD2 confuses the hard pairs on short texts; letters that only one language has overrule it.
    if found in ("ru", "kk", "ky", "tg") and by_letters in ("tg", "kk") and found != by_letters:
        return by_letters
    return found

"""Tajik and Russian typed in Latin letters ("Dar bemoriston doru bepul nest", "Khleb opyat podorozhal").

People write on phones without a Cyrillic keyboard. Such text looks like Uzbek or English to a language
detector, and the model places it by its script, far from the same words in Cyrillic. So before the
language is detected and the text embedded, a Latin text that reads as Tajik or Russian (by words that
only that language uses so often) is written back in Cyrillic. What the person wrote is kept for display.
"""

import re

from app.semantic.text import canonical

_WORD = re.compile(r"[a-zA-Z']+")
# Cyrillic letters, and the Latin letters of Azerbaijani and Uzbek.
_NOT_PLAIN_LATIN = re.compile(r"[\u0400-\u04ff\u0259\u0131\u011f\u015f\u00e7\u00f6\u00fc\u02bb\u02bc]")

# Frequent words, as people spell them in Latin letters, that the other languages written in Latin
# (Uzbek, English, Azerbaijani) do not use. A text needs several of them: one could be chance.
# (Kept as words in a string, which reads better than a list of quoted words.)
_TAJIK = frozenset(
    "dar az ba bo ki ast nest hast nestand hastand mo shumo mon moyon shud shuda meshavad meshad mekunem "  # noqa: SIM905
    "mekunad mekunand namekunad namedihand medihand nadorem dorem dorad nadorad kunem kunad kardan kard "
    "bud budan hamai hama chi charo kay kujo bisyor xele khele kudakon bachaho odamon mardum hukumat "
    "shahr dehot deha kor pul non obi ob barq roh rohho bepul qimat arzon nav naw muallim muallimon "
    "maktab bemoriston duxtur dukhtur doru dorusoz tabib vazorat nafaqa maosh baland past lozim darkor "
    "iltimos mekunam namekunam nametavonem metavonem tavonem zindagi namekunand hastem hastam nestem meravem "
    "meravand mexohem mekhohem nadorand dihed kuned sozed baroi vale har ruz boyad chiro rohro xonaho".split()
)
_RUSSIAN = frozenset(
    "ne na chto eto kak dlya net po nas vse vsyo ochen pochemu mozhno nado nuzhno khleb hleb dorogo tseny "  # noqa: SIM905
    "ceny vody voda sveta svet gorod gorode shkola shkole shkoly bolnitsa bolnitse deti detey rabota "
    "raboty rabotu pensiya pensii zarplata zarplaty uzhe eshche esche tolko kogda gde kotoryy my vy oni "
    "ona ya budet byl bylo yest est nam vam ikh nashi nash nashe opyat podorozhal podorozhali dorogi "
    "doroga ulitse ulitsy problema prosim proshu pozhaluysta srochno mnogo malo bez iz ot takzhe takoy "
    "takie lyudi lyudey sdelayte reshite v s k tak tozhe byt nelzya khorosho horosho ploho plokho rabotaet "
    "rabotayut vremya raz den god let selo sele rayon rayone rayonov sdelat nochnoy dorogoy dorogaya novyy "
    "bolshe menshe kazhdyy kazhduyu vecherom zimoy letom potomu poetomu esli chtoby mesyats nedelyu chasu".split()
)
# The commonest words of Uzbek that Tajik does not share: a text with as many of them is Uzbek.
_UZBEK = frozenset(
    "bilan uchun emas juda kerak bu yoq bor lekin edi ekan qilish qiling bolib boladi bolmaydi".split()  # noqa: SIM905
)
_MIN_WORDS = 2

# Longest spellings first: "shch" before "sh", "kh" before "k".
_TO_RUSSIAN = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yu": "ю", "ya": "я",
    "yo": "ё", "ye": "е", "ay": "ай", "ey": "ей", "oy": "ой", "uy": "уй", "iy": "ий", "yy": "ый", "y": "ы",
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д",
    "e": "е", "z": "з", "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "x": "кс", "w": "в", "q": "к",
    "'": "ь",
}  # fmt: skip
_TO_TAJIK = {
    "sh": "ш", "ch": "ч", "zh": "ж", "kh": "х", "gh": "ғ", "yo": "ё", "yu": "ю", "ya": "я", "a": "а",
    "b": "б", "v": "в", "w": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "y": "й", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
    "x": "х", "h": "ҳ", "j": "ҷ", "q": "қ", "c": "ц", "'": "ъ",
}  # fmt: skip
_TABLES = {"ru": _TO_RUSSIAN, "tg": _TO_TAJIK}
_PATTERNS = {
    lang: re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)), re.IGNORECASE)
    for lang, table in _TABLES.items()
}


def romanized_language(text: str) -> str | None:
    """ "tg" or "ru" for Tajik or Russian written in Latin letters; None for anything else."""
    if _NOT_PLAIN_LATIN.search(text):
        return None
    words = [word.lower().strip("'") for word in _WORD.findall(text)]
    tajik = sum(word in _TAJIK for word in words)
    russian = sum(word in _RUSSIAN for word in words)
    uzbek = sum(word.replace("'", "") in _UZBEK for word in words)
    if max(tajik, russian) < max(_MIN_WORDS, uzbek + 1) or tajik == russian:
        return None
    return "tg" if tajik > russian else "ru"


def to_cyrillic(text: str, lang: str) -> str:
    """The text in the Cyrillic spelling of `lang` ("tg" or "ru"), keeping capitals, digits and punctuation."""
    table = _TABLES[lang]

    def letter(match: re.Match) -> str:
        found = match.group(0)
        cyrillic = table[found.lower()]
        return cyrillic[:1].upper() + cyrillic[1:] if found[:1].isupper() else cyrillic

    return _PATTERNS[lang].sub(letter, text)


def for_the_model(text: str) -> str:
    """What the model reads: the canonical text, with Latin-script Tajik or Russian in Cyrillic."""
    text = canonical(text)
    lang = romanized_language(text)
    return to_cyrillic(text, lang) if lang else text

"""Language identification on FLORES-200 devtest (7 languages x 1,012 sentences)

Every sentence of the seven devtest files is classified by `detect_language` (CLD2 restricted to our
languages, with letters that only one language uses as tie-breakers). The baseline, in the same run,
is the simplest rule there is: more Cyrillic than Latin letters -> ru, else en. The baseline cannot
tell Tajik, Kazakh and Kyrgyz from Russian, nor Uzbek and Azerbaijani from English, so its accuracy
is bounded by 2/7; it shows what the script alone gives, and what the real detector costs in time.
"""

import re
import statistics
import time
from collections import Counter

from benchmarks.common import Figure, require_data

FILES = {
    "tgk_Cyrl": "tg",
    "uzn_Latn": "uz",
    "azj_Latn": "az",
    "rus_Cyrl": "ru",
    "kaz_Cyrl": "kk",
    "kir_Cyrl": "ky",
    "eng_Latn": "en",
}
TARGET = 0.97
REPEAT = 3  # timed passes over all sentences; the median is reported

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_rule(text: str) -> str:
    """The baseline: the script of most letters decides, Cyrillic -> ru, Latin -> en."""
    return "ru" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def _load(folder) -> tuple[list[str], list[str]]:
    texts, gold = [], []
    for name, lang in FILES.items():
        lines = (folder / f"{name}.devtest").read_text(encoding="utf-8").splitlines()
        texts += lines
        gold += [lang] * len(lines)
    return texts, gold


def _classify(classify, texts: list[str]) -> tuple[list[str], float]:
    """Predictions and the median wall time of one pass over all texts."""
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        predicted = [classify(text) for text in texts]
        timings.append(time.perf_counter() - start)
    return predicted, statistics.median(timings)


def _accuracy(predicted: list[str], gold: list[str]) -> float:
    return sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold)


def _report(label: str, predicted: list[str], gold: list[str], seconds: float) -> float:
    accuracy = _accuracy(predicted, gold)
    print(f"  {label}: accuracy {accuracy:.2%} ({len(gold) / seconds:,.0f} sentences/s)")
    per_language = []
    for lang in FILES.values():
        positions = [i for i, g in enumerate(gold) if g == lang]
        per_language.append(f"{lang} {_accuracy([predicted[i] for i in positions], [lang] * len(positions)):.1%}")
    print(f"    per language: {'  '.join(per_language)}")
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    if confusions:
        common = ", ".join(f"{g}->{p} {n}" for (g, p), n in confusions.most_common(6))
        print(f"    most frequent confusions (gold->predicted): {common}")
    return accuracy


def run() -> list[Figure]:
    folder = require_data("flores200-devtest")
    if folder is None:
        return []
    from app.semantic.langid import detect_language

    texts, gold = _load(folder)
    print(f"  {len(texts):,} sentences, {len(FILES)} languages")
    ours, ours_seconds = _classify(detect_language, texts)
    accuracy = _report("detect_language", ours, gold, ours_seconds)
    print(f"    target >= {TARGET:.0%}: {'met' if accuracy >= TARGET else 'NOT met'}")
    baseline, baseline_seconds = _classify(script_rule, texts)
    _report("baseline, script rule (Cyrillic -> ru, Latin -> en)", baseline, gold, baseline_seconds)
    return [Figure(f"detect_language, {len(texts):,} sentences", ours_seconds, "script rule", baseline_seconds)]

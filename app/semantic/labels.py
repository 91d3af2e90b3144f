"""Readable labels for clusters: top keywords (class-based TF-IDF, per-language stop words)."""

import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

from app.semantic.text import canonical

STOPWORDS_DIR = Path(__file__).parent / "data" / "stopwords"
_WORD = re.compile(r"[^\W\d_]+(?:[-ʻʼ'’‘`][^\W\d_]+)*")
MIN_LENGTH = 3
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# The words a greeting opens with ("Муҳтарам таҳиягарони лоиҳа!", "Ассалому алайкум!"), in our languages
_GREETINGS = frozenset(
    {
        *("муҳтарам", "ассалому", "ассалом", "салом"),  # tg
        *("уважаемые", "уважаемый", "уважаемая", "здравствуйте"),  # ru
        *("dear", "hello"),  # en
        *("hurmatli", "muhtaram", "assalomu", "salom"),  # uz
        *("құрметті", "сәлеметсіз", "сәлем"),  # kk
        *("урматтуу", "саламатсызбы", "салам"),  # ky
        *("hörmətli", "salam"),  # az
    }
)


@cache
def stopwords(lang: str) -> frozenset[str]:
    """The stop words of a language ('other' and unknown languages have none)."""
    path = STOPWORDS_DIR / f"{lang}.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def title(text: str, limit: int = 120) -> str:
    """A text's first sentence, cut at a word before `limit` characters: what a group is called. A greeting before
    it ("Муҳтарам таҳиягарони лоиҳа!", often a line of its own in a letter) says nothing of the subject, and is
    passed over: the demo's 50 form letters were called by theirs."""
    sentences = _sentences(text)
    first = next(sentences, "")
    while _opens_with_greeting(first) and (after := next(sentences, None)) is not None:
        first = after
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _sentences(text: str):
    """The sentences of a text, line by line, as they are needed."""
    for line in text.strip().split("\n"):
        yield from (sentence for sentence in _SENTENCE_END.split(canonical(line)) if sentence.strip())


def _opens_with_greeting(sentence: str) -> bool:
    first = _WORD.search(sentence.lower())
    return first is not None and first.group() in _GREETINGS


def words(text: str, lang: str) -> list[str]:
    """The content words of a text: lower case, no stop words, numbers or very short words."""
    stop = stopwords(lang)
    tokens = _WORD.findall(canonical(text).lower())
    return [t for t in tokens if len(t) >= MIN_LENGTH and t not in stop]


def keywords(groups: dict[int, list[tuple[str, str]]], top: int = 5) -> dict[int, list[str]]:
    """Top words of each group of (text, lang), weighed against how many groups use them."""
    counts = {group: Counter(w for text, lang in items for w in words(text, lang)) for group, items in groups.items()}
    spread = Counter(word for counter in counts.values() for word in counter)
    total = len(counts)
    result = {}
    for group, counter in counts.items():
        size = sum(counter.values()) or 1
        scored = {w: (c / size) * math.log(1 + total / spread[w]) for w, c in counter.items()}
        # A word said more than once says more; in a small or many-language group, none may repeat.
        repeated = [w for w in scored if counter[w] > 1]
        ranked = sorted(repeated or scored, key=lambda w: (-scored[w], w))
        result[group] = ranked[:top]
    return result

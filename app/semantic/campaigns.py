"""Campaigns: the same template sent many times with small edits, recognised as one.

Texts are compared by the Jaccard similarity of their word 3-shingles, taken from a skeleton of the
text: lower case, no punctuation or digits (which templates vary), and one spelling for letters that
people type differently: Kazakh "құрметті" typed on a Russian keyboard as "курметти", Uzbek in
Cyrillic or Latin, Azerbaijani without ə (typed as e, or as a). Copies of one template then stay
recognisable.
Identical texts count at once; in larger groups of distinct texts, MinHash LSH (datasketch)
proposes the pairs to compare.
"""

import re
import unicodedata
from collections import defaultdict

from app.semantic.text import canonical

SHINGLE = 3
SIMILAR = 0.3  # Jaccard of shingles from which two texts are versions of one template
MIN_COPIES = 3  # a campaign is at least this many submissions
EXACT_LIMIT = 400  # distinct texts compared pairwise; above, MinHash LSH proposes pairs
_WORD = re.compile(r"[^\W\d_]+")
_FOLD = str.maketrans(
    {
        **dict(zip("әғқңөұүһіӣӯҳҷёў", "агкноуухииухчео", strict=True)),
        **dict(zip("əäışçğxq", "aaiscghk", strict=True)),
        **dict.fromkeys(map(ord, "ʻʼ'’`‘"), None),
    }
)
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip


def skeleton(text: str) -> str:
    """One spelling for the ways people type a word: folded letters, Cyrillic written in Latin."""
    folded = canonical(text).lower().translate(_FOLD)
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    # Azerbaijani ə is typed as "e" by most who have no key for it, as "a" by some: all three are one letter.
    return "".join(_LATIN.get(ch, ch) for ch in folded).replace("e", "a")


def shingles(text: str) -> frozenset[str]:
    words = _WORD.findall(skeleton(text))
    if len(words) < SHINGLE:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _candidate_pairs(sets: list[frozenset]):
    if len(sets) <= EXACT_LIMIT:
        yield from ((i, j) for i in range(len(sets)) for j in range(i + 1, len(sets)))
        return
    from datasketch import MinHash, MinHashLSH

    lsh, hashes = MinHashLSH(threshold=SIMILAR * 0.8, num_perm=64), []
    for i, items in enumerate(sets):
        minhash = MinHash(num_perm=64)
        minhash.update_batch([s.encode("utf-8") for s in items])
        for j in lsh.query(minhash):
            yield j, i
        lsh.insert(i, minhash)
        hashes.append(minhash)


def find_campaigns(texts: list[str], min_copies: int = MIN_COPIES) -> list[int | None]:
    """A campaign number per text (texts of one campaign share it), or None for a text of its own."""
    distinct: dict[str, int] = {}
    first_of = [distinct.setdefault(skeleton(t), len(distinct)) for t in texts]
    keys = list(distinct)
    sets = [shingles(k) for k in keys]
    groups = _UnionFind(len(keys))
    for i, j in _candidate_pairs(sets):
        if jaccard(sets[i], sets[j]) >= SIMILAR:
            groups.union(i, j)
    members = defaultdict(list)
    for position, key_index in enumerate(first_of):
        members[groups.find(key_index)].append(position)
    result: list[int | None] = [None] * len(texts)
    for number, positions in enumerate(p for p in members.values() if len(p) >= min_copies):
        for position in positions:
            result[position] = number
    return result

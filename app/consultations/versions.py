"""Versions of a draft law: which provision became which, and word-level diffs of their texts.

`match_versions(old, new)` pairs the provisions of one published version with those of the next, in
these steps (a provision is used at most once; "content" is the normalised heading plus text):

1. SAME: same key and identical content.
2. MOVED, exact: identical content of the same kind under another key (articles renumbered because
   one was inserted, a part moved to another article). Identical duplicates pair up in document order.
3. Similar: remaining pairs of the same kind whose similarity is >= 0.6, taken greedily best first,
   closest position first on ties. A pair at the same key gets a bonus of 0.1, so it wins ties and
   near ties. At the same key it is CHANGED; under another key it is MOVED (renumbered or moved,
   maybe with small edits, similarity < 1).
4. CHANGED: remaining pairs at the same key, whatever their similarity (rewritten in place).
   This runs after step 3 on purpose: when an article is inserted and the next one is amended, the
   old article at the inserted one's key clearly went one key down (MOVED), and the inserted one is
   NEW, rather than CHANGED into an unrelated text.
5. NEW: a new provision left unmatched; REMOVED: an old provision left unmatched.

Every old and every new index appears exactly once. The result follows the new version's order; a
REMOVED provision comes right after the new counterpart of its nearest matched old predecessor
(after other REMOVED ones anchored there, in old order), or first when it has none, so a page of
changes can show deletions in place.

Similarity is difflib's ratio() over word and punctuation tokens of the content (1 for SAME and
exact moves, 0 for NEW and REMOVED). To stay fast on 2,000 x 2,000 provisions, step 3 only looks at
a few candidates per old provision: those sharing the most of its rarest words (an inverted index
per kind), then a length bound and a bag-of-tokens bound (difflib's real_quick_ratio and
quick_ratio, on tokens) before ratio().
"""

import bisect
import difflib
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from enum import StrEnum

from markupsafe import Markup

THRESHOLD = 0.6  # similarity from which two texts are "clearly the same provision"
SAME_KEY_BONUS = 0.1
CANDIDATES = 5  # similar provisions looked at per old provision
RARE_WORDS = 8  # rarest words of an old provision used to find them
SCAN_BUDGET = 512  # postings read per old provision before stopping at the next word

_MARKS = "\u0300-\u036f\u0483-\u0489"  # combining marks belong to the word they follow
_DIFF_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w{_MARKS}]+")
_SIM_TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\w\s{_MARKS}]")
_WORDISH = re.compile(rf"[\w{_MARKS}]")
_WORD = re.compile(rf"[\w{_MARKS}]+")
_SPACE = re.compile(r"[^\S ]+\s*| \s+")  # runs of whitespace other than one plain space
_WRAP = {"same": Markup("{}"), "delete": Markup("<del>{}</del>"), "insert": Markup("<ins>{}</ins>")}
_DROP = re.compile("[\u200b\u2060\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069]")
_UNIFY = {
    **dict.fromkeys("«»„“”‟″〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛′＇", "'"),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    "…": "...",
}
_UNIFIED = re.compile("[" + re.escape("".join(_UNIFY)) + "]")


@dataclass(frozen=True)
class ProvisionText:
    """One provision of one version, as the matcher sees it."""

    key: str  # anchor path in its version, e.g. "chapter-1/article-5/part-2"
    number: str  # as printed, e.g. "5"
    kind: str  # "article", "part", "item", ...
    heading: str
    text: str


class Change(StrEnum):
    """What happened to a provision between two versions."""

    SAME = "same"
    CHANGED = "changed"
    MOVED = "moved"
    NEW = "new"
    REMOVED = "removed"


@dataclass(frozen=True)
class Match:
    """One old provision, one new provision, or a pair of them."""

    old: int | None  # index into the old list (None for NEW)
    new: int | None  # index into the new list (None for REMOVED)
    change: Change
    similarity: float  # 0..1 between old and new content (1 for SAME; 0 for NEW/REMOVED)


def normalise(text: str) -> str:
    """Text for comparison: NFC, invisible characters dropped, one kind of quote and dash, single spaces."""
    text = _DROP.sub("", unicodedata.normalize("NFC", text or ""))
    text = _UNIFIED.sub(lambda m: _UNIFY[m.group()], text)
    return _SPACE.sub(" ", text).strip()


def _content(p: ProvisionText) -> str:
    return normalise(p.heading) + "\n" + normalise(p.text)


class _Side:
    """One version's provisions with their content, tokens and words, computed once and on demand."""

    def __init__(self, provisions: list[ProvisionText]):
        self.items = provisions
        self.content = [_content(p) for p in provisions]
        self._tokens: dict[int, tuple[list[str], Counter]] = {}

    def tokens(self, i: int) -> tuple[list[str], Counter]:
        if i not in self._tokens:
            toks = _SIM_TOKEN.findall(self.content[i])
            self._tokens[i] = (toks, Counter(toks))
        return self._tokens[i]

    def words(self, i: int) -> set[str]:
        return set(_WORD.findall(self.content[i].casefold()))


def _similarity(a: tuple[list[str], Counter], b: tuple[list[str], Counter], floor: float = 0.0) -> float:
    """difflib ratio of two token lists, or 0 as soon as a cheap upper bound is below floor."""
    total = len(a[0]) + len(b[0])
    if not total:
        return 1.0
    if 2 * min(len(a[0]), len(b[0])) / total < floor:
        return 0.0
    if floor and 2 * sum(min(a[1][t], b[1][t]) for t in a[1].keys() & b[1].keys()) / total < floor:
        return 0.0
    return difflib.SequenceMatcher(None, a[0], b[0], autojunk=False).ratio()


def _near(postings: list[int], expected: float) -> list[int]:
    """At most SCAN_BUDGET of the (ascending) postings, those nearest the expected position."""
    if len(postings) <= SCAN_BUDGET:
        return postings
    start = max(0, bisect.bisect_left(postings, expected) - SCAN_BUDGET // 2)
    return postings[start : start + SCAN_BUDGET]


def _closest_best(counts: Counter, expected: float) -> list[int]:
    """The CANDIDATES indexes with the highest counts, nearest the expected position on ties."""
    if len(counts) > CANDIDATES:
        least = sorted(counts.values(), reverse=True)[CANDIDATES - 1]
        counts = Counter({j: n for j, n in counts.items() if n >= least})
    return heapq.nlargest(CANDIDATES, counts, key=lambda j: (counts[j], -abs(j - expected)))


class _Matcher:
    """The steps of match_versions, sharing which provisions are already paired."""

    def __init__(self, old: list[ProvisionText], new: list[ProvisionText]):
        self.old, self.new = _Side(old), _Side(new)
        self.new_by_key: dict[str, int] = {}
        for j, p in enumerate(new):
            self.new_by_key.setdefault(p.key, j)
        self.by_old: dict[int, Match] = {}
        self.by_new: dict[int, Match] = {}

    def pair(self, i: int, j: int, change: Change, similarity: float) -> None:
        self.by_old[i] = self.by_new[j] = Match(i, j, change, similarity)

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old.items)) if i not in self.by_old]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new.items)) if j not in self.by_new]

    def same_key(self, i: int) -> int | None:
        j = self.new_by_key.get(self.old.items[i].key)
        return None if j is None or j in self.by_new else j

    def same(self) -> None:
        for i in range(len(self.old.items)):
            j = self.same_key(i)
            if j is not None and self.old.content[i] == self.new.content[j]:
                self.pair(i, j, Change.SAME, 1.0)

    def exact(self) -> None:
        olds: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in self.free_old():
            olds[(self.old.items[i].kind, self.old.content[i])].append(i)
        for j in self.free_new():
            found = olds.get((self.new.items[j].kind, self.new.content[j]))
            if found:
                self.pair(found.pop(0), j, Change.MOVED, 1.0)

    def similar(self) -> None:
        index: dict[tuple[str, str], list[int]] = defaultdict(list)
        for j in self.free_new():
            for word in self.new.words(j):
                index[(self.new.items[j].kind, word)].append(j)
        pairs = [pair for i in self.free_old() for pair in self.scored(i, index)]
        pairs.sort(reverse=True)
        for _score, _closeness, i, j, sim in pairs:
            if i not in self.by_old and j not in self.by_new:
                same_key = self.old.items[i].key == self.new.items[j].key
                self.pair(i, j, Change.CHANGED if same_key else Change.MOVED, sim)

    def scored(self, i: int, index: dict[tuple[str, str], list[int]]) -> list[tuple]:
        kind, key = self.old.items[i].kind, self.old.items[i].key
        found = []
        for j in self.candidates(i, index):
            if self.new.items[j].kind != kind:
                continue
            sim = _similarity(self.old.tokens(i), self.new.tokens(j), THRESHOLD)
            if sim >= THRESHOLD:
                bonus = SAME_KEY_BONUS if self.new.items[j].key == key else 0.0
                found.append((sim + bonus, -abs(i - j), i, j, sim))
        return found

    def candidates(self, i: int, index: dict[tuple[str, str], list[int]]) -> set[int]:
        kind = self.old.items[i].kind
        postings = sorted((index[(kind, w)] for w in self.old.words(i) if (kind, w) in index), key=len)
        expected = i * len(self.new.items) / max(len(self.old.items), 1)
        counts: Counter = Counter()
        scanned = 0
        for used, plist in enumerate(postings):
            if used >= RARE_WORDS or (used and scanned + len(plist) > SCAN_BUDGET):
                break
            counts.update(_near(plist, expected))
            scanned += len(plist)
        found = set(_closest_best(counts, expected))
        j = self.same_key(i)
        return found if j is None else found | {j}

    def changed_in_place(self) -> None:
        for i in self.free_old():
            j = self.same_key(i)
            if j is not None:
                self.pair(i, j, Change.CHANGED, _similarity(self.old.tokens(i), self.new.tokens(j)))

    def ordered(self) -> list[Match]:
        after: dict[int | None, list[Match]] = defaultdict(list)
        anchor = None
        for i in range(len(self.old.items)):
            if i in self.by_old:
                anchor = self.by_old[i].new
            else:
                after[anchor].append(Match(i, None, Change.REMOVED, 0.0))
        result = list(after[None])
        for j in range(len(self.new.items)):
            result.append(self.by_new.get(j) or Match(None, j, Change.NEW, 0.0))
            result.extend(after[j])
        return result


def match_versions(old: list[ProvisionText], new: list[ProvisionText]) -> list[Match]:
    """Pair the provisions of two versions: SAME, CHANGED, MOVED, NEW or REMOVED (rules in the module docstring)."""
    matcher = _Matcher(old, new)
    matcher.same()
    matcher.exact()
    matcher.similar()
    matcher.changed_in_place()
    return matcher.ordered()


def _pieces(old: list[str], new: list[str]) -> list[tuple[str, str, str]]:
    """("same", text, text) and ("change", deleted, inserted) pieces; spaces and punctuation alone
    between two changes join them, so "a b c" -> "x y z" reads as one deletion and one insertion."""
    pieces: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        a, b = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            pieces.append(("same", a, b))
        elif len(pieces) >= 2 and pieces[-2][0] == "change" and not _WORDISH.search(pieces[-1][1]):
            _, gap, _ = pieces.pop()
            _, deleted, inserted = pieces.pop()
            pieces.append(("change", deleted + gap + a, inserted + gap + b))
        else:
            pieces.append(("change", a, b))
    return pieces


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff: ("same" | "delete" | "insert", text) segments, whitespace kept, neighbours merged."""
    segments: list[tuple[str, str]] = []
    for kind, deleted, inserted in _pieces(_DIFF_TOKEN.findall(old or ""), _DIFF_TOKEN.findall(new or "")):
        parts = [("same", deleted)] if kind == "same" else [("delete", deleted), ("insert", inserted)]
        for tag, text in parts:
            if not text:
                continue
            if segments and segments[-1][0] == tag:
                segments[-1] = (tag, segments[-1][1] + text)
            else:
                segments.append((tag, text))
    return segments


def diff_html(old: str, new: str) -> Markup:
    """The word diff as HTML: deletions in <del>, insertions in <ins>, every text escaped."""
    return Markup("").join(_WRAP[tag].format(text) for tag, text in word_diff(old, new))

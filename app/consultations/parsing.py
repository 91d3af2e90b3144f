"""Splitting a draft law into its structure: sections, chapters, articles, numbered parts and items.

Reads the numbering conventions of laws in Tajik, Russian, Uzbek (Latin and Cyrillic), Azerbaijani,
Kazakh, Kyrgyz and English. One pass over the lines; each line is tried against a few compiled patterns
anchored at its start, without nested quantifiers, so a draft of 10,000 articles parses in linear time.

Markdown markup (heading marks, emphasis, list marks, backslash escapes) is layout, not text: it is
removed from what is stored. Pure Python, no Flask: testable alone.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Far above any real law (a 10,000-article code is ~3M characters); stops pathological pastes early.
MAX_CHARS = 5_000_000
# Sections hold chapters, chapters hold articles; parts and items live inside whatever is open.
_RANK = {"section": 1, "chapter": 2, "article": 3}

# Invisible characters that creep in from Word and web pages and would split "Статья" from "5".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u202a\u202b\u202c\u202d\u202e"), None)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"), None))
_SPACES = re.compile(r"\s+")  # tabs, NBSP, narrow NBSP, ideographic space: all one space
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_MD_HEADING = re.compile(r"^(?:#{1,6}|>)\s*|\s+#+$")
# Emphasis: every asterisk, but underscores only where they touch a word from outside, so that
# "snake_case" and the "________" blanks of forms survive.
_MD_EMPHASIS = re.compile(r"\*+|(?<![\w_])_{1,3}(?=[^\W_])|(?<=[^\W_])_{1,3}(?![\w_])|\\(?=[!-/:-@\[-`{-~])")

_APOSTROPHE = "['\u02bb\u02bc\u2018\u2019`\u00b4]"  # Uzbek o' g' are typed with any of these
_SECTION_PREFIX = r"раздел|фасли|фасл|b[öo]lm[əe]|part|section"
_CHAPTER_PREFIX = r"глава|боби|боб|f[əea]s[iı]l|chapter"
_ARTICLE_PREFIX = r"статья|моддаи|модда|madd[əe]|article|art\."
_SECTION_SUFFIX = rf"bo{_APOSTROPHE}?lim|бўлим|булим|бөлім|бөлүм"
_CHAPTER_SUFFIX = r"bob|боб|тарау|глава"
_ARTICLE_SUFFIX = r"modda|модда|бап|берене"
# Atomic group: "5.1a" must fail as a whole, not backtrack to "5" and call ".1a" the title.
_NUMBER = r"(?P<num>(?>[0-9]+(?:[.\-][0-9]+)*)[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]*|[IVXLCDMІХСМ]+)(?!\w)"
_TAIL = r"\s*(?P<delim>[.:\-\u2013\u2014])?\s*(?P<title>.*)"
_PREFIX_HEADING = re.compile(
    rf"(?i:(?P<section>{_SECTION_PREFIX})|(?P<chapter>{_CHAPTER_PREFIX})|(?P<article>{_ARTICLE_PREFIX}))"
    rf"\s*{_NUMBER}{_TAIL}"
)
_SUFFIX_HEADING = re.compile(
    rf"{_NUMBER}\s*[\-\u2010\u2011\u2013\u2014]?\s*"
    rf"(?i:(?P<section>{_SECTION_SUFFIX})|(?P<chapter>{_CHAPTER_SUFFIX})|(?P<article>{_ARTICLE_SUFFIX}))(?!\w){_TAIL}"
)
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_LOOKALIKES = str.maketrans("ІХСМ", "IXCM")  # Cyrillic capitals typed for roman numerals
_SUPERSCRIPTS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")

# "1." "1)" "1.1." "(1)", then a space; "1.Текст" too, but not "1.5" glued to a word.
_PART = re.compile(
    r"(?:(?P<num>(?>[0-9]{1,3}(?:\.[0-9]{1,3})*))(?P<delim>[.)])?|\((?P<pnum>[0-9]{1,3})\))"
    r"(?:\s+|$|(?<=[.)])(?=[^\W\d_]))"
)
_LETTER = re.compile(r"(?:\((?P<paren>[^\W\d_]|[ivx]{2,4})\)|(?P<letter>[^\W\d_])\))(?:\s+|$)")
_BULLET = re.compile(r"[\-\u2013\u2014\u2022\u00b7\u25aa\u25e6*+](?:\s+|$)")
_TITLE_END = ".;:,"
_TITLE_MAX = 200

_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфхыэ", "abvgdeziyklmnoprstufhye", strict=True)),
        **{"ё": "yo", "ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya"},
        **{"ъ": "", "ь": "", "ә": "ae", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "oe", "ұ": "u", "ү": "ue"},
        **{"һ": "h", "і": "i", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ў": "w", "ə": "ae", "ı": "i"},
    }
)


class DraftError(ValueError):
    """A draft that cannot be read; `code` says why, for a translated message.

    Codes: "empty", "no-structure", "too-large", "not-docx", "unsafe-docx", "malformed", "unsupported".
    """

    CODES = frozenset({"empty", "no-structure", "too-large", "not-docx", "unsafe-docx", "malformed", "unsupported"})

    def __init__(self, code: str):
        if code not in self.CODES:
            raise ValueError(f"unknown draft error code {code!r}")
        super().__init__(code)
        self.code = code


@dataclass
class ParsedProvision:
    """One provision of a draft and the provisions inside it."""

    kind: str  # "preamble", "section", "chapter", "article", "part", "item"
    number: str  # as printed, normalised: "5", "I", "5.1", "а", "" for the preamble and bullets
    heading: str  # the title after the number, may be ""
    text: str  # the provision's own text, without its children's, paragraphs joined by "\n"
    children: list["ParsedProvision"] = field(default_factory=list)
    # Set by parse_draft when a number repeats ("article-5-2") or is missing (bullets: "item-3").
    _anchor: str = field(default="", init=False, repr=False, compare=False)

    @property
    def anchor(self) -> str:
        """This provision's own anchor part, e.g. "article-5", "part-2", "chapter-ii", "item-a"."""
        if self._anchor:
            return self._anchor
        if self.kind == "preamble":
            return "preamble"
        return f"{self.kind}-{_slug(self.number)}" if self.number else self.kind


def parse_draft(text: str) -> list[ParsedProvision]:
    """The provisions of a draft law, top level first; raises DraftError when there is no structure."""
    if len(text) > MAX_CHARS:
        raise DraftError("too-large")
    lines = _clean_lines(text)
    if not lines:
        raise DraftError("empty")
    builder = _Builder()
    for line in lines:
        builder.add(line)
    if not builder.headings:
        raise DraftError("no-structure")
    return builder.finish()


def flatten(provisions) -> list[tuple[str, int, ParsedProvision]]:
    """(full anchor path like "chapter-1/article-5/part-2", depth from 0, provision) in document order."""
    out: list[tuple[str, int, ParsedProvision]] = []
    stack = [(node, "", 0) for node in reversed(provisions)]
    while stack:  # explicit stack: document order without recursion
        node, prefix, depth = stack.pop()
        path = f"{prefix}/{node.anchor}" if prefix else node.anchor
        out.append((path, depth, node))
        stack.extend((child, path, depth + 1) for child in reversed(node.children))
    return out


def _clean_lines(text: str) -> list[str]:
    """Non-blank lines with invisible characters dropped and any run of spaces made one space."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = (_CONTROLS.sub("", _SPACES.sub(" ", line)).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _plain(line: str) -> str:
    """The line without Markdown heading marks and emphasis."""
    return _MD_EMPHASIS.sub("", _MD_HEADING.sub("", line)).strip()


def _slug(number: str) -> str:
    """An ASCII anchor for a number as printed: "II" -> "ii", "5.1" -> "5.1", "б" -> "b"."""
    out = []
    for ch in number.lower().translate(_TRANSLIT):
        if ch.isascii() and (ch.isalnum() or ch in ".-"):
            out.append(ch)
        else:
            ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(ascii_form.lower() or f"u{ord(ch):x}")
    return "".join(out)


def _heading(plain: str, explicit: bool) -> tuple[str, str, str] | None:
    """(kind, number, title) when the line is a section, chapter or article heading."""
    match = _PREFIX_HEADING.match(plain) or _SUFFIX_HEADING.match(plain)
    if not match:
        return None
    number = match["num"]
    if not number[0].isdigit():
        number = number.translate(_ROMAN_LOOKALIKES)
        if not _ROMAN.fullmatch(number):
            return None
    title = match["title"]
    # "Статья 5 настоящего Закона ..." opening a sentence is a reference, not a heading.
    if title and not match["delim"] and not explicit and (title[0].islower() or title[-1] in _TITLE_END):
        return None
    kind = next(k for k in _RANK if match[k])
    return kind, _normal_number(number), title


def _normal_number(number: str) -> str:
    """Superscript insertions become dotted ("5¹" -> "5.1"); other numbers stay as printed."""
    digits = number.rstrip("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
    if digits == number:
        return number
    return f"{digits}.{number[len(digits) :].translate(_SUPERSCRIPTS)}"


def _looks_like_title(line: str) -> bool:
    """A short line that does not read as a sentence: the title of a heading printed on its own line."""
    return len(line) <= _TITLE_MAX and not line[0].islower() and line[-1] not in _TITLE_END


class _Builder:
    """Builds the tree line by line, remembering which section, chapter, article and part are open."""

    def __init__(self):
        self.roots: list[ParsedProvision] = []
        self.lines: dict[int, list[str]] = {}  # id(provision) -> its paragraphs; joined once at the end
        self.nodes: list[ParsedProvision] = []
        self.open: dict[str, ParsedProvision] = {}
        self.part: ParsedProvision | None = None
        self.part_style = ""
        self.awaiting_title: ParsedProvision | None = None
        self.headings = 0

    def add(self, line: str) -> None:
        """Place one non-blank line."""
        bullet = _BULLET.match(line)
        if bullet:
            self.awaiting_title = None
            self.item("", _plain(line[bullet.end() :]), line)
            return
        plain = _plain(line)
        if not plain:
            return
        heading = _heading(plain, explicit=line.startswith(("#", "**", "__")))
        part = None if heading else _PART.match(plain)
        letter = None if heading or part else _LETTER.match(plain)
        if heading or part or letter:
            self.awaiting_title = None  # a title comes right after its heading, not after a list
        if heading:
            self.heading(*heading)
        elif part:
            self.numbered(part, plain[part.end() :], plain)
        elif letter:
            self.item(letter["paren"] or letter["letter"], plain[letter.end() :], plain)
        else:
            self.text(plain)

    def heading(self, kind: str, number: str, title: str) -> None:
        """Open a section, chapter or article, closing everything at its level and below."""
        node = self.new(kind, number, title)
        parent = self.container(below=_RANK[kind])
        (parent.children if parent else self.roots).append(node)
        self.open = {k: v for k, v in self.open.items() if _RANK[k] < _RANK[kind]}
        self.open[kind] = node
        self.part, self.part_style = None, ""
        self.awaiting_title = None if title else node
        self.headings += 1

    def numbered(self, match: re.Match, text: str, line: str) -> None:
        """A numbered paragraph: a part, or an item when "1)" follows a part numbered "1."."""
        number, delim = match["num"] or match["pnum"], match["delim"] or ("(" if match["pnum"] else "")
        if not delim and "." not in number:
            self.text(line)  # "2024 yil ..." is a sentence, not a part
            return
        if delim == ")" and self.part is not None and self.part_style != ")":
            self.item(number, text, line)
            return
        owner = self.container(below=4)
        if owner is None:
            self.text(line)
            return
        self.part, self.part_style = self.new("part", number, ""), delim
        owner.children.append(self.part)
        self.append(self.part, text)

    def item(self, number: str, text: str, line: str) -> None:
        """A lettered, bulleted or (inside a part) numbered item."""
        owner = self.part or self.container(below=4)
        if owner is None:
            self.text(_plain(line))
            return
        node = self.new("item", number, "")
        owner.children.append(node)
        self.append(node, text)

    def text(self, line: str) -> None:
        """An unnumbered paragraph: a heading's title, or text of the innermost open provision."""
        awaiting, self.awaiting_title = self.awaiting_title, None
        if awaiting is not None and _looks_like_title(line):
            awaiting.heading = line
            return
        owner = self.part or self.container(below=4)
        if owner is None:
            owner = self.preamble()
        self.append(owner, line)

    def preamble(self) -> ParsedProvision:
        """The preamble, created at the first line of text before any heading."""
        if not self.roots:
            self.roots.append(self.new("preamble", "", ""))
        return self.roots[0]

    def container(self, below: int) -> ParsedProvision | None:
        """The innermost open heading whose rank is above `below`."""
        for kind in ("article", "chapter", "section"):
            if kind in self.open and _RANK[kind] < below:
                return self.open[kind]
        return None

    def new(self, kind: str, number: str, heading: str) -> ParsedProvision:
        """A provision, registered for the text join at the end."""
        node = ParsedProvision(kind, number, heading, "", [])
        self.nodes.append(node)
        self.lines[id(node)] = []
        return node

    def append(self, node: ParsedProvision, text: str) -> None:
        """Add a paragraph to a provision's own text."""
        if text:
            self.lines[id(node)].append(text)

    def finish(self) -> list[ParsedProvision]:
        """Join the texts and give every provision an anchor unique where it must be."""
        for node in self.nodes:
            node.text = "\n".join(self.lines[id(node)])
        _assign_anchors(self.roots, whole=({}, {}))
        return self.roots


def _assign_anchors(nodes, whole: tuple[dict, dict]) -> None:
    """Sections, chapters and articles are unique in the whole draft, parts and items among siblings."""
    siblings: tuple[dict, dict] = ({}, {})  # (anchors taken, next suffix to try for a base)
    position: dict[str, int] = {}
    for node in nodes:
        position[node.kind] = position.get(node.kind, 0) + 1
        base = node.anchor
        if not node.number and node.kind != "preamble":  # a bullet: named by its place among its siblings
            base = f"{node.kind}-{position[node.kind]}"
        taken, suffixes = whole if node.kind in _RANK else siblings
        anchor, suffix = base, suffixes.get(base, 2)
        while anchor in taken:  # resumes where the last search for this base ended: no quadratic rescans
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        suffixes[base] = suffix
        taken[anchor] = node
        node._anchor = anchor
        _assign_anchors(node.children, whole)

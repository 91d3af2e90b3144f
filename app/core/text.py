"""Normalising what people type: one place that decides which characters Ovoz keeps."""

import re
import unicodedata

# Characters that draw nothing; a text made only of them is empty.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
# Bidirectional embeddings/overrides/isolates can make text display as something else ("Trojan source").
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width space, word joiner, BOM, soft hyphen: never wanted. ZWJ/ZWNJ are kept: emoji and
# some scripts need them between visible characters.
ALWAYS_DROP = frozenset("\u200b\u2060\ufeff\u00ad\u180e") | BIDI_CONTROLS
REPLACEMENT_CHARACTER = "\ufffd"
_SPACES = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


class MalformedText(ValueError):
    """The text arrived with bytes that are not valid UTF-8."""


_NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _noncharacter(ch: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane: never text (and never valid in XML)."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _drop_controls(text: str, keep: str) -> str:
    return "".join(
        ch
        for ch in text
        if ch in keep
        or (ch not in ALWAYS_DROP and unicodedata.category(ch) not in ("Cc", "Cs", "Co") and not _noncharacter(ch))
    )


def xml_safe(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (controls, surrogates, U+FFFE, U+FFFF), for feeds: what was
    stored before input dropped them, or a query string echoed back, must not break a whole feed."""
    return _NOT_IN_XML.sub("", text)


def normalize_line(text: str | None) -> str:
    """One line of text (a name, a title): NFC, no control or spoofing characters, single spaces."""
    if text is None:
        return ""
    if REPLACEMENT_CHARACTER in text:
        raise MalformedText(text)
    text = _drop_controls(_ANY_SPACE.sub(" ", unicodedata.normalize("NFC", text)), keep="")
    text = _SPACES.sub(" ", text).strip()
    return "" if is_blank(text) else text  # only ZWJ/ZWNJ left: nothing visible, so empty


def normalize_multiline(text: str | None) -> str:
    """A paragraph or more: like a line, but keeps line breaks (at most one blank line in a row)."""
    if text is None:
        return ""
    if REPLACEMENT_CHARACTER in text:
        raise MalformedText(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _drop_controls(text.replace("\t", " "), keep="\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return "" if is_blank(text) else text


def is_blank(text: str) -> bool:
    """True when nothing visible is left."""
    return all(ch.isspace() or ch in INVISIBLE for ch in text)


def shortened(text: str, length: int = 80) -> str:
    """The start of a text on one line, cut at a word, with "…" when cut."""
    plain = " ".join((text or "").split())
    return plain if len(plain) <= length else plain[:length].rsplit(" ", 1)[0] + "…"

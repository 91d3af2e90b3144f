"""The canonical form of a text for hashing, so that identical texts are embedded once."""

import hashlib
import re
import unicodedata

from app.core.text import INVISIBLE

_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_SPACE = re.compile(r"\s+")


def canonical(text: str) -> str:
    """NFC, no zero-width characters, single spaces: what counts as 'the same text'."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_INVISIBLE)).strip()


def content_hash(text: str) -> str:
    """A hex SHA-256 of the canonical text."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()

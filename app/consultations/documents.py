"""Reading an uploaded draft (.txt, .md, .docx) into plain text for the structure parser.

A .docx is read with the standard library only (zipfile and expat), defensively: the ZIP's declared sizes
are checked before anything is decompressed, word/document.xml is read with a hard cap, and an XML
document type declaration (the way in for entity expansion and external entities) is refused outright.

Word's automatic list numbering (w:numPr) is not reconstructed: numbers Word draws by itself are not in
document.xml, so a draft whose "Статья 1." headings come only from automatic numbering reads without them.
Tracked deletions (w:delText) are dropped, tracked insertions kept: the text is the draft as it would print.
"""

import io
import zipfile
import zlib
from xml.parsers import expat

from app.consultations.parsing import DraftError

MAX_BYTES = 2 * 1024 * 1024  # the app refuses larger uploads earlier too
MAX_UNPACKED = 20 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 100  # a real document.xml deflates 5-20x; a bomb deflates 1000x
RATIO_FROM = 1024 * 1024  # small members may compress well (styles, blank pages): judge only large ones
MAX_MEMBERS = 2000
DOCUMENT = "word/document.xml"
TEXT_EXTENSIONS = (".txt", ".md", ".markdown")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "  # expat joins namespace and name with " "
_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError)


def draft_text(filename: str, data: bytes) -> str:
    """The text of an uploaded draft; raises DraftError when it cannot or should not be read."""
    if len(data) > MAX_BYTES:
        raise DraftError("too-large")
    name = (filename or "").lower()
    if name.endswith(TEXT_EXTENSIONS):
        return decode_text(data)
    if name.endswith(".docx"):
        return docx_text(data)
    raise DraftError("unsupported")


def decode_text(data: bytes) -> str:
    """UTF-8 with or without a BOM, or UTF-16 with a BOM; anything else is "malformed"."""
    try:
        # UTF-16 only with a BOM: it says which byte order, and is dropped like the UTF-8 one.
        text = data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError("malformed") from None
    if "\x00" in text:  # a binary file renamed .txt decodes "validly" but is not a draft
        raise DraftError("malformed")
    return text


def docx_text(data: bytes) -> str:
    """The paragraphs of word/document.xml, one a line, after checking the ZIP is safe to open."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise DraftError("not-docx") from None
    with archive:
        _check_sizes(archive.infolist())
        try:
            info = archive.getinfo(DOCUMENT)
        except KeyError:
            raise DraftError("not-docx") from None
        xml = _read_capped(archive, info)
    return "\n".join(_paragraphs(xml))


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a ZIP bomb from its central directory, before decompressing a byte."""
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise DraftError("unsafe-docx")
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise DraftError("unsafe-docx")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read a member but never more than MAX_UNPACKED bytes, whatever its header claims."""
    try:
        with archive.open(info) as member:
            xml = member.read(MAX_UNPACKED + 1)
    except (RuntimeError, NotImplementedError):  # encrypted, or a compression method zipfile lacks
        raise DraftError("not-docx") from None
    except _ZIP_ERRORS:  # bad CRC, truncated data
        raise DraftError("malformed") from None
    if len(xml) > MAX_UNPACKED:
        raise DraftError("unsafe-docx")
    return xml


def _paragraphs(xml: bytes) -> list[str]:
    """Paragraph texts in document order: w:t text, w:tab as a tab, w:br and w:cr as a line break."""
    reader = _ParagraphReader()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse  # no DOCTYPE, so no entity can be declared or expanded
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        raise DraftError("malformed") from None
    return reader.paragraphs


def _refuse(*_args) -> None:
    """Expat handler for declarations a Word document never needs."""
    raise DraftError("unsafe-docx")


class _ParagraphReader:
    """Expat callbacks collecting the text of w:p elements; a stack because text boxes nest paragraphs."""

    def __init__(self):
        self.paragraphs: list[str] = []
        self.open: list[list[str]] = []
        self.runs = 0  # w:tab also defines tab stops in paragraph properties: only a tab inside a run is text
        self.fallback = 0  # text boxes are stored twice (mc:Choice and mc:Fallback): read them once
        self.in_text = False

    def start(self, name: str, _attrs) -> None:
        """An element opens."""
        if name == _FALLBACK or self.fallback:
            self.fallback += 1
        elif name == _W + "p":
            self.open.append([])
        elif name == _W + "r":
            self.runs += 1
        elif not self.open or not self.runs:
            return
        elif name == _W + "t":
            self.in_text = True
        elif name == _W + "tab":
            self.open[-1].append("\t")
        elif name in (_W + "br", _W + "cr"):
            self.open[-1].append("\n")

    def end(self, name: str) -> None:
        """An element closes."""
        if self.fallback:
            self.fallback -= 1
        elif name == _W + "t":
            self.in_text = False
        elif name == _W + "r":
            self.runs -= 1
        elif name == _W + "p" and self.open:
            self.paragraphs.append("".join(self.open.pop()))

    def characters(self, data: str) -> None:
        """Text inside an element; only w:t text is the document's."""
        if self.in_text and self.open and not self.fallback:
            self.open[-1].append(data)

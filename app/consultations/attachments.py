"""Documents attached to a consultation: PDF or DOCX, checked by content (not by name), stored by Ovoz.

Files live under OVOZ_UPLOADS/consultations/<id>/ with a random name; the name people see is kept
apart, cleaned. A DOCX passes the same ZIP-bomb and XML checks as an imported draft.
"""

import secrets
from pathlib import Path

from flask import current_app
from werkzeug.utils import secure_filename

from app.audit import services as audit
from app.consultations import documents
from app.consultations.models import Consultation, Document
from app.consultations.parsing import DraftError
from app.extensions import db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentError(ValueError):
    """A file that is not accepted; `code` says why: "empty", "too-large", "not-pdf-or-docx", "unsafe-docx"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _media_type(filename: str, data: bytes) -> str:
    extension = Path(filename).suffix.lower()
    if extension == ".pdf" and data.startswith(b"%PDF-"):
        return PDF
    if extension == ".docx":
        try:
            documents.docx_text(data)
        except DraftError as error:
            raise DocumentError("unsafe-docx" if error.code == "unsafe-docx" else "not-pdf-or-docx") from None
        return DOCX
    raise DocumentError("not-pdf-or-docx")


def _folder(consultation_id: int) -> Path:
    return Path(current_app.config["OVOZ_UPLOADS"]) / "consultations" / str(consultation_id)


def _display_name(filename: str, media_type: str) -> str:
    """A name safe to show and to send back: the original's letters where possible."""
    stem = Path(filename).stem.strip()[:150] or "document"
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in " ._-()") or secure_filename(stem) or "document"
    return f"{cleaned}{'.pdf' if media_type == PDF else '.docx'}"


def attach(consultation: Consultation, filename: str, data: bytes) -> Document:
    """Check and store a file; the caller commits (a file without its row is removed by `remove`)."""
    if not data:
        raise DocumentError("empty")
    if len(data) > current_app.config["OVOZ_DOCUMENT_MAX_BYTES"]:
        raise DocumentError("too-large")
    media_type = _media_type(filename or "", data)
    stored_name = secrets.token_hex(16)
    folder = _folder(consultation.id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(data)
    document = Document(
        consultation_id=consultation.id,
        filename=_display_name(filename or "", media_type),
        media_type=media_type,
        size=len(data),
        stored_name=stored_name,
    )
    db.session.add(document)
    db.session.flush()
    audit.record("consultation.document_added", document, filename=document.filename, size=document.size)
    return document


def path_of(document: Document) -> Path:
    return _folder(document.consultation_id) / document.stored_name


def remove(document: Document) -> None:
    """Delete a document and its file."""
    audit.record(
        "consultation.document_removed", document, filename=document.filename, consultation=document.consultation_id
    )
    path_of(document).unlink(missing_ok=True)
    db.session.delete(document)

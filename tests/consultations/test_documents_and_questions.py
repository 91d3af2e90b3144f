"""Documents attached to a consultation, and its questionnaire whose answers are submissions."""

import io
import zipfile

from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations.labels import DOCUMENT_ERRORS
from app.consultations.models import Comment, Document, Question
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _official_of(app, consultation, make_user):
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency)
    browser = app.test_client()
    assert browser.login(official.email, PASSWORD).status_code == 302
    return browser


def _upload(browser, url: str, name: str, data: bytes):
    token = browser.csrf_token(url)
    return browser.post(url, data={"csrf_token": token, "document": (io.BytesIO(data), name)})


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        body = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        archive.writestr(
            "word/document.xml", body + "<w:p><w:r><w:t>Ёддошти тавзеҳотӣ</w:t></w:r></w:p></w:body></w:document>"
        )
    return buffer.getvalue()


def _refusal(app, code: str) -> str:
    with app.test_request_context(), force_locale("en"):
        return str(DOCUMENT_ERRORS[code])


def test_documents_are_checked_by_content_stored_and_downloaded(app, client, make_user, make_consultation):
    consultation, _article, _comment = make_consultation()
    browser = _official_of(app, consultation, make_user)
    url = f"/en/consultations/{consultation.id}/documents"
    assert _upload(browser, url, "Пояснительная записка.pdf", PDF).status_code == 302
    assert _upload(browser, url, "note.docx", _docx()).status_code == 302
    refused = {
        "fake.pdf": (b"MZ\x90\x00 not a pdf", "not-pdf-or-docx"),
        "fake.docx": (b"plain text", "not-pdf-or-docx"),
        "tool.exe": (PDF, "not-pdf-or-docx"),
        "empty.pdf": (b"", "empty"),
        "big.pdf": (PDF + b"0" * (10 * 1024 * 1024), "too-large"),
    }
    for name, (data, code) in refused.items():
        page = _upload(browser, url, name, data)
        assert page.status_code == 400 and field_errors(page) == [_refusal(app, code)], name
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert [d.filename for d in documents] == ["Пояснительная записка.pdf", "note.docx"]
    public = text(client.get(f"/en/consultations/{consultation.id}"))
    assert "Пояснительная записка.pdf" in public
    download = client.get(f"/en/consultations/{consultation.id}/documents/{documents[0].id}")
    assert download.data == PDF and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/en/consultations/{consultation.id + 1}/documents/{documents[0].id}").status_code == 404


def test_questionnaire_answers_are_submissions_grouped_per_question(app, client, make_user, make_consultation):
    consultation, _article, _comment = make_consultation()
    browser = _official_of(app, consultation, make_user)
    url = f"/tg/consultations/{consultation.id}/questions"
    assert browser.submit(url, {"text": "Кадом хизматрасониҳо бояд онлайн шаванд?"}).status_code == 302
    question = db.session.scalar(select(Question))
    citizen = app.test_client()
    assert citizen.login(make_user().email, PASSWORD).status_code == 302
    page = f"/tg/consultations/{consultation.id}"
    answer = citizen.submit(
        f"{page}/questions/{question.id}/answers", {"answer": "Бақайдгирии никоҳ ва шиноснома."}, form_url=page
    )
    assert answer.status_code == 302
    empty = citizen.submit(f"{page}/questions/{question.id}/answers", {"answer": " "}, form_url=page)
    assert empty.status_code == 400 and field_errors(empty)
    saved = db.session.scalar(select(Comment).where(Comment.question_id == question.id))
    assert saved.submission.kind == "answer" and saved.submission.scope == question.scope
    shown = text(client.get(page))
    assert "Кадом хизматрасониҳо" in shown and "Бақайдгирии никоҳ" in shown

"""What the audit log holds besides decisions: draft imports, documents added and removed, data exports."""

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.consultations import attachments
from app.extensions import db
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n%%EOF\n"


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_draft_imports_and_documents_are_audited(app, make_consultation):
    consultation, _article, _comment = make_consultation()
    (imported,) = _events("consultation.draft_imported")
    assert imported.target_id == consultation.id and imported.details["version"] == 1 and imported.actor_id
    with app.test_request_context():
        document = attachments.attach(consultation, "note.pdf", PDF)
        db.session.commit()
        attachments.remove(document)
        db.session.commit()
    (added,) = _events("consultation.document_added")
    (removed,) = _events("consultation.document_removed")
    assert added.details == {"filename": "note.pdf", "size": len(PDF)}
    assert removed.details["consultation"] == consultation.id and removed.target_id == added.target_id


def test_downloading_ones_data_is_audited(client, make_user):
    person = make_user()
    assert client.login(person.email, PASSWORD).status_code == 302
    assert client.get("/en/account/data.json").status_code == 200
    (exported,) = _events("account.data_exported")
    assert exported.actor_id == exported.target_id == person.id

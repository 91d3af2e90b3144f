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


def test_the_log_shows_translated_actions_and_readable_details(app, staff_client):
    from app.accounts.models import Role
    from app.audit import services as audit

    answer = "Мы **уточним** статью 9 и сроки. " * 10
    audit.record("cluster.answer_amended", None, None, answer=7, before="Барои ҳама", after=answer)
    audit.record("agency.updated", None, None, after={"names": {"tg": "Вазорати об"}, "website": None}, members=[3, 4])
    db.session.commit()
    page = staff_client(None, Role.ADMIN).get("/ru/admin/audit").get_data(as_text=True)
    assert "Ответ группе изменён" in page and "Ведомство изменено" in page
    assert "cluster.answer_amended</" not in page and "\\u" not in page and "{&#34;" not in page
    assert "before:</dt> <dd>Барои ҳама</dd>" in page and "after.names.tg:</dt> <dd>Вазорати об</dd>" in page
    assert "members:</dt> <dd>3, 4</dd>" in page and "after.website:</dt> <dd>—</dd>" in page
    assert "Мы **уточним** статью 9 и сроки. Мы" in page and answer.strip() not in page and "…</dd>" in page
    filtered = staff_client(None, Role.ADMIN).get("/tg/admin/audit?action=agency.updated").get_data(as_text=True)
    assert "Ответ группе" not in filtered and "cluster.answer_amended" not in filtered


def test_every_recorded_action_has_a_label():
    """A new audit.record("x.y") without a name in app.audit.labels would show its code to the administrator."""
    import re
    from pathlib import Path

    from app.audit.labels import ACTION_LABELS
    from app.consultations.models import Phase

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("app").rglob("*.py") if p.name != "labels.py")
    found = set(re.findall(r'"((?:account|user|agency|consultation|comment|cluster|petition)\.[a-z_-]+)"', source))
    found |= {f"petition.{kind}" for kind in re.findall(r'record\(petition, "([a-z-]+)"', source)}
    found |= {f"petition.{kind}" for kind in re.findall(r'_reach\(petition, [\w.]+, "([a-z-]+)"', source)}
    found |= {f"consultation.{kind}" for kind in re.findall(r'_event\(consultation, "([a-z]+)"', source)}
    found |= {f"consultation.{phase}" for phase in Phase}
    assert len(found) > 40 and sorted(found - set(ACTION_LABELS)) == []

"""A group's answer in other languages (issue 16): an official gives it, readers of that language see it."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.consultations.models import Comment
from app.extensions import db
from app.feedback import answers
from app.submissions.models import Cluster
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

ANSWER = "Fees will be **halved** from September."
RUSSIAN = "Плата будет **снижена вдвое** с сентября."


@pytest.fixture
def answered(app, make_user, make_consultation):
    """A consultation whose one comment is a group of its own, answered by an official of its agency."""
    consultation, article, comment = make_consultation()
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency)
    with app.test_request_context():
        group = Cluster(scope=consultation.scope, model="test", size=1)
        db.session.add(group)
        db.session.flush()
        db.session.get(Comment, comment.id).submission.cluster_id = group.id
        answers.publish(group, ANSWER, official)
        db.session.commit()
        return {
            "group": group.id,
            "official": official,
            "page": f"/consultations/{consultation.id}/provisions/{article.id}",
        }


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def test_an_official_gives_the_answer_in_russian_and_russian_readers_see_it(app, client, answered, make_user):
    group = answered["group"]
    official = _signed_in(app, answered["official"])
    form = f"/en/review/clusters/{group}/answer/translations"
    assert "halved" in text(official.get(form))
    assert f'href="{form}"' in text(official.get(f"/en/review/clusters/{group}")), "the group's page leads there"
    sent = official.submit(form, {"language": "ru", "body": RUSSIAN})
    assert sent.status_code == 302, field_errors(sent)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cluster.answer_translated"))
    assert event.details["language"] == "ru"
    for page in (f"/groups/{group}", answered["page"]):
        russian, english = text(client.get(f"/ru{page}")), text(client.get(f"/en{page}"))
        assert "<strong>снижена вдвое</strong>" in russian and "halved" not in russian, page
        assert "<strong>halved</strong>" in english and "вдвое" not in english, page
    assert _signed_in(app, make_user()).get(form).status_code == 403


def test_amending_the_answer_drops_its_translations_and_an_empty_one_removes_it(app, client, answered):
    group = answered["group"]
    official = _signed_in(app, answered["official"])
    form = f"/en/review/clusters/{group}/answer/translations"
    official.submit(form, {"language": "ru", "body": RUSSIAN})
    official.submit(form, {"language": "ru", "body": ""})
    assert "halved" in text(client.get(f"/ru/groups/{group}")), "removed: the answer as published"
    official.submit(form, {"language": "ru", "body": RUSSIAN})
    with app.test_request_context():
        answers.publish(db.session.get(Cluster, group), "Fees will be halved from August.", answered["official"])
        db.session.commit()
    assert "August" in text(client.get(f"/ru/groups/{group}")), "an amended answer is not hidden by an old translation"


def test_a_group_without_an_answer_has_nothing_to_translate(app, answered):
    official = _signed_in(app, answered["official"])
    with app.test_request_context():
        empty = Cluster(scope=db.session.get(Cluster, answered["group"]).scope, model="test", size=0)
        db.session.add(empty)
        db.session.commit()
        empty_id = empty.id
    assert official.get(f"/en/review/clusters/{empty_id}/answer/translations").status_code == 404

"""Reports of comments: a reason, a weight, a pending hiding a moderator resolves by a deadline, the author told."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import reports
from app.consultations.models import Comment, CommentReport, ReportReason
from app.core.db import utcnow
from app.extensions import db
from app.inbox.models import InboxMessage
from app.mail.models import OutgoingEmail
from app.submissions.models import Moderation
from tests.conftest import PASSWORD
from tests.helpers import text
from workers.consultations import release_overdue_reports

BODY = "Support this article."


def _mail(to: str) -> list[OutgoingEmail]:
    return list(db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.recipient == to)))


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


@pytest.fixture
def veteran(make_user):
    """Factory: an account a month old, whose reports weigh fully."""
    return lambda **fields: make_user(created_at=utcnow() - timedelta(days=30), **fields)


@pytest.fixture
def reported(app, make_consultation, veteran):
    """A comment that three established accounts reported through its page; the page and the consultation."""
    consultation, article, comment = make_consultation()
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    for reason in ("insult", "insult", "personal-data"):
        reporter = _signed_in(app, veteran())
        answer = reporter.submit(f"/en/consultations/comments/{comment.id}/report", {"reason": reason}, form_url=page)
        assert answer.status_code == 302
    db.session.expire_all()
    return db.session.get(Comment, comment.id), page, consultation


def test_a_report_needs_a_reason_from_the_list(app, make_consultation, veteran):
    consultation, article, comment = make_consultation()
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    assert 'name="reason" value="personal-data"' in text(_signed_in(app, veteran()).get(page))
    reporter = _signed_in(app, veteran())
    url = f"/en/consultations/comments/{comment.id}/report"
    for refused in ({}, {"reason": "dislike"}):
        answer = reporter.submit(url, refused, form_url=page)
        assert answer.status_code == 400 and 'id="reason-error">Not a valid choice.' in text(answer)
        assert '<details class="report-comment" open>' in text(answer)
    assert db.session.scalar(select(CommentReport.id)) is None
    reporter.submit(url, {"reason": "spam"}, form_url=page)
    saved = db.session.scalar(select(CommentReport))
    assert (saved.reason, saved.weight) == (ReportReason.SPAM, 1.0)


def test_reports_hide_a_comment_pending_a_moderator_with_a_deadline(app, client, reported):
    comment, page, _consultation = reported
    assert comment.submission.moderation == Moderation.PENDING
    assert comment.held_until - utcnow() == pytest.approx(timedelta(days=3), abs=timedelta(minutes=1))
    assert BODY not in text(client.get(page))


def test_reports_of_new_and_busy_accounts_weigh_half(app, make_consultation, make_user, veteran):
    consultation, _article, comment = make_consultation()
    for _ in range(5):  # five new accounts weigh two and a half: not enough to hide
        reports.report(comment, make_user(), ReportReason.SPAM)
    db.session.commit()
    assert comment.submission.moderation == Moderation.PUBLISHED
    busy = veteran()
    for _ in range(app.config["OVOZ_REPORTS_PER_DAY"]):
        _consultation, _article, other = make_consultation(agency=consultation.agency)
        reports.report(other, busy, ReportReason.SPAM)
    reports.report(comment, busy, ReportReason.SPAM)
    db.session.commit()
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert comment.report_weight == 3.0 and comment.reports == 6
    weights = sorted(
        r.weight for r in db.session.scalars(select(CommentReport).where(CommentReport.comment_id == comment.id))
    )
    assert weights == [0.5] * 6
    assert comment.submission.moderation == Moderation.PENDING, "six light reports weigh three"


def test_the_queue_is_in_the_navigation_and_shows_the_comment_in_context(app, reported, make_user):
    comment, _page, consultation = reported
    for role in (Role.MODERATOR, Role.OFFICIAL):
        browser = _signed_in(app, make_user(role=role, agency=consultation.agency))
        assert 'href="/en/consultations/moderation"' in text(browser.get("/en/"))
        queue = text(browser.get("/en/consultations/moderation"))
        assert BODY in queue and consultation.title in queue
        assert f"/provisions/{comment.provision_id}?comment={comment.id}#comment-{comment.id}" in queue
        assert "Insult or threat: 2" in queue and "Personal data: 1" in queue
        assert "Hidden until" in queue
    citizen = _signed_in(app, make_user())
    assert "/en/consultations/moderation" not in text(citizen.get("/en/"))


def test_staff_of_another_agency_neither_see_nor_resolve(app, reported, make_user, make_agency):
    comment, _page, _consultation = reported
    stranger = _signed_in(app, make_user(role=Role.MODERATOR, agency=make_agency()))
    queue = "/en/consultations/moderation"
    assert BODY not in text(stranger.get(queue))
    url = f"/en/consultations/comments/{comment.id}/reports/resolve"
    assert stranger.submit(url, {"decision": "remove"}, form_url=queue).status_code == 403
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).report_weight == 3.0


def test_keeping_shows_the_comment_again_and_tells_its_author(app, client, reported, make_user, veteran):
    comment, page, consultation = reported
    author = comment.author
    author.locale = "ru"
    db.session.commit()
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=consultation.agency))
    queue = "/en/consultations/moderation"
    url = f"/en/consultations/comments/{comment.id}/reports/resolve"
    assert moderator.submit(url, {"decision": "keep"}, form_url=queue).status_code == 302
    assert BODY in text(client.get(page))
    assert BODY not in text(moderator.get(queue))
    again = moderator.submit(url, {"decision": "remove"}, form_url=queue, follow_redirects=True)
    assert "Another moderator has already decided on this comment." in text(again)
    notice = db.session.scalar(select(InboxMessage).where(InboxMessage.user_id == author.id))
    assert notice.subject == f"Ваш комментарий к «{consultation.title}» остаётся опубликованным"
    assert notice.link.startswith("/ru/consultations/") and notice.link.endswith(f"#comment-{comment.id}")
    (mail,) = _mail(author.email)
    assert mail.subject == notice.subject and BODY in mail.body
    with app.test_request_context():  # kept: new reports queue it, never hide it again
        for _ in range(4):
            reports.report(db.session.get(Comment, comment.id), veteran(), ReportReason.SPAM)
        db.session.commit()
    assert BODY in text(client.get(page)) and BODY in text(moderator.get(queue))


def test_removing_rejects_the_comment_and_tells_the_author_the_reasons(app, client, reported, make_user):
    comment, page, consultation = reported
    author = comment.author
    author.locale = "tg"
    db.session.commit()
    official = _signed_in(app, make_user(role=Role.OFFICIAL, agency=consultation.agency))
    queue = "/en/consultations/moderation"
    official.submit(f"/en/consultations/comments/{comment.id}/reports/resolve", {"decision": "remove"}, form_url=queue)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).submission.moderation == Moderation.REJECTED
    assert BODY not in text(client.get(page))
    notice = db.session.scalar(select(InboxMessage).where(InboxMessage.user_id == author.id))
    assert notice.subject == f"Шарҳи шумо ба «{consultation.title}» хориҷ карда шуд"
    assert "Таҳқир ё таҳдид, Маълумоти шахсӣ" in notice.body
    assert _mail(author.email)[0].subject == notice.subject


def test_past_the_deadline_a_hidden_comment_is_shown_again_and_stays_queued(app, client, reported, make_user):
    comment, page, consultation = reported
    comment.held_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert release_overdue_reports() == 1
    assert release_overdue_reports() == 0, "idempotent"
    assert BODY in text(client.get(page))
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=consultation.agency))
    queue = text(moderator.get("/en/consultations/moderation"))
    assert "Overdue: shown again" in queue and BODY in queue


def test_the_two_queues_say_what_is_not_waiting_in_russian(app, make_user, make_agency):
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=make_agency()))
    comments_queue = text(moderator.get("/ru/consultations/moderation"))
    petitions_queue = text(moderator.get("/ru/petitions/moderation"))
    assert "Петиций" not in comments_queue and "Комментариев, ожидающих" in comments_queue
    assert "Петиций, ожидающих" in petitions_queue

"""E-mail digests: one message per person and period with everything since their last, in their language, once."""

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.queue import get_queue
from app.extensions import db
from app.following import services
from app.following.models import Delivery, DigestItem, Kind
from app.inbox.models import InboxMessage
from app.petitions import services as petitions
from app.petitions import thresholds
from tests.conftest import PASSWORD
from tests.following.test_following import new_version
from tests.helpers import sent_emails, text
from workers.following import send_digests


@pytest.fixture
def readers(app, make_user, make_consultation, make_petition):
    """People who follow a consultation and a petition: a daily reader (Russian), a weekly one, an inbox-only one."""
    consultation, _article, _comment = make_consultation()
    petition = make_petition()
    people = {"daily": make_user(locale="ru"), "weekly": make_user(), "inbox": make_user()}
    for period, person in people.items():
        services.set_delivery(person, Delivery(period))
        services.follow(person, Kind.CONSULTATION, consultation.id)
        services.follow(person, Kind.PETITION, petition.id)
    db.session.commit()
    return people | {"consultation": consultation, "petition": petition}


def news_happens(app, readers, run_jobs) -> None:
    """Three pieces of news: a new version, the petition's threshold, the petition closes."""
    new_version(app, readers["consultation"])
    petition = readers["petition"]
    petition.signature_count = app.config["OVOZ_PETITION_RESPONSE_THRESHOLD"]
    db.session.commit()
    thresholds.check_thresholds(petition)
    petition.closes_at = utcnow()
    db.session.commit()
    petitions.close_expired()
    db.session.commit()
    run_jobs()


def digest_run(period: str, run_jobs) -> None:
    get_queue().enqueue(send_digests, period)
    run_jobs()


def inbox_count(user) -> int:
    return db.session.scalar(select(func.count()).where(InboxMessage.user_id == user.id))


def test_daily_readers_get_one_email_with_everything_and_only_once(app, readers, run_jobs):
    news_happens(app, readers, run_jobs)
    assert [inbox_count(readers[p]) for p in ("daily", "weekly", "inbox")] == [3, 3, 3], "everyone's inbox has it"

    digest_run("daily", run_jobs)
    daily = readers["daily"]
    (email,) = sent_emails(to=daily.email)
    with app.test_request_context(), force_locale("ru"):
        subject = ngettext("%(num)s update on what you follow", "%(num)s updates on what you follow", 3)
    assert email.subject == subject
    assert email.body.count("\n- ") == 3
    assert "Новая редакция проекта" in email.body and readers["consultation"].title in email.body
    assert f"/ru/petitions/{readers['petition'].id}" in email.body and "/ru/following" in email.body
    assert sent_emails(to=readers["weekly"].email) == [] and sent_emails(to=readers["inbox"].email) == []

    digest_run("daily", run_jobs)
    assert len(sent_emails(to=daily.email)) == 1, "nothing new: nothing sent"

    new_version(app, readers["consultation"])
    run_jobs()
    digest_run("daily", run_jobs)
    first, second = sent_emails(to=daily.email)
    assert second.body.count("\n- ") == 1, "only what happened since the last digest"


def test_weekly_readers_get_theirs_in_the_weekly_run(app, readers, run_jobs):
    news_happens(app, readers, run_jobs)
    digest_run("daily", run_jobs)
    assert sent_emails(to=readers["weekly"].email) == []
    digest_run("weekly", run_jobs)
    (email,) = sent_emails(to=readers["weekly"].email)
    assert email.subject == "3 updates on what you follow" and email.body.count("\n- ") == 3
    assert len(sent_emails()) == 2, "the daily reader got nothing more, the inbox reader nothing at all"


def test_choosing_the_inbox_only_drops_what_waited_for_a_digest(app, readers, run_jobs):
    news_happens(app, readers, run_jobs)
    browser = app.test_client()
    browser.login(readers["weekly"].email, PASSWORD)
    page = text(browser.get("/en/following"))
    assert '<option selected value="weekly">' in page and readers["petition"].title in page
    assert browser.submit("/en/following", {"delivery": "inbox"}).status_code == 302
    assert services.delivery_of(readers["weekly"]) == Delivery.INBOX
    assert db.session.scalar(select(func.count()).where(DigestItem.user_id == readers["weekly"].id)) == 0
    digest_run("weekly", run_jobs)
    assert sent_emails(to=readers["weekly"].email) == []

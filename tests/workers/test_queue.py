"""Jobs are enqueued after commit, survive a Redis outage, and run idempotently on a real worker."""

import email as email_parser
import email.policy as email_policy
from datetime import timedelta
from pathlib import Path

from rq import Queue
from sqlalchemy import select

from app import create_app
from app.core.queue import HIGH_QUEUE, QUEUES, get_redis
from app.extensions import db
from app.mail.models import OutgoingEmail
from app.mail.services import deliver, send_email, undelivered_ids
from tests.helpers import WebClient, sent_emails


def queued() -> int:
    return sum(Queue(name, connection=get_redis()).count for name in QUEUES)


def test_nothing_is_enqueued_before_commit_or_after_rollback(app):
    with app.test_request_context():
        send_email("a@example.org", "Subject", "confirm", user={"display_name": "A"}, link="http://x/")
        assert queued() == 0
        db.session.rollback()
        assert queued() == 0
        send_email("b@example.org", "Subject", "confirm", user={"display_name": "B"}, link="http://x/")
        db.session.commit()
    assert queued() == 1
    assert Queue(HIGH_QUEUE, connection=get_redis()).jobs[0].func_name == "workers.mail.deliver_email"


def test_a_registration_during_a_redis_outage_is_kept_and_mailed_later(app, settings, run_jobs):
    broken = create_app(dict(settings, REDIS_URL="redis://127.0.0.1:9/0"))  # nothing listens there
    broken.test_client_class = WebClient
    client = broken.test_client()
    response = client.submit(
        "/en/account/register",
        {
            "display_name": "Outage",
            "email": "outage@example.org",
            "password": "long enough secret",
            "password_again": "long enough secret",
            "region_code": "",
            "locale": "en",
            "accept_terms": "y",
        },
    )
    assert response.status_code == 302  # saved, and the rate limiter failed open
    email = db.session.scalar(select(OutgoingEmail).where(OutgoingEmail.recipient == "outage@example.org"))
    assert email is not None and email.sent_at is None and queued() == 0

    from workers.sweeper import sweep

    assert sweep() == 0  # too fresh: its own job may still be on its way
    email.created_at -= timedelta(minutes=5)
    db.session.commit()
    assert sweep() == 1
    assert run_jobs() == 1
    assert [e.recipient for e in sent_emails()] == ["outage@example.org"]


def test_delivery_is_idempotent(app):
    with app.test_request_context():
        email = send_email("c@example.org", "Hello", "confirm", user={"display_name": "C"}, link="http://x/")
        db.session.commit()
        assert deliver(email.id) is True
        db.session.commit()
        assert deliver(email.id) is False
    outbox = list(Path(app.config["OVOZ_MAIL_OUTBOX"]).glob(f"{email.id:08d}.eml"))
    assert len(outbox) == 1 and "c@example.org" in outbox[0].read_text()


def test_a_message_with_an_html_part_is_delivered_as_text_and_html(app):
    with app.test_request_context():
        email = send_email("h@example.org", "Hello", "confirm", user={"display_name": "H"}, link="http://x/")
        email.html_body = "<p>Hello <strong>H</strong></p>"
        db.session.commit()
        assert deliver(email.id) is True
    (path,) = Path(app.config["OVOZ_MAIL_OUTBOX"]).glob(f"{email.id:08d}.eml")
    message = email_parser.message_from_bytes(path.read_bytes(), policy=email_policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert "<strong>H</strong>" in message.get_body(preferencelist=("html",)).get_content()
    assert "http://x/" in message.get_body(preferencelist=("plain",)).get_content()


def test_failed_delivery_is_retried_by_the_sweeper(app, monkeypatch):
    from app.mail import backends

    def refuse(config, message, name):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setitem(backends.BACKENDS, "outbox", refuse)
    with app.test_request_context():
        email = send_email("d@example.org", "Hello", "confirm", user={"display_name": "D"}, link="http://x/")
        db.session.commit()
        assert deliver(email.id) is False
        db.session.commit()
        email_id = email.id
    email = db.session.get(OutgoingEmail, email_id)
    assert email.sent_at is None and email.attempts == 1 and "smtp down" in email.last_error
    email.created_at -= timedelta(minutes=5)
    db.session.commit()
    assert undelivered_ids() == [email_id]


def test_periodic_jobs_are_declared(app):
    from rq.cron import CronScheduler

    from workers.schedule import register_periodic_jobs

    scheduler = CronScheduler(connection=get_redis())
    register_periodic_jobs(scheduler)
    assert [job.func.__name__ for job in scheduler.get_jobs()] == [
        "sweep",
        "refine_due_scopes",
        "close_expired_petitions",
        "advance_consultations",
        "release_overdue_reports",
        "regenerate_open_data",
        "send_digests",
        "send_digests",
    ]
    digests = [job for job in scheduler.get_jobs() if job.func.__name__ == "send_digests"]
    assert [(job.args, job.cron) for job in digests] == [(("daily",), "0 7 * * *"), (("weekly",), "0 7 * * 1")]

"""Queue e-mail with a database change; deliver it from a worker, at most once per message."""

from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import select

from app.core.db import utcnow
from app.core.queue import HIGH_QUEUE, enqueue_after_commit
from app.extensions import db
from app.mail.backends import BACKENDS, build_message
from app.mail.models import OutgoingEmail

MAX_ATTEMPTS = 8
#: Mails whose text is Markdown an official wrote: they have an HTML part too (app/templates/mail/<name>.html).
HTML_TEMPLATES = frozenset({"cluster_answer", "petition_response"})


def send_email(recipient: str, subject: str, template: str, **context) -> OutgoingEmail:
    """Add a message to the session; it is delivered once the caller's transaction commits.

    The body is rendered now, in the locale that is active, from `app/templates/mail/<template>.txt`, and its HTML
    part from `<template>.html` where there is one.
    """
    email = queue_email(recipient, subject, template, **context)
    enqueue_after_commit(db.session, "workers.mail.deliver_email", email.id, queue=HIGH_QUEUE)
    return email


def queue_email(recipient: str, subject: str, template: str, **context) -> OutgoingEmail:
    """Like send_email, for mass mailings: the caller enqueues one `deliver_emails` job per batch."""
    body = render_template(f"mail/{template}.txt", **context)
    html = render_template(f"mail/{template}.html", **context) if template in HTML_TEMPLATES else None
    email = OutgoingEmail(recipient=recipient, subject=subject, body=body, html_body=html)
    db.session.add(email)
    db.session.flush()
    return email


def deliver(email_id: int) -> bool:
    """Hand one message to the configured backend; a message already sent is not sent again."""
    email = db.session.get(OutgoingEmail, email_id, with_for_update=True)
    if email is None or email.sent_at is not None:
        return False
    config = current_app.config
    message = build_message(
        config["OVOZ_MAIL_FROM"], email.recipient, email.subject, email.body, f"<ovoz-{email.id}@ovoz>", email.html_body
    )
    email.attempts += 1
    try:
        BACKENDS[config["OVOZ_MAIL_BACKEND"]](config, message, f"{email.id:08d}")
    except OSError as error:
        email.last_error = str(error)
        return False
    email.sent_at = utcnow()
    return True


def undelivered_ids(older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """Messages a worker should have delivered by now (Redis was down, or delivery failed)."""
    query = select(OutgoingEmail.id).where(
        OutgoingEmail.sent_at.is_(None),
        OutgoingEmail.attempts < MAX_ATTEMPTS,
        OutgoingEmail.created_at < utcnow() - older_than,
    )
    return list(db.session.scalars(query))

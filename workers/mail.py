"""Delivering e-mail."""

from app.extensions import db
from app.mail import services
from workers.context import job


@job
def deliver_email(email_id: int) -> bool:
    """Deliver one queued message (idempotent: a sent message is skipped)."""
    return services.deliver(email_id)


@job
def deliver_emails(email_ids: list[int]) -> int:
    """Deliver a batch of queued messages, committing each (a sent message is skipped); returns how many were sent."""
    sent = 0
    for email_id in email_ids:
        sent += services.deliver(email_id)
        db.session.commit()
    return sent

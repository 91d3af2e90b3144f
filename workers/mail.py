"""Delivering e-mail."""

from app.mail import services
from workers.context import job


@job
def deliver_email(email_id: int) -> bool:
    """Deliver one queued message (idempotent: a sent message is skipped)."""
    return services.deliver(email_id)

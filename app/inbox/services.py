"""Putting messages into inboxes and reading them; the caller commits."""

from sqlalchemy import func, select, update

from app.core.db import utcnow
from app.extensions import db
from app.inbox.models import InboxMessage

PER_PAGE = 20


def deliver(user_id: int, subject: str, body: str = "", link: str | None = None) -> InboxMessage:
    """Add a message to a person's inbox."""
    message = InboxMessage(user_id=user_id, subject=subject[:300], body=body, link=link)
    db.session.add(message)
    return message


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.user_id == user_id, InboxMessage.read_at.is_(None))
    )


def messages_of(user_id: int, page: int):
    """A page of a person's messages, newest first."""
    query = select(InboxMessage).where(InboxMessage.user_id == user_id).order_by(InboxMessage.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def mark_read(user_id: int, ids: list[int]) -> None:
    """Mark these messages of this person as read."""
    db.session.execute(
        update(InboxMessage)
        .where(InboxMessage.user_id == user_id, InboxMessage.id.in_(ids), InboxMessage.read_at.is_(None))
        .values(read_at=utcnow())
    )


def personal_data(sender, user, **extra) -> tuple[str, list[dict]]:
    """What this feature holds about a person, for their data download (connected in create_app)."""
    messages = db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id))
    return "inbox", [
        {"subject": m.subject, "body": m.body, "link": m.link, "sent": m.created_at.isoformat()} for m in messages
    ]

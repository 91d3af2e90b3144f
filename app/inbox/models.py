from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class InboxMessage(db.Model):
    """A message to one person, written in their language when it was sent."""

    __tablename__ = "inbox_messages"
    __table_args__ = (Index("ix_inbox_messages_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")  # plain text
    link: Mapped[str | None] = mapped_column(String(500))  # a path on this site
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[object | None] = mapped_column(UTCDateTime)

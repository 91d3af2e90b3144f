from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class OutgoingEmail(db.Model):
    """One message to one address; `sent_at` stays empty until a worker has delivered it."""

    __tablename__ = "outgoing_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)  # the same, as HTML, for messages written in Markdown
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[object | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

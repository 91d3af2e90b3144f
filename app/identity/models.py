from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class LinkedIdentity(db.Model):
    """A verified national identity linked to an account. The personal number itself is never stored: only
    its keyed hash (HMAC-SHA256 with OVOZ_IDENTITY_HASH_KEY), unique in the deployment, so one person is one
    verified identity whichever provider vouched for them; and an account belongs to one person."""

    __tablename__ = "linked_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    provider: Mapped[str] = mapped_column(String(32))  # the adapter that vouched, e.g. "oidc"
    subject: Mapped[str] = mapped_column(String(255))  # the provider's own id of the person
    number_hash: Mapped[str] = mapped_column(String(64), unique=True)  # hex HMAC-SHA256 of the personal number
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[object | None] = mapped_column(UTCDateTime)

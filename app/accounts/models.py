import enum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Role(enum.StrEnum):
    """What a person may do. Admins may do everything."""

    CITIZEN = "citizen"
    MODERATOR = "moderator"
    OFFICIAL = "official"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored normalised (lower case)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    region_code: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    role: Mapped[Role] = mapped_column(
        str_enum(Role),
        default=Role.CITIZEN,
        index=True,
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    email_confirmed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[object | None] = mapped_column(UTCDateTime)
    disabled_at: Mapped[object | None] = mapped_column(UTCDateTime)

    agency = relationship("Agency")  # loaded when asked: the user is loaded on every request

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role == Role.ADMIN or self.role in roles

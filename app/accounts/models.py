import enum

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Role(enum.StrEnum):
    """What a person may do. Admins may do everything."""

    CITIZEN = "citizen"
    MODERATOR = "moderator"
    OFFICIAL = "official"
    ADMIN = "admin"


#: How a password hash starts that no password matches: an account made with a national e-ID has none until its
#: owner sets one with the e-mailed reset link (app/identity/services.py).
NO_PASSWORD = "!"  # noqa: S105 - a mark, not a password


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
    #: Two-step sign-in (app/accounts/two_factor.py): the TOTP secret, encrypted, set once a code confirmed it.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[object | None] = mapped_column(UTCDateTime)
    #: The last time step whose code signed in, so that a code seen over a shoulder cannot be used again.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    agency = relationship("Agency")  # loaded when asked: the user is loaded on every request

    #: The token of the signed-in device this object was loaded for (app/accounts/sessions.py); not stored.
    session_token = None

    def get_id(self) -> str:
        """What the session and remember-me cookies name: the account and the device's token (Flask-Login)."""
        return f"{self.id}-{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def has_password(self) -> bool:
        return not self.password_hash.startswith(NO_PASSWORD)

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_staff(self) -> bool:
        """Officials, moderators and admins: they must sign in with a second factor."""
        return self.role != Role.CITIZEN

    def has_role(self, *roles: Role) -> bool:
        return self.role == Role.ADMIN or self.role in roles


class UserSession(db.Model):
    """A device signed in to an account. Its cookies carry a token whose digest is stored here;
    deleting the row signs the device out, even where an old cookie is replayed."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class RecoveryCode(db.Model):
    """A one-time code that signs in instead of the authenticator app. Only a salted digest is kept;
    the codes are shown once, when two-step sign-in is set up or new ones replace them."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(128))  # "<salt hex>$<HMAC-SHA256 hex>"
    used_at: Mapped[object | None] = mapped_column(UTCDateTime)

import enum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class State(enum.StrEnum):
    """Where a petition is in its life; the milestones after opening are dates on the petition."""

    DRAFT = "draft"  # written, seen only by its author
    SPONSORING = "sponsoring"  # the author gathers the first signatures through a link
    MODERATION = "moderation"  # waiting for a moderator
    OPEN = "open"  # public, gathering signatures until its deadline
    CLOSED = "closed"  # past its deadline
    REJECTED = "rejected"  # refused by a moderator, with a reason
    HIDDEN = "hidden"  # taken down by a moderator after publication, with a reason


PUBLISHED_STATES = (State.OPEN, State.CLOSED)


class Rejection(enum.StrEnum):
    DUPLICATE = "duplicate"
    REMIT = "remit"  # outside the government's remit
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal-data"
    NOT_A_REQUEST = "not-a-request"
    OTHER = "other"


class Petition(db.Model):
    __tablename__ = "petitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    request: Mapped[str] = mapped_column(Text)
    background: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(32), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    region_code: Mapped[str | None] = mapped_column(String(32), index=True)  # None: the whole country
    language: Mapped[str] = mapped_column(String(8), default="other", index=True)
    state: Mapped[State] = mapped_column(str_enum(State), default=State.DRAFT, index=True)
    sponsor_token: Mapped[str] = mapped_column(String(64), unique=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"), index=True)
    # Confirmed signatures. Deliberately not indexed: it changes with every signature, and an index on
    # it would make each of those updates rewrite every index of the row (no PostgreSQL HOT update).
    signature_count: Mapped[int] = mapped_column(Integer, default=0)
    rejection: Mapped[Rejection | None] = mapped_column(str_enum(Rejection))
    moderation_note: Mapped[str] = mapped_column(Text, default="")  # the reason, for rejection or hiding
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("petitions.id", ondelete="SET NULL"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)
    submitted_at: Mapped[object | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[object | None] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[object | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    response_due_at: Mapped[object | None] = mapped_column(UTCDateTime)  # response threshold reached
    responded_at: Mapped[object | None] = mapped_column(UTCDateTime, index=True)
    consideration_due_at: Mapped[object | None] = mapped_column(UTCDateTime)  # consideration threshold reached
    considered_at: Mapped[object | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(Text, default="")  # Markdown: what consideration decided

    author = relationship("User", foreign_keys=[author_id])
    agency = relationship("Agency")
    duplicate_of = relationship("Petition", remote_side=[id])
    response = relationship("PetitionResponse", uselist=False, back_populates="petition")

    @property
    def is_published(self) -> bool:
        return self.state in PUBLISHED_STATES

    @property
    def withheld(self) -> bool:
        """Rejected because it holds personal data: its text is shown to no one but its author and moderators."""
        return self.state == State.REJECTED and self.rejection == Rejection.PERSONAL_DATA


class SignatureState(enum.StrEnum):
    PENDING = "pending"  # waiting for the e-mailed link
    CONFIRMED = "confirmed"
    INVALID = "invalid"  # struck out by a moderator


class Signature(db.Model):
    """One person's support for one petition; the e-mail address makes a person (one signature each)."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("petition_id", "email", name="uq_signatures_petition_email"),
        # One verified person, one signature, whichever account signs (NULLs, signatures without an e-ID, differ).
        UniqueConstraint("petition_id", "identity_hash", name="uq_signatures_petition_identity_hash"),
        # Both cover what the tracker and the API count per petition (by state and region, by day), so a
        # million signatures are counted from the index alone; wider, not more: signing maintains two.
        Index("ix_signatures_petition_state", "petition_id", "state", "region_code", "confirmed_at"),
        Index("ix_signatures_petition_confirmed", "petition_id", "confirmed_at", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # normalised; never shown in public
    name: Mapped[str] = mapped_column(String(80))  # never shown in public
    region_code: Mapped[str | None] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8), default="en")  # for the messages the signer receives
    state: Mapped[SignatureState] = mapped_column(str_enum(SignatureState), default=SignatureState.PENDING)
    sponsor: Mapped[bool] = mapped_column(Boolean, default=False)  # signed before moderation
    ip_address: Mapped[str | None] = mapped_column(String(45))  # for abuse control only
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    #: The keyed hash of the signer's national personal number (app/identity/), when their account has a verified
    #: e-ID: the signature is then identity-verified. Kept when the account is deleted, so the person cannot sign
    #: twice; it names no one without the deployment's key and the number.
    identity_hash: Mapped[str | None] = mapped_column(String(64))


class PetitionEvent(db.Model):
    """One step in a petition's public timeline."""

    __tablename__ = "petition_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # see TIMELINE in petitions/text.py
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class PetitionResponse(db.Model):
    """The responsible agency's answer to a petition."""

    __tablename__ = "petition_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)  # Markdown, rendered through the sanitizer
    published_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    notified_up_to: Mapped[int] = mapped_column(Integer, default=0)  # last signature id told; -1: the author (notify)
    notified_at: Mapped[object | None] = mapped_column(UTCDateTime)

    petition = relationship("Petition", back_populates="response")
    agency = relationship("Agency")

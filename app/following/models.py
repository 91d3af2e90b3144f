"""Who follows what (a person or an organisation), how each person is told, and what is still to tell."""

import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Kind(enum.StrEnum):
    """What can be followed."""

    CONSULTATION = "consultation"
    PETITION = "petition"
    AGENCY = "agency"


class Delivery(enum.StrEnum):
    """How a person is told: always in the inbox, and, if they choose, by a daily or weekly e-mail digest."""

    INBOX = "inbox"
    DAILY = "daily"
    WEEKLY = "weekly"


class MemberRole(enum.StrEnum):
    OWNER = "owner"  # changes the organisation: its details, its members, what it follows
    MEMBER = "member"  # is told about what the organisation follows


class Organisation(db.Model):
    """A civil-society group or newsroom whose members follow things together."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")  # plain text
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    members = relationship(
        "OrganisationMember", back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )


class OrganisationMember(db.Model):
    __tablename__ = "organisation_members"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole), default=MemberRole.MEMBER)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation", back_populates="members")
    user = relationship("User")


class Follow(db.Model):
    """A person or an organisation (exactly one of them) following a consultation, a petition or an agency."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "target_id"),
        UniqueConstraint("organisation_id", "kind", "target_id"),
        CheckConstraint("(user_id IS NULL) <> (organisation_id IS NULL)", name="one_follower"),
        Index("ix_follows_target", "kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column(str_enum(Kind))
    target_id: Mapped[int] = mapped_column(Integer)  # no foreign key: it points into one of three tables
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class FollowSettings(db.Model):
    """A person's choice of how they are told; no row means the inbox only."""

    __tablename__ = "follow_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(str_enum(Delivery), default=Delivery.INBOX, index=True)


class News(db.Model):
    """Something that happened to a consultation or a petition, for its followers (and its agency's).

    Telling them is a job that works through the followers by id, writing down the last one told,
    so that a worker that dies half-way resumes there; `told_at` is set when everyone was told.
    """

    __tablename__ = "follow_news"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column(str_enum(Kind))
    target_id: Mapped[int] = mapped_column(Integer)
    agency_id: Mapped[int | None] = mapped_column(Integer)  # its followers are told too
    what: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    told_up_to: Mapped[int] = mapped_column(Integer, default=0)  # the last user id told
    told_at: Mapped[object | None] = mapped_column(UTCDateTime, index=True)


class DigestItem(db.Model):
    """A piece of news waiting for a person's next e-mail digest; removed when the digest is written."""

    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("user_id", "news_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    news_id: Mapped[int] = mapped_column(ForeignKey("follow_news.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

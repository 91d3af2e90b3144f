"""What officials decide about a cluster: its review status, and the answer every member's author gets."""

import enum

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class ReviewStatus(enum.StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def decided(self) -> bool:
        """A decision was taken: the group is no longer waiting (nor overdue)."""
        return self not in (ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW)


class ClusterReview(db.Model):
    """The review of one cluster; a cluster without one is new, due by the default deadline."""

    __tablename__ = "cluster_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), unique=True)
    status: Mapped[ReviewStatus] = mapped_column(str_enum(ReviewStatus), default=ReviewStatus.NEW, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[object | None] = mapped_column(Date)  # set by an official; else the default deadline
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class ClusterAnswer(db.Model):
    """The official answer to a cluster (Markdown); its earlier wordings stay in `revisions`."""

    __tablename__ = "cluster_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The agency that answered. For a group of petitions, the one they are all addressed to: its answer reaches,
    # and shows under, only the petitions addressed to it (another's may join the group later).
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    published_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    amended_at: Mapped[object | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[object | None] = mapped_column(UTCDateTime)  # None: people are waiting to be told
    # the delivery job's mark: how many batches it told (who was told is in AnswerNotice)
    batches_told: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    revisions = relationship(
        "AnswerRevision", order_by="AnswerRevision.id.desc()", cascade="all, delete-orphan", lazy="selectin"
    )
    translations = relationship("AnswerTranslation", cascade="all, delete-orphan", lazy="selectin")


class AnswerRevision(db.Model):
    """A wording an answer had before it was amended."""

    __tablename__ = "answer_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("cluster_answers.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[object] = mapped_column(UTCDateTime)  # when this wording was published


class AnswerTranslation(db.Model):
    """The answer in another language, written by an official; pages show it to readers of that language."""

    __tablename__ = "answer_translations"
    __table_args__ = (UniqueConstraint("answer_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("cluster_answers.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)  # Markdown


class AnswerNotice(db.Model):
    """One person told of one answer: the delivery job skips them, so nobody is told twice."""

    __tablename__ = "answer_notices"
    __table_args__ = (UniqueConstraint("answer_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("cluster_answers.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

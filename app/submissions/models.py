import enum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db


class Moderation(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    REJECTED = "rejected"


class Processing(enum.StrEnum):
    """Where a submission is in the semantic pipeline; the sweeper re-enqueues what is not done."""

    PENDING = "pending"  # saved, waiting for a worker
    DONE = "done"  # embedded and in a cluster
    FAILED = "failed"  # gave up after retries (the text is kept; an operator can retry)
    ASIDE = "aside"  # never grouped: staff's own words, such as an official's reply in a discussion


class Submission(db.Model):
    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_scope_processing", "scope", "processing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # comment, petition, answer, proposal
    scope: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "petitions", "consultation:7"
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="other")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    moderation: Mapped[Moderation] = mapped_column(str_enum(Moderation), default=Moderation.PUBLISHED)
    processing: Mapped[Processing] = mapped_column(str_enum(Processing), default=Processing.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # placed by an official: never moved
    # Where in its scope it was written (a draft's article, "provision:<lineage>"); never grouped with another's.
    section: Mapped[str | None] = mapped_column(String(40))
    # How firmly it belongs to its cluster (app/semantic/clustering.py:firmness); None when it is alone. A weak
    # member is told the cluster's answer only once an official confirms it (pins it).
    firmness: Mapped[float | None] = mapped_column(Float)
    confirmed_at: Mapped[object | None] = mapped_column(UTCDateTime)  # an official said it belongs where it is
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)
    processed_at: Mapped[object | None] = mapped_column(UTCDateTime)

    cluster = relationship("Cluster", foreign_keys=[cluster_id])


class TextEmbedding(db.Model):
    """The vector of one text by one model; identical texts share it (a form letter costs one)."""

    __tablename__ = "text_embeddings"
    __table_args__ = (UniqueConstraint("content_hash", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(160), index=True)  # name and version of the model
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, L2-normalised
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class Cluster(db.Model):
    """A group of submissions of one scope that say the same thing."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), index=True)
    model: Mapped[str] = mapped_column(String(160))
    size: Mapped[int] = mapped_column(Integer, default=0)
    languages: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: count}
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    representative_id: Mapped[int | None] = mapped_column(Integer)  # the most central submission
    # {lang: submission id}: the most central member in each language, so officials read a title in theirs
    representatives: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    labelled_size: Mapped[int] = mapped_column(Integer, default=0)  # size when keywords were last computed
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # shaped by an official: never split
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ClusterRedirect(db.Model):
    """A cluster merged away (by refinement or by an official), and the one that took in its members:
    its public address keeps working."""

    __tablename__ = "cluster_redirects"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # the id the cluster had
    to_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class ClusterSeparation(db.Model):
    """Two clusters an official split apart: automation never merges them again."""

    __tablename__ = "cluster_separations"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))


class Campaign(db.Model):
    """Near-identical submissions (one template, small edits) inside a cluster."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    template_id: Mapped[int | None] = mapped_column(Integer)  # the first submission of the campaign


class ScopeState(db.Model):
    """Bookkeeping per scope: a generation that changes when clusters are reshaped, and the last refinement."""

    __tablename__ = "scope_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), unique=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    refined_at: Mapped[object | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[object | None] = mapped_column(UTCDateTime)

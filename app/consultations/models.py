import enum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.submissions.scopes import consultation_scope, question_scope


class Phase(enum.StrEnum):
    ANNOUNCED = "announced"  # published, comments not open yet
    OPEN = "open"  # open for comments
    CLOSED = "closed"  # comments closed, the report is being written
    REPORTED = "reported"  # the report is published


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    region_code: Mapped[str | None] = mapped_column(String(32), index=True)  # None: the whole country
    opens_at: Mapped[object] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[object] = mapped_column(UTCDateTime, index=True)
    phase: Mapped[Phase] = mapped_column(str_enum(Phase), default=Phase.ANNOUNCED, index=True)
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False)  # comments wait for a moderator
    report: Mapped[str] = mapped_column(Text, default="")  # the official's summary, Markdown
    report_published_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    agency = relationship("Agency")
    versions = relationship("DraftVersion", order_by="DraftVersion.number", back_populates="consultation")
    texts = relationship("ConsultationText", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")

    @property
    def scope(self) -> str:
        """The semantic scope of its comments: they are grouped per draft."""
        return consultation_scope(self.id)


class ConsultationText(db.Model):
    """A consultation's title and summary in another language, written by an official (empty: the original's)."""

    __tablename__ = "consultation_texts"
    __table_args__ = (UniqueConstraint("consultation_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")


class ConsultationEvent(db.Model):
    """A step in a consultation's public timeline (phases, versions, the report)."""

    __tablename__ = "consultation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class DraftVersion(db.Model):
    """One version of the draft text; unpublished while the official checks the preview."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")  # what changed and why, Markdown
    source_name: Mapped[str] = mapped_column(String(200), default="")
    # The language of the original text (a locale code; "" when unknown): translations are of this text.
    language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[object | None] = mapped_column(UTCDateTime)

    consultation = relationship("Consultation", back_populates="versions")
    provisions = relationship("Provision", order_by="Provision.position", cascade="all, delete-orphan")
    translations = relationship(
        "DraftTranslation", order_by="DraftTranslation.language", cascade="all, delete-orphan", passive_deletes=True
    )


class Provision(db.Model):
    """An article, part or item of one version, with its place in the structure and its lineage."""

    __tablename__ = "provisions"
    __table_args__ = (Index("ix_provisions_version_position", "version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300))  # anchor path, e.g. "chapter-1/article-5/part-2"
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(32), default="")
    heading: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("provisions.id", ondelete="CASCADE"))
    # The same provision across versions shares a lineage (the id of its first appearance).
    lineage_id: Mapped[int | None] = mapped_column(Integer, index=True)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("provisions.id", ondelete="SET NULL"))
    change: Mapped[str] = mapped_column(String(16), default="new")  # vs the previous version

    @property
    def anchor(self) -> str:
        return self.key.replace("/", "--")


class DraftTranslation(db.Model):
    """A version's text in another language, imported by an official: one ProvisionText per provision."""

    __tablename__ = "draft_translations"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_versions.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

    texts = relationship("ProvisionText", cascade="all, delete-orphan", passive_deletes=True)


class ProvisionText(db.Model):
    """One provision's heading and text in a translation's language (the provision itself stays one)."""

    __tablename__ = "provision_texts"
    __table_args__ = (UniqueConstraint("translation_id", "provision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("draft_translations.id", ondelete="CASCADE"))
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id", ondelete="CASCADE"), index=True)
    heading: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class Question(db.Model):
    """A free-text question of a consultation's questionnaire; answers are comments (submissions)."""

    __tablename__ = "consultation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    @property
    def scope(self) -> str:
        """Answers to one question are grouped together, apart from comments on the draft."""
        return question_scope(self.consultation_id, self.id)


class Document(db.Model):
    """A file an official attached to a consultation (PDF or DOCX), stored by Ovoz."""

    __tablename__ = "consultation_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # as shown and downloaded
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # random, never from the user
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)


class Comment(db.Model):
    """A citizen's comment on a provision, on the draft as a whole, or an answer to a question.

    The text, its language and its moderation live in the Submission, like everything citizens write.
    """

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("draft_versions.id", ondelete="SET NULL"), index=True)
    provision_id: Mapped[int | None] = mapped_column(ForeignKey("provisions.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE"), index=True
    )  # an answer to a question of the questionnaire
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="")  # the passage of the provision it is about
    amendment: Mapped[str | None] = mapped_column(Text)  # proposed replacement text of the provision
    agree: Mapped[int] = mapped_column(Integer, default=0)
    disagree: Mapped[int] = mapped_column(Integer, default=0)
    reports: Mapped[int] = mapped_column(Integer, default=0)  # every report ever made of it
    # Reports waiting for a moderator, weighed (app/consultations/reports.py): light ones from new or busy accounts.
    report_weight: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    # Hidden by reports until a moderator decides, at most until then: afterwards it is shown again, still queued.
    held_until: Mapped[object | None] = mapped_column(UTCDateTime, index=True)
    # A moderator kept it after reports: reports may queue it again, never hide it again.
    kept_at: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)

    submission = relationship("Submission", lazy="joined")
    author = relationship("User")
    provision = relationship("Provision")


class CommentVote(db.Model):
    """One person's agreement (+1) or disagreement (-1) with a comment; once."""

    __tablename__ = "comment_votes"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)


class ReportReason(enum.StrEnum):
    """Why a person reports a comment: one of a fixed list (labels in app/consultations/labels.py)."""

    INSULT = "insult"  # an insult or a threat
    SPAM = "spam"  # spam or advertising
    PERSONAL_DATA = "personal-data"
    OFF_TOPIC = "off-topic"
    OTHER = "other"


class CommentReport(db.Model):
    """A person's report of a comment to the moderators, with a reason; once."""

    __tablename__ = "comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReportReason] = mapped_column(
        str_enum(ReportReason), default=ReportReason.OTHER, server_default=ReportReason.OTHER.value
    )
    weight: Mapped[float] = mapped_column(Float, default=1.0, server_default="1")
    resolved_at: Mapped[object | None] = mapped_column(UTCDateTime)  # a moderator decided on the comment since
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)

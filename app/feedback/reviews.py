"""The status of each cluster, with a reason, and when a decision is due. The caller commits."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from app.audit import services as audit
from app.consultations.comments import member_counts
from app.core.db import utcnow
from app.extensions import db
from app.feedback import scopes
from app.feedback.models import ClusterAnswer, ClusterReview, ReviewStatus
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS

MAX_REASON = 5000


class ReviewError(ValueError):
    """A status change that cannot be made; the message is for the official."""


def review_of(cluster: Cluster) -> ClusterReview | None:
    return db.session.scalar(select(ClusterReview).where(ClusterReview.cluster_id == cluster.id))


def reviews_of(cluster_ids: list[int]) -> dict[int, ClusterReview]:
    rows = db.session.scalars(select(ClusterReview).where(ClusterReview.cluster_id.in_(cluster_ids)))
    return {review.cluster_id: review for review in rows}


def status_of(review: ClusterReview | None) -> ReviewStatus:
    return review.status if review is not None else ReviewStatus.NEW


def set_status(cluster: Cluster, status: ReviewStatus, reason: str = "", due_on: date | None = None, actor=None):
    """Record a decision (a decided status needs a reason) and, optionally, a due date of its own."""
    reason = (reason or "").strip()
    if status.decided and not reason:
        raise ReviewError(_l("Say why: a decision needs a reason."))
    if len(reason) > MAX_REASON:
        raise ReviewError(_l("The reason is too long."))
    review = review_of(cluster) or ClusterReview(cluster_id=cluster.id, status=ReviewStatus.NEW)
    before = {"status": str(review.status), "reason": review.reason or "", "due_on": _iso(review.due_on)}
    review.status, review.reason, review.due_on = status, reason, due_on
    review.changed_by_id, review.changed_at = getattr(actor, "id", None), utcnow()
    db.session.add(review)
    cluster.locked = True  # a reviewed group keeps its shape: automation would make the decision meaningless
    after = {"status": str(status), "reason": reason, "due_on": _iso(due_on)}
    audit.record("cluster.status", cluster, actor, before=before, after=after)
    return review


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def default_due(cluster: Cluster, consultation=False) -> date:
    """The deadline every group gets: OVOZ_REVIEW_DAYS after comments close (or after it formed)."""
    start = cluster.created_at
    if consultation is False:
        consultation = scopes.consultation_of(cluster)
    if consultation is not None and consultation.closes_at > start:
        start = consultation.closes_at
    return start.date() + timedelta(days=current_app.config["OVOZ_REVIEW_DAYS"])


def waiting(status: ReviewStatus, answered: bool) -> bool:
    """Still waiting for officials: neither decided nor answered (an answer the public reads settles a group,
    whatever its status says)."""
    return not status.decided and not answered


def is_late(status: ReviewStatus, due: date, answered: bool, today: date | None = None) -> bool:
    """Still waiting after its due date: the one rule of a late group, for the workspace, the overdue list and
    the agencies' figures."""
    return waiting(status, answered) and due < (today or utcnow().date())


def due_on(cluster: Cluster, review: ClusterReview | None, consultation=False) -> date:
    """The group's own due date, else the default one (pass its consultation when known, or None)."""
    return review.due_on if review is not None and review.due_on else default_due(cluster, consultation)


@dataclass
class Overdue:
    cluster: Cluster
    due: date
    status: ReviewStatus


def overdue(agency_id: int | None, today: date | None = None) -> list[Overdue]:
    """Groups of an agency (of all for None) late by `is_late`, oldest first."""
    today = today or utcnow().date()
    # is_late's rule in SQL, so that only the groups that may be late are read
    undecided = or_(ClusterReview.id.is_(None), ClusterReview.status.in_([ReviewStatus.NEW, ReviewStatus.UNDER_REVIEW]))
    unanswered = ~exists().where(ClusterAnswer.cluster_id == Cluster.id)
    shown = select(Submission.cluster_id).where(*member_counts())  # a group of nothing shown waits for nobody
    ours = or_(
        Cluster.scope.in_(scopes.consultation_scopes(agency_id)),
        (Cluster.scope == PETITIONS) & Cluster.id.in_(scopes.petition_clusters(agency_id)),
    )
    query = (
        select(Cluster, ClusterReview)
        .outerjoin(ClusterReview, ClusterReview.cluster_id == Cluster.id)
        .where(Cluster.size > 0, Cluster.id.in_(shown), ours, undecided, unanswered)
    )
    late, consultations = [], {}
    for cluster, review in db.session.execute(query):
        if cluster.scope not in consultations:
            consultations[cluster.scope] = scopes.consultation_of(cluster)
        due, status = due_on(cluster, review, consultations[cluster.scope]), status_of(review)
        if is_late(status, due, answered=False, today=today):
            late.append(Overdue(cluster, due, status))
    return sorted(late, key=lambda row: (row.due, -row.cluster.size))

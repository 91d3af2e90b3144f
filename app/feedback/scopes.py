"""Whose clusters these are: a consultation's belong to its agency, the petition pool's to the agencies addressed."""

from sqlalchemy import select

from app.accounts.access import is_agency_staff
from app.accounts.models import Role
from app.consultations.models import Consultation
from app.extensions import db
from app.petitions.models import Petition
from app.submissions.models import Cluster, Moderation, Submission
from app.submissions.scopes import PETITIONS, consultation_id_of, consultation_scope


def consultation_of(cluster: Cluster) -> Consultation | None:
    """The consultation whose comments the cluster groups (None for petitions or answers to a question)."""
    return consultation_of_scope(cluster.scope)


def consultation_of_scope(scope: str) -> Consultation | None:
    """The consultation whose comments a scope holds (None for other scopes)."""
    consultation_id = consultation_id_of(scope)
    return None if consultation_id is None else db.session.get(Consultation, consultation_id)


def agency_ids(cluster: Cluster) -> set[int]:
    """The agencies responsible for a cluster (for the pool: those its published petitions are addressed to)."""
    if cluster.scope == PETITIONS:
        addressed = select(Petition.agency_id).join(Submission, Submission.id == Petition.submission_id)
        addressed = addressed.where(Submission.cluster_id == cluster.id, Submission.moderation == Moderation.PUBLISHED)
        return {a for a in db.session.scalars(addressed) if a}
    consultation = consultation_of(cluster)
    return {consultation.agency_id} if consultation else set()


def _staff(user, roles, cluster: Cluster) -> bool:
    # A group no agency is responsible for ({None}) is still open to admins.
    return any(is_agency_staff(user, agency_id, *roles) for agency_id in agency_ids(cluster) or {None})


def may_review(user, cluster: Cluster) -> bool:
    """Officials and moderators of the responsible agency (and admins) see and shape a cluster."""
    return _staff(user, (Role.OFFICIAL, Role.MODERATOR), cluster)


def may_decide(user, cluster: Cluster) -> bool:
    """Officials of the responsible agency (and admins) set its status and answer it."""
    return _staff(user, (Role.OFFICIAL,), cluster)


def consultation_scopes(agency_id: int | None) -> list[str]:
    """The comment scopes of an agency's consultations (of every agency's for None)."""
    query = select(Consultation.id)
    if agency_id is not None:
        query = query.where(Consultation.agency_id == agency_id)
    return [consultation_scope(cid) for cid in db.session.scalars(query)]


def petition_clusters(agency_id: int | None):
    """A select of the ids of the pool's clusters holding a published petition to this agency (any for None)."""
    query = select(Submission.cluster_id).join(Petition, Petition.submission_id == Submission.id)
    # Drafts, petitions waiting for moderation and rejected ones are grouped too, but nobody has to answer them.
    query = query.where(Submission.moderation == Moderation.PUBLISHED)
    if agency_id is not None:
        query = query.where(Petition.agency_id == agency_id)
    return query.where(Submission.cluster_id.is_not(None))

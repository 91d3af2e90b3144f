"""Whose clusters these are: a consultation's belong to its agency, the petition pool's to the agencies addressed."""

from sqlalchemy import or_, select

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


def addressed(cluster: Cluster) -> set[int | None]:
    """The agencies a cluster's published members are addressed to (for the pool, None for a petition addressed
    to no agency; for a consultation's comments, its agency)."""
    if cluster.scope == PETITIONS:
        query = select(Petition.agency_id).join(Submission, Submission.id == Petition.submission_id)
        query = query.where(Submission.cluster_id == cluster.id, Submission.moderation == Moderation.PUBLISHED)
        return set(db.session.scalars(query))
    consultation = consultation_of(cluster)
    return {consultation.agency_id} if consultation else set()


def agency_ids(cluster: Cluster) -> set[int]:
    """The agencies responsible for a cluster (for the pool: those its published petitions are addressed to)."""
    return addressed(cluster) - {None}


def _staff(user, roles, agencies: set[int | None], every: bool) -> bool:
    # A group no agency is responsible for ({None}) is still open to admins.
    check = all if every else any
    return check(is_agency_staff(user, agency_id, *roles) for agency_id in agencies or {None})


def may_review(user, cluster: Cluster) -> bool:
    """Officials and moderators of a responsible agency (and admins) see a cluster, and act on their own members."""
    return _staff(user, (Role.OFFICIAL, Role.MODERATOR), agency_ids(cluster), every=False)


def may_shape(user, cluster: Cluster) -> bool:
    """Officials and moderators (and admins) merge a cluster, or move members into it, only if every member is
    their agency's: a group of petitions to several agencies is reshaped by each only through its own members."""
    return _staff(user, (Role.OFFICIAL, Role.MODERATOR), addressed(cluster), every=True)


def may_decide(user, cluster: Cluster) -> bool:
    """Officials of the agency every member is addressed to (and admins) set its status and answer it."""
    return _staff(user, (Role.OFFICIAL,), addressed(cluster), every=True)


def touchable(user, members: list[Submission]) -> set[int]:
    """The ids of the members reviewers may move, set apart, pin or confirm: a petition only by staff of the agency
    it is addressed to, a comment by the consultation's (one query for all the petitions)."""
    petitions = [m.id for m in members if m.scope == PETITIONS]
    addressed_to = select(Petition.submission_id, Petition.agency_id).where(Petition.submission_id.in_(petitions))
    agency_of = dict(db.session.execute(addressed_to).all()) if petitions else {}
    groups = {m.cluster_id for m in members if m.scope != PETITIONS and m.cluster_id is not None}
    reviewed = {c for c in groups if may_review(user, db.session.get(Cluster, c))}
    return {
        m.id
        for m in members
        if (
            is_agency_staff(user, agency_of.get(m.id), Role.OFFICIAL, Role.MODERATOR)
            if m.scope == PETITIONS
            else m.cluster_id in reviewed
        )
    }


def consultation_scopes(agency_id: int | None) -> list[str]:
    """The comment scopes of an agency's consultations (of every agency's for None)."""
    query = select(Consultation.id)
    if agency_id is not None:
        query = query.where(Consultation.agency_id == agency_id)
    return [consultation_scope(cid) for cid in db.session.scalars(query)]


def own_petition_clusters(agency_id: int | None):
    """A select of the ids of the pool's clusters whose published petitions are all addressed to this agency
    (any for None): those its staff may merge and move members into."""
    if agency_id is None:
        return petition_clusters(None)
    elsewhere = select(Submission.cluster_id).join(Petition, Petition.submission_id == Submission.id)
    elsewhere = elsewhere.where(
        Submission.moderation == Moderation.PUBLISHED,
        Submission.cluster_id.is_not(None),
        or_(Petition.agency_id.is_(None), Petition.agency_id != agency_id),
    )
    return petition_clusters(agency_id).where(Submission.cluster_id.not_in(elsewhere))


def petition_clusters(agency_id: int | None):
    """A select of the ids of the pool's clusters holding a published petition to this agency (any for None)."""
    query = select(Submission.cluster_id).join(Petition, Petition.submission_id == Submission.id)
    # Drafts, petitions waiting for moderation and rejected ones are grouped too, but nobody has to answer them.
    query = query.where(Submission.moderation == Moderation.PUBLISHED)
    if agency_id is not None:
        query = query.where(Petition.agency_id == agency_id)
    return query.where(Submission.cluster_id.is_not(None))

"""What the API reads: the public rows of each resource, filtered as a request asks.

Rows come from the open datasets' selects (app.opendata.datasets), which hold only what the public
pages show and nothing about a person; groups come through app.feedback.publicity, as on their pages.
Every filter is a plain WHERE on those selects, so SQLite and PostgreSQL run the same SQL.
"""

from sqlalchemy import and_, exists, func, or_, select

from app.api.params import day_window
from app.consultations.models import Comment, Consultation, DraftVersion, Phase, Provision
from app.extensions import db
from app.feedback.models import ClusterReview, ReviewStatus
from app.feedback.publicity import has_published_member
from app.opendata.datasets import BY_NAME
from app.petitions.models import Petition, Signature, SignatureState, State
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS, consultation_scope, consultation_scope_sql
from app.tracker import stats


def _dated(query, column, args: dict):
    start, end = day_window(args)
    if start is not None:
        query = query.where(column >= start)
    if end is not None:
        query = query.where(column <= end)
    return query


def in_region(column, code: str):
    """A region or district code matches itself and, for a region, its districts (TJ-SU matches TJ-SU-KHU)."""
    return or_(column == code, column.like(code + "-%"))


def _of_agency(column, agency_id: int):
    return column.in_(select(Consultation.id).where(Consultation.agency_id == agency_id))


def agencies():
    """Every agency, by id."""
    return BY_NAME["agencies"].query()


def consultations(args: dict):
    """Consultations by id, filtered by agency, region, phase and opening day."""
    query = BY_NAME["consultations"].query()
    if "agency" in args:
        query = query.where(Consultation.agency_id == args["agency"])
    if "region" in args:
        query = query.where(in_region(Consultation.region_code, args["region"]))
    if "phase" in args:
        query = query.where(Consultation.phase == Phase(args["phase"]))
    return _dated(query, Consultation.opens_at, args)


def provisions(version: DraftVersion):
    """The provisions of a published version, in the order of the draft."""
    query = BY_NAME["provisions"].query().where(DraftVersion.id == version.id)
    return query.order_by(None).order_by(Provision.position)


def comments(args: dict):
    """Published comments by id, filtered by consultation, agency, provision, group, language and day."""
    query = BY_NAME["comments"].query()
    if "consultation" in args:
        query = query.where(Comment.consultation_id == args["consultation"])
    if "agency" in args:
        query = query.where(_of_agency(Comment.consultation_id, args["agency"]))
    if "provision" in args:
        query = query.where(Comment.provision_id == args["provision"])
    if "group" in args:
        query = query.where(Submission.cluster_id == args["group"])
    if "language" in args:
        query = query.where(Submission.language == args["language"])
    return _dated(query, Comment.created_at, args)


def public_groups():
    """The groups anyone may read, as on their pages: of a consultation's comments (not the answers to a
    question, which are grouped apart) or of petitions, with at least one published member."""
    of_consultation = Cluster.scope.in_(select(consultation_scope_sql(Consultation.id)))
    return select(Cluster).where(or_(Cluster.scope == PETITIONS, of_consultation), has_published_member())


def _addressed_to(agency_id: int):
    """A group of petitions with a published petition addressed to the agency."""
    addressed = exists().where(Petition.submission_id == Submission.id, Petition.agency_id == agency_id)
    return and_(Cluster.scope == PETITIONS, has_published_member(addressed))


def groups(args: dict):
    """Public groups by id, filtered by consultation, agency, status, language and the day they formed."""
    query = public_groups()
    if "consultation" in args:
        query = query.where(Cluster.scope == consultation_scope(args["consultation"]))
    if "agency" in args:
        held = select(consultation_scope_sql(Consultation.id)).where(Consultation.agency_id == args["agency"])
        query = query.where(or_(Cluster.scope.in_(held), _addressed_to(args["agency"])))
    if "language" in args:
        query = query.where(has_published_member(Submission.language == args["language"]))
    if "status" in args:
        review = select(ClusterReview.status).where(ClusterReview.cluster_id == Cluster.id).scalar_subquery()
        status = ReviewStatus(args["status"])
        matches = review == status
        query = query.where(or_(matches, review.is_(None)) if status == ReviewStatus.NEW else matches)
    return _dated(query, Cluster.created_at, args).order_by(Cluster.id)


def petitions(args: dict):
    """Published petitions by id, filtered by state, agency, region, language, category and opening day."""
    query = BY_NAME["petitions"].query()
    if "state" in args:
        query = query.where(Petition.state == State(args["state"]))
    for name, column in (
        ("agency", Petition.agency_id),
        ("category", Petition.category),
        ("language", Petition.language),
    ):
        if name in args:
            query = query.where(column == args[name])
    if "region" in args:
        query = query.where(in_region(Petition.region_code, args["region"]))
    return _dated(query, Petition.opened_at, args)


def signature_counts(petition: Petition, args: dict) -> tuple[list, list]:
    """Confirmed signatures of a petition within the filters: (region code, count) and (UTC day, count) rows."""
    confirmed = select(func.count()).where(
        Signature.petition_id == petition.id,
        Signature.state == SignatureState.CONFIRMED,
        Signature.confirmed_at.is_not(None),
    )
    confirmed = _dated(confirmed, Signature.confirmed_at, args)
    if "region" in args:
        confirmed = confirmed.where(in_region(Signature.region_code, args["region"]))
    day = stats.day_of(Signature.confirmed_at)
    regions = confirmed.add_columns(Signature.region_code).group_by(Signature.region_code)
    days = confirmed.add_columns(day).group_by(day)
    return (
        [(code, count) for count, code in db.session.execute(regions)],
        [(value, count) for count, value in db.session.execute(days)],
    )

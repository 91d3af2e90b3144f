"""Finding petitions: lists with filters and sorting, search by meaning, similar petitions to a draft."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, func, or_, select

from app.core.db import utcnow
from app.extensions import db
from app.petitions.models import PUBLISHED_STATES, Petition, Rejection, Signature, SignatureState, State
from app.submissions import services as submissions
from app.submissions.scopes import PETITIONS

PER_PAGE = 20
SEARCH_DEPTH = 200  # nearest submissions looked at for a search by meaning

LIST_CONDITIONS = {
    "open": Petition.state == State.OPEN,
    "awaiting": and_(
        Petition.state.in_(PUBLISHED_STATES), Petition.response_due_at.is_not(None), Petition.responded_at.is_(None)
    ),
    "responded": and_(Petition.state.in_(PUBLISHED_STATES), Petition.responded_at.is_not(None)),
    "closed": Petition.state == State.CLOSED,
    # not those rejected for holding personal data (Petition.withheld): listing them would publish it
    "rejected": and_(
        Petition.state == State.REJECTED,
        or_(Petition.rejection.is_(None), Petition.rejection != Rejection.PERSONAL_DATA),
    ),
}


@dataclass(frozen=True)
class Filters:
    listing: str = "open"
    sort: str = "signatures"
    category: str = ""
    agency_id: int | None = None
    region: str = ""
    language: str = ""
    query: str = ""


def _recent_signatures():
    since = utcnow() - timedelta(hours=24)
    return (
        select(Signature.petition_id, func.count().label("recent"))
        .where(Signature.state == SignatureState.CONFIRMED, Signature.confirmed_at >= since)
        .group_by(Signature.petition_id)
        .subquery()
    )


def _filtered(filters: Filters):
    query = select(Petition).where(LIST_CONDITIONS[filters.listing])
    if filters.category:
        query = query.where(Petition.category == filters.category)
    if filters.agency_id:
        query = query.where(Petition.agency_id == filters.agency_id)
    if filters.region:
        query = query.where(
            or_(Petition.region_code == filters.region, Petition.region_code.like(filters.region + "-%"))
        )
    if filters.language:
        query = query.where(Petition.language == filters.language)
    return query


def _sorted(query, sort: str):
    if sort == "newest":
        return query.order_by(Petition.opened_at.desc().nulls_last(), Petition.id.desc())
    if sort == "trending":
        recent = _recent_signatures()
        return query.outerjoin(recent, recent.c.petition_id == Petition.id).order_by(
            func.coalesce(recent.c.recent, 0).desc(), Petition.signature_count.desc(), Petition.id.desc()
        )
    return query.order_by(Petition.signature_count.desc(), Petition.id.desc())


def gathering(limit: int) -> list[Petition]:
    """The open petitions with the most signatures, as the list "open" sorted by signatures shows them first."""
    query = _sorted(select(Petition).where(LIST_CONDITIONS["open"]), "signatures")
    return list(db.session.scalars(query.limit(limit)))


def find(filters: Filters, page: int = 1):
    """A page of petitions; with a query, ordered by how close they are in meaning."""
    query = _filtered(filters)
    if filters.query:
        ranked = [p.id for p, _ in by_meaning(filters.query, SEARCH_DEPTH)]
        order = {petition_id: rank for rank, petition_id in enumerate(ranked)}
        found = [p for p in db.session.scalars(query.where(Petition.id.in_(ranked))) if p.id in order]
        found.sort(key=lambda p: order[p.id])
        return _ListPage(found, page)
    return db.paginate(_sorted(query, filters.sort), page=page, per_page=PER_PAGE, error_out=False)


class _ListPage:
    """A page of an already ranked list, shaped like Flask-SQLAlchemy's pagination."""

    def __init__(self, items: list, page: int, per_page: int = PER_PAGE):
        self.total, self.page, self.per_page = len(items), max(page, 1), per_page
        self.pages = max(1, -(-self.total // per_page))
        self.items = items[(self.page - 1) * per_page : self.page * per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1


def by_meaning(text: str, k: int) -> list[tuple[Petition, float]]:
    """Published petitions that say what a text says, in any language, best first: those the engine would
    group with it. (On ovoz-dev, 49% of the pairs so close share a topic, against 9% of those with a cosine
    of 0.3, the floor used before; 72% and 94% of the pairs on one topic are that close.)"""
    found = submissions.matching(text, PETITIONS, k)
    by_submission = {
        p.submission_id: p
        for p in db.session.scalars(
            select(Petition).where(
                Petition.submission_id.in_([s.id for s, _ in found]), Petition.state.in_(PUBLISHED_STATES)
            )
        )
    }
    return [(by_submission[s.id], score) for s, score in found if s.id in by_submission]


def similar_to_draft(title: str, request: str, k: int = 5, exclude: int | None = None) -> list[Petition]:
    """The published petitions a citizen should see before starting a new one."""
    text = f"{title}\n\n{request}".strip()
    found = by_meaning(text, k * 3) if text else []
    return [p for p, _ in found if p.id != exclude][:k]

"""What one person did, newest first, one section at a time; every query is bound to that person's id."""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.consultations.models import Comment, CommentVote, Consultation
from app.extensions import db
from app.petitions.models import Petition, Signature, State

PER_SECTION = 10
SECTIONS = ("drafts", "petitions", "signatures", "comments", "votes")


@dataclass
class Section:
    """One page of one section: its rows (tuples), which page, and how many rows there are in all."""

    name: str
    rows: list
    page: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page * PER_SECTION < self.total


def _drafts(user_id: int):
    mine = (Petition.author_id == user_id, Petition.state == State.DRAFT)
    return select(Petition).where(*mine).order_by(Petition.id.desc())


def _petitions(user_id: int):
    mine = (Petition.author_id == user_id, Petition.state != State.DRAFT)
    return select(Petition).where(*mine).order_by(Petition.id.desc())


def _signatures(user_id: int):
    query = select(Signature, Petition).join(Petition, Petition.id == Signature.petition_id)
    return query.where(Signature.user_id == user_id).order_by(Signature.id.desc())


def _comments(user_id: int):
    query = select(Comment, Consultation).join(Consultation, Consultation.id == Comment.consultation_id)
    return query.where(Comment.author_id == user_id).order_by(Comment.id.desc())


def _votes(user_id: int):
    query = select(CommentVote, Comment, Consultation).join(Comment, Comment.id == CommentVote.comment_id)
    query = query.join(Consultation, Consultation.id == Comment.consultation_id)
    return query.where(CommentVote.user_id == user_id).order_by(CommentVote.id.desc())


QUERIES = dict(drafts=_drafts, petitions=_petitions, signatures=_signatures, comments=_comments, votes=_votes)


def section(name: str, user_id: int, page: int = 1) -> Section:
    """One page of one section of this person's activity."""
    query = QUERIES[name](user_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = max(1, min(page, (total + PER_SECTION - 1) // PER_SECTION or 1))
    rows = [tuple(row) for row in db.session.execute(query.limit(PER_SECTION).offset((page - 1) * PER_SECTION))]
    return Section(name, rows, page, total)


def activity_of(user_id: int, pages: dict[str, int]) -> list[Section]:
    """Every section of this person's activity, each at the page asked for (the first by default)."""
    return [section(name, user_id, pages.get(name, 1)) for name in SECTIONS]

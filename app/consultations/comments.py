"""Comments on a draft: write, quote, propose an amendment, reply, agree or disagree once.

A comment is a Submission (moderated, language-detected and grouped per draft by the semantic
engine) plus where it is anchored. Reports of comments: reports.py. The caller commits.

What the public sees and every count of comments (the table of contents, a provision's page, the outcome
tracker, the report, the open data, the API and the sizes of groups) use one definition, `counts()` (for a
group's members, of any kind: `member_counts()`): a comment that counts is published, and a reply counts only
while the comment it answers is published too (a reply under a hidden, pending or rejected comment is shown
nowhere). A comment whose author deleted their account stays, and counts.
Replies and answers to questions are comments like the others.
"""

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import aliased, selectinload

from app.audit import services as audit
from app.consultations.models import Comment, CommentVote, Consultation, Phase, Provision, Question
from app.consultations.services import current_version, full_text
from app.core.db import insert_unless_present
from app.extensions import db
from app.submissions import services as submissions
from app.submissions.models import Moderation, Submission

VISIBLE = Moderation.PUBLISHED


def _placed(comment):
    """SQL: the comment (Comment or an alias of it) is shown where it was written: it is not a reply, or the comment
    it answers is published."""
    parent, parent_text = aliased(Comment), aliased(Submission)
    under_published = (
        exists()
        .where(
            parent.id == comment.parent_id, parent_text.id == parent.submission_id, parent_text.moderation == VISIBLE
        )
        .correlate(comment)
    )
    return or_(comment.parent_id.is_(None), under_published)


def counts():
    """SQL: the Comment (joined to its Submission) is one that counts: published, and if a reply, under a published
    comment. The one definition of a comment the public sees and counts."""
    return Submission.moderation == VISIBLE, _placed(Comment)


def member_counts():
    """SQL: the Submission, of any kind, counts: counts() when it is a comment, published when it is not (a
    petition). What a group's sizes, languages, votes, regions and members count, in public and in review."""
    comment = aliased(Comment)
    misplaced = exists().where(comment.submission_id == Submission.id, ~_placed(comment)).correlate(Submission)
    return Submission.moderation == VISIBLE, ~misplaced


def counted(*columns):
    """A select of `columns` over the comments that count (see counts())."""
    query = select(*columns).select_from(Comment).join(Submission, Submission.id == Comment.submission_id)
    return query.where(*counts())


_CONTAINERS = ("preamble", "section", "chapter")  # provisions that hold articles, not themselves a section


class CommentError(Exception):
    """A comment or vote that cannot be taken; the message is for the user."""


def add(
    consultation: Consultation,
    author,
    body: str,
    provision: Provision | None = None,
    quote: str = "",
    amendment: str | None = None,
    parent: Comment | None = None,
    question: Question | None = None,
) -> Comment:
    """Save a comment on a provision (or on the whole draft), a reply to a top-level comment, or an
    answer to a question of the questionnaire."""
    if consultation.phase != Phase.OPEN:
        raise CommentError(_("Comments are closed for this consultation."))
    if parent is not None:
        if parent.parent_id is not None or parent.consultation_id != consultation.id:
            raise CommentError(_("You can only reply to a comment, not to a reply."))
        provision, amendment, quote = parent.provision, None, ""
    if quote and provision is not None and quote not in full_text(provision):
        quote = ""  # only a passage of the provision itself can be quoted
    if amendment and (provision is None or _same_words(amendment, full_text(provision))):
        amendment = None  # the form offers the current text to edit: left as it is, it proposes nothing
    if parent is not None and parent.question_id is not None:
        question = db.session.get(Question, parent.question_id)
    if question is not None:
        provision, amendment, quote = None, None, ""
    moderation = Moderation.PENDING if consultation.premoderation else Moderation.PUBLISHED
    kind, scope = ("answer", question.scope) if question is not None else ("comment", consultation.scope)
    submission = submissions.submit(kind, scope, body, author, moderation, section_of(provision))
    comment = Comment(
        submission_id=submission.id,
        consultation_id=consultation.id,
        version_id=provision.version_id if provision is not None else _current_version_id(consultation),
        provision_id=provision.id if provision is not None else None,
        parent_id=parent.id if parent is not None else None,
        question_id=question.id if question is not None else None,
        author_id=author.id,
        quote=quote,
        amendment=amendment or None,
    )
    db.session.add(comment)
    db.session.flush()
    _replied(comment)
    return comment


def _replied(comment: Comment) -> None:
    """A published reply: the answer to the comment it is under reaches its author too, even if it came later."""
    if comment.parent_id is not None and comment.submission.moderation == Moderation.PUBLISHED:
        submissions.replied_under(db.session.get(Comment, comment.parent_id).submission.cluster_id)


def section_of(provision: Provision | None) -> str | None:
    """The provision a comment is about, as its section for grouping: the article (or, in a regulation without
    articles, the numbered point) that holds the provision commented on, or is it. The engine never groups comments
    on two of them together (app/semantic/clustering.py): an official answers a draft article by article, and the
    model reads "part 3 should say..." under one article as close to the same words under another. A comment on
    the whole draft, its preamble or a chapter has none and goes with any, but a group mostly on one article holds it
    only as a member to confirm: the article's answer reaches its author once an official says it is about that
    article."""
    unit = None
    while provision is not None and provision.kind not in _CONTAINERS:
        unit = provision
        provision = db.session.get(Provision, provision.parent_id) if provision.parent_id else None
    return f"provision:{unit.lineage_id}" if unit is not None else None


def _same_words(one: str, other: str) -> bool:
    return one.split() == other.split()


def _current_version_id(consultation: Consultation) -> int | None:
    version = current_version(consultation)
    return version.id if version else None


def vote(comment: Comment, user, value: int) -> bool:
    """Agree (+1) or disagree (-1) with someone else's comment, change one's mind, or withdraw (0); False if
    nothing changed. The counts move only with a row that changed, so repeated or parallel clicks count once."""
    if comment.author_id == user.id:
        raise CommentError(_("You cannot vote on your own comment."))
    mine = (CommentVote.comment_id == comment.id, CommentVote.user_id == user.id)
    if value == 0:
        withdrawn = db.session.execute(delete(CommentVote).where(*mine).returning(CommentVote.value)).scalar()
        moves = {withdrawn: -1} if withdrawn is not None else {}
    else:
        value = 1 if value > 0 else -1
        added = db.session.execute(
            insert_unless_present(CommentVote, db.session.connection())
            .values(comment_id=comment.id, user_id=user.id, value=value)
            .returning(CommentVote.id)
        ).scalar()
        changed = (
            added is None
            and db.session.execute(
                update(CommentVote)
                .where(*mine, CommentVote.value != value)
                .values(value=value)
                .returning(CommentVote.id)
            ).scalar()
        )
        moves = {value: 1} if added is not None else {value: 1, -value: -1} if changed else {}
    for voted, step in moves.items():
        column = Comment.agree if voted > 0 else Comment.disagree
        db.session.execute(
            update(Comment)
            .where(Comment.id == comment.id)
            .values({column: column + step})
            .execution_options(synchronize_session=False)
        )
    return bool(moves)


def votes_of(user, comment_ids: list[int]) -> dict[int, int]:
    """The opinion (+1, -1) a person gave on each of these comments that they voted on."""
    if not user.is_authenticated or not comment_ids:
        return {}
    query = select(CommentVote.comment_id, CommentVote.value).where(
        CommentVote.user_id == user.id, CommentVote.comment_id.in_(comment_ids)
    )
    return dict(db.session.execute(query).all())


def moderate(comment: Comment, moderator, publish: bool) -> None:
    """A moderator's decision on a comment waiting for review before it is shown (premoderation)."""
    submissions.moderate(comment.submission, Moderation.PUBLISHED if publish else Moderation.REJECTED)
    _replied(comment)
    audit.record("comment.published" if publish else "comment.rejected", comment, moderator)


def waiting(consultation_ids: list[int]) -> list[Comment]:
    """Comments waiting for a moderator before they are shown, oldest first (those hidden by reports: reports.py)."""
    query = (
        select(Comment)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(
            Comment.consultation_id.in_(consultation_ids),
            Submission.moderation == Moderation.PENDING,
            Comment.held_until.is_(None),
        )
        .order_by(Comment.id)
    )
    return list(db.session.scalars(query))


def visible_on(consultation: Consultation) -> list[Comment]:
    """The top-level comments that count of a consultation that are on no provision (on the draft as a whole, and
    answers to questions), oldest first. A provision's comments come a page at a time: threads_on()."""
    query = (
        counted(Comment)
        .where(Comment.consultation_id == consultation.id, Comment.provision_id.is_(None), Comment.parent_id.is_(None))
        .options(selectinload(Comment.author))
        .order_by(Comment.id)
    )
    return list(db.session.scalars(query))


PER_PAGE = 8  # threads a page: a page of form letters, shortened, and the article above fit six phone screens
SORTS = ("newest", "supported")  # the orders a provision's comments are read in; the first is the default
_ORDER = {
    "newest": (Comment.created_at.desc(), Comment.id.desc()),
    "supported": (Comment.agree.desc(), Comment.created_at.desc(), Comment.id.desc()),
}


@dataclass
class Threads:
    """A page of a provision's comments, each with its replies; shaped like a pagination for the `pager` macro."""

    items: list[Comment]
    replies: dict[int, list[Comment]]
    page: int
    pages: int
    opened: int | None  # the thread whose replies hold the comment asked for

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def threads_on(lineage_id: int, sort: str = SORTS[0], page: int = 1, showing: int | None = None) -> Threads:
    """One page of the top-level comments that count on a provision (in any version), in `sort` order, each with
    its replies that count, oldest first. With `showing` (a comment's id), the page that holds it or its thread; a
    page past the last is the last."""
    on_provision = _on_provisions(Comment.id).where(Provision.lineage_id == lineage_id, Comment.parent_id.is_(None))
    ids = list(db.session.scalars(on_provision.order_by(*_ORDER[sort])))
    thread = _thread_of(showing) if showing is not None else None
    if thread in ids:
        page = ids.index(thread) // PER_PAGE + 1
    pages = max(1, -(-len(ids) // PER_PAGE))
    page = min(max(page, 1), pages)
    chosen = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    found = db.session.scalars(select(Comment).where(Comment.id.in_(chosen)).options(selectinload(Comment.author)))
    by_id = {comment.id: comment for comment in found}
    replies = defaultdict(list)
    query = counted(Comment).where(Comment.parent_id.in_(chosen)).options(selectinload(Comment.author))
    for reply in db.session.scalars(query.order_by(Comment.created_at, Comment.id)):
        replies[reply.parent_id].append(reply)
    opened = thread if thread != showing and thread in chosen else None
    return Threads([by_id[i] for i in chosen], dict(replies), page, pages, opened)


def _thread_of(comment_id: int) -> int | None:
    """The top-level comment of a comment that counts: itself, or the comment it replies to."""
    return db.session.scalar(counted(func.coalesce(Comment.parent_id, Comment.id)).where(Comment.id == comment_id))


def _on_provisions(*columns):
    return counted(*columns).join(Provision, Provision.id == Comment.provision_id)


def counts_by_lineage(consultation: Consultation) -> dict[int, int]:
    """How many comments that count (replies too) each provision has, over all versions."""
    rows = db.session.execute(
        _on_provisions(Provision.lineage_id, func.count(Comment.id))
        .where(Comment.consultation_id == consultation.id)
        .group_by(Provision.lineage_id)
    )
    return dict(rows.all())


def count_on(lineage_id: int) -> int:
    """How many comments that count (replies too) one provision has, over all versions: its counts_by_lineage()."""
    return db.session.scalar(_on_provisions(func.count(Comment.id)).where(Provision.lineage_id == lineage_id))

"""Reports of comments: a reason from a list, a weight, a pending hiding that a moderator resolves by a deadline.

Open reports add up by weight (half for an account younger than OVOZ_REPORT_NEW_ACCOUNT_DAYS, or past its
OVOZ_REPORTS_PER_DAY): at OVOZ_REPORTS_TO_HIDE a comment no moderator kept is hidden while it waits, with a notice
in its place, at most OVOZ_REPORT_REVIEW_DAYS. Hidden, because the listed reasons (threats, personal data) harm for
as long as they are shown; not longer, because a few accounts must not silence a comment by waiting moderators out:
past the deadline it is shown again and stays first in the queue, marked overdue, until a moderator decides. A kept
comment may be queued by new reports, never hidden by them again. Either way its author is told, in their language.
The caller commits.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app.accounts.models import User
from app.audit import services as audit
from app.consultations.labels import REPORT_REASONS
from app.consultations.models import Comment, CommentReport, Consultation, ReportReason
from app.core.db import insert_unless_present, utcnow
from app.core.urls import external_url, site_path
from app.extensions import db
from app.inbox import services as inbox
from app.mail.services import send_email
from app.submissions import services as submissions
from app.submissions.models import Moderation, Submission

FULL, LIGHT = 1.0, 0.5


class ReportError(Exception):
    """A decision another moderator has already taken."""


def _setting(name: str) -> int:
    return current_app.config[f"OVOZ_{name}"]


def weight_of(user, now=None) -> float:
    """How much a report by this person counts: half from a new account, or one that reports a lot today."""
    now = now or utcnow()
    if user.created_at > now - timedelta(days=_setting("REPORT_NEW_ACCOUNT_DAYS")):
        return LIGHT
    today = db.session.scalar(
        select(func.count())
        .select_from(CommentReport)
        .where(CommentReport.user_id == user.id, CommentReport.created_at > now - timedelta(days=1))
    )
    return LIGHT if today >= _setting("REPORTS_PER_DAY") else FULL


def report(comment: Comment, user, reason: ReportReason, now=None) -> bool:
    """Report a comment once, with a reason; False if this person reported it before (or wrote it).

    One report per person even when the same person reports many times at once: the row is inserted unless
    present, and the counts move only with a row that was added."""
    now = now or utcnow()
    if comment.author_id == user.id:
        return False
    weight = weight_of(user, now)
    added = db.session.execute(
        insert_unless_present(CommentReport, db.session.connection())
        .values(comment_id=comment.id, user_id=user.id, reason=reason, weight=weight, created_at=now)
        .returning(CommentReport.id)
    ).scalar()
    if added is None:
        return False
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(reports=Comment.reports + 1, report_weight=Comment.report_weight + weight)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(comment)
    if _to_hold(comment):
        comment.held_until = now + timedelta(days=_setting("REPORT_REVIEW_DAYS"))
        comment.submission.moderation = Moderation.PENDING
        audit.record("comment.hidden_by_reports", comment, None, weight=comment.report_weight)
    return True


def _to_hold(comment: Comment) -> bool:
    """Enough weight, on a published comment that was neither held nor kept before."""
    return (
        comment.report_weight >= _setting("REPORTS_TO_HIDE")
        and comment.held_until is None
        and comment.kept_at is None
        and comment.submission.moderation == Moderation.PUBLISHED
    )


def is_held(comment: Comment) -> bool:
    """Hidden by reports, waiting for a moderator."""
    return comment.held_until is not None and comment.submission.moderation == Moderation.PENDING


def open_reasons(comment_ids: list[int]) -> dict[int, list[tuple[ReportReason, int]]]:
    """The reasons of the open reports of each comment, with how many gave each, most given first."""
    rows = db.session.execute(
        select(CommentReport.comment_id, CommentReport.reason, func.count())
        .where(CommentReport.comment_id.in_(comment_ids), CommentReport.resolved_at.is_(None))
        .group_by(CommentReport.comment_id, CommentReport.reason)
    )
    counted: dict[int, Counter] = {}
    for comment_id, reason, count in rows:
        counted.setdefault(comment_id, Counter())[ReportReason(reason)] = count
    return {comment_id: counts.most_common() for comment_id, counts in counted.items()}


@dataclass
class Reported:
    """A comment in the report queue, with its reasons and where it stands."""

    comment: Comment
    reasons: list[tuple[ReportReason, int]]
    held: bool  # hidden from the public until a moderator decides
    overdue: bool  # the deadline has passed without a decision


def queue(consultation_ids: list[int], now=None) -> list[Reported]:
    """Comments with open reports: overdue first, then hidden ones by deadline, then the rest by weight."""
    now = now or utcnow()
    found = list(
        db.session.scalars(
            select(Comment).where(Comment.consultation_id.in_(consultation_ids), Comment.report_weight > 0)
        )
    )
    reasons = open_reasons([c.id for c in found])
    rows = [
        Reported(c, reasons.get(c.id, []), is_held(c), c.held_until is not None and c.held_until <= now) for c in found
    ]
    rows.sort(key=lambda r: (not r.overdue, not r.held, r.comment.held_until or now, -r.comment.report_weight))
    return rows


def resolve(comment: Comment, moderator, keep: bool, now=None) -> None:
    """A moderator keeps or removes a reported comment; the reports are closed and its author is told."""
    now = now or utcnow()
    reasons = open_reasons([comment.id]).get(comment.id, [])
    closed = db.session.execute(
        update(CommentReport)
        .where(CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not closed:
        raise ReportError("decided")
    held = is_held(comment)
    comment.report_weight, comment.held_until = 0.0, None
    if keep:
        comment.kept_at = now
        if held:
            submissions.moderate(comment.submission, Moderation.PUBLISHED)
    else:
        submissions.moderate(comment.submission, Moderation.REJECTED)
    audit.record("comment.kept" if keep else "comment.removed", comment, moderator, reasons=[r for r, _ in reasons])
    _tell_author(comment, keep, [reason for reason, _count in reasons])


def release_overdue(now=None) -> int:
    """Show again every comment hidden by reports past its deadline (periodic); it stays queued, overdue."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Comment)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(Comment.held_until <= now, Submission.moderation == Moderation.PENDING, Comment.report_weight > 0)
    ).all()
    for comment in due:
        submissions.moderate(comment.submission, Moderation.PUBLISHED)
        audit.record("comment.shown_after_deadline", comment, None)
    return len(due)


def _comment_page(comment: Comment, locale: str, build=site_path) -> str:
    """Where the comment is shown (its provision's page, else the consultation's), as a path or a full address."""
    if comment.provision_id is None:
        return build("consultations.show", lang_code=locale, consultation_id=comment.consultation_id)
    return build(
        "consultations.provision",
        lang_code=locale,
        consultation_id=comment.consultation_id,
        provision_id=comment.provision_id,
        comment=comment.id,  # the page of its provision's comments that holds it
        _anchor=f"comment-{comment.id}",
    )


def _tell_author(comment: Comment, kept: bool, reasons: list[ReportReason]) -> None:
    """The outcome, by e-mail and in the inbox, in the author's language."""
    author = db.session.get(User, comment.author_id) if comment.author_id else None
    if author is None or not author.is_active:
        return
    title = db.session.get(Consultation, comment.consultation_id).title
    locale = author.locale
    with force_locale(locale):
        if kept:
            subject = _("Your comment on “%(title)s” stays published", title=title)
            body = _("Moderators checked the reports about your comment and found that it keeps to the rules.")
        else:
            subject = _("Your comment on “%(title)s” was removed", title=title)
            said = ", ".join(str(REPORT_REASONS[reason]) for reason in reasons)
            body = _("A moderator removed it after reports. Reasons given: %(reasons)s.", reasons=said)
        link = _comment_page(comment, locale, external_url)
        send_email(
            author.email, subject, "comment_reviewed", name=author.display_name, body=body, comment=comment, link=link
        )
    inbox.deliver(author.id, subject, body, _comment_page(comment, locale))

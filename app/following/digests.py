"""E-mail digests: one message per person, daily or weekly as they chose, with all news since their last.

A digest takes its items out of the waiting list in the same transaction that queues the e-mail, so
running the job twice sends nothing twice; the e-mails are delivered by a job per batch after commit.
"""

from flask_babel import force_locale, ngettext
from sqlalchemy import delete, exists, select

from app.accounts.models import User
from app.core.queue import enqueue_after_commit
from app.core.urls import external_url
from app.extensions import db
from app.following import news as news_texts
from app.following.models import Delivery, DigestItem, FollowSettings, News
from app.following.services import target_of
from app.mail.models import OutgoingEmail
from app.mail.services import queue_email

BATCH = 200


def _readers(period: Delivery, after: int, batch: int) -> list[User]:
    waiting = exists().where(DigestItem.user_id == User.id)
    query = (
        select(User)
        .join(FollowSettings, FollowSettings.user_id == User.id)
        .where(FollowSettings.delivery == period, User.id > after, waiting)
        .order_by(User.id)
        .limit(batch)
    )
    return list(db.session.scalars(query))


def _lines(user: User) -> list[tuple[str, str]]:
    """Take everything waiting for this person's digest: (what happened, link), oldest first."""
    taken = delete(DigestItem).where(DigestItem.user_id == user.id).returning(DigestItem.news_id)
    news_ids = list(db.session.scalars(taken))
    if not news_ids:
        return []
    lines = []
    for news in db.session.scalars(select(News).where(News.id.in_(news_ids)).order_by(News.id)):
        target = target_of(news.kind, news.target_id)
        if target is not None:  # a petition taken down since is left out
            lines.append((news_texts.subject(news, target), news_texts.link(news, user.locale, external=True)))
    return lines


def _digest(user: User) -> OutgoingEmail | None:
    with force_locale(user.locale):
        lines = _lines(user)
        if not lines:
            return None
        subject = ngettext("%(num)s update on what you follow", "%(num)s updates on what you follow", len(lines))
        settings = external_url("following.mine", lang_code=user.locale)
        context = {"name": user.display_name, "lines": lines, "settings": settings}
        return queue_email(user.email, subject, "following_digest", **context)


def send_digests(period: Delivery, batch: int = BATCH) -> int:
    """Queue one e-mail to each reader of this period who has news waiting; returns how many were queued."""
    queued, after = 0, 0
    while readers := _readers(period, after, batch):
        emails = [email for user in readers if (email := _digest(user)) is not None]
        if emails:
            enqueue_after_commit(db.session, "workers.mail.deliver_emails", [email.id for email in emails])
        queued, after = queued + len(emails), readers[-1].id
        db.session.commit()
    return queued

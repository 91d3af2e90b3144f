"""Telling followers: each piece of news goes into every follower's inbox once, in their language, and
is set aside for the next e-mail digest of those who chose one.

The job is a broadcast (app/core/broadcast.py) over the followers in user id order, its mark the news'
`told_up_to`: two runs of the job (the sweeper's and the first one's) never tell the same batch, and a
run that dies half-way resumes after its last commit. Nobody is e-mailed here: digests do that.
"""

from datetime import timedelta

from flask_babel import force_locale, format_number, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.consultations.labels import PHASES
from app.consultations.models import Phase
from app.core.broadcast import BATCH, broadcast
from app.core.db import utcnow
from app.core.urls import external_url, site_path
from app.extensions import db
from app.following.models import Delivery, DigestItem, FollowSettings, Kind, News
from app.following.services import follower_ids, news_targets, target_of, told_elsewhere
from app.inbox import services as inbox


def _new_consultation(consultation, details: dict) -> str:
    agency = consultation.agency.name(str(get_locale()))
    return _("%(agency)s published a new consultation: %(title)s", agency=agency, title=consultation.title)


def _phase(consultation, details: dict) -> str:
    phase = PHASES[Phase(details["phase"])]
    return _("New stage of the consultation “%(title)s”: %(phase)s", title=consultation.title, phase=phase)


def _version(consultation, details: dict) -> str:
    return _("A new version of the draft: %(title)s", title=consultation.title)


def _report(consultation, details: dict) -> str:
    return _("The report on the consultation “%(title)s” is published", title=consultation.title)


def _answer(consultation, details: dict) -> str:
    if gist := details.get("gist"):  # which group: what its comments say
        return _(
            "Officials answered the comments on “%(title)s” that say: “%(gist)s”", title=consultation.title, gist=gist
        )
    return _("Officials answered a group of comments on “%(title)s”", title=consultation.title)


def _response(petition, details: dict) -> str:
    return _('The petition "%(title)s" has a response', title=petition.title)


def _threshold(petition, details: dict) -> str:
    if details.get("threshold") == "consideration-threshold":
        return _("The petition “%(title)s” has enough signatures to be considered", title=petition.title)
    return _("The petition “%(title)s” has enough signatures for a response", title=petition.title)


def _sent_on(petition, details: dict) -> str:
    agency = petition.agency.name(str(get_locale())) if petition.agency else ""
    return _("The petition “%(title)s” was sent on to %(agency)s", title=petition.title, agency=agency)


def _closed(petition, details: dict) -> str:
    count = details.get("count", petition.signature_count)
    return ngettext(
        "The petition “%(title)s” closed with %(count)s signature",
        "The petition “%(title)s” closed with %(count)s signatures",
        count,
        title=petition.title,
        count=format_number(count),
    )


#: Each kind of news: how it is said, and the page it links to.
NEWS = {
    (Kind.CONSULTATION, "new"): (_new_consultation, "consultations.show"),
    (Kind.CONSULTATION, "phase"): (_phase, "consultations.show"),
    (Kind.CONSULTATION, "version"): (_version, "consultations.draft"),
    (Kind.CONSULTATION, "report"): (_report, "consultations.report"),
    (Kind.CONSULTATION, "answer"): (_answer, "feedback.group"),
    (Kind.PETITION, "response"): (_response, "petitions.show"),
    (Kind.PETITION, "threshold"): (_threshold, "petitions.show"),
    (Kind.PETITION, "closed"): (_closed, "petitions.show"),
    (Kind.PETITION, "sent-on"): (_sent_on, "petitions.show"),
}


def subject(news: News, target) -> str:
    """The news in one line, in the current locale."""
    return NEWS[news.kind, news.what][0](target, news.details)


def _page(news: News) -> tuple[str, dict]:
    endpoint = NEWS[news.kind, news.what][1]
    if endpoint == "feedback.group":
        return endpoint, {"cluster_id": news.details["cluster_id"]}
    return endpoint, {f"{news.kind}_id": news.target_id}


def link(news: News, locale: str, external: bool = False) -> str:
    """The page the news is about: a path for the inbox, an address for e-mail."""
    endpoint, values = _page(news)
    return (external_url if external else site_path)(endpoint, lang_code=locale, **values)


# -- the job --------------------------------------------------------------------------------------


def _untold(news: News, mark: int, limit: int) -> list[tuple[User, Delivery | None]]:
    query = (
        select(User, FollowSettings.delivery)
        .outerjoin(FollowSettings, FollowSettings.user_id == User.id)
        .where(follower_ids(news_targets(news)), User.id > mark, *told_elsewhere(news))
        .order_by(User.id)
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _tell(news: News, target, said: dict, user: User, delivery: Delivery | None) -> None:
    """Into the inbox, and set aside for the digest of those who chose one; said once per language."""
    if user.locale not in said:
        with force_locale(user.locale):
            said[user.locale] = subject(news, target), link(news, user.locale)
    said_subject, path = said[user.locale]
    inbox.deliver(user.id, said_subject, "", path)
    if delivery in (Delivery.DAILY, Delivery.WEEKLY):
        db.session.add(DigestItem(user_id=user.id, news_id=news.id))


def tell_followers(news_id: int, batch: int = BATCH) -> int:
    """Tell everyone who follows what the news is about and was not told yet; returns how many this run told."""
    news = db.session.get(News, news_id)
    if news is None or news.told_at is not None:
        return 0
    target, said, told = target_of(news.kind, news.target_id), {}, 0
    if target is not None:
        told = broadcast(
            News.told_up_to,
            news.id,
            lambda mark, limit: _untold(news, mark, limit),
            lambda person: _tell(news, target, said, *person),
            position=lambda person: person[0].id,
            batch=batch,
        )
    news.told_at = utcnow()
    return told


def untold_ids(older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """News whose followers a worker should have told by now (Redis was down, or a worker died): for the sweeper."""
    query = select(News.id).where(News.told_at.is_(None), News.created_at < utcnow() - older_than)
    return list(db.session.scalars(query))

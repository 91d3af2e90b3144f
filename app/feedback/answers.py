"""Answers to clusters, and telling every author (and every signer of a grouped petition) once.

Publishing or amending is a database change the caller commits; delivery is a job, a broadcast
(app/core/broadcast.py) in two passes: the authors of the group's published members (and of the
published replies to them), then the confirmed signers of its petitions.

Unlike a petition's signers or a consultation's followers, the people to tell are not a sequence
that only grows at its end: a submission that joins an answered cluster later (placed by the worker,
regrouped, merged by an official) brings an author whose user id may be below any mark, and triggers
the same job again. So who was told is written down, one AnswerNotice per e-mail address (a person
who wrote twice, or signed two petitions of the group, is told once), and each batch is read from the
people without one. The broadcast's mark, `batches_told`, then only counts batches: moving it with a
conditional update still claims each batch for one run, so a second run (the sweeper's) never tells
the same people, a run that dies half-way resumes after its last commit, and a later run tells only
the newcomers. (The unique AnswerNotice per answer and address stays as the database's guarantee.)
"""

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select, union
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.audit import services as audit
from app.consultations.models import Comment
from app.core.broadcast import BATCH, broadcast
from app.core.db import utcnow
from app.core.queue import enqueue_after_commit
from app.core.text import shortened
from app.core.translated import in_language, put_in_language
from app.core.urls import external_url, site_path
from app.extensions import db
from app.feedback import scopes
from app.feedback.models import AnswerNotice, AnswerRevision, AnswerTranslation, ClusterAnswer
from app.following import services as following
from app.following.models import Kind
from app.inbox import services as inbox
from app.mail.services import queue_email
from app.petitions.models import Petition, Signature, SignatureState
from app.submissions.models import Cluster, Moderation, Processing, Submission
from app.submissions.scopes import PETITIONS
from app.submissions.services import firm

MAX_ANSWER = 20_000


class AnswerError(ValueError):
    """An answer that cannot be published; the message is for the official."""


def answer_of(cluster_id: int) -> ClusterAnswer | None:
    return db.session.scalar(select(ClusterAnswer).where(ClusterAnswer.cluster_id == cluster_id))


def answers_of(cluster_ids) -> dict[int, ClusterAnswer]:
    """The answers of these clusters, by cluster id."""
    ids = [c for c in set(cluster_ids) if c is not None]
    rows = db.session.scalars(select(ClusterAnswer).where(ClusterAnswer.cluster_id.in_(ids))) if ids else []
    return {answer.cluster_id: answer for answer in rows}


def petition_answers():
    """A subquery of (petition_id, answered_at): each petition firmly in an answered group of the pool, with when the
    group was answered. A group's answer covers only the petitions addressed to the agency that gave it (an answer
    from before answers recorded their agency covers all); the petition's page shows it under the same rule."""
    covers = or_(ClusterAnswer.agency_id.is_(None), ClusterAnswer.agency_id == Petition.agency_id)
    return (
        select(Petition.id.label("petition_id"), ClusterAnswer.published_at.label("answered_at"))
        .join(Submission, Submission.id == Petition.submission_id)
        .join(ClusterAnswer, ClusterAnswer.cluster_id == Submission.cluster_id)
        .where(Submission.scope == PETITIONS, Submission.moderation == Moderation.PUBLISHED, firm(), covers)
        .subquery()
    )


def publish(cluster: Cluster, body: str, actor=None) -> ClusterAnswer:
    """Publish the answer to a cluster, or amend it (its earlier wording stays in the history)."""
    body = (body or "").strip()
    if not body:
        raise AnswerError(_l("Write the answer first."))
    if len(body) > MAX_ANSWER:
        raise AnswerError(_l("The answer is too long."))
    agencies = scopes.addressed(cluster)
    if len(agencies) > 1:
        raise AnswerError(
            _l("This group holds petitions to more than one agency: set apart the petitions of the others first.")
        )
    answer = answer_of(cluster.id)
    if answer is None:
        agency_id = next(iter(agencies), None)
        author_id = getattr(actor, "id", None)
        answer = ClusterAnswer(cluster_id=cluster.id, body=body, author_id=author_id, agency_id=agency_id)
        db.session.add(answer)
        db.session.flush()
        audit.record("cluster.answer", cluster, actor, answer=answer.id, before=None, after=body)
        _tell_followers(cluster)
    elif body != answer.body:
        answer.revisions.append(
            AnswerRevision(
                body=answer.body, author_id=answer.author_id, published_at=answer.amended_at or answer.published_at
            )
        )
        audit.record("cluster.answer_amended", cluster, actor, answer=answer.id, before=answer.body, after=body)
        answer.body, answer.author_id, answer.amended_at = body, getattr(actor, "id", None), utcnow()
        answer.translations.clear()  # they said what it said before: the official gives them again
    cluster.locked = True  # an answered group keeps its shape, so the answer keeps its meaning
    _schedule(answer)
    return answer


def translate(answer: ClusterAnswer, language: str, body: str, actor=None) -> None:
    """The answer in another language, shown to readers of it (empty: removed); nobody is told again. Audited."""
    body = (body or "").strip()
    if len(body) > MAX_ANSWER:
        raise AnswerError(_l("The answer is too long."))
    put_in_language(answer.translations, language, AnswerTranslation, body=body)
    cluster = db.session.get(Cluster, answer.cluster_id)
    audit.record("cluster.answer_translated", cluster, actor, answer=answer.id, language=language)


def body_in(answer: ClusterAnswer, locale: str | None = None) -> str:
    """The answer as published, or in the reader's language (`locale`, default the page's) when an official gave it."""
    found = in_language(answer.translations, locale or str(get_locale()))
    return answer.body if found is None else found.body


def _tell_followers(cluster: Cluster) -> None:
    """A group of a consultation's comments was answered: the consultation's followers are told which."""
    consultation = scopes.consultation_of(cluster)
    if consultation is not None:
        following.tell(Kind.CONSULTATION, consultation.id, "answer", cluster_id=cluster.id, gist=_gist(cluster))


def _gist(cluster: Cluster, locale: str | None = None) -> str:
    """What the group says, in a line: its published representative, in `locale` when one wrote in it."""
    wanted = [(cluster.representatives or {}).get(locale), cluster.representative_id]
    for submission_id in filter(None, wanted):
        member = db.session.get(Submission, submission_id)
        if member is not None and member.moderation == Moderation.PUBLISHED:
            return shortened(member.body)
    return ""


def told_directly(news, **extra):
    """The people an answer's delivery tells of it, for the followers' news of the same answer to leave out
    (connected in create_app): one event, one notice."""
    answer = answer_of(news.details.get("cluster_id")) if news.what == "answer" else None
    if answer is None:
        return None
    authors = _answered(answer, Submission.author_id).where(Submission.author_id.is_not(None))
    grouped = select(Petition.id).where(Petition.submission_id.in_(_answered(answer, Submission.id)))
    signers = select(Signature.user_id).where(
        Signature.petition_id.in_(grouped), Signature.state == SignatureState.CONFIRMED, Signature.user_id.is_not(None)
    )
    return union(authors, _repliers(answer), signers)


def _schedule(answer: ClusterAnswer) -> None:
    answer.delivered_at = None
    enqueue_after_commit(db.session, "workers.feedback.deliver_answer", answer.id)


def tell_joined(sender, cluster_ids: list[int], **extra) -> None:
    """Clusters gained members: if answered, their new authors are told (connected in create_app)."""
    for answer in answers_of(cluster_ids).values():
        _schedule(answer)


# -- delivery -----------------------------------------------------------------------------------


def _untold(answer: ClusterAnswer, email_column):
    return ~exists().where(AnswerNotice.answer_id == answer.id, AnswerNotice.email == email_column)


def _answered(answer: ClusterAnswer, *columns):
    """A select of `columns` of the members the answer is for: published, firm or confirmed, and in a group of
    petitions, addressed to the agency that answered."""
    query = select(*columns).where(
        Submission.cluster_id == answer.cluster_id, Submission.moderation == Moderation.PUBLISHED, firm()
    )
    if answer.agency_id is not None and db.session.get(Cluster, answer.cluster_id).scope == PETITIONS:
        addressed = Petition.agency_id == answer.agency_id
        query = query.join(Petition, Petition.submission_id == Submission.id).where(addressed)
    return query


def _repliers(answer: ClusterAnswer):
    """A select of the authors of the published replies to the comments the answer is for: they took part in the
    thread ("I agree", "and in our village too"), whatever group their own words went to. Staff's replies, kept
    aside, are not theirs."""
    reply, parent = aliased(Submission), aliased(Comment)
    return (
        select(reply.author_id)
        .select_from(Comment)
        .join(reply, reply.id == Comment.submission_id)
        .join(parent, parent.id == Comment.parent_id)
        .where(parent.submission_id.in_(_answered(answer, Submission.id)), reply.author_id.is_not(None))
        .where(reply.moderation == Moderation.PUBLISHED, reply.processing != Processing.ASIDE)
    )


def _authors(answer: ClusterAnswer, batch: int) -> list[tuple[str, str, str, int | None]]:
    wrote = _answered(answer, Submission.author_id).union(_repliers(answer))
    query = select(User).where(User.id.in_(wrote), _untold(answer, User.email)).order_by(User.id).limit(batch)
    return [(u.email, u.display_name, u.locale, u.id) for u in db.session.scalars(query)]


def _signers(answer: ClusterAnswer, batch: int) -> list[tuple[str, str, str, int | None]]:
    grouped = select(Petition.id).where(Petition.submission_id.in_(_answered(answer, Submission.id)))
    query = (
        select(Signature)
        .where(
            Signature.petition_id.in_(grouped),
            Signature.state == SignatureState.CONFIRMED,
            _untold(answer, Signature.email),
        )
        .order_by(Signature.id)
        .limit(batch)
    )
    people = {}
    for s in db.session.scalars(query):
        people.setdefault(s.email, (s.email, s.name, s.locale, s.user_id))  # signed two petitions of the group: once
    return list(people.values())


def deliver(answer_id: int, batch: int = BATCH) -> int:
    """Tell everyone in the answered cluster who was not told yet; returns how many this run told."""
    answer = db.session.get(ClusterAnswer, answer_id)
    if answer is None:
        return 0
    links, told = {}, 0
    for recipients in (_authors, _signers):
        told += broadcast(
            ClusterAnswer.batches_told,
            answer_id,
            lambda _mark, limit, recipients=recipients: recipients(answer, limit),
            lambda person: _tell_once(answer, person, links),
            batch=batch,
        )
    answer.delivered_at = utcnow()
    return told


def _tell_once(answer: ClusterAnswer, person: tuple, links: dict):
    db.session.add(AnswerNotice(answer_id=answer.id, email=person[0]))  # the next batches are read without them
    return _tell(answer, *person, links)


def _links(cluster_id: int, locale: str, known: dict) -> tuple[str, str]:
    """The group page's address for e-mail and its path for the inbox, built once per language."""
    if locale not in known:
        known[locale] = (
            external_url("feedback.group", lang_code=locale, cluster_id=cluster_id),
            site_path("feedback.group", lang_code=locale, cluster_id=cluster_id),
        )
    return known[locale]


def _subject(cluster: Cluster) -> str:
    """What was answered and where, in the active language: the consultation, or the group's first petition."""
    consultation = scopes.consultation_of(cluster)
    if consultation is not None:
        return _("An official answer to what you wrote on “%(title)s”", title=consultation.title)
    published = select(Submission.id).where(
        Submission.cluster_id == cluster.id, Submission.moderation == Moderation.PUBLISHED
    )
    first = select(Petition.title).where(Petition.submission_id.in_(published)).order_by(Petition.id).limit(1)
    title = db.session.scalar(first) or ""
    return _("An official answer to the petition “%(title)s” and those like it", title=title)


def _words(answer: ClusterAnswer, locale: str, links: dict) -> tuple[str, str]:
    """The subject (what and where) and the inbox text (which group) in `locale`, built once per language."""
    key = ("words", locale)
    if key not in links:
        cluster = db.session.get(Cluster, answer.cluster_id)
        subject, gist = _subject(cluster), _gist(cluster, locale)
        body = _("Read the answer given to everyone who said the same.")
        if gist:
            body = _("Your group says: “%(gist)s”.", gist=gist) + " " + body
        links[key] = (subject, body)
    return links[key]


def _tell(answer: ClusterAnswer, email: str, name: str, locale: str, user_id: int | None, links: dict):
    link, path = _links(answer.cluster_id, locale, links)
    with force_locale(locale):
        subject, body = _words(answer, locale, links)
        message = queue_email(email, subject, "cluster_answer", name=name, answer=answer, link=link)
        if user_id is not None:
            inbox.deliver(user_id, subject, body, path)
    return message


def undelivered_ids() -> list[int]:
    """Answers whose delivery has not finished (Redis was down, or a worker died): for the sweeper."""
    return list(db.session.scalars(select(ClusterAnswer.id).where(ClusterAnswer.delivered_at.is_(None))))

"""A petition's life: draft, sponsors, moderation, open, deadline, response (thresholds: thresholds.py).

Every transition adds a step to the public timeline and an audit event; the caller commits.
Changes that race (thresholds, deadlines, moderation) are conditional updates, so that two
requests or jobs cannot both carry out the same step.
"""

import secrets
from datetime import timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.access import is_agency_staff
from app.accounts.models import Role
from app.core.db import utcnow
from app.core.queue import enqueue_after_commit
from app.extensions import db
from app.feedback import answers
from app.following import services as following
from app.following.models import Kind
from app.petitions import notices, signing, thresholds
from app.petitions.models import PUBLISHED_STATES, Petition, PetitionEvent, PetitionResponse, Rejection, State
from app.petitions.steps import move, record, setting
from app.semantic.langid import detect_language
from app.submissions import services as submissions
from app.submissions.models import Moderation
from app.submissions.scopes import PETITIONS


class PetitionError(Exception):
    """A step that cannot be taken now; the message is for the user."""


# -- writing --------------------------------------------------------------------------------------


def save_draft(author, fields: dict, petition: Petition | None = None) -> Petition:
    """Create a draft, or change one the author has not submitted yet."""
    if petition is None:
        petition = Petition(author_id=author.id, sponsor_token=secrets.token_urlsafe(24), state=State.DRAFT)
        db.session.add(petition)
    elif petition.state != State.DRAFT:
        raise PetitionError("submitted")
    for name in ("title", "request", "background", "category", "agency_id", "region_code"):
        setattr(petition, name, fields[name])
    petition.language = detect_language(f"{petition.title}\n{petition.request}")
    db.session.flush()
    return petition


def submit(petition: Petition, author) -> None:
    """The author sends the draft on: it gathers sponsors (or goes to moderation if none are needed).

    The author's own signature comes first; the text becomes a submission, so that petitions
    written later are compared with it.
    """
    if not move(petition, (State.DRAFT,), State.SPONSORING, submitted_at=utcnow()):
        raise PetitionError("submitted")
    body = f"{petition.title}\n\n{petition.request}"
    petition.submission_id = submissions.submit("petition", PETITIONS, body, author, Moderation.PENDING).id
    record(petition, "submitted", author)
    signing.sign_as_user(petition, author)


# -- moderation -----------------------------------------------------------------------------------


def _moderate_submission(petition: Petition, moderation: Moderation) -> None:
    if petition.submission_id:
        submission = db.session.get(submissions.Submission, petition.submission_id)
        submissions.moderate(submission, moderation)


def publish(petition: Petition, moderator, agency_id: int | None) -> None:
    """Open a petition for signatures until its deadline."""
    now = utcnow()
    closes = now + timedelta(days=setting("DAYS"))
    if not move(petition, (State.MODERATION,), State.OPEN, opened_at=now, closes_at=closes, agency_id=agency_id):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.PUBLISHED)
    record(petition, "opened", moderator, agency_id=agency_id)
    notices.tell_moderated(petition, "opened")
    thresholds.check_thresholds(petition)


def reject(petition: Petition, moderator, reason: Rejection, note: str, duplicate_of: Petition | None) -> None:
    """Refuse a petition waiting for moderation, with a reason its author and the public see."""
    values = {"rejection": reason, "moderation_note": note, "duplicate_of_id": duplicate_of and duplicate_of.id}
    if not move(petition, (State.MODERATION, State.SPONSORING), State.REJECTED, **values):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.REJECTED)
    record(petition, "rejected", moderator, reason=str(reason), duplicate_of=values["duplicate_of_id"])
    notices.tell_moderated(petition, "rejected")


def hide(petition: Petition, moderator, note: str) -> None:
    """Take a published petition down, with a reason."""
    if not move(petition, PUBLISHED_STATES, State.HIDDEN, moderation_note=note):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.HIDDEN)
    record(petition, "hidden", moderator)
    notices.tell_moderated(petition, "hidden")


# -- thresholds and deadline ----------------------------------------------------------------------


def close_expired(now=None) -> int:
    """Close every open petition past its deadline; returns how many were closed."""
    now = now or utcnow()
    due = db.session.scalars(select(Petition).where(Petition.state == State.OPEN, Petition.closes_at <= now))
    closed = 0
    for petition in due:
        if move(petition, (State.OPEN,), State.CLOSED, closed_at=now):
            record(petition, "closed", count=petition.signature_count)
            following.tell(Kind.PETITION, petition.id, "closed", count=petition.signature_count)
            closed += 1
    return closed


# -- the agency's answer --------------------------------------------------------------------------


def may_moderate(user, petition: Petition) -> bool:
    """Moderators of the agency a petition is addressed to (and admins) moderate it; one addressed to no agency, any
    moderator, who may address it only to their own agency when publishing (admins route it anywhere)."""
    if petition.agency_id is None and user.is_authenticated and user.role == Role.MODERATOR:
        return True
    return is_agency_staff(user, petition.agency_id, Role.MODERATOR)


def may_respond(user, petition: Petition) -> bool:
    """Officials of the responsible agency (and admins) answer published petitions."""
    return petition.state in PUBLISHED_STATES and is_agency_staff(user, petition.agency_id, Role.OFFICIAL)


def respond(petition: Petition, official, body: str) -> PetitionResponse:
    """Publish the agency's response; every signer and the author are told by a job after commit."""
    if petition.response is not None:
        raise PetitionError("responded")
    now, agency_id = utcnow(), petition.agency_id  # the agency the caller checked the official against
    claimed = db.session.execute(  # only if no one answered, nor sent it on, meanwhile
        update(Petition)
        .where(Petition.id == petition.id, Petition.agency_id == agency_id, Petition.responded_at.is_(None))
        .values(responded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise PetitionError("responded")
    set_committed_value(petition, "responded_at", now)
    response = PetitionResponse(petition=petition, agency_id=agency_id, author_id=official.id, body=body)
    response.published_at = now
    db.session.add(response)
    db.session.flush()
    record(petition, "responded", official)
    enqueue_after_commit(db.session, "workers.petitions.notify_response", petition.id)
    following.tell(Kind.PETITION, petition.id, "response", agency_id=petition.agency_id)
    return response


#: Where a petition may be sent on from: sent by its author, and not yet rejected or hidden.
SENDABLE = (State.SPONSORING, State.MODERATION, State.OPEN, State.CLOSED)


def may_send_on(user, petition: Petition) -> bool:
    """Officials and moderators of the agency a petition is addressed to (and admins) send it on to another."""
    return petition.state in SENDABLE and is_agency_staff(user, petition.agency_id, Role.OFFICIAL, Role.MODERATOR)


def answered(petition: Petition) -> bool:
    """Its agency answered it: a response of its own, or the answer of its group reaching it (the one rule of
    feedback.answers.petition_answers, as its page and the ranking apply it)."""
    if petition.responded_at is not None:
        return True
    grouped = answers.petition_answers()
    return db.session.scalar(select(exists().where(grouped.c.petition_id == petition.id)))


def send_on(petition: Petition, actor, agency_id: int, reason: str) -> None:
    """Address a petition to another agency, its agency's staff having found it is not theirs; its author and
    the followers of the petition and of that agency are told. An answered petition stays where it is."""
    source = petition.agency_id
    if agency_id == source or answered(petition):
        raise PetitionError("answered")
    moved = db.session.execute(  # only if no one answered or sent it on meanwhile
        update(Petition)
        .where(Petition.id == petition.id, Petition.agency_id == source, Petition.state.in_(SENDABLE))
        .where(Petition.responded_at.is_(None))
        .values(agency_id=agency_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(petition)
    if not moved:
        raise PetitionError("answered")
    record(petition, "sent-on", actor, from_agency=source, to_agency=agency_id, reason=reason)
    notices.tell_sent_on(petition, reason)
    if petition.is_published:
        following.tell(Kind.PETITION, petition.id, "sent-on", agency_id=agency_id)


def record_outcome(petition: Petition, official, outcome: str) -> None:
    """Record what consideration decided, once the consideration threshold was reached."""
    if petition.consideration_due_at is None or petition.considered_at is not None:
        raise PetitionError("considered")
    petition.outcome, petition.considered_at = outcome, utcnow()
    record(petition, "considered", official)


def timeline(petition: Petition) -> list[PetitionEvent]:
    return list(
        db.session.scalars(
            select(PetitionEvent).where(PetitionEvent.petition_id == petition.id).order_by(PetitionEvent.id)
        )
    )

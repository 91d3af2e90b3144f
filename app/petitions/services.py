"""A petition's life: draft, sponsors, moderation, open, thresholds, deadline, response.

Every transition adds a step to the public timeline and an audit event; the caller commits.
Changes that race (thresholds, deadlines, moderation) are conditional updates, so that two
requests or jobs cannot both carry out the same step.
"""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.audit import services as audit
from app.core.db import utcnow
from app.core.queue import enqueue_after_commit
from app.extensions import db
from app.following import services as following
from app.following.models import Kind
from app.petitions.models import PUBLISHED_STATES, Petition, PetitionEvent, PetitionResponse, Rejection, State
from app.semantic.langid import detect_language
from app.submissions import services as submissions
from app.submissions.models import Moderation

SCOPE = "petitions"  # the semantic scope of every petition: duplicates are found across all of them


class PetitionError(Exception):
    """A step that cannot be taken now; the message is for the user."""


def _setting(name: str) -> int:
    return current_app.config[f"OVOZ_PETITION_{name}"]


def _event(petition: Petition, kind: str, actor=None, **details) -> None:
    db.session.add(PetitionEvent(petition_id=petition.id, kind=kind, details=details))
    audit.record(f"petition.{kind}", petition, actor=actor, **details)


def _move(petition: Petition, source: tuple[State, ...], target: State, **values) -> bool:
    """Change the state only if it is still one of `source` (another request may have moved it)."""
    moved = db.session.execute(
        update(Petition)
        .where(Petition.id == petition.id, Petition.state.in_(source))
        .values(state=target, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(petition)
    return bool(moved)


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
    from app.petitions import signing

    if not _move(petition, (State.DRAFT,), State.SPONSORING, submitted_at=utcnow()):
        raise PetitionError("submitted")
    body = f"{petition.title}\n\n{petition.request}"
    petition.submission_id = submissions.submit("petition", SCOPE, body, author, Moderation.PENDING).id
    _event(petition, "submitted", author)
    signing.sign_as_user(petition, author)


def sponsors_needed(petition: Petition) -> int:
    """Sponsors still missing (the author's signature is not one)."""
    return max(0, _setting("SPONSORS") + 1 - petition.signature_count)


def check_sponsors(petition: Petition) -> None:
    """Send a petition with enough sponsors to moderation."""
    ready = petition.state == State.SPONSORING and sponsors_needed(petition) == 0
    if ready and _move(petition, (State.SPONSORING,), State.MODERATION):
        _event(petition, "sponsored", count=petition.signature_count)


# -- moderation -----------------------------------------------------------------------------------


def _moderate_submission(petition: Petition, moderation: Moderation) -> None:
    if petition.submission_id:
        submission = db.session.get(submissions.Submission, petition.submission_id)
        submissions.moderate(submission, moderation)


def publish(petition: Petition, moderator, agency_id: int | None) -> None:
    """Open a petition for signatures until its deadline."""
    now = utcnow()
    closes = now + timedelta(days=_setting("DAYS"))
    if not _move(petition, (State.MODERATION,), State.OPEN, opened_at=now, closes_at=closes, agency_id=agency_id):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.PUBLISHED)
    _event(petition, "opened", moderator, agency_id=agency_id)
    check_thresholds(petition)


def reject(petition: Petition, moderator, reason: Rejection, note: str, duplicate_of: Petition | None) -> None:
    """Refuse a petition waiting for moderation, with a reason its author and the public see."""
    values = {"rejection": reason, "moderation_note": note, "duplicate_of_id": duplicate_of and duplicate_of.id}
    if not _move(petition, (State.MODERATION, State.SPONSORING), State.REJECTED, **values):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.REJECTED)
    _event(petition, "rejected", moderator, reason=str(reason), duplicate_of=values["duplicate_of_id"])


def hide(petition: Petition, moderator, note: str) -> None:
    """Take a published petition down, with a reason."""
    if not _move(petition, PUBLISHED_STATES, State.HIDDEN, moderation_note=note):
        raise PetitionError("moderated")
    _moderate_submission(petition, Moderation.HIDDEN)
    _event(petition, "hidden", moderator)


# -- thresholds and deadline ----------------------------------------------------------------------


def _reach(petition: Petition, column, kind: str) -> None:
    reached = db.session.execute(
        update(Petition)
        .where(Petition.id == petition.id, column.is_(None))
        .values({column: utcnow()})
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(petition)
    if reached:
        _event(petition, kind, count=petition.signature_count)
        following.tell(Kind.PETITION, petition.id, "threshold", threshold=kind)


def check_thresholds(petition: Petition) -> None:
    """Record the moment a published petition reaches the response or the consideration threshold."""
    if petition.state not in PUBLISHED_STATES:
        return
    if petition.signature_count >= _setting("RESPONSE_THRESHOLD") and petition.response_due_at is None:
        _reach(petition, Petition.response_due_at, "response-threshold")
    if petition.signature_count >= _setting("CONSIDERATION_THRESHOLD") and petition.consideration_due_at is None:
        _reach(petition, Petition.consideration_due_at, "consideration-threshold")


def close_expired(now=None) -> int:
    """Close every open petition past its deadline; returns how many were closed."""
    now = now or utcnow()
    due = db.session.scalars(select(Petition).where(Petition.state == State.OPEN, Petition.closes_at <= now))
    closed = 0
    for petition in due:
        if _move(petition, (State.OPEN,), State.CLOSED, closed_at=now):
            _event(petition, "closed", count=petition.signature_count)
            following.tell(Kind.PETITION, petition.id, "closed", count=petition.signature_count)
            closed += 1
    return closed


def next_threshold(petition: Petition) -> int | None:
    """The number of signatures the petition works towards now (None when it has passed both)."""
    for name in ("RESPONSE_THRESHOLD", "CONSIDERATION_THRESHOLD"):
        if petition.signature_count < _setting(name):
            return _setting(name)
    return None


# -- the agency's answer --------------------------------------------------------------------------


def may_respond(user, petition: Petition) -> bool:
    """Officials of the responsible agency (and admins) answer published petitions."""
    from app.accounts.models import Role

    if not user.is_authenticated or petition.state not in PUBLISHED_STATES:
        return False
    return user.role == Role.ADMIN or (user.role == Role.OFFICIAL and user.agency_id == petition.agency_id)


def respond(petition: Petition, official, body: str) -> PetitionResponse:
    """Publish the agency's response; every signer and the author are told by a job after commit."""
    from workers.petitions import notify_response

    if petition.response is not None:
        raise PetitionError("responded")
    response = PetitionResponse(petition=petition, agency_id=petition.agency_id, author_id=official.id, body=body)
    db.session.add(response)
    petition.responded_at = response.published_at = utcnow()
    db.session.flush()
    _event(petition, "responded", official)
    enqueue_after_commit(db.session, notify_response, petition.id)
    following.tell(Kind.PETITION, petition.id, "response", agency_id=petition.agency_id)
    return response


def record_outcome(petition: Petition, official, outcome: str) -> None:
    """Record what consideration decided, once the consideration threshold was reached."""
    if petition.consideration_due_at is None or petition.considered_at is not None:
        raise PetitionError("considered")
    petition.outcome, petition.considered_at = outcome, utcnow()
    _event(petition, "considered", official)


def timeline(petition: Petition) -> list[PetitionEvent]:
    return list(
        db.session.scalars(
            select(PetitionEvent).where(PetitionEvent.petition_id == petition.id).order_by(PetitionEvent.id)
        )
    )

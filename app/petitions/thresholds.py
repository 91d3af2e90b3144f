"""Where a petition's signature count leads: out of the sponsor phase, and past the response and
consideration thresholds. Called whenever the count moves; each step is taken once, even under races."""

from sqlalchemy import update

from app.core.db import utcnow
from app.extensions import db
from app.following import services as following
from app.following.models import Kind
from app.petitions.models import PUBLISHED_STATES, Petition, State
from app.petitions.steps import move, record, setting


def sponsors_needed(petition: Petition) -> int:
    """Sponsors still missing (the author's signature is not one)."""
    return max(0, setting("SPONSORS") + 1 - petition.signature_count)


def check_sponsors(petition: Petition) -> None:
    """Send a petition with enough sponsors to moderation."""
    ready = petition.state == State.SPONSORING and sponsors_needed(petition) == 0
    if ready and move(petition, (State.SPONSORING,), State.MODERATION):
        record(petition, "sponsored", count=petition.signature_count)


def _reach(petition: Petition, column, kind: str) -> None:
    reached = db.session.execute(
        update(Petition)
        .where(Petition.id == petition.id, column.is_(None))
        .values({column: utcnow()})
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(petition)
    if reached:
        record(petition, kind, count=petition.signature_count)
        following.tell(Kind.PETITION, petition.id, "threshold", threshold=kind)


def check_thresholds(petition: Petition) -> None:
    """Record the moment a published petition reaches the response or the consideration threshold."""
    if petition.state not in PUBLISHED_STATES:
        return
    if petition.signature_count >= setting("RESPONSE_THRESHOLD") and petition.response_due_at is None:
        _reach(petition, Petition.response_due_at, "response-threshold")
    if petition.signature_count >= setting("CONSIDERATION_THRESHOLD") and petition.consideration_due_at is None:
        _reach(petition, Petition.consideration_due_at, "consideration-threshold")


def next_threshold(petition: Petition) -> int | None:
    """The number of signatures the petition works towards now (None when it has passed both)."""
    for name in ("RESPONSE_THRESHOLD", "CONSIDERATION_THRESHOLD"):
        if petition.signature_count < setting(name):
            return setting(name)
    return None

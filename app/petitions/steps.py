"""The steps of a petition's life as every part of it takes them: a change of state that only one request
or job can make, a step in the public timeline with its audit event, and the settings that give the numbers."""

from flask import current_app
from sqlalchemy import update

from app.audit import services as audit
from app.extensions import db
from app.petitions.models import Petition, PetitionEvent, State


def setting(name: str) -> int:
    """A number of the petition rules, e.g. setting("DAYS") is OVOZ_PETITION_DAYS."""
    return current_app.config[f"OVOZ_PETITION_{name}"]


def record(petition: Petition, kind: str, actor=None, **details) -> None:
    """Add a step to the public timeline, and the same to the audit log."""
    db.session.add(PetitionEvent(petition_id=petition.id, kind=kind, details=details))
    audit.record(f"petition.{kind}", petition, actor=actor, **details)


def move(petition: Petition, source: tuple[State, ...], target: State, **values) -> bool:
    """Change the state only if it is still one of `source` (another request may have moved it)."""
    moved = db.session.execute(
        update(Petition)
        .where(Petition.id == petition.id, Petition.state.in_(source))
        .values(state=target, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(petition)
    return bool(moved)

"""Recording privileged actions."""

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db


def record(action: str, target=None, actor=None, **details) -> AuditEvent:
    """Add an audit event by `actor` (default: the current user) to the session; the caller commits."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_role=str(actor.role) if actor else None,
        target_type=target.__tablename__ if target is not None else None,
        target_id=target.id if target is not None else None,
        details=details,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def recent_events(page: int, per_page: int = 50, action: str | None = None):
    """The newest events first, optionally of one kind."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)

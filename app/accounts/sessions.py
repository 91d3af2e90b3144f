"""Signed-in devices. Each sign-in gets a random token, kept in the device's cookies (as part of
`User.get_id()`); a cookie signs in only while its token's row exists, so ending a session
(sign out, sign out everywhere, a new password, deletion) holds even against a copied cookie."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from app.accounts.models import User, UserSession
from app.core.db import utcnow
from app.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _max_age() -> timedelta:
    """A session lives as long as a remember-me cookie may (Flask-Login's setting)."""
    return current_app.config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=365)


def start_session(user: User) -> None:
    """Give the device that signs in a new token (set on `user` for Flask-Login); forget expired ones."""
    db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.created_at < utcnow() - _max_age())
    )
    user.session_token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_digest=_digest(user.session_token)))


def user_of_session(cookie_id: str) -> User | None:
    """The active user whose unexpired session a cookie names ("<user id>-<token>"), or None."""
    user_id, _, token = cookie_id.partition("-")
    if not user_id.isdigit() or not token:
        return None
    query = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.token_digest == _digest(token))
        .where(UserSession.created_at >= utcnow() - _max_age())
    )
    user = db.session.scalar(query)
    if user is None or not user.is_active:
        return None
    user.session_token = token
    return user


def end_session(user: User) -> None:
    """Sign out the device `user` was loaded for."""
    if user.session_token:
        db.session.execute(delete(UserSession).where(UserSession.token_digest == _digest(user.session_token)))


def end_all_sessions(user: User) -> int:
    """Sign out every device of the account; how many were signed in."""
    return db.session.execute(delete(UserSession).where(UserSession.user_id == user.id)).rowcount

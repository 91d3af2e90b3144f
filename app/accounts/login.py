"""Flask-Login wiring: who is the current user, and where to send people who must sign in."""

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from app.accounts.sessions import start_session, user_of_session
from app.core.security import renew_session
from app.extensions import login_manager


def sign_in(user, remember: bool) -> None:
    """Sign this device in with a new session: a fresh cookie session (nothing planted before carries
    over, not even the CSRF token) and a new token for the session and remember-me cookies."""
    renew_session()
    start_session(user)
    login_user(user, remember=remember)


def sign_in_again(user) -> None:
    """After all sessions of the account were ended, keep this device signed in, with new cookies."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    sign_in(user, remember=cookie in request.cookies)


def register_login(app):
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(user_of_session)

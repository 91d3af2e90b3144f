"""Flask-Login wiring: who is the current user, and where to send people who must sign in."""

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.extensions import db, login_manager


def _load_user(user_id: str):
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def register_login(app):
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)

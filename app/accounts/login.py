"""Flask-Login wiring: who is the current user, where to send people who must sign in, the second step
of signing in, and staff who have not set up two-step sign-in yet."""

import time

from flask import current_app, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from app.accounts.models import User
from app.accounts.sessions import start_session, user_of_session
from app.accounts.two_factor import staff_must_enrol
from app.core.security import renew_session
from app.extensions import db, limiter, login_manager

#: The cookie session's key for a sign-in whose password was right and whose code is still to come.
PENDING = "ovoz_second_step"
PENDING_MAX_AGE = 300  # seconds to type the code
PENDING_MAX_TRIES = 5  # wrong codes before the password must be typed again
#: Pages an unenrolled staff member may open: the set-up page itself, and signing out.
SETUP_ENDPOINTS = frozenset({"static", "accounts.two_step", "accounts.logout"})


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


def start_second_step(user: User, remember: bool, next_url: str | None) -> None:
    """The password was right: remember, in the signed cookie session and for a few minutes only,
    who is signing in; nobody is signed in until the code is right too."""
    renew_session()
    session[PENDING] = {
        "uid": user.id,
        "ph": user.password_hash[-16:],  # a new password meanwhile ends this sign-in
        "remember": bool(remember),
        "next": next_url,
        "at": int(time.time()),
        "tries": 0,
    }


def pending_sign_in() -> tuple[User, dict] | tuple[None, None]:
    """The account waiting for its code, and what it asked for; (None, None) if none or too late."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        return None, None
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.is_active or not user.has_two_factor or user.password_hash[-16:] != pending["ph"]:
        return None, None
    return user, pending


def count_wrong_code() -> bool:
    """Count a wrong code; False once there were too many, and the password must be typed again."""
    pending = session.get(PENDING) or {}
    pending["tries"] = pending.get("tries", 0) + 1
    if pending["tries"] >= PENDING_MAX_TRIES:
        session.pop(PENDING, None)
        return False
    session[PENDING] = pending
    return True


def _pending_account() -> str:
    pending = session.get(PENDING)
    return f"second-step:{pending.get('uid') if isinstance(pending, dict) else ''}"


#: Wrong codes are limited per account (whatever the address), on top of the tries of one sign-in.
limit_second_step = limiter.limit(
    lambda: current_app.config["OVOZ_RATELIMIT_LOGIN"],
    methods=["POST"],
    key_func=_pending_account,
    deduct_when=lambda response: response.status_code != 302,
)


def _signed_in_account() -> str:
    return f"proof:{current_user.id if current_user.is_authenticated else ''}"


#: Wrong passwords and codes typed by a signed-in person are limited per account: a session someone else holds
#: (a computer left signed in) does not let them guess the password or the code freely.
limit_wrong_proof = limiter.limit(
    lambda: current_app.config["OVOZ_RATELIMIT_LOGIN"],
    methods=["POST"],
    key_func=_signed_in_account,
    deduct_when=lambda response: response.status_code == 400,
)


def _send_staff_to_setup():
    """Before any page (one place, so no staff page can forget it): staff who must set up two-step
    sign-in see the set-up page first."""
    if request.endpoint in SETUP_ENDPOINTS or not current_user.is_authenticated:
        return None
    if staff_must_enrol(current_user):
        return redirect(
            url_for("accounts.two_step", next=request.full_path.rstrip("?") if request.method == "GET" else None)
        )
    return None


def register_login(app):
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(user_of_session)
    app.before_request(_send_staff_to_setup)

"""What can happen to an account. Callable from pages, jobs and the CLI; the caller commits."""

from blinker import Namespace
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts import tokens
from app.accounts.models import Role, User
from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.accounts.sessions import end_all_sessions
from app.audit import services as audit
from app.audit.models import AuditEvent
from app.core.db import utcnow
from app.core.urls import external_url
from app.extensions import db
from app.mail.services import send_email

signals = Namespace()
#: Sent before an account is deleted, so that each feature can remove or anonymise what it holds.
account_deleting = signals.signal("account-deleting")
#: Sent when a person asks for their data: each receiver returns (title, JSON-able) of what its feature holds.
personal_data_requested = signals.signal("personal-data-requested")


class AccountError(Exception):
    """A request about an account that cannot be carried out; the message is for the user."""


def normalize_email(email: str) -> str:
    """The form in which an address is stored and compared: validated syntax, lower case."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def register(email: str, password: str, display_name: str, locale: str, region_code: str | None) -> User | None:
    """Create an unconfirmed citizen account and send the confirmation link.

    If the address is taken, its owner is told by e-mail instead, and the page says the same
    either way, so that nobody can find out who has an account: not by the answer, and not by
    its time either, since both ways hash the password and queue one e-mail.
    """
    password_hash = hash_password(password)
    existing = find_by_email(email)
    if existing is not None:
        _send_in(existing, _l("Someone tried to register with your address"), "account_exists", user=existing)
        return None
    user = User(
        email=normalize_email(email),
        password_hash=password_hash,
        display_name=display_name,
        locale=locale,
        region_code=region_code or None,
        role=Role.CITIZEN,
    )
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    return user


def _send_in(recipient: User, subject, template: str, **context):
    """Send a message rendered in the recipient's own language (`subject` is a lazy string)."""
    with force_locale(recipient.locale):
        send_email(recipient.email, str(subject), template, **context)


def send_confirmation(user: User) -> None:
    token = tokens.make_token(tokens.CONFIRM, {"uid": user.id, "email": user.email})
    link = external_url("accounts.confirm", token=token, lang_code=user.locale)
    _send_in(user, _l("Confirm your e-mail address for Ovoz"), "confirm", user=user, link=link)


def confirm_email(token: str) -> User | None:
    """Mark the address confirmed if the link is valid; None for a bad or expired link."""
    payload = tokens.read_token(tokens.CONFIRM, token, current_app.config["OVOZ_CONFIRM_MAX_AGE"])
    user = db.session.get(User, payload["uid"]) if payload else None
    if user is None or user.email != payload.get("email"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this address and password, or None (in the same time either way).

    A failure goes to the audit log, against the account if the address has one (never the password,
    nor an address without an account: people type their password into the wrong box).
    """
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password) or not user.is_active:
        audit.record("account.sign_in_failed", user)
        return None
    return user


def upgrade_password_hash(user: User, password: str) -> None:
    """After a right password: hash it again if the hash's parameters are outdated."""
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)


def record_login(user: User) -> None:
    """Note a successful sign-in (in the audit log for staff)."""
    user.last_login_at = utcnow()
    if user.role != Role.CITIZEN:
        audit.record("account.signed_in", user, actor=user)


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = tokens.make_token(tokens.RESET, {"uid": user.id, "ph": user.password_hash[-16:]})
    link = external_url("accounts.reset_password", token=token, lang_code=user.locale)
    _send_in(user, _l("Reset your Ovoz password"), "reset", user=user, link=link)


def user_of_reset_link(token: str) -> User | None:
    """The account a valid, unused reset link is for, or None."""
    payload = tokens.read_token(tokens.RESET, token, current_app.config["OVOZ_RESET_MAX_AGE"])
    user = db.session.get(User, payload["uid"]) if payload else None
    if user is None or user.password_hash[-16:] != payload.get("ph"):
        return None
    return user


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a reset link; a link works once (it names the old hash)."""
    user = user_of_reset_link(token)
    if user is None:
        return None
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:  # the link proves the address too
        user.email_confirmed_at = utcnow()
    end_all_sessions(user)  # whoever knew the old password may be signed in somewhere
    audit.record("account.password_reset", user, actor=user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("Your current password is not correct."))
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)  # the caller signs this device in again
    audit.record("account.password_changed", user, actor=user)


def sign_out_everywhere(user: User) -> None:
    """End every session of the account, this device's too (after a lost phone or a shared computer)."""
    devices = end_all_sessions(user)
    audit.record("account.signed_out_everywhere", user, actor=user, sessions=devices)


def update_profile(user: User, display_name: str, region_code: str | None, locale: str) -> None:
    user.display_name = display_name
    user.region_code = region_code or None
    user.locale = locale


def export_personal_data(user: User) -> dict:
    """Everything Ovoz holds about a person, as JSON-able data (GDPR-style access request); the export is audited
    and the caller commits."""
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "region_code": user.region_code,
            "language": user.locale,
            "role": str(user.role),
            "agency": user.agency.slug if user.agency else None,
            "registered_at": user.created_at.isoformat(),
            "email_confirmed_at": user.email_confirmed_at.isoformat() if user.email_confirmed_at else None,
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
            "two_step_sign_in_since": user.totp_enabled_at.isoformat() if user.totp_enabled_at else None,
        },
        "actions_in_audit_log": [
            {"when": e.created_at.isoformat(), "action": e.action, "ip_address": e.ip_address}
            for e in db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id))
        ],
    }
    for _receiver, (title, section) in personal_data_requested.send(current_app._get_current_object(), user=user):
        data[title] = section
    audit.record("account.data_exported", user, actor=user)
    return data


def delete_account(user: User, password: str) -> None:
    """Delete an account after the password is confirmed; features clean up through the signal."""
    if not verify_password(user.password_hash, password):
        raise AccountError(_("Your password is not correct."))
    if user.role == Role.ADMIN and count_admins() <= 1:
        raise AccountError(_("You are the last administrator. Make someone else an administrator first."))
    account_deleting.send(current_app._get_current_object(), user=user)
    end_all_sessions(user)
    audit.record("account.deleted", None, user_id=user.id)
    db.session.delete(user)


def count_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN))

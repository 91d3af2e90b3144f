"""Two-step sign-in: a time-based code from an authenticator app (TOTP, RFC 6238), or a one-time
recovery code. Callable from pages and the CLI; the caller commits.

The TOTP secret is stored encrypted (Fernet) with a key derived from the app's secret key, so that a copy
of the database alone does not make codes. A new secret key makes the stored secrets unreadable: people
then sign in with a recovery code and set two-step sign-in up again (or `flask users reset-two-step`).
"""

import base64
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from app.accounts.models import RecoveryCode, User
from app.accounts.passwords import verify_password
from app.audit import services as audit
from app.core.db import utcnow
from app.extensions import db

ISSUER = "Ovoz"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to mistake
CODE_DIGITS = 6  # pyotp's default, and what authenticator apps show
#: A code from the step before or after the current one (30 s each) is accepted too: phones' clocks drift.
DRIFT_STEPS = 1


class SecondFactorError(Exception):
    """A code (or password) that cannot be accepted; the message is for the user, next to `field`."""

    def __init__(self, message: str, field: str = "code"):
        super().__init__(message)
        self.field = field


def new_secret() -> str:
    return pyotp.random_base32()


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ovoz totp secrets")
    return Fernet(base64.urlsafe_b64encode(key.derive(current_app.config["SECRET_KEY"].encode())))


def sealed(secret: str) -> str:
    """The secret as stored: encrypted and authenticated."""
    return _fernet().encrypt(secret.encode()).decode()


def _secret_of(user: User) -> str | None:
    """The account's TOTP secret; None if it cannot be read (the app's secret key has changed)."""
    try:
        return _fernet().decrypt(user.totp_secret.encode()).decode()
    except (InvalidToken, AttributeError):
        return None


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(user: User, secret: str) -> Markup:
    """The authenticator app's QR code as inline SVG, drawn here: no image is fetched from anywhere."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff")
    return Markup(svg)  # noqa: S704 - drawn by segno from our own URI: paths only, no text of anyone


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, after_step: int | None) -> int | None:
    """The time step whose code this is (within the allowed drift and later than `after_step`), or None."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        expected = totp.generate_otp(step).encode()
        if (after_step is None or step > after_step) and hmac.compare_digest(expected, code.encode()):
            return step
    return None


def _digest(code: str, salt: bytes) -> str:
    return salt.hex() + "$" + hmac.new(salt, code.encode(), hashlib.sha256).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with new ones; the plain codes are returned once, never stored."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, digest=_digest(code, secrets.token_bytes(16))) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn two-step sign-in on once a code from the app proves it was set up; the new recovery codes."""
    code = _normalized(code)
    step = _matching_step(secret, code, None) if code.isascii() and code.isdigit() else None
    if step is None:
        audit.record("account.two_factor_failed", user, actor=user, during="setup")
        raise SecondFactorError(_("This code is not correct. Check the time on your phone and try the newest code."))
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = sealed(secret), utcnow(), step
    audit.record("account.two_factor_enabled", user, actor=user)
    return _new_recovery_codes(user)


def _use_recovery_code(user: User, code: str) -> bool:
    """Mark the matching unused code used; a conditional update, so that two requests cannot both use it."""
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    for recovery in db.session.scalars(query):
        salt = bytes.fromhex(recovery.digest.partition("$")[0])
        if hmac.compare_digest(_digest(code, salt), recovery.digest):
            used = update(RecoveryCode).where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
            return db.session.execute(used.values(used_at=utcnow())).rowcount == 1
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record that the code of `step` signed in, unless another request did it (or a later one) first."""
    later = or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    claimed = db.session.execute(update(User).where(User.id == user.id, later).values(totp_last_step=step))
    db.session.refresh(user, ["totp_last_step"])
    return claimed.rowcount == 1


def unused_recovery_codes(user: User) -> int:
    query = select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    return db.session.scalar(query)


APP_CODE, RECOVERY_CODE = "app", "recovery"


def _looks_like_app_code(code: str) -> bool:
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def _use_app_code(user: User, code: str) -> bool:
    """Whether `code` (normalized) is the app's current code, not used before; it is then used."""
    secret = _secret_of(user)
    step = _matching_step(secret, code, user.totp_last_step) if _looks_like_app_code(code) and secret else None
    return step is not None and _claim_step(user, step)


def check_code(user: User, code: str) -> str | None:
    """Which kind of code `code` is, if it is the app's current code (not used before) or an unused recovery
    code (APP_CODE or RECOVERY_CODE); None for a wrong code. Audited."""
    code = _normalized(code)
    if _use_app_code(user, code):
        return APP_CODE
    if not _looks_like_app_code(code) and _use_recovery_code(user, code):
        audit.record("account.recovery_code_used", user, actor=user, left=unused_recovery_codes(user))
        return RECOVERY_CODE
    audit.record("account.two_factor_failed", user, actor=user, during="sign-in")
    return None


def renew_recovery_codes(user: User, proof: str) -> list[str]:
    """New recovery codes in place of every old one, once `proof` (the app's current code, or else the password)
    shows that the owner asks; a recovery code does not, it may be what was lost. The plain codes, to show once.
    Audited, refusals too."""
    if _use_app_code(user, _normalized(proof)):
        shown_by = "app"
    elif verify_password(user.password_hash, proof):  # also a short all-digit password of an older account
        shown_by = "password"
    else:
        audit.record("account.two_factor_failed", user, actor=user, during="new-recovery-codes")
        raise SecondFactorError(
            _("This is neither your password nor the current code from your authenticator app."), field="proof"
        )
    audit.record("account.recovery_codes_renewed", user, actor=user, proof=shown_by)
    return _new_recovery_codes(user)


def disable(user: User, password: str, code: str) -> None:
    """Turn two-step sign-in off, with the password and a current code (or a recovery code)."""
    if not verify_password(user.password_hash, password):
        raise SecondFactorError(_("Your password is not correct."), field="password")
    if not check_code(user, code):
        raise SecondFactorError(_("This code is not correct. Check the time on your phone and try the newest code."))
    reset(user)
    audit.record("account.two_factor_disabled", user, actor=user)


def reset(user: User) -> None:
    """Forget the secret and the recovery codes (the caller audits who did it)."""
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def staff_must_enrol(user: User) -> bool:
    """Whether this signed-in person must set up two-step sign-in before any other page opens."""
    optional = current_app.config.get("OVOZ_STAFF_2FA") == "optional"  # any other value: required
    return not optional and user.is_staff and not user.has_two_factor

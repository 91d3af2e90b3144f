"""Identities linked to accounts: who a verified identity is, linking, unlinking, new accounts from an e-ID.
Callable from pages, jobs and the CLI; the caller commits.

The personal number is hashed here, at once, with a key of the deployment (HMAC-SHA256): equal numbers give
equal hashes, so one person is one identity, but the table reveals no number to whoever reads it without the key.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import NO_PASSWORD, Role, User
from app.accounts.services import find_by_email, normalize_email
from app.audit import services as audit
from app.core.db import utcnow
from app.extensions import db
from app.identity.models import LinkedIdentity
from app.identity.providers import IdentityError, VerifiedIdentity


def no_password() -> str:
    """A password hash that no password matches; random, since a reset link names the end of the hash."""
    return NO_PASSWORD + secrets.token_hex(16)


def _hash_key() -> bytes:
    """OVOZ_IDENTITY_HASH_KEY (required in production with a provider); else one derived from the session key."""
    key = current_app.config.get("OVOZ_IDENTITY_HASH_KEY")
    if key:
        return key.encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"ovoz-identity-hash", hashlib.sha256).digest()


def number_hash(national_id: str) -> str:
    """The keyed hash of a personal number, written the same whatever spaces or case it came with."""
    number = "".join(national_id.split()).upper()
    return hmac.new(_hash_key(), number.encode(), hashlib.sha256).hexdigest()


def linked_identity(user: User) -> LinkedIdentity | None:
    return db.session.scalar(select(LinkedIdentity).where(LinkedIdentity.user_id == user.id))


def _link_of(hashed: str) -> LinkedIdentity | None:
    return db.session.scalar(select(LinkedIdentity).where(LinkedIdentity.number_hash == hashed))


def user_of(identity: VerifiedIdentity) -> User | None:
    """The account this person's identity is linked to, through whichever provider; None for a stranger."""
    link = _link_of(number_hash(identity.national_id))
    return db.session.get(User, link.user_id) if link else None


def record_sign_in(user: User, identity: VerifiedIdentity) -> None:
    """Note a sign-in with an e-ID (in the audit log for everyone: it names the provider, not the number)."""
    link = linked_identity(user)
    link.last_used_at = user.last_login_at = utcnow()
    audit.record("identity.signed_in", user, actor=user, provider=identity.provider)


def link(user: User, identity: VerifiedIdentity) -> LinkedIdentity:
    """Link a verified identity to `user`; refused if the person is another account's, or the account another's."""
    return _link(user, identity.provider, identity.subject, number_hash(identity.national_id))


def _link(user: User, provider: str, subject: str, hashed: str) -> LinkedIdentity:
    taken = _link_of(hashed)
    if taken is not None and taken.user_id != user.id:
        raise IdentityError(
            _("This e-ID is already linked to another Ovoz account. One person can have one verified account.")
        )
    if taken is not None:
        return taken
    if linked_identity(user) is not None:
        raise IdentityError(_("Your account is already linked to another person's e-ID."))
    link = LinkedIdentity(user_id=user.id, provider=provider, subject=subject, number_hash=hashed)
    link.last_used_at = utcnow()
    db.session.add(link)
    audit.record("identity.linked", user, actor=user, provider=provider)
    return link


def unlink(user: User) -> None:
    """Unlink the account's e-ID; refused while it is the only way to sign in."""
    link = linked_identity(user)
    if link is None:
        return
    if not user.has_password:
        raise IdentityError(
            _("Your e-ID is the only way you sign in. Set a password first, with the link we e-mail you.")
        )
    audit.record("identity.unlinked", user, actor=user, provider=link.provider)
    db.session.delete(link)


def create_account(identity: VerifiedIdentity, locale: str) -> User:
    """A confirmed citizen account for a person the provider vouched for, with its verified e-mail address."""
    if find_by_email(identity.email) is not None:
        raise IdentityError(
            _(
                "An account with the e-mail address of your e-ID exists. Sign in with its password, then link "
                "your e-ID on your account page."
            )
        )
    user = User(
        email=normalize_email(identity.email),
        password_hash=no_password(),
        display_name=identity.display_name or identity.email.split("@")[0][:80],
        locale=locale,
        role=Role.CITIZEN,
        email_confirmed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    link(user, identity)
    return user


#: The cookie session's key for a verified identity whose person is choosing an e-mail address (sign-up).
PENDING = "ovoz_eid_pending"


def pending(identity: VerifiedIdentity) -> dict:
    """What the sign-up page keeps of a verified identity: the hash, never the number."""
    return {
        "provider": identity.provider,
        "subject": identity.subject,
        "hash": number_hash(identity.national_id),
        "name": identity.display_name,
    }


def link_pending(user: User, kept: dict) -> None:
    """Link the identity kept by `pending` to an account just registered."""
    _link(user, kept["provider"], kept["subject"], kept["hash"])


def personal_data(sender, user: User, **extra):
    """A person's data download: the identity linked to their account (its hash, which is what Ovoz holds)."""
    link = linked_identity(user)
    section = None
    if link is not None:
        section = {
            "provider": link.provider,
            "subject_at_provider": link.subject,
            "personal_number_hash": link.number_hash,
            "linked_at": link.created_at.isoformat(),
            "last_used_at": link.last_used_at.isoformat() if link.last_used_at else None,
        }
    return "linked_identity", section

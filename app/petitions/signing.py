"""Signatures: one per person (e-mail address, and national e-ID where the signer has one) per petition,
enforced by the database. With OVOZ_SIGN_REQUIRES=eid only a signed-in person with a linked e-ID signs.

A signed-in citizen's signature counts at once; anyone else's counts when they open the link
e-mailed to them. The petition's count moves by atomic updates, so concurrent signers are
neither lost nor counted twice.

A signature a moderator struck out stays struck out, as on the UK's e-petitions: it does not count, and
its signer can neither withdraw it nor sign again (a click would undo the moderator's work). One struck
out before anyone confirmed it is the exception: anyone may type an address, so it was never given by
the address's owner, and it does not stop them signing.
"""

import ipaddress
import secrets

from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, not_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts import tokens
from app.accounts.services import find_by_email, normalize_email
from app.audit import services as audit
from app.core.db import insert_unless_present, utcnow
from app.core.urls import external_url
from app.extensions import db
from app.geo import current_country
from app.identity import services as identities
from app.mail.services import send_email
from app.petitions import counting, thresholds
from app.petitions.models import Petition, PetitionEvent, Signature, SignatureState, State

SIGN = "ovoz-sign-petition"
SIGNABLE = counting.SIGNABLE
LINK_MAX_AGE = 7 * 24 * 3600


class SignatureError(Exception):
    """A signature that cannot be taken; the message is for the user."""


def _struck_out() -> SignatureError:
    return SignatureError(
        _(
            "A moderator struck out your signature on this petition, so it does not count. "
            "It cannot be withdrawn or given again."
        )
    )


def is_struck_out(signature: Signature) -> bool:
    """Whether a signature its signer had given (confirmed) was struck out by a moderator."""
    return signature.state == SignatureState.INVALID and signature.confirmed_at is not None


def _after_count(counted: counting.Count, petition: Petition | None = None) -> None:
    """Record a crossed threshold, or the end of the sponsor phase, once the count has moved.

    Only then is the petition loaded: past a threshold every signature would otherwise pay for it.
    """
    config = current_app.config
    due = (
        counted.state == State.SPONSORING
        or (counted.count >= config["OVOZ_PETITION_RESPONSE_THRESHOLD"] and not counted.response_due)
        or (counted.count >= config["OVOZ_PETITION_CONSIDERATION_THRESHOLD"] and not counted.consideration_due)
    )
    if petition is None and not due:
        return
    petition = petition or db.session.get(Petition, counted.petition_id)
    set_committed_value(petition, "signature_count", counted.count)
    if due:
        thresholds.check_sponsors(petition)
        thresholds.check_thresholds(petition)


def _check_signable(petition: Petition, email: str) -> None:
    if petition.state not in SIGNABLE:
        raise SignatureError(_("This petition cannot be signed now."))
    domain = email.rpartition("@")[2]
    if domain in current_app.config["OVOZ_BLOCKED_EMAIL_DOMAINS"]:
        raise SignatureError(_("Signatures from this e-mail provider are not accepted. Please use another address."))


def _ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def sign_as_user(petition: Petition, user) -> bool:
    """Sign for a signed-in citizen; False if they had already signed.

    A pending signature with their address, which anyone may have given by e-mail, does not stop them:
    it becomes theirs and counts; nor does one struck out before it was confirmed. Their own signature,
    once struck out, stays so: SignatureError says why.
    """
    _check_signable(petition, user.email)
    values = {
        "identity_hash": _identity_hash(user),
        "petition_id": petition.id,
        "user_id": user.id,
        "email": user.email,
        "name": user.display_name,
        "region_code": user.region_code,
        "locale": user.locale,
        "state": SignatureState.CONFIRMED,
        "sponsor": petition.state == State.SPONSORING,
        "ip_address": _ip(),
        "created_at": utcnow(),
        "confirmed_at": utcnow(),
    }
    counted = counting.add(values) or _take_over(values)
    if counted is None:
        if (signature := signature_of(petition, user)) is not None and is_struck_out(signature):
            raise _struck_out()
        if values["identity_hash"] is not None and _signed_from_another_account(values):
            raise SignatureError(_("You have already signed this petition with your e-ID, from another account."))
        return False
    _after_count(counted, petition)
    return True


def needs_eid() -> bool:
    """Whether signing needs a verified national e-ID in this deployment (OVOZ_SIGN_REQUIRES=eid)."""
    return current_app.config["OVOZ_SIGN_REQUIRES"] == "eid"


def _identity_hash(user) -> str | None:
    """The keyed hash of the signer's verified identity, if their account has one (the signature is then
    identity-verified, and the person's only one on the petition); refused without it where signing needs it."""
    link = identities.linked_identity(user)
    if link is None and needs_eid():
        raise SignatureError(_("Signing needs a verified national e-ID. Link yours on your account page, then sign."))
    return link.number_hash if link else None


def _signed_from_another_account(values: dict) -> bool:
    """Whether the person's e-ID signed this petition under another address (their other account)."""
    query = select(Signature.id).where(
        Signature.petition_id == values["petition_id"],
        Signature.identity_hash == values["identity_hash"],
        Signature.email != values["email"],
    )
    return db.session.scalar(query) is not None


def _take_over(values: dict) -> counting.Count | None:
    """counting.take_over, where the person's own signature from another account (their e-ID's hash) stands: the
    database refuses a second one, and only this step is undone."""
    if values["identity_hash"] is None:
        return counting.take_over(values)
    try:
        with db.session.begin_nested():
            return counting.take_over(values)
    except IntegrityError:
        return None


def sign_by_email(petition: Petition, name: str, email: str, region_code: str | None, locale: str) -> None:
    """Take a signature that counts once its e-mailed link is opened.

    An address that already signed gets a reminder instead, so the page reveals nothing. Anyone can
    type a registered person's address: that signature is the account's, in its name, region and
    language, and only its owner's link counts it, so the typed name is never kept nor mailed. A
    signature of the address struck out before it was confirmed waits for a link again; one that was
    confirmed stays struck out, and nothing is sent.
    """
    if needs_eid():
        raise SignatureError(_("Signing needs a verified national e-ID. Sign in with it, then sign."))
    email = normalize_email(email)
    _check_signable(petition, email)
    owner = find_by_email(email)
    if owner is not None and owner.is_confirmed:  # an unconfirmed account proves nothing about the address
        name, region_code, locale = owner.display_name, owner.region_code, owner.locale
    values = {
        "petition_id": petition.id,
        "email": email,
        "name": name,
        "region_code": region_code,
        "locale": locale,
        "sponsor": petition.state == State.SPONSORING,
        "ip_address": _ip(),
        "created_at": utcnow(),
    }
    connection = db.session.connection()
    added = insert_unless_present(Signature, connection).returning(Signature.id)
    signature_id = connection.execute(added.values(**values)).scalar()
    if signature_id is None:
        signature_id = _wait_again(values) or db.session.scalar(
            select(Signature.id).where(Signature.petition_id == petition.id, Signature.email == email)
        )
    signature = db.session.get(Signature, signature_id, populate_existing=True)
    if signature.state == SignatureState.PENDING:
        _send_link(petition, signature)


def _wait_again(values: dict) -> int | None:
    """Make a never given signature of this address (struck out unconfirmed) pending again; its id if there was one."""
    kept = ("name", "region_code", "locale", "sponsor", "ip_address", "created_at")
    return db.session.execute(
        update(Signature)
        .where(Signature.petition_id == values["petition_id"], Signature.email == values["email"], counting.NEVER_GIVEN)
        .values(state=SignatureState.PENDING, **{name: values[name] for name in kept})
        .returning(Signature.id)
        .execution_options(synchronize_session=False)
    ).scalar()


def _send_link(petition: Petition, signature: Signature) -> None:
    token = tokens.make_token(SIGN, {"sid": signature.id})
    with force_locale(signature.locale):
        send_email(
            signature.email,
            _("Confirm your signature: %(title)s", title=petition.title),
            "petition_confirm",
            petition=petition,
            name=signature.name,
            confirm_url=external_url("petitions.confirm", lang_code=signature.locale, token=token),
            withdraw_url=external_url("petitions.withdraw_by_link", lang_code=signature.locale, token=token),
        )


def signature_from_link(token: str) -> Signature | None:
    payload = tokens.read_token(SIGN, token, LINK_MAX_AGE)
    return db.session.get(Signature, payload["sid"]) if payload else None


def confirm_link(token: str) -> tuple[str, int | None]:
    """Count the signature of an opened link: ("counted" | "already" | "closed" | "invalid", petition id).

    The common case, a pending signature of an open petition, costs one statement; the signature is
    loaded only to explain why a link did not count.
    """
    payload = tokens.read_token(SIGN, token, LINK_MAX_AGE)
    if payload is None:
        return "invalid", None
    counted = counting.confirm(payload["sid"], utcnow())
    if counted is not None:
        _after_count(counted)
        return "counted", counted.petition_id
    signature = db.session.get(Signature, payload["sid"])
    if signature is None or signature.state == SignatureState.INVALID:
        return "invalid", None
    return ("already" if signature.state == SignatureState.CONFIRMED else "closed"), signature.petition_id


def withdraw(signature: Signature) -> None:
    """Take a signature back while the petition is gathering signatures."""
    petition = db.session.get(Petition, signature.petition_id)
    if petition.state not in SIGNABLE:
        raise SignatureError(_("Signatures cannot be withdrawn once the petition is closed."))
    if petition.author_id is not None and signature.user_id == petition.author_id:
        raise SignatureError(_("The author of a petition cannot withdraw their own signature."))
    if is_struck_out(signature):  # gone, it would let its signer sign again
        raise _struck_out()
    # The state the row had when this statement removed it, not when it was loaded: of two withdrawals
    # racing (or a stale copy withdrawn again) only the one that deleted a counted row moves the count.
    # A row struck out meanwhile stays.
    struck_out = (Signature.state == SignatureState.INVALID) & Signature.confirmed_at.is_not(None)
    removed = db.session.execute(
        delete(Signature).where(Signature.id == signature.id, not_(struck_out)).returning(Signature.state)
    ).scalar()
    if removed == SignatureState.CONFIRMED:
        _after_count(counting.move(petition.id, -1), petition)


def signature_of(petition: Petition, user) -> Signature | None:
    """The signature with the person's address: given, waiting for its link, or struck out (not one never given)."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Signature)
        .where(Signature.petition_id == petition.id, Signature.email == user.email, not_(counting.NEVER_GIVEN))
        .execution_options(populate_existing=True)  # as it is now: signing may have just changed it
    )


def verified_count(petition: Petition) -> int:
    """How many of the petition's counted signatures are identity-verified (counting.verified, as the open data)."""
    return db.session.scalar(select(counting.verified(petition.id)))


def by_region(petition: Petition) -> list[tuple[str | None, int]]:
    """Confirmed signatures per region code (districts counted in their region), largest first."""

    country = current_country()
    rows = db.session.execute(
        select(Signature.region_code, func.count())
        .where(Signature.petition_id == petition.id, Signature.state == SignatureState.CONFIRMED)
        .group_by(Signature.region_code)
    )
    totals: dict[str | None, int] = {}
    for code, count in rows:
        region = country.region_of(code) if code else None
        key = region.code if region else None
        totals[key] = totals.get(key, 0) + count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0] or "~"))


# -- abuse control --------------------------------------------------------------------------------


def _matching(petition: Petition, domain: str = "", network: str = "") -> list[Signature]:
    """Counted or pending signatures of a petition from an e-mail domain or an IP range."""
    query = select(Signature).where(Signature.petition_id == petition.id, Signature.state != SignatureState.INVALID)
    if domain:
        query = query.where(Signature.email.endswith("@" + domain.lower().lstrip("@"), autoescape=True))
    found = list(db.session.scalars(query))
    if network:
        addresses = ipaddress.ip_network(network, strict=False)
        found = [s for s in found if s.ip_address and ipaddress.ip_address(s.ip_address) in addresses]
    return found


def invalidation_preview(petition: Petition, domain: str = "", network: str = "") -> int:
    """How many signatures an invalidation would strike out."""
    return len(_matching(petition, domain, network))


def invalidate(petition: Petition, moderator, domain: str = "", network: str = "") -> int:
    """Strike out signatures from an e-mail domain or an IP range; the count drops by the counted ones."""
    ids = [s.id for s in _matching(petition, domain, network)]
    # The count drops by the rows this call struck out, not by those it found: another strike-out or a
    # withdrawal may have changed them since.
    counted = _strike_out(ids, SignatureState.CONFIRMED)
    struck = counted + _strike_out(ids, SignatureState.PENDING)
    if counted:
        _after_count(counting.move(petition.id, -counted), petition)
    details = {"domain": domain or None, "network": network or None, "signatures": struck}
    db.session.add(PetitionEvent(petition_id=petition.id, kind="invalidated", details={"signatures": struck}))
    audit.record("petition.signatures_invalidated", petition, moderator, **details)
    return struck


def _strike_out(ids: list[int], state: SignatureState) -> int:
    """Mark those of the signatures that are still in `state` invalid; how many were."""
    return db.session.execute(
        update(Signature)
        .where(Signature.id.in_(ids), Signature.state == state)
        .values(state=SignatureState.INVALID)
        .execution_options(synchronize_session=False)
    ).rowcount


def personal_data(sender, user, **extra) -> tuple[str, list[dict]]:
    """The signatures given with a person's e-mail address, for their data download (connected in create_app)."""
    rows = db.session.execute(
        select(Signature, Petition.title)
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Signature.email == user.email)
    )
    return "signatures", [
        {
            "petition": title,
            "name": s.name,
            "region": s.region_code,
            "state": str(s.state),
            "identity_verified": s.identity_hash is not None,
            "signed": s.created_at.isoformat(),
        }
        for s, title in rows
    ]


def forget_signer(sender, user, **extra):
    """A deleted account's signatures still count, but no longer say who signed them.

    The stand-in address is random, not derived from the e-mail address: a hash of it could be checked
    against a guessed address, and someone who deletes an account, comes back with the same address and
    signs the same petition again must be able to delete again (ids are reused on SQLite).
    """
    anonymous = "deleted-" + secrets.token_hex(16) + "@invalid"
    db.session.execute(
        update(Signature)
        .where(Signature.email == user.email)
        .values(email=anonymous, name="", user_id=None, ip_address=None)
        .execution_options(synchronize_session=False)
    )

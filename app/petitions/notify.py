"""Telling every signer and the author that a petition was answered: one message per person.

The job works through the signatures in batches, committing after each and remembering the last
signature told, so a worker that dies half-way resumes where it stopped and tells nobody twice.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core.db import utcnow
from app.core.urls import external_url, site_path
from app.extensions import db
from app.inbox import services as inbox
from app.mail.services import send_email
from app.petitions.models import Petition, Signature, SignatureState

BATCH = 500


def _tell(petition: Petition, email: str, name: str, locale: str, user_id: int | None) -> None:
    link = external_url("petitions.show", lang_code=locale, petition_id=petition.id)
    with force_locale(locale):
        subject = _('The petition "%(title)s" has a response', title=petition.title)
        send_email(email, subject, "petition_response", name=name, petition=petition, link=link)
        if user_id is not None:
            path = site_path("petitions.show", lang_code=locale, petition_id=petition.id)
            inbox.deliver(user_id, subject, _("Read the response on the petition's page."), path)


def _author_unsigned(petition: Petition) -> User | None:
    author = db.session.get(User, petition.author_id) if petition.author_id else None
    if author is None:
        return None
    signed = db.session.scalar(
        select(Signature.id).where(
            Signature.petition_id == petition.id,
            Signature.email == author.email,
            Signature.state == SignatureState.CONFIRMED,
        )
    )
    return None if signed else author


def notify_response(petition_id: int, batch: int = BATCH) -> int:
    """Tell everyone not told yet; returns how many were told by this run."""
    petition = db.session.get(Petition, petition_id)
    response = petition.response if petition else None
    if response is None or response.notified_at is not None:
        return 0
    told = 0
    if response.notified_up_to == 0 and (author := _author_unsigned(petition)) is not None:
        _tell(petition, author.email, author.display_name, author.locale, author.id)
        told += 1
    while True:
        signatures = db.session.scalars(
            select(Signature)
            .where(
                Signature.petition_id == petition_id,
                Signature.state == SignatureState.CONFIRMED,
                Signature.id > response.notified_up_to,
            )
            .order_by(Signature.id)
            .limit(batch)
        ).all()
        if not signatures:
            break
        for signature in signatures:
            _tell(petition, signature.email, signature.name, signature.locale, signature.user_id)
        response.notified_up_to = signatures[-1].id
        told += len(signatures)
        db.session.commit()
    response.notified_at = utcnow()
    return told

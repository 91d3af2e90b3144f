"""Telling every signer and the author that a petition was answered: one message per person.

A broadcast (app/core/broadcast.py) over the confirmed signatures in id order, its mark the response's
`notified_up_to`: a worker that dies half-way resumes where it stopped and tells nobody twice. The
author, unless they signed, is told first, at position -1: a mark of 0 means nobody was told yet, and
-1 that only the author was (nobody had signed yet), so a resumed run never tells the author again.
"""

from typing import NamedTuple

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core.broadcast import BATCH, broadcast
from app.core.db import utcnow
from app.core.urls import external_url, site_path
from app.extensions import db
from app.inbox import services as inbox
from app.mail.models import OutgoingEmail
from app.mail.services import queue_email
from app.petitions.models import Petition, PetitionResponse, Signature, SignatureState

AUTHOR = -1  # the author's position: before every signature


class Person(NamedTuple):
    """Someone to tell: a signer, or the author."""

    position: int  # the signature's id, or AUTHOR
    email: str
    name: str
    locale: str
    user_id: int | None


def _tell(petition: Petition, person: Person) -> OutgoingEmail:
    link = external_url("petitions.show", lang_code=person.locale, petition_id=petition.id)
    with force_locale(person.locale):
        subject = _('The petition "%(title)s" has a response', title=petition.title)
        email = queue_email(person.email, subject, "petition_response", name=person.name, petition=petition, link=link)
        if person.user_id is not None:
            path = site_path("petitions.show", lang_code=person.locale, petition_id=petition.id)
            inbox.deliver(person.user_id, subject, _("Read the response on the petition's page."), path)
    return email


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


def _recipients(petition: Petition, mark: int, limit: int) -> list[Person]:
    people = []
    if mark == 0 and (author := _author_unsigned(petition)) is not None:
        people.append(Person(AUTHOR, author.email, author.display_name, author.locale, author.id))
    signatures = db.session.scalars(
        select(Signature)
        .where(
            Signature.petition_id == petition.id,
            Signature.state == SignatureState.CONFIRMED,
            Signature.id > mark,
        )
        .order_by(Signature.id)
        .limit(limit - len(people))
    )
    return people + [Person(s.id, s.email, s.name, s.locale, s.user_id) for s in signatures]


def told_directly(news, **extra):
    """The people told of a petition's response here, for the followers' news of it to leave out (connected in
    create_app): the author and every confirmed signer with an account; one event, one notice."""
    if news.what != "response":
        return None
    signers = select(Signature.user_id).where(
        Signature.petition_id == news.target_id,
        Signature.state == SignatureState.CONFIRMED,
        Signature.user_id.is_not(None),
    )
    author = select(Petition.author_id).where(Petition.id == news.target_id, Petition.author_id.is_not(None))
    return signers.union(author)


def notify_response(petition_id: int, batch: int = BATCH) -> int:
    """Tell everyone not told yet; returns how many were told by this run."""
    petition = db.session.get(Petition, petition_id)
    response = petition.response if petition else None
    if response is None or response.notified_at is not None:
        return 0
    told = broadcast(
        PetitionResponse.notified_up_to,
        response.id,
        lambda mark, limit: _recipients(petition, mark, limit),
        lambda person: _tell(petition, person),
        position=lambda person: person.position,
        batch=batch,
    )
    response.notified_at = utcnow()
    return told

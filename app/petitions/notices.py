"""Telling a petition's author and sponsors what moderation decided: published, rejected (and why), hidden (and why);
and its author that its agency sent it on to another.

One e-mail and one inbox message (for those with an account) per person, in that person's language: the author in
their account's, a sponsor in the one they signed in. The sponsors are the few who signed before moderation, so they
are told at once; the caller commits, and the mail leaves after the commit.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.agencies.models import Agency
from app.core.urls import external_url, site_path
from app.extensions import db
from app.inbox import services as inbox
from app.mail.services import send_email
from app.petitions.labels import REJECTIONS
from app.petitions.models import Petition, Signature, SignatureState
from app.petitions.notify import AUTHOR, Person

STEPS = ("opened", "rejected", "hidden")


def people_to_tell(petition: Petition) -> list[Person]:
    """The author (if their account is active) and every confirmed sponsor, each once."""
    people = []
    author = db.session.get(User, petition.author_id) if petition.author_id else None
    if author is not None and author.is_active:
        people.append(Person(AUTHOR, author.email, author.display_name, author.locale, author.id))
    sponsors = db.session.scalars(
        select(Signature)
        .where(
            Signature.petition_id == petition.id,
            Signature.sponsor.is_(True),
            Signature.state == SignatureState.CONFIRMED,
        )
        .order_by(Signature.id)
    )
    told = {person.email for person in people}
    for signature in sponsors:
        if signature.email not in told:
            told.add(signature.email)
            people.append(Person(signature.id, signature.email, signature.name, signature.locale, signature.user_id))
    return people


def _words(petition: Petition, step: str) -> tuple[str, str]:
    """The subject and the text of the notice, in the active language."""
    title = petition.title
    if step == "opened":
        subject = _("The petition “%(title)s” is published", title=title)
        return subject, _("It is open for signatures now. Share its page: every signature counts.")
    if step == "hidden":
        subject = _("The petition “%(title)s” was hidden by a moderator", title=title)
        return subject, _("The moderator's reason: %(note)s", note=petition.moderation_note)
    subject = _("The petition “%(title)s” was rejected", title=title)
    lines = [_("The reason: %(reason)s.", reason=REJECTIONS[petition.rejection])]
    if (other := petition.duplicate_of) is not None:
        lines.append(_("It repeats petition No. %(number)s, “%(other)s”.", number=other.id, other=other.title))
    if petition.moderation_note:
        lines.append(_("The moderator's explanation: %(note)s", note=petition.moderation_note))
    return subject, "\n".join(lines)


def tell_moderated(petition: Petition, step: str) -> int:
    """Tell the author and the sponsors that the petition was opened, rejected or hidden; returns how many."""
    if step not in STEPS:
        raise ValueError(step)
    people = people_to_tell(petition)
    for person in people:
        with force_locale(person.locale):
            subject, body = _words(petition, step)
            link = external_url("petitions.show", lang_code=person.locale, petition_id=petition.id)
            send_email(person.email, subject, "petition_moderated", name=person.name, body=body, link=link)
        if person.user_id is not None:
            path = site_path("petitions.show", lang_code=person.locale, petition_id=petition.id)
            inbox.deliver(person.user_id, subject, body, path)
    return len(people)


def tell_sent_on(petition: Petition, reason: str) -> None:
    """Tell the author (in their inbox and language) which agency the petition was sent on to, and why."""
    author = petition.author
    if author is None:
        return
    agency = db.session.get(Agency, petition.agency_id)
    with force_locale(author.locale):
        subject = _(
            "Your petition “%(title)s” was sent on to %(agency)s",
            title=petition.title,
            agency=agency.name(author.locale),
        )
        body = reason or _("The agency it was addressed to found that another agency is responsible for it.")
    page = site_path("petitions.show", lang_code=author.locale, petition_id=petition.id)
    inbox.deliver(author.id, subject, body, page)

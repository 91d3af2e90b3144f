"""Demo petitions in several languages and states, with signatures spread over the regions.

The texts are in petitions_data.py. Petitions are made as the services would have left them
(timeline, dates, counts), without sending mail: the demo outbox stays readable.
"""

import random
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import insert, select

from app.accounts.models import Role, User
from app.agencies.models import Agency
from app.core.db import utcnow
from app.core.urls import site_path
from app.demo.petitions_data import PETITIONS
from app.extensions import db
from app.geo import current_country
from app.inbox import services as inbox
from app.petitions.models import Petition, PetitionEvent, PetitionResponse, Rejection, Signature, SignatureState, State
from app.semantic.langid import detect_language
from app.submissions import services as submissions
from app.submissions.models import Moderation
from app.submissions.scopes import PETITIONS as PETITIONS_SCOPE

SIGNER_POOL = 3000  # people without accounts who sign demo petitions (several each)
MODERATION = {
    State.SPONSORING: Moderation.PENDING,
    State.MODERATION: Moderation.PENDING,
    State.OPEN: Moderation.PUBLISHED,
    State.CLOSED: Moderation.PUBLISHED,
    State.REJECTED: Moderation.REJECTED,
    State.HIDDEN: Moderation.HIDDEN,
}


def _dates(state: State, chooser: random.Random) -> dict:
    now, days = utcnow(), current_app.config["OVOZ_PETITION_DAYS"]
    if state == State.CLOSED:
        opened = now - timedelta(days=days + chooser.randint(5, 40))
        return {
            "opened_at": opened,
            "closes_at": opened + timedelta(days=days),
            "closed_at": opened + timedelta(days=days),
        }
    if state in (State.OPEN, State.HIDDEN):
        opened = now - timedelta(days=chooser.randint(1, days - 5), hours=chooser.randint(0, 23))
        return {"opened_at": opened, "closes_at": opened + timedelta(days=days)}
    return {}


def _signatures(petition: Petition, spec: dict, author: User, regions: list[str], chooser: random.Random) -> int:
    start = petition.opened_at or utcnow() - timedelta(days=2)
    span = max((utcnow() - start).total_seconds(), 3600)
    rows = [
        {
            "petition_id": petition.id, "user_id": author.id, "email": author.email, "name": author.display_name,
            "region_code": author.region_code, "locale": author.locale, "state": SignatureState.CONFIRMED,
            "sponsor": True, "created_at": start, "confirmed_at": start,
        }
    ]  # fmt: skip
    home = [code for code in regions if spec["region"] and code.startswith(spec["region"])]
    for number in chooser.sample(range(SIGNER_POOL), min(spec["signatures"], SIGNER_POOL)):
        when = start + timedelta(seconds=span * chooser.random() ** 0.7)
        region = chooser.choice(home) if home and chooser.random() < 0.7 else chooser.choice(regions)
        rows.append(
            {
                "petition_id": petition.id, "email": f"signer{number}@demo.ovoz.example", "name": f"Signer {number}",
                "region_code": region, "locale": chooser.choice(["tg", "tg", "ru", "uz"]),
                "state": SignatureState.CONFIRMED, "sponsor": False, "created_at": when, "confirmed_at": when,
            }
        )  # fmt: skip
    db.session.execute(insert(Signature), rows)
    return len(rows)


def _timeline(petition: Petition, spec: dict) -> list[tuple[str, object]]:
    state, opened = petition.state, petition.opened_at
    steps = [("submitted", petition.submitted_at)]
    if state != State.SPONSORING:
        steps.append(("sponsored", petition.submitted_at + timedelta(hours=5)))
    if opened:
        steps.append(("opened", opened))
    if state == State.REJECTED:
        steps.append(("rejected", petition.submitted_at + timedelta(days=1)))
    if state == State.HIDDEN:
        steps.append(("hidden", opened + timedelta(days=1)))
    if petition.responded_at:
        steps.append(("responded", petition.responded_at))
    if state == State.CLOSED:
        steps.append(("closed", petition.closed_at))
    return steps


def _respond(petition: Petition, spec: dict, agencies: dict) -> None:
    agency = agencies.get(spec["agency"])
    official = (
        db.session.scalar(select(User).where(User.role == Role.OFFICIAL, User.agency_id == agency.id))
        if agency
        else None
    )
    when = petition.opened_at + timedelta(days=20)
    petition.responded_at = min(when, utcnow() - timedelta(hours=1))
    db.session.add(
        PetitionResponse(
            petition=petition, agency_id=agency and agency.id, author_id=official and official.id,
            body=spec["response"]["body"], published_at=petition.responded_at, notified_at=petition.responded_at,
        )
    )  # fmt: skip


def _text(spec: dict) -> str:
    """What the grouping reads of a petition: its title and its request."""
    return f"{spec['title']}\n\n{spec['request']}"


def petition_topics() -> dict[str, str]:
    """The text of every demo petition's submission, with the topic it was written for."""
    return {_text(spec): spec["topic"] for spec in PETITIONS}


def load_petitions(citizens: list[User], chooser: random.Random) -> int:
    """Add the demo petitions that are not there yet; returns how many petitions there are."""
    agencies = {a.slug: a for a in db.session.scalars(select(Agency))}
    country = current_country()
    regions = [d.code for region in country.regions for d in (region, *region.districts)]
    existing = set(db.session.scalars(select(Petition.title)))
    made: dict[str, Petition] = {}
    for spec in PETITIONS:
        if spec["title"] in existing:
            continue
        author, state = chooser.choice(citizens), State(spec["state"])
        dates = _dates(state, chooser)
        submitted = (dates.get("opened_at") or utcnow() - timedelta(days=chooser.randint(1, 4))) - timedelta(days=2)
        petition = Petition(
            author_id=author.id, title=spec["title"], request=spec["request"], background=spec["background"],
            category=spec["category"], agency_id=spec["agency"] and agencies[spec["agency"]].id,
            region_code=spec["region"], language=detect_language(f"{spec['title']}\n{spec['request']}"),
            state=state, sponsor_token=secrets.token_urlsafe(24), created_at=submitted - timedelta(hours=3),
            submitted_at=submitted, rejection=spec["rejection"] and Rejection(spec["rejection"]),
            moderation_note=spec["note"], **dates,
        )  # fmt: skip
        db.session.add(petition)
        db.session.flush()
        submission = submissions.submit("petition", PETITIONS_SCOPE, _text(spec), author, MODERATION[state])
        petition.submission_id = submission.id
        petition.signature_count = _signatures(petition, spec, author, regions, chooser)
        if spec["response"]:
            _respond(petition, spec, agencies)
            path = site_path("petitions.show", lang_code=author.locale, petition_id=petition.id)
            inbox.deliver(author.id, petition.title, spec["response"]["body"][:300], path)
        for kind, when in _timeline(petition, spec):
            db.session.add(PetitionEvent(petition_id=petition.id, kind=kind, created_at=when))
        made[spec["key"]] = petition
    for spec in PETITIONS:
        if spec["duplicate_of"] and spec["key"] in made and spec["duplicate_of"] in made:
            made[spec["key"]].duplicate_of_id = made[spec["duplicate_of"]].id
    db.session.commit()
    return len(existing) + len(made)

"""Demo consultations: a draft law in Tajik in two versions and a draft regulation in Uzbek, with ~300 comments.

The texts are in consultations_data.py. Everything goes through the consultation services, as the agency's
official and the citizens would have done it; the dates are then set back so that the demo has a history. The
draft law is open, with comments on both versions and a form-letter campaign on version 1; the regulation is closed
and its report not written yet (officials can write it in the demo). Comments are saved unprocessed: the worker
groups them once `make run` starts.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.agencies.models import Agency
from app.consultations import comments, services, translations
from app.consultations.forms import local_to_utc
from app.consultations.models import Comment, Consultation, ConsultationEvent, Phase, Provision
from app.core.db import utcnow
from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD
from app.demo.consultations_data import DRAFTS, EXTRA_CITIZENS, SIGNER_MEN, SIGNER_SURNAMES, SIGNER_WOMEN
from app.extensions import db
from app.following import services as following
from app.following.models import Kind
from app.geo import current_country
from app.semantic.langid import detect_language
from app.submissions.models import Submission

FIRST_EXTRA = 31  # cli.py makes citizen1..citizen30
_PLAIN_KEYBOARD = str.maketrans("ӣӯҳҷқғӢӮҲҶҚҒ", "иухчкгИУХЧКГ")  # Tajik typed on a Russian keyboard


@dataclass
class _Planned:
    """A comment to add at its moment: on a provision (or the whole draft), or a reply to another one."""

    when: datetime
    version: int
    number: int | None  # article or point; None for the draft as a whole
    body: str
    author: User
    quote: str = ""
    amend: list | None = None  # (passage, replacement) pairs applied to the provision's text
    parent: "_Planned | None" = None
    weight: float = 1.0  # how many votes it tends to draw
    comment: Comment | None = None


def load_consultations(citizens: list[User], chooser: random.Random) -> int:
    """Add the demo consultations that are not there yet; returns how many consultations there are."""
    existing = set(db.session.scalars(select(Consultation.title)))
    missing = [spec for spec in DRAFTS if spec["title"] not in existing]
    if missing:
        people, signers = _people(citizens)
        for spec in missing:
            _load(spec, people, signers.get(spec["title"], []), chooser)
            db.session.commit()
    return len(existing) + len(missing)


# -- people -----------------------------------------------------------------------------------------------------


def _people(citizens: list[User]) -> tuple[list[User], dict[str, list[User]]]:
    """The demo citizens with the extra ones, and each campaign's signers; accounts are made when missing."""
    wanted, campaigns = _wanted()
    emails = [_email(position) for position in range(len(wanted))]
    known = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
    password_hash, users = None, []
    for email, (name, locale, region) in zip(emails, wanted, strict=True):
        user = known.get(email)
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)  # argon2 is slow: hash once
            user = User(
                email=email, password_hash=password_hash, email_confirmed_at=utcnow(), display_name=name,
                role=Role.CITIZEN, locale=locale, region_code=region,
            )  # fmt: skip
            db.session.add(user)
        users.append(user)
    db.session.flush()
    extra = users[: len(EXTRA_CITIZENS)]
    return [*citizens, *extra], {title: [users[place] for place in places] for title, places in campaigns.items()}


def _wanted() -> tuple[list[tuple[str, str, str]], dict[str, range]]:
    """The extra accounts, as (name, locale, division), and where each campaign's signers are among them."""
    wanted, campaigns = list(EXTRA_CITIZENS), {}
    for spec in DRAFTS:
        if spec["campaign"]:
            signers = _signer_names(spec["campaign"])
            campaigns[spec["title"]] = range(len(wanted), len(wanted) + len(signers))
            wanted += signers
    return wanted, campaigns


def _email(position: int) -> str:
    """The address of the extra account at this position (citizen31 is the first)."""
    return f"citizen{FIRST_EXTRA + position}@{DEMO_DOMAIN}"


def form_letter_topics() -> dict[str, str]:
    """The text of every form letter as loaded (each copy differs), with its campaign's topic."""
    _, campaigns = _wanted()
    found = {}
    for spec in DRAFTS:
        if spec["campaign"]:
            signers = [_email(place) for place in campaigns[spec["title"]]]
            letters = select(Submission.body).join(User, User.id == Submission.author_id).where(User.email.in_(signers))
            found |= dict.fromkeys(db.session.scalars(letters), spec["campaign"]["topic"])
    return found


def _signer_names(campaign: dict) -> list[tuple[str, str, str]]:
    """(name, locale, district) of each signer of a campaign: the same people every time."""
    rng, names = random.Random(campaign["seed"]), {}
    while len(names) < campaign["copies"]:
        woman = rng.random() < 0.45
        surname = rng.choice(SIGNER_SURNAMES)
        if woman and surname.endswith(("ов", "ев")):
            surname += "а"
        name = f"{rng.choice(SIGNER_WOMEN if woman else SIGNER_MEN)} {surname}"
        names.setdefault(name, (name, "tg", rng.choice(campaign["districts"])))
    return list(names.values())


def _by_language(people: list[User]) -> dict[str, list[User]]:
    pools = defaultdict(list)
    for user in people:
        pools[user.locale].append(user)
        if user.locale == "tg":
            pools["ru"].append(user)  # many Tajik citizens write in Russian
    return pools


def _author(body: str, pools: dict, chooser: random.Random, besides: User | None = None) -> User:
    """Someone who writes in the comment's language (as the app detects it)."""
    pool = pools.get(detect_language(body)) or pools["tg"]
    return chooser.choice([user for user in pool if user is not besides])


def _official(agency: Agency) -> User:
    official = select(User).where(User.role == Role.OFFICIAL, User.agency_id == agency.id).order_by(User.id)
    admin = select(User).where(User.role == Role.ADMIN).order_by(User.id)
    return db.session.scalar(official) or db.session.scalar(admin)


# -- one consultation ---------------------------------------------------------------------------------------------


def _load(spec: dict, people: list[User], signers: list[User], chooser: random.Random) -> None:
    agency = db.session.scalar(select(Agency).where(Agency.slug == spec["agency"]))
    official, now = _official(agency), utcnow()
    today = datetime.now(ZoneInfo(current_app.config["OVOZ_TIMEZONE"])).date()
    opens = local_to_utc(today - timedelta(days=spec["opened_days_ago"]))
    closes = local_to_utc(today + timedelta(days=spec["closes_in_days"]), end_of_day=True)
    fields = {
        "title": spec["title"], "summary": spec["summary"], "body": spec["body"], "agency_id": agency.id,
        "region_code": spec["region"], "opens_at": opens, "closes_at": max(closes, now + timedelta(days=1)),
        "premoderation": False,
    }  # fmt: skip
    consultation = services.save(official, fields)  # open now, whatever its dates, so that comments can be added
    for language, (title, summary) in spec.get("texts", {}).items():
        translations.set_details(consultation, official, language, title, summary)
    published = [_morning(today, version["days_ago"]) for version in spec["versions"]]
    plan = _plan(spec, people, signers, official, opens, published, min(closes, now), chooser)
    _publish(consultation, official, spec["versions"][0], published[0])
    db.session.add(ConsultationEvent(consultation_id=consultation.id, kind="open", created_at=opens))
    pending = list(zip(spec["versions"][1:], published[1:], strict=True))
    provisions: dict = {}
    for item in sorted(plan, key=lambda planned: planned.when):
        while pending and pending[0][1] <= item.when:
            _publish(consultation, official, *pending.pop(0))
        _add(consultation, item, spec["unit"], provisions)
    for version, when in pending:
        _publish(consultation, official, version, when)
    _votes(plan, [*people, *signers], chooser)
    writers = sorted({item.author for item in plan if item.author.role == Role.CITIZEN}, key=lambda user: user.id)
    for user in chooser.sample(writers, 12):
        following.follow(user, Kind.CONSULTATION, consultation.id)
    if closes < now:  # as the periodic job would have closed it
        consultation.closes_at, consultation.phase = closes, Phase.CLOSED
        db.session.add(ConsultationEvent(consultation_id=consultation.id, kind="closed", created_at=closes))
    _date_events(consultation, published[0] - timedelta(days=1))


def _morning(today: date, days_ago: int) -> datetime:
    return local_to_utc(today - timedelta(days=days_ago)) + timedelta(hours=10)


def _publish(consultation: Consultation, official: User, spec: dict, when: datetime) -> None:
    version = services.import_draft(consultation, official, spec["text"], spec["source"])
    for language, (text, source) in spec.get("translations", {}).items():
        translations.import_translation(version, official, language, text, source)
    services.publish_version(version, official, spec["note"])
    version.created_at, version.published_at = when - timedelta(hours=3), when


def _date_events(consultation: Consultation, created: datetime) -> None:
    """The timeline as it happened: created, version 1, opened, (version 2), (closed)."""
    consultation.created_at = created
    published = {version.number: version.published_at for version in consultation.versions}
    for event in services.timeline(consultation):
        if event.kind == "created":
            event.created_at = created
        elif event.kind == "version":
            event.created_at = published[event.details["number"]]


# -- comments -----------------------------------------------------------------------------------------------------


def _plan(spec, people, signers, official, opens, published, end, chooser) -> list[_Planned]:
    """Every comment of a consultation with its author and moment, within the version it was written on."""
    zone = ZoneInfo(current_app.config["OVOZ_TIMEZONE"])
    bounds = [max(opens, when) for when in published] + [end]
    windows = {number: (bounds[number - 1], bounds[number]) for number in range(1, len(published) + 1)}
    pools, plan = _by_language(people), []
    for (version, number), written in spec["comments"].items():
        for _topic, body in written:
            when = _moment(windows[version], zone, chooser)
            plan.append(_Planned(when, version, number, body, _author(body, pools, chooser)))
    for talk in spec["discussions"]:
        version, number = talk["at"]
        parent = _Planned(
            _moment(windows[version], zone, chooser), version, number, talk["body"],
            _author(talk["body"], pools, chooser), talk["quote"], talk["amend"], weight=2.5,
        )  # fmt: skip
        plan.append(parent)
        when = parent.when
        for who, body, *_topic in talk["replies"]:
            when = min(when + timedelta(hours=chooser.uniform(2, 60)), end - timedelta(minutes=10))
            author = official if who == "official" else _author(body, pools, chooser, besides=parent.author)
            plan.append(_Planned(when, version, number, body, author, parent=parent, weight=0.5))
    if spec["campaign"]:
        plan += _campaign(spec["campaign"], signers, opens, zone)
    return plan


def _moment(window: tuple[datetime, datetime], zone: ZoneInfo, chooser: random.Random) -> datetime:
    """A moment in the window (less its last two hours, left for replies), in the daytime where possible."""
    start, stop = window[0] + timedelta(minutes=20), window[1] - timedelta(hours=2)
    when = start + (stop - start) * chooser.random()
    if when.astimezone(zone).hour < 7:
        when += timedelta(hours=chooser.randint(7, 9))
    return min(when, stop)


def _campaign(campaign: dict, signers: list[User], opens: datetime, zone: ZoneInfo) -> list[_Planned]:
    """The copies of the form letter, one per signer, over a couple of days."""
    rng = random.Random(campaign["seed"])
    country = current_country()
    start = opens + timedelta(days=campaign["start_day"])
    window = (start, start + timedelta(days=campaign["days"]))
    version, number = campaign["at"]
    plan = []
    for signer in signers:
        body = _form_letter(campaign, signer.display_name, country.division(signer.region_code).name("tg"), rng)
        plan.append(_Planned(_moment(window, zone, rng), version, number, body, signer, weight=0.3))
    return plan


def _form_letter(campaign: dict, name: str, district: str, rng: random.Random) -> str:
    """One copy: the template filled in, optional sentences kept or not, sometimes typed without Tajik letters."""
    values = {
        "name": name, "village": rng.choice(campaign["villages"]), "district": district,
        "objection": rng.choice(campaign["objections"]), "family": rng.choice(["Оилаи", "Хонаводаи"]),
        "size": rng.randint(4, 11), "price": rng.choice([350, 400, 450, 500, 600]), "hours": rng.randint(2, 6),
    }  # fmt: skip
    sentences = [text for text, optional in campaign["sentences"] if not optional or rng.random() < 0.5]
    middle = " ".join([*sentences, rng.choice(campaign["requests"])])
    parts = [rng.choice(campaign["openings"]), middle, rng.choice(campaign["closings"])]
    letter = "\n".join(part for part in parts if part).format(**values)
    return letter.translate(_PLAIN_KEYBOARD) if rng.random() < 0.15 else letter


def _add(consultation: Consultation, item: _Planned, unit: str, provisions: dict) -> None:
    if item.parent is not None:
        comment = comments.add(consultation, item.author, item.body, parent=item.parent.comment)
    else:
        provision = _provision(consultation, item.version, item.number, unit, provisions)
        amendment = _amended(provision, item.amend) if item.amend else None
        comment = comments.add(consultation, item.author, item.body, provision, item.quote, amendment)
        if comment.quote != item.quote:
            raise ValueError(f"{item.quote!r} is not in {provision and provision.key}")
    comment.created_at = comment.submission.created_at = item.when
    item.comment = comment


def _provision(consultation, version_number: int, number: int | None, unit: str, cache: dict) -> Provision | None:
    """The article (or point) of that number in that version; None for the draft as a whole."""
    if number is None:
        return None
    if (version_number, number) not in cache:
        version = next(v for v in consultation.versions if v.number == version_number)
        found = (p for p in version.provisions if p.kind == unit and p.number == str(number))
        cache[version_number, number] = next(found)
    return cache[version_number, number]


def _amended(provision: Provision, edits: list[tuple[str, str]]) -> str:
    """The provision's text as the amendment would have it."""
    text = services.full_text(provision)
    for old, new in edits:
        if old not in text:
            raise ValueError(f"{old!r} is not in {provision.key}")
        text = text.replace(old, new, 1)
    return text


def _votes(plan: list[_Planned], voters: list[User], chooser: random.Random) -> None:
    """Agreement and disagreement, more on amendments and discussions, little on the campaign's copies."""
    for item in plan:
        count = min(int(item.weight * chooser.expovariate(1 / 4)), 40)
        if not count:
            continue
        agreeing = chooser.choice([0.95, 0.85, 0.7, 0.5, 0.3])
        others = [voter for voter in voters if voter.id != item.author.id]
        for voter in chooser.sample(others, count):
            comments.vote(item.comment, voter, 1 if chooser.random() < agreeing else -1)

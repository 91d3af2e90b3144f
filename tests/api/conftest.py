"""A small public world for the API to show, with things it must never show next to it."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import comments
from app.consultations import services as consultations
from app.extensions import db
from app.feedback import answers, reviews
from app.feedback.models import ReviewStatus
from app.petitions.models import PetitionResponse, Signature, SignatureState, State
from app.submissions import services as submissions
from app.submissions.models import Cluster, Moderation
from tests.helpers import signature

HIDDEN = "Скрытый комментарий: его не должно быть в API."
PENDING = "Комментарий ждёт модератора."
TAJIK = "Ин модда барои ҳама муфид аст."
ANSWER = "We will **publish** every budget line."
SECOND_DRAFT = (
    "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является прозрачность.\n\n"
    "Статья 2. Сроки\n\nТридцать дней.\n"
)


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass
class World:
    health: object
    roads: object
    first: object  # a consultation of health, the whole country, opened 2025-01-01, two published versions
    second: object  # a consultation of roads in TJ-SU, opened 2025-03-01, premoderated
    article: object
    supported: object  # a published comment on `article`, 2025-01-10
    tajik: object  # a published comment in Tajik, 2025-02-10
    hidden: object  # hidden by a moderator
    pending: object  # waiting for a moderator
    answer: object  # a published answer to a question of `first`
    group: object  # public: supported + tajik (+ hidden), accepted and answered
    pool: object  # a public group of petitions: the open one
    unlisted: list  # groups nobody may read: answers to a question, only unpublished members
    open_petition: object  # health, TJ-SU-KHJ, Tajik, opened 2025-02-01, responded
    closed_petition: object  # roads, whole country, Russian, opened 2025-03-05
    unpublished: list  # draft, rejected, hidden petitions
    secrets: set  # every name, address and IP of a person in the world


def _comment(consultation, author, body, provision, day: str | None = None, language: str | None = None):
    comment = comments.add(consultation, author, body, provision)
    comment.created_at = at(day) if day else comment.created_at
    comment.submission.language = language or comment.submission.language
    return comment


def _signature(petition, number: int, region, day: str, state=SignatureState.CONFIRMED) -> Signature:
    return signature(petition, number, at(day), region, state)


def _consultations(make_user, first, second, article, second_article) -> dict:
    """A second version of the first draft, comments of every kind, and a question answered."""
    official = make_user(role=Role.OFFICIAL, agency_id=first.agency_id)
    first.opens_at, second.opens_at, second.region_code = at("2025-01-01"), at("2025-03-01"), "TJ-SU"
    version = consultations.import_draft(first, official, SECOND_DRAFT)
    consultations.publish_version(version, official, "Article 2 added.")
    made = {
        "official": official,
        "tajik": _comment(first, make_user(display_name="Фаррух Secretov"), TAJIK, article, "2025-02-10", "tg"),
        "hidden": _comment(first, make_user(display_name="Hidden Secretauthor"), HIDDEN, article),
        "pending": _comment(second, make_user(), PENDING, second_article),
    }
    submissions.moderate(made["hidden"].submission, Moderation.HIDDEN)
    question = consultations.add_question(first, official, "What first?")
    made["answer"] = comments.add(first, make_user(), "Budgets first.", None, question=question)
    return made


def _groups(first, members: list, made: dict) -> tuple:
    """A public group (answered), and groups nobody may read: of answers to a question, of unpublished comments."""
    group = Cluster(scope=first.scope, model="test", size=3, languages={"en": 1, "tg": 1, "ru": 1})
    question_group = Cluster(scope=made["answer"].submission.scope, model="test", size=1)
    waiting_group = Cluster(scope=made["pending"].submission.scope, model="test", size=1)
    db.session.add_all([group, question_group, waiting_group])
    db.session.flush()
    for member in members:
        member.submission.cluster_id = group.id
    made["answer"].submission.cluster_id = question_group.id
    made["pending"].submission.cluster_id = waiting_group.id
    group.created_at = at("2025-01-15")
    reviews.set_status(group, ReviewStatus.ACCEPTED, "A good idea.", actor=made["official"])
    answers.publish(group, ANSWER, made["official"])
    return group, [question_group, waiting_group]


def _signatures(petition) -> list[Signature]:
    return [
        _signature(petition, 1, "TJ-SU-KHJ", "2025-02-02"),
        _signature(petition, 2, "TJ-SU-KHJ", "2025-02-02"),
        _signature(petition, 3, "TJ-DU", "2025-02-03"),
        _signature(petition, 4, None, "2025-02-03"),
        _signature(petition, 5, "TJ-DU", "2025-02-04", SignatureState.PENDING),
        _signature(petition, 6, "TJ-DU", "2025-02-04", SignatureState.INVALID),
    ]


def _petitions(make_user, make_petition, health, roads) -> tuple:
    """Two published petitions (one with signatures, a response and a group) and three that are not."""
    author = make_user(display_name="Petition Secretauthor")
    answered = make_petition(author=author, agency_id=health.id, region_code="TJ-SU-KHJ", language="tg")
    closed = make_petition(State.CLOSED, agency_id=roads.id, language="ru", category="transport")
    unpublished = [make_petition(state, title=f"Not public {state}") for state in (State.DRAFT, State.REJECTED)]
    unpublished.append(make_petition(State.HIDDEN, title="Hidden petition"))
    answered.opened_at, closed.opened_at = at("2025-02-01"), at("2025-03-05")
    answered.response_due_at, answered.responded_at, answered.signature_count = at("2025-02-20"), at("2025-02-25"), 4
    response = PetitionResponse(petition_id=answered.id, agency_id=health.id, body="We agree.")
    response.published_at = at("2025-02-25")
    db.session.add(response)
    db.session.add_all(_signatures(answered))
    submission = submissions.submit("petition", "petitions", answered.request, author)
    answered.submission_id = submission.id
    pool = Cluster(scope="petitions", model="test", size=1)
    db.session.add(pool)
    db.session.flush()
    submission.cluster_id = pool.id
    return answered, closed, unpublished, pool


def _secrets() -> set[str]:
    from app.accounts.models import User

    found = set()
    for user in db.session.scalars(select(User)):
        found |= {user.email, user.display_name}
    for signed in db.session.scalars(select(Signature)):
        found |= {signed.name, signed.email, signed.ip_address}
    return found


@pytest.fixture
def world(app, make_user, make_agency, make_consultation, make_petition) -> World:
    health, roads = make_agency(website="https://health.example.org"), make_agency()
    first, article, supported = make_consultation(agency=health)
    second, second_article, _ = make_consultation(agency=roads, premoderation=True)
    with app.test_request_context():  # one session for all that follows, as a request would have
        first, second, article, second_article, supported = (
            db.session.merge(item) for item in (first, second, article, second_article, supported)
        )
        supported.created_at = at("2025-01-10")
        made = _consultations(make_user, first, second, article, second_article)
        group, unlisted = _groups(first, [supported, made["tajik"], made["hidden"]], made)
        answered, closed, unpublished, pool = _petitions(make_user, make_petition, health, roads)
        db.session.commit()
        ids = {"first": first.id, "second": second.id, "article": article.id, "supported": supported.id}
        ids |= {name: made[name].id for name in ("tajik", "hidden", "pending", "answer")}
        ids |= {"group": group.id, "pool": pool.id, "unlisted": [c.id for c in unlisted]}
        ids |= {"answered": answered.id, "closed": closed.id, "unpublished": [p.id for p in unpublished]}
    return _loaded(health, roads, ids)


def _loaded(health, roads, ids: dict) -> World:
    """The world in the test's own session."""
    from app.consultations.models import Comment, Consultation, Provision
    from app.petitions.models import Petition

    get = db.session.get
    return World(
        health=get(type(health), health.id),
        roads=get(type(roads), roads.id),
        first=get(Consultation, ids["first"]),
        second=get(Consultation, ids["second"]),
        article=get(Provision, ids["article"]),
        supported=get(Comment, ids["supported"]),
        tajik=get(Comment, ids["tajik"]),
        hidden=get(Comment, ids["hidden"]),
        pending=get(Comment, ids["pending"]),
        answer=get(Comment, ids["answer"]),
        group=get(Cluster, ids["group"]),
        pool=get(Cluster, ids["pool"]),
        unlisted=[get(Cluster, cid) for cid in ids["unlisted"]],
        open_petition=get(Petition, ids["answered"]),
        closed_petition=get(Petition, ids["closed"]),
        unpublished=[get(Petition, pid) for pid in ids["unpublished"]],
        secrets=_secrets(),
    )

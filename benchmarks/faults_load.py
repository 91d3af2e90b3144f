"""The steady load of the fault benchmark: signed-in citizens comment on a draft and sign petitions over HTTP,
with the forms' CSRF tokens and their session cookies, from several client threads; and what the database
says afterwards about every request that was accepted."""

import http.client
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from benchmarks.common import open_petition

CLIENTS = 6
COMMENTS_PER_SECOND, SIGNATURES_PER_SECOND, WITHDRAWALS_PER_SECOND = 4.0, 3.0, 0.4
PETITIONS = 3
DRAFT = "Chapter 1. General provisions\n\nArticle 1. Purpose\n\nThis law makes public consultations open.\n"
USER_AGENT = "ovoz-bench-faults/1"


@dataclass
class Citizen:
    user_id: int
    cookie: str
    csrf: str


@dataclass
class World:
    consultation_id: int
    scope: str
    petition_ids: list[int]
    citizens: list[Citizen]


@dataclass
class Request:
    at: float  # monotonic time it was sent
    kind: str  # comment, sign, withdraw
    citizen: int
    status: int  # 0: no answer (refused, reset, timed out)
    petition_id: int | None = None
    comment_id: int | None = None
    outcome: str = ""


# -- the world the load needs -----------------------------------------------------------------------


def prepare(app, citizens: int) -> World:
    """An open consultation with a published draft, open petitions and signed-in citizens (their sessions are
    made as the sign-in form makes them, without paying Argon2 for each)."""
    from app.extensions import db

    with app.app_context():
        db.create_all()
        consultation_id, scope = _consultation(app)
        petition_ids = _petitions()
        made = _citizens(app, citizens)
        return World(consultation_id, scope, petition_ids, made)


def _consultation(app) -> tuple[int, str]:
    from app.accounts.models import Role, User
    from app.agencies.models import Agency
    from app.consultations import services
    from app.core.db import utcnow
    from app.extensions import db

    agency = Agency(slug="bench-faults", names={"en": "Bench agency"})
    official = User(email="official@bench.example", display_name="Official", password_hash="!", role=Role.OFFICIAL)
    official.agency, official.email_confirmed_at, official.locale = agency, utcnow(), "en"
    db.session.add_all([agency, official])
    db.session.commit()
    now = utcnow()
    fields = {"title": "Draft law on consultations", "summary": "Comment on the draft.", "body": ""}
    fields |= {"agency_id": agency.id, "region_code": None, "premoderation": False}
    fields |= {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=10)}
    with app.test_request_context():
        consultation = services.save(official, fields)
        services.publish_version(services.import_draft(consultation, official, DRAFT), official, "")
        db.session.commit()
        return consultation.id, consultation.scope


def _petitions() -> list[int]:
    from app.extensions import db

    petitions = [open_petition(f"Bench petition {n}") for n in range(PETITIONS)]
    db.session.add_all(petitions)
    db.session.commit()
    return [p.id for p in petitions]


def _citizens(app, count: int) -> list[Citizen]:
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import insert, select

    from app.accounts.models import User
    from app.accounts.sessions import start_session
    from app.core.db import utcnow
    from app.core.security import renew_session
    from app.extensions import db

    rows = [
        {"email": f"citizen{n}@bench.example", "display_name": f"Citizen {n}", "password_hash": "!", "locale": "en"}
        for n in range(count)
    ]
    db.session.execute(insert(User), [row | {"email_confirmed_at": utcnow()} for row in rows])
    db.session.commit()  # the request context below has a session of its own
    users = db.session.scalars(select(User).where(User.email.like("citizen%@bench.example")).order_by(User.id)).all()
    serializer = app.session_interface.get_signing_serializer(app)
    name, made = app.config["SESSION_COOKIE_NAME"], []
    with app.test_request_context("/en/account/login", method="POST"):
        for user in users:
            renew_session()
            start_session(user)
            login_user(user)
            csrf = generate_csrf()
            made.append(Citizen(user.id, f"{name}={serializer.dumps(dict(session))}", csrf))
        db.session.commit()
    return made


# -- the load ---------------------------------------------------------------------------------------


class Load:
    """CLIENTS threads, each sending its share of the requests at a steady pace until stopped."""

    def __init__(self, port: int, world: World, texts: list[str]):
        self.port, self.world, self.texts = port, world, texts
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(CLIENTS)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _client(self, number: int) -> None:
        rates = {"comment": COMMENTS_PER_SECOND, "sign": SIGNATURES_PER_SECOND, "withdraw": WITHDRAWALS_PER_SECOND}
        pace = CLIENTS / sum(rates.values())
        mine = list(range(number, len(self.world.citizens), CLIENTS))  # one citizen's requests come one by one
        rng = random.Random(number)
        connection = self._connect()
        due = time.monotonic() + rng.random() * pace
        while not self.stopping.is_set():
            time.sleep(max(0.0, due - time.monotonic()))
            due += pace
            kind = rng.choices(list(rates), weights=list(rates.values()))[0]
            request, connection = self._send(connection, kind, rng.choice(mine), rng)
            with self.lock:
                self.requests.append(request)
        connection.close()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def _send(self, connection, kind: str, citizen: int, rng: random.Random) -> tuple[Request, object]:
        person = self.world.citizens[citizen]
        petition_id = rng.choice(self.world.petition_ids)
        fields = {"csrf_token": person.csrf}
        if kind == "comment":
            path, petition_id = f"/en/consultations/{self.world.consultation_id}/comments", None
            fields["body"] = rng.choice(self.texts)
        else:
            path = f"/en/petitions/{petition_id}/{kind}"
        headers = {"Cookie": person.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        request = Request(time.monotonic(), kind, citizen, 0, petition_id)
        try:
            connection.request("POST", path, body=urlencode(fields), headers={"User-Agent": USER_AGENT, **headers})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            return request, self._connect()
        request.status = response.status
        location = response.getheader("Location") or ""
        if kind == "comment" and response.status == 302 and "#comment-" in location:
            request.comment_id = int(location.rpartition("#comment-")[2])
        request.outcome = parse_qs(urlsplit(location).query).get("signature", [""])[0]
        return request, connection


# -- what the database holds ------------------------------------------------------------------------


@dataclass
class Comments:
    accepted: int = 0
    stored: int = 0
    embedded: int = 0
    grouped: int = 0
    lost: int = 0
    doubled: int = 0
    notes: list[str] = field(default_factory=list)


def pending(scope: str) -> int:
    """Submissions of the scope not yet embedded and grouped."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.submissions.models import Processing, Submission

    query = select(func.count()).where(Submission.scope == scope, Submission.processing != Processing.DONE)
    count = db.session.scalar(query)
    db.session.rollback()
    return count


def comments(world: World, requests: list[Request]) -> Comments:
    """Accepted comments against the rows: each stored once, embedded, in an existing group of the right size."""
    from sqlalchemy import select

    from app.consultations.models import Comment
    from app.extensions import db
    from app.submissions.models import Processing, Submission

    sent = [r for r in requests if r.kind == "comment"]
    accepted = {r.comment_id for r in sent if r.comment_id is not None}
    rows = db.session.execute(
        select(Comment.id, Comment.author_id, Submission.id, Submission.processing, Submission.cluster_id)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(Comment.consultation_id == world.consultation_id)
    ).all()
    found = {row[0]: row for row in rows}
    figures = Comments(accepted=len(accepted), stored=len(accepted & found.keys()))
    figures.embedded = _embedded([found[i][2] for i in accepted & found.keys()])
    figures.grouped = sum(1 for i in accepted & found.keys() if found[i][3] == Processing.DONE and found[i][4])
    figures.lost = figures.accepted - figures.grouped
    by_author = Counter(row[1] for row in rows)
    tried = Counter(world.citizens[r.citizen].user_id for r in sent)
    figures.doubled = sum(max(0, stored - tried[author]) for author, stored in by_author.items())
    figures.doubled += _misreported_sizes(world.scope)
    unanswered = len(found.keys() - accepted)
    if unanswered:
        figures.notes.append(f"{unanswered} stored from requests whose answer never arrived (saved, not doubled)")
    return figures


def _embedded(submission_ids: list[int]) -> int:
    """How many of the submissions have their text's vector stored (what the workers embed before placing)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.semantic.romanized import for_the_model
    from app.semantic.text import content_hash
    from app.submissions.models import Submission, TextEmbedding

    bodies = db.session.scalars(select(Submission.body).where(Submission.id.in_(submission_ids))).all()
    keys = {content_hash(for_the_model(body)) for body in bodies}
    stored = set(db.session.scalars(select(TextEmbedding.content_hash).where(TextEmbedding.content_hash.in_(keys))))
    return sum(1 for body in bodies if content_hash(for_the_model(body)) in stored)


def _misreported_sizes(scope: str) -> int:
    """Members counted twice (or not at all) by their group's size, and members of a group that does not exist."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.submissions.models import Cluster, Submission

    sizes = dict(db.session.execute(select(Cluster.id, Cluster.size).where(Cluster.scope == scope)).all())
    members = dict(
        db.session.execute(
            select(Submission.cluster_id, func.count())
            .where(Submission.scope == scope, Submission.cluster_id.is_not(None))
            .group_by(Submission.cluster_id)
        ).all()
    )
    wrong = sum(abs(sizes.get(cluster, 0) - count) for cluster, count in members.items())
    return wrong + sum(size for cluster, size in sizes.items() if cluster not in members)


@dataclass
class Signatures:
    counted: int = 0
    rows: int = 0
    lost: int = 0
    doubled: int = 0
    petitions: list[tuple[int, int]] = field(default_factory=list)  # (signature_count, confirmed rows) each


def signatures(world: World, requests: list[Request]) -> Signatures:
    """Each petition's count against its confirmed rows; every 'counted' reply not withdrawn since has its row."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.petitions.models import Petition, Signature, SignatureState

    confirmed = set(
        db.session.execute(
            select(Signature.petition_id, Signature.user_id).where(
                Signature.petition_id.in_(world.petition_ids), Signature.state == SignatureState.CONFIRMED
            )
        ).all()
    )
    figures = Signatures(rows=len(confirmed))
    for petition in db.session.scalars(select(Petition).where(Petition.id.in_(world.petition_ids))):
        rows = sum(1 for petition_id, _user in confirmed if petition_id == petition.id)
        figures.petitions.append((petition.signature_count, rows))
        figures.doubled += max(0, petition.signature_count - rows)
        figures.lost += max(0, rows - petition.signature_count)
    last = {}  # (petition, user): the last thing the citizen did to it
    for request in sorted((r for r in requests if r.kind != "comment"), key=lambda r: r.at):
        last[request.petition_id, world.citizens[request.citizen].user_id] = request
    kept = [key for key, r in last.items() if r.kind == "sign" and r.outcome == "counted"]
    figures.counted = sum(1 for r in requests if r.kind == "sign" and r.outcome == "counted")
    figures.lost += sum(1 for key in kept if key not in confirmed)
    twice = select(func.count()).select_from(
        select(Signature.petition_id, Signature.email)
        .where(Signature.petition_id.in_(world.petition_ids))
        .group_by(Signature.petition_id, Signature.email)
        .having(func.count() > 1)
        .subquery()
    )
    figures.doubled += db.session.scalar(twice)
    return figures

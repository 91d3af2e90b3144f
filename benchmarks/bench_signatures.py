"""Signing at peak on PostgreSQL: concurrent signatures over HTTP, none lost and none counted twice.

Ovoz is served by gunicorn (WORKERS processes x THREADS threads, rate limits off) on 127.0.0.1,
and CLIENTS keep-alive connections send signing requests for SECONDS (30; OVOZ_BENCH_SECONDS, or
`python -m benchmarks.bench_signatures --seconds 5` for a smoke run). A fifth of the requests come
from people who signed already: half of them at once, like a double click racing the first
request, half later, like someone signing again. Then the database must hold exactly one counted
signature per distinct signer, and the petition's `signature_count` must equal that number; the
response threshold is lowered to THRESHOLD so that it is crossed under load, and must be recorded once.

Two ways of signing are measured, each on a petition of its own:

* signed-in citizens: POST /en/petitions/<id>/sign with the form's CSRF token and the session
  cookie of a signed-in citizen, i.e. what the "Sign" button sends (`sign_as_user`: the signature
  counts at once). The sessions are made beforehand by Flask-Login's
  `login_user` and Flask-WTF's `generate_csrf` in a request context, as the sign-in form makes
  them, without paying Argon2 for tens of thousands of sign-ins that are not what is measured.
* e-mail links: GET /en/petitions/signature/<token>, the link a signer without an account opens
  (`confirm_link`: the signature counts then); the pending signatures are inserted beforehand, as
  `sign_by_email` leaves them, and a repeat is a second opening of the same link.

Both are measured because a signature counts through one or the other: the first is a single
request by a citizen who has an account, the second the request that counts everyone else's
(the UK site counts only e-mail-confirmed signatures). Neither follows the redirect to the
petition page: that is a page view, not the signature. Printed per way of signing: confirmed
signatures/s (counted signatures in the database / wall time), latency percentiles of every
signing request seen by the client (repeats included), the check, and the cores used by gunicorn,
by the PostgreSQL backends serving it, by the client and by other processes: on a shared machine
a large "other processes" share means the figures are low. The baseline is a bare Flask route
(GET /baseline, no database) on the same server with the same clients in the same run, so the
ratios say what a signature costs above HTTP and Flask. Client, server and PostgreSQL share the
machine's cores, as on a 2-core server with its database.

Database: OVOZ_BENCH_DATABASE_URL, else OVOZ_TEST_DATABASE_URL, else the one `.ci/run` creates
(postgresql://ovoz:ovoz@127.0.0.1/ovoz_test) if a local server answers; without PostgreSQL the
benchmark says it is skipped. It works only inside its own schema `ovoz_bench` of that database,
which it drops and creates again at the start and drops at the end. Never point it at a real
deployment all the same: it creates tens of thousands of accounts and signatures there.
"""

import http.client
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from benchmarks.common import ROOT, Figure, open_petition, percentile_ms

SCHEMA = "ovoz_bench"
CI_DATABASE_URL = "postgresql://ovoz:ovoz@127.0.0.1/ovoz_test"  # what .ci/run creates
SECONDS = 30.0
WORKERS, THREADS = 2, 8  # gunicorn: a process per core, threads to overlap the waits on PostgreSQL
CLIENTS = 16  # concurrent keep-alive connections, as many as the server has threads
REPEAT_SHARE = 0.2  # requests from signers who sent theirs already
SIGNERS_PER_SECOND = 1000  # the pool of distinct signers: twice the target, so that it does not run out
THRESHOLD = 1000  # the response threshold, low enough to be crossed under load (it must be recorded once)
TARGET = 500  # confirmed signatures/s on 2 cores (the UK record was about 2,000 a minute)
USER_AGENT = "ovoz-bench-signatures/1"
APPLICATION_NAME = "ovoz-bench-signatures"  # names our connections in pg_stat_activity
COUNTED = "counted"  # the outcomes in the redirect's ?signature=
REPEATED = ("already-signed", "already-counted")


# -- the database -----------------------------------------------------------------------------------


def _database_url() -> str | None:
    """A PostgreSQL URL whose search_path is our own, freshly created schema; None after saying why not."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    from config import database_url

    source = next((n for n in ("OVOZ_BENCH_DATABASE_URL", "OVOZ_TEST_DATABASE_URL") if os.environ.get(n)), None)
    raw = os.environ[source] if source else CI_DATABASE_URL
    source = source or f"the local PostgreSQL of .ci/run ({CI_DATABASE_URL})"
    url = make_url(database_url(raw, ROOT / "instance"))
    if url.get_backend_name() != "postgresql":
        print(f"  skipped: {source} is not a PostgreSQL URL (set OVOZ_BENCH_DATABASE_URL)")
        return None
    options = f"{url.query.get('options', '')} -c search_path={SCHEMA}".strip()
    url = url.update_query_dict({"options": options, "application_name": APPLICATION_NAME})
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    except SQLAlchemyError as error:
        reason = str(error.orig if hasattr(error, "orig") else error).strip().splitlines()[0]
        print(f"  skipped: no PostgreSQL available at {source}: {reason}")
        print("  (set OVOZ_BENCH_DATABASE_URL to a database the benchmark may use; it works in its own schema)")
        return None
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)


def _drop_schema(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def _citizen_sessions(app, petition_id: int, count: int) -> list[tuple[str, dict]]:
    """`count` confirmed citizens, and for each the request the Sign button sends for them."""
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf
    from sqlalchemy import insert, select

    from app.accounts.models import User
    from app.core.db import utcnow
    from app.extensions import db

    now = utcnow()
    rows = [
        {
            "email": f"citizen{n}@bench.example",
            "display_name": f"Citizen {n}",
            "password_hash": "!",  # never signs in with a password: the session is made below
            "locale": "en",
            "email_confirmed_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    db.session.commit()
    users = db.session.scalars(select(User).where(User.email.like("%@bench.example")).order_by(User.id)).all()
    serializer = app.session_interface.get_signing_serializer(app)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    path = f"/en/petitions/{petition_id}/sign"
    requests = []
    context = {"environ_base": {"REMOTE_ADDR": "127.0.0.1"}, "headers": {"User-Agent": USER_AGENT}}
    with app.test_request_context("/en/account/login", method="POST", **context):
        for user in users:
            session.clear()
            g.pop("csrf_token", None)
            login_user(user)
            body = urlencode({"csrf_token": generate_csrf(), "submit": "Confirm"})
            headers = {
                "Cookie": f"{cookie_name}={serializer.dumps(dict(session))}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            requests.append(("POST", path, body.encode(), headers))
    db.session.expunge_all()
    return requests


def _pending_links(petition_id: int, count: int) -> list[tuple[str, str, None, dict]]:
    """`count` signatures waiting for their e-mailed link, and the GET of each link."""
    from sqlalchemy import insert, select

    from app.accounts.tokens import make_token
    from app.core.db import utcnow
    from app.extensions import db
    from app.petitions.models import Signature, SignatureState
    from app.petitions.signing import SIGN

    now = utcnow()
    rows = [
        {
            "petition_id": petition_id,
            "email": f"signer{n}@bench.example",
            "name": f"Signer {n}",
            "locale": "en",
            "state": SignatureState.PENDING,
            "ip_address": "127.0.0.1",
            "created_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Signature), rows)
    db.session.commit()
    ids = db.session.scalars(select(Signature.id).where(Signature.petition_id == petition_id).order_by(Signature.id))
    return [("GET", f"/en/petitions/signature/{make_token(SIGN, {'sid': sid})}", None, {}) for sid in ids]


# -- the server -------------------------------------------------------------------------------------


def served_app():
    """What gunicorn serves here (`benchmarks.bench_signatures:served_app()`): Ovoz and a bare route."""
    from app import create_app

    app = create_app()
    app.add_url_rule("/baseline", "baseline", lambda: "ok")
    return app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(url: str, redis_url: str, secret: str, tmp: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = dict(
        os.environ,
        OVOZ_ENV="production",
        OVOZ_SECRET_KEY=secret,
        OVOZ_INSTANCE_PATH=str(tmp / "instance"),
        OVOZ_RATELIMIT_ENABLED="0",
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        OVOZ_PETITION_RESPONSE_THRESHOLD=str(THRESHOLD),
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers", str(WORKERS)]
    command += ["--threads", str(THREADS), "--bind", f"127.0.0.1:{port}", "--keep-alive", "30"]
    command += ["--log-level", "warning", "benchmarks.bench_signatures:served_app()"]
    log = (tmp / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/baseline")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    _stop_server(server)
    raise RuntimeError(f"gunicorn did not start:\n{(tmp / 'gunicorn.log').read_text()[-3000:]}")


def _stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- where the CPU went (Linux /proc; the machine may be shared with other work) --------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state first); [] if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return []


def _process_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICK if fields else 0.0


def _tree_seconds(root: int) -> float:
    """CPU time of a process and its children (gunicorn's master and workers)."""
    children = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _stat(p.name)[1:2] == [str(root)]]
    return sum(_process_seconds(pid) for pid in [root, *children])


def _machine_seconds() -> float:
    """Busy CPU time of the whole machine, every core."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / TICK  # all but idle and iowait


def _database_pids() -> list[int]:
    from sqlalchemy import text

    from app.extensions import db

    query = "SELECT pid FROM pg_stat_activity WHERE application_name = :name AND pid <> pg_backend_pid()"
    pids = list(db.session.scalars(text(query), {"name": APPLICATION_NAME}))
    db.session.remove()
    return pids


def _cpu_snapshot(app, server_pid: int) -> dict | None:
    """CPU seconds so far of the server, of PostgreSQL's backends serving it (if local), and of the machine."""
    if not Path("/proc/stat").exists():
        return None
    with app.app_context():
        database = {pid: _process_seconds(pid) for pid in _database_pids()}
    return {"server": _tree_seconds(server_pid), "database": database, "machine": _machine_seconds()}


def _cpu_used(start: dict | None, end: dict | None, elapsed: float) -> dict | None:
    """Cores used on average between two snapshots, by part."""
    if not start or not end:
        return None
    database = sum(seconds - start["database"].get(pid, 0.0) for pid, seconds in end["database"].items())
    return {
        "server": (end["server"] - start["server"]) / elapsed,
        "database": database / elapsed,
        "machine": (end["machine"] - start["machine"]) / elapsed,
    }


# -- the load ---------------------------------------------------------------------------------------


class _Schedule:
    """Who sends next: a new signer, or (REPEAT_SHARE of the time) one who has sent already."""

    def __init__(self, count: int, repeat_share: float, deadline: float):
        self.count, self.repeat_share, self.deadline = count, repeat_share, deadline
        self.issued = self.repeats = 0
        self.exhausted = False
        self._random = random.Random(7)
        self._lock = threading.Lock()

    def next(self) -> int | None:
        with self._lock:
            if time.perf_counter() >= self.deadline:
                return None
            draw = self._random.random()
            if self.issued and draw < self.repeat_share:
                self.repeats += 1
                if draw < self.repeat_share / 2:  # a double click: the request just sent is likely in flight
                    return self.issued - 1
                return self._random.randrange(self.issued)  # signing again later
            if self.issued == self.count:
                self.exhausted = True
                return None
            self.issued += 1
            return self.issued - 1


@dataclass
class Load:
    elapsed: float = 0.0
    latencies: list = field(default_factory=list)  # seconds, every answered request
    answers: list = field(default_factory=list)  # (signer, status, Location)
    errors: list = field(default_factory=list)
    issued: int = 0
    repeats: int = 0
    exhausted: bool = False
    client_cpu: float = 0.0  # cores the client used on average
    cpu: dict | None = None  # cores the server, its database backends and the whole machine used


def _client(port: int, schedule: _Schedule, requests, load: Load, lock: threading.Lock) -> None:
    latencies, answers, errors = [], [], []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while (signer := schedule.next()) is not None:
        method, path, body, headers = requests(signer)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers={"User-Agent": USER_AGENT, **headers})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        latencies.append(time.perf_counter() - start)
        answers.append((signer, response.status, response.getheader("Location") or ""))
    connection.close()
    with lock:
        load.latencies += latencies
        load.answers += answers
        load.errors += errors


def _drive(server, seconds: float, requests, count: int, repeat_share: float) -> Load:
    """Send from CLIENTS connections for `seconds`; `requests(i)` is the request of signer i."""
    app, process, port = server
    load, lock = Load(), threading.Lock()
    before = _cpu_snapshot(app, process.pid)
    start, cpu = time.perf_counter(), time.process_time()
    schedule = _Schedule(count, repeat_share, start + seconds)
    threads = [threading.Thread(target=_client, args=(port, schedule, requests, load, lock)) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.elapsed = time.perf_counter() - start
    load.client_cpu = (time.process_time() - cpu) / load.elapsed
    load.cpu = _cpu_used(before, _cpu_snapshot(app, process.pid), load.elapsed)
    load.issued, load.repeats, load.exhausted = schedule.issued, schedule.repeats, schedule.exhausted
    return load


# -- the check --------------------------------------------------------------------------------------


def _replies(load: Load) -> dict[str, int]:
    """What the signers were told: the outcome the redirect to the petition's page carries."""
    replies = {"counted": 0, "repeated": 0, "other": 0}
    for _, status, location in load.answers:
        outcome = parse_qs(urlsplit(location).query).get("signature", [""])[0] if status == 302 else ""
        if outcome == COUNTED:
            replies["counted"] += 1
        elif outcome in REPEATED:
            replies["repeated"] += 1
        else:
            replies["other"] += 1
    return replies


def _stored(petition_id: int) -> dict[str, int]:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.petitions.models import Petition, PetitionEvent, Signature, SignatureState

    db.session.remove()
    confirmed = (Signature.petition_id == petition_id, Signature.state == SignatureState.CONFIRMED)
    events = (PetitionEvent.petition_id == petition_id, PetitionEvent.kind == "response-threshold")
    return {
        "count": db.session.get(Petition, petition_id).signature_count,
        "rows": db.session.scalar(select(func.count()).select_from(Signature).where(*confirmed)),
        "emails": db.session.scalar(select(func.count(func.distinct(Signature.email))).where(*confirmed)),
        "threshold_events": db.session.scalar(select(func.count()).select_from(PetitionEvent).where(*events)),
    }


def _print_check(stored: dict, sent: int, replies: dict, load: Load) -> None:
    exact = stored["count"] == stored["rows"] == stored["emails"] == sent == replies["counted"]
    if exact and not replies["other"] and not load.errors:
        verdict = "0 lost, 0 doubled"
    else:
        verdict = (
            f"DISCREPANCY: {max(0, sent - stored['count']):,} lost, {max(0, stored['count'] - sent):,} doubled "
            f"in the count; {replies['counted'] - sent:+,} 'counted' replies against signers; "
            f"{replies['other']:,} other answers, {len(load.errors):,} failed requests {load.errors[:3]}"
        )
    print(
        f"    check: signature_count {stored['count']:,} = confirmed rows {stored['rows']:,} "
        f"= distinct e-mails {stored['emails']:,} = distinct signers sent {sent:,}; "
        f"replies {replies['counted']:,} 'counted', {replies['repeated']:,} 'already signed': {verdict}"
    )


def _print_cpu(load: Load, signatures: int) -> None:
    cpu = load.cpu
    if cpu is None:
        print(f"    client used {load.client_cpu:.2f} cores")
        return
    ours = cpu["server"] + cpu["database"] + load.client_cpu
    per_signature = (cpu["server"] + cpu["database"]) * load.elapsed / max(1, signatures) * 1000
    print(
        f"    cores used: gunicorn {cpu['server']:.2f}, PostgreSQL {cpu['database']:.2f}, "
        f"client {load.client_cpu:.2f}, other processes {max(0.0, cpu['machine'] - ours):.2f} (of {os.cpu_count()}); "
        f"server + database CPU per signature {per_signature:.1f} ms"
    )


def _report(app, label: str, petition_id: int, load: Load) -> float:
    """Print the figures and the check of one way of signing; its confirmed signatures/s."""
    stored = _stored(petition_id)
    rate = stored["rows"] / load.elapsed
    ms = {q: percentile_ms(load.latencies, q) for q in (50, 95, 99)}
    print(
        f"  {label}: {stored['rows']:,} confirmed signatures in {load.elapsed:.1f} s = {rate:,.0f} signatures/s "
        f"(target >= {TARGET}: {'met' if rate >= TARGET else 'NOT met'}); "
        f"{len(load.answers):,} requests ({load.repeats:,} repeats), "
        f"latency p50 {ms[50]:.1f} ms, p95 {ms[95]:.1f} ms, p99 {ms[99]:.1f} ms"
    )
    _print_check(stored, len({signer for signer, _, _ in load.answers}), _replies(load), load)
    expected_events = int(stored["count"] >= THRESHOLD)
    if stored["threshold_events"] != expected_events:
        print(f"    DISCREPANCY: the response threshold was recorded {stored['threshold_events']} times")
    elif expected_events:
        print(f"    the response threshold ({THRESHOLD:,}, crossed under load) was recorded once, as it should be")
    _print_cpu(load, stored["rows"])
    if load.exhausted:
        print("    note: the pool of signers ran out before the time was up; raise SIGNERS_PER_SECOND")
    return rate


# -- the benchmark ----------------------------------------------------------------------------------


def _prepare(app, pool: int) -> dict:
    from app.extensions import db

    with app.app_context():
        db.create_all()
        titles = ("Signed-in citizens sign this one", "Signers by e-mail link sign this one")
        petitions = [open_petition(title) for title in titles]
        db.session.add_all(petitions)
        db.session.commit()
        ids = [petition.id for petition in petitions]
        started = time.perf_counter()
        sessions = _citizen_sessions(app, ids[0], pool)
        links = _pending_links(ids[1], pool)
        seconds = time.perf_counter() - started
        print(f"  prepared {pool:,} signed-in citizens and {pool:,} pending links in {seconds:.0f} s")
        return {"citizens": (ids[0], sessions), "links": (ids[1], links)}


def _measure(server, seconds: float, work: dict) -> list[Figure]:
    app = server[0]
    bare = ("GET", "/baseline", None, {})
    _drive(server, 2, lambda _: bare, 10**9, 0)  # warm up connections and workers
    baseline = _drive(server, max(3.0, seconds / 3), lambda _: bare, 10**9, 0)
    per_request, p95 = baseline.elapsed / len(baseline.answers), percentile_ms(baseline.latencies, 95) / 1000
    print(
        f"  baseline, bare route GET /baseline: {len(baseline.answers) / baseline.elapsed:,.0f} requests/s, "
        f"p95 {p95 * 1000:.1f} ms ({CLIENTS} connections; gunicorn {WORKERS} workers x {THREADS} threads; "
        f"{os.cpu_count()} cores, 1-minute load average before the run {os.getloadavg()[0]:.1f})"
    )
    figures = []
    labels = {"citizens": "signed-in citizens, POST .../sign", "links": "e-mail links, GET .../signature/<token>"}
    for key, label in labels.items():
        petition_id, requests = work[key]
        load = _drive(server, seconds, requests.__getitem__, len(requests), REPEAT_SHARE)
        with app.app_context():
            rate = _report(app, label, petition_id, load)
        short = label.split(",")[0]
        figures.append(Figure(f"{short}: time per signature", 1 / max(rate, 1e-9), "bare route", per_request))
        figures.append(Figure(f"{short}: p95 latency", percentile_ms(load.latencies, 95) / 1000, "bare route", p95))
    return figures


def run(seconds: float | None = None) -> list[Figure]:
    from app import create_app
    from app.core.queue import start_embedded_redis
    from app.extensions import db

    seconds = seconds or float(os.environ.get("OVOZ_BENCH_SECONDS") or SECONDS)
    url = _database_url()
    if url is None:
        return []
    secret = secrets.token_urlsafe(48)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            redis_url = start_embedded_redis(tmp)
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": redis_url, "SECRET_KEY": secret})
            work = _prepare(app, int(SIGNERS_PER_SECOND * seconds))
            process, port = _start_server(url, redis_url, secret, tmp)
            try:
                return _measure((app, process, port), seconds, work)
            finally:
                _stop_server(process)
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
    finally:
        _drop_schema(url)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=None, help=f"length of each run (default {SECONDS:g})")
    for figure in run(parser.parse_args().seconds):
        print(figure.line())

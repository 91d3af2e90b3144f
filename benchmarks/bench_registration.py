"""Registering a taken address against a new one, with the production password hashing: the times must match."""

import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure

FORM = {
    "display_name": "Nigina",
    "password": "a long enough secret",
    "password_again": "a long enough secret",
    "region_code": "",
    "locale": "en",
    "accept_terms": "y",
}


def _app(tmp: Path):
    os.environ["OVOZ_ENV"] = "testing"
    from app import create_app
    from app.core.queue import start_embedded_redis
    from config import Config

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "REDIS_URL": start_embedded_redis(tmp),
            "OVOZ_ARGON2_TIME_COST": Config.OVOZ_ARGON2_TIME_COST,  # what production pays, not the tests' cheap hash
            "OVOZ_ARGON2_MEMORY_COST": Config.OVOZ_ARGON2_MEMORY_COST,
        }
    )


def _register(client, token: str, email: str) -> None:
    response = client.post("/en/account/register", data=dict(FORM, email=email, csrf_token=token))
    assert response.status_code == 302, response.status_code  # a figure for an error page would mean nothing


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _medians(first, second, repeat: int = 15, warmup: int = 2) -> tuple[float, float]:
    """Median times of two actions taken in turns, so that a busy moment of the machine slows both alike."""
    timings = [(_seconds(first), _seconds(second)) for _ in range(warmup + repeat)][warmup:]
    return statistics.median(t for t, _ in timings), statistics.median(t for _, t in timings)


def run() -> list[Figure]:
    from app.extensions import db

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        app = _app(Path(tmp))
        with app.app_context():
            db.create_all()
        client = app.test_client()
        page = client.get("/en/account/register").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        numbers = itertools.count()
        _register(client, token, "taken@example.org")
        taken, new = _medians(
            lambda: _register(client, token, "taken@example.org"),
            lambda: _register(client, token, f"new{next(numbers)}@example.org"),
        )
        return [Figure("register a taken address", taken, "a new address", new)]

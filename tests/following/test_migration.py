"""The migration to general follows keeps everyone's follows of consultations, both ways."""

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from tests.test_migrations import empty_database  # noqa: F401 - the fixture

BEFORE, REVISION = "40cbe3ef262d", "700560e8a9bf"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


ORGANISATION_FOLLOW = [
    "INSERT INTO organisations (id, name, description, created_at) VALUES (1, 'O', '', :when)",
    "INSERT INTO follows (kind, target_id, organisation_id, created_at) VALUES ('consultation', 7, 1, :when)",
]


def _rows(statement: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(statement))]


def _old_follow() -> None:
    """A person following a consultation, as the schema before the migration held it."""
    statements = [
        "INSERT INTO users (id, email, password_hash, display_name, locale, role, created_at)"
        " VALUES (1, 'a@example.org', 'x', 'A', 'en', 'citizen', :when)",
        "INSERT INTO agencies (id, slug, names, created_at) VALUES (1, 'water', '{}', :when)",
        "INSERT INTO consultations (id, agency_id, title, summary, body, opens_at, closes_at, phase, premoderation,"
        " report, created_at) VALUES (7, 1, 'T', 'S', '', :when, :when, 'open', :no, '', :when)",
        "INSERT INTO consultation_follows (consultation_id, user_id) VALUES (7, 1)",
    ]
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), {"when": WHEN, "no": False})


def test_consultation_follows_move_into_follows_and_back(empty_database):  # noqa: F811 - the fixture
    app = create_app(empty_database)
    with app.app_context():
        upgrade(revision=BEFORE)
        _old_follow()
        upgrade(revision=REVISION)
        assert _rows("SELECT kind, target_id, user_id, organisation_id FROM follows") == [("consultation", 7, 1, None)]
        with db.engine.begin() as connection:  # an organisation's follow has nowhere to go back to
            for statement in ORGANISATION_FOLLOW:
                connection.execute(text(statement), {"when": WHEN})
        downgrade(revision=BEFORE)
        assert _rows("SELECT consultation_id, user_id FROM consultation_follows") == [(7, 1)]
        db.engine.dispose()

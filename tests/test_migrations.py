"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL alike."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.extensions import db

SCHEMA = "ovoz_migration_check"


@pytest.fixture
def empty_database(settings, tmp_path):
    """Settings that point at an empty database: a new SQLite file, or a new PostgreSQL schema."""
    url = settings["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        yield dict(settings, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'migrations.db'}")
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    options = {"pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={SCHEMA}"}}
    yield dict(settings, SQLALCHEMY_ENGINE_OPTIONS=options)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_database):
    app = create_app(empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert {"users", "agencies", "audit_events", "outgoing_emails"} <= tables
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()

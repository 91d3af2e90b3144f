"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text

from app import create_app
from app.accounts.models import Role, User
from app.core.db import utcnow
from app.extensions import db
from app.submissions import services

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


def test_staff_words_already_grouped_are_set_aside_and_their_scope_regrouped(empty_database):
    """An official's reply grouped before staff's words were kept aside leaves its group on upgrade, and its scope
    is due for the refinement that rewrites the group without it; a citizen's submission stays where it is."""
    from app.submissions.models import Cluster, Processing, ScopeState, Submission

    app = create_app(empty_database)
    with app.app_context():
        upgrade()
        people = [
            User(email=f"{role}@example.org", display_name=role, password_hash="!", role=role)
            for role in (Role.CITIZEN, Role.OFFICIAL)
        ]
        cluster = Cluster(scope="consultation:1", model="m", size=2)
        db.session.add_all([*people, cluster])
        db.session.flush()
        for person in people:
            db.session.add(
                Submission(
                    kind="comment",
                    scope=cluster.scope,
                    body=person.role,
                    author_id=person.id,
                    content_hash="h",
                    processing=Processing.DONE,
                    cluster_id=cluster.id,
                    firmness=0.1,
                    pinned=True,
                )
            )
        refined = utcnow()
        db.session.add(ScopeState(scope=cluster.scope, refined_at=refined, changed_at=refined - timedelta(hours=1)))
        db.session.commit()
        downgrade(revision="c1f5a8e93d24")
        upgrade()
        db.session.expire_all()
        rows = {s.body: s for s in db.session.scalars(select(Submission))}
        official, citizen = rows[Role.OFFICIAL], rows[Role.CITIZEN]
        assert (official.processing, official.cluster_id, official.firmness, official.pinned) == (
            Processing.ASIDE,
            None,
            None,
            False,
        )
        assert (citizen.processing, citizen.cluster_id, citizen.pinned) == (Processing.DONE, cluster.id, True)
        assert services.scopes_due_for_refinement() == [cluster.scope]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()

"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL alike."""

from contextlib import contextmanager
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


@contextmanager
def upgraded(settings):
    """An app on the empty database upgraded to the head, in its app context; downgraded to nothing after."""
    app = create_app(settings)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def test_staff_words_already_grouped_are_set_aside_and_their_scope_regrouped(empty_database):
    """An official's reply grouped before staff's words were kept aside leaves its group on upgrade, and its scope
    is due for the refinement that rewrites the group without it; a citizen's submission stays where it is."""
    from app.submissions.models import Cluster, Processing, ScopeState, Submission

    with upgraded(empty_database):
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


def test_comments_already_made_get_the_section_of_their_article(empty_database):
    """The upgrade that brought sections gives each existing comment its article (a comment on a part, the part's
    article; one on the whole draft, none) and marks its scope for the refinement that regroups it."""
    from app.agencies.models import Agency
    from app.consultations import comments
    from app.consultations import services as consultations
    from app.submissions.models import Cluster, Processing, ScopeState, Submission
    from tests.consultations.test_consultations import TWO_ARTICLES

    with upgraded(empty_database) as app:
        agency = Agency(slug="water", names={"en": "Water"})
        official = User(email="o@example.org", display_name="O", password_hash="!", role=Role.OFFICIAL, agency=agency)
        citizen = User(email="c@example.org", display_name="C", password_hash="!")
        db.session.add_all([agency, official, citizen])
        db.session.commit()
        now = utcnow()
        fields = {"title": "Fees", "summary": "", "body": "", "agency_id": agency.id, "region_code": None}
        fields |= {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=9), "premoderation": False}
        with app.test_request_context():
            consultation = consultations.save(official, fields)
            version = consultations.import_draft(consultation, official, TWO_ARTICLES)
            consultations.publish_version(version, official, "")
            first, second = [p for p in version.provisions if p.kind == "article"]
            part = next(p for p in version.provisions if p.parent_id == first.id)
            made = [comments.add(consultation, citizen, "Too high.", p) for p in (part, second, None)]
            db.session.commit()
            ids, scope = [c.submission_id for c in made], consultation.scope
            lineages = first.lineage_id, second.lineage_id
        cluster = Cluster(scope=scope, model="m", size=3)  # grouped together before sections
        db.session.add_all([cluster, ScopeState(scope=scope, refined_at=now, changed_at=now - timedelta(hours=1))])
        db.session.flush()
        for submission_id in ids:
            placed = db.session.get(Submission, submission_id)
            placed.cluster_id, placed.processing = cluster.id, Processing.DONE
        db.session.execute(text("CREATE TABLE comments_kept AS SELECT * FROM comments"))
        db.session.commit()
        downgrade(revision="a3d8e1c5f217")  # on SQLite this copies `submissions`, and its cascade empties `comments`
        for statement in ("DELETE FROM comments", "INSERT INTO comments SELECT * FROM comments_kept"):
            db.session.execute(text(statement))
        db.session.execute(text("DROP TABLE comments_kept"))
        db.session.commit()
        upgrade()
        db.session.expire_all()
        assert [db.session.get(Submission, i).section for i in ids] == [
            f"provision:{lineages[0]}",
            f"provision:{lineages[1]}",
            None,
        ]
        assert services.scopes_due_for_refinement() == [scope]


def _made_due(settings, scopes: tuple[str, ...], before: str, to: str = "head") -> list[str]:
    """Scopes refined since their last change (none due), then the upgrade from revision `before` to `to` run again:
    the scopes it makes due for a refinement."""
    from app.submissions.models import ScopeState

    with upgraded(settings):
        refined = utcnow()
        for scope in scopes:
            db.session.add(ScopeState(scope=scope, refined_at=refined, changed_at=refined - timedelta(hours=1)))
        db.session.commit()
        assert services.scopes_due_for_refinement() == []
        downgrade(revision=before)
        upgrade(revision=to)
        db.session.expire_all()
        return sorted(services.scopes_due_for_refinement())


def test_the_petition_pool_refined_before_its_own_grouping_is_due_again(empty_database):
    """The upgrade that brought the pool's grouping (POOL) makes the petition scope due for a refinement, which
    regroups it with the pool's margins; a consultation refined since its last change stays as it is."""
    due = _made_due(empty_database, ("petitions", "consultation:1"), "b9c4f2a6e813", "c4e7a1f9b352")
    assert due == ["petitions"]


def test_every_scope_refined_before_firmness_was_read_anew_is_due_again(empty_database):
    """The upgrade that makes a comment on the whole draft in a group mostly on one article a member to confirm,
    and a lead of 0.03 enough, makes every scope due for a refinement, which writes its members' firmness again."""
    due = _made_due(empty_database, ("petitions", "consultation:1", "consultation:2"), "c4e7a1f9b352")
    assert due == ["consultation:1", "consultation:2", "petitions"]

"""Limits on signing in: guessing from one place is stopped without locking the owner out elsewhere."""

import pytest
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import WebClient

OWNER, ATTACKER = "203.0.113.5", "198.51.100.66"


@pytest.fixture
def strict_app(settings, app):
    """Three failed sign-ins per account and address; five times that per address and per account."""
    strict = create_app(dict(settings, OVOZ_RATELIMIT_LOGIN="3 per minute"))
    strict.test_client_class = WebClient
    return strict


def browser(app, address: str) -> WebClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_guessing_from_elsewhere_does_not_lock_the_owner_out(strict_app, make_user):
    owner = make_user(role="official")
    attacker = browser(strict_app, ATTACKER)
    assert [attacker.login(owner.email, "a guess").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert browser(strict_app, OWNER).login(owner.email, PASSWORD).status_code == 302


def test_signing_in_that_works_is_not_counted_as_failing(strict_app, make_user):
    owner, client = make_user(), browser(strict_app, OWNER)
    for _ in range(4):
        assert client.login(owner.email, PASSWORD).status_code == 302
        client.logout()


def test_spraying_is_stopped_per_address_and_per_account(strict_app, make_user):
    sprayer = browser(strict_app, ATTACKER)
    assert {sprayer.login(f"sprayed{n}@example.org", "a guess").status_code for n in range(15)} == {200}
    assert sprayer.login("someone.else@example.org", "a guess").status_code == 429
    owner = make_user()
    for number in range(15):
        assert browser(strict_app, f"10.0.0.{number + 2}").login(owner.email, "a guess").status_code == 200
    assert browser(strict_app, "10.0.1.1").login(owner.email, "a guess").status_code == 429


def test_failed_sign_ins_are_audited_without_the_password(strict_app, make_user):
    owner = make_user()
    browser(strict_app, ATTACKER).login(owner.email, "secret guess one")
    browser(strict_app, ATTACKER).login("nobody@example.org", "secret guess two")
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.target_id, e.ip_address, e.actor_id) for e in events] == [
        ("account.sign_in_failed", owner.id, ATTACKER, None),
        ("account.sign_in_failed", None, ATTACKER, None),
    ]
    assert all(e.details == {} for e in events)  # no password, and no address that has no account

"""Accounts end to end through the pages, with mail delivered by a real RQ worker."""

import json

from argon2 import PasswordHasher
from sqlalchemy import select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.extensions import db
from app.mail.models import OutgoingEmail
from tests.conftest import PASSWORD
from tests.helpers import field_errors, link_in, sent_emails, text

NEW = {
    "display_name": "Nigina",
    "email": "Nigina@Example.org ",
    "password": "a long enough secret",
    "password_again": "a long enough secret",
    "region_code": "TJ-DU",
    "locale": "tg",
    "accept_terms": "y",
}


def register(client, **changes):
    return client.submit("/en/account/register", dict(NEW, **changes))


def test_register_confirm_login_logout(client, run_jobs):
    response = register(client)
    assert response.status_code == 302 and response.location.endswith("/en/account/check-email")
    user = db.session.scalar(select(User).where(User.email == "nigina@example.org"))
    assert user is not None and not user.is_confirmed and user.locale == "tg"
    assert client.login("nigina@example.org", NEW["password"]).location.endswith("/en/account/confirm")

    assert sent_emails() == []  # nothing is sent until a worker runs
    assert run_jobs() == 1
    (email,) = sent_emails("nigina@example.org")
    assert "Ovoz" in email.subject and email.subject != "Confirm your e-mail address for Ovoz"  # in Tajik
    confirm = client.get(link_in(email.body))
    assert confirm.status_code == 302 and confirm.location.endswith("/tg/account/login")
    db.session.refresh(user)
    assert user.is_confirmed

    logged_in = client.login("NIGINA@example.org", NEW["password"], locale="tg")  # where the link led
    assert logged_in.status_code == 302 and logged_in.location.endswith("/tg/")
    assert "Nigina" in text(client.get("/tg/account"))
    assert client.logout().status_code == 302
    assert client.get("/en/account").status_code == 302


def test_registering_a_taken_address_reveals_nothing_and_warns_the_owner(client, make_user, run_jobs):
    owner = make_user(email="taken@example.org")
    response = register(client, email="taken@example.org")
    assert response.location.endswith("/en/account/check-email")
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1
    run_jobs()
    (warning,) = sent_emails(owner.email)
    assert "already have an account" in warning.body


def test_registering_a_taken_or_a_new_address_does_the_same_costly_work(client, make_user, monkeypatch):
    """Timing must not tell who has an account: both ways hash the password once and queue one e-mail."""
    make_user(email="taken@example.org")
    hashes, real_hash = [], PasswordHasher.hash
    monkeypatch.setattr(PasswordHasher, "hash", lambda hasher, secret: hashes.append(1) or real_hash(hasher, secret))
    work = {}
    for address in ("taken@example.org", "new@example.org"):
        hashes.clear()
        mails_before = db.session.scalar(select(db.func.count()).select_from(OutgoingEmail))
        response = register(client, email=address)
        mails = db.session.scalar(select(db.func.count()).select_from(OutgoingEmail)) - mails_before
        work[address] = (response.status_code, response.location, response.get_data(), len(hashes), mails)
    assert work["taken@example.org"] == work["new@example.org"]
    assert work["new@example.org"][3:] == (1, 1)


def test_wrong_password_and_unknown_address_get_the_same_answer(client, make_user):
    user = make_user()
    wrong = client.login(user.email, "not the password")
    unknown = client.login("nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert field_errors(wrong) == field_errors(unknown) == ["The e-mail address or the password is not correct."]


def test_a_wrong_password_is_reported_once(client, make_user):
    """Issue 16: the message stood both in an error summary and at the field."""
    user = make_user()
    wrong = client.login(user.email, "not the password", locale="ru")
    (said,) = field_errors(wrong)
    assert text(wrong).count(said) == 1


def test_signing_in_keeps_the_page_language(client, make_user):
    """Issue 16: signing in from a Russian page stays in Russian, whatever language the account saved."""
    user = make_user(locale="tg")
    signed_in = client.login(user.email, PASSWORD, locale="ru")
    assert signed_in.status_code == 302 and signed_in.location.endswith("/ru/")
    assert client.get("/ru/").status_code == 200


def test_confirmation_link_is_checked(client):
    response = client.get("/en/account/confirm/not-a-real-token")
    assert response.status_code == 302 and response.location.endswith("/en/account/confirm")


def test_password_reset_link_works_once(client, make_user, run_jobs):
    user = make_user(locale="ru")
    client.submit("/en/account/password/forgot", {"email": user.email})
    client.submit("/en/account/password/forgot", {"email": "nobody@example.org"})
    run_jobs()
    (email,) = sent_emails()
    assert email.recipient == user.email
    link = link_in(email.body)
    assert link.startswith("/ru/account/password/reset/")
    new = {"password": "another long secret", "password_again": "another long secret"}
    assert client.submit(link, new).location.endswith("/ru/account/login")
    assert client.login(user.email, "another long secret").status_code == 302
    client.logout()
    reused = client.submit(link, {"password": "third long secret!", "password_again": "third long secret!"})
    assert reused.location.endswith("/ru/account/password/forgot")
    assert client.login(user.email, "third long secret!").status_code == 200


def test_profile_password_export_and_deletion(client, make_user, make_agency):
    user = make_user(display_name="Rustam")
    user_id = user.id
    client.login(user.email, PASSWORD)
    saved = client.submit("/en/account", {"display_name": "Rustam B.", "region_code": "TJ-SU", "locale": "ru"})
    assert saved.location.endswith("/ru/account")
    db.session.refresh(user)
    assert (user.display_name, user.region_code, user.locale) == ("Rustam B.", "TJ-SU", "ru")

    bad = client.submit(
        "/en/account/password",
        {"current_password": "wrong", "password": "a new long secret", "password_again": "a new long secret"},
        form_url="/en/account",
    )
    assert bad.status_code == 400 and "Your current password is not correct." in field_errors(bad)
    good = client.submit(
        "/en/account/password",
        {"current_password": PASSWORD, "password": "a new long secret", "password_again": "a new long secret"},
        form_url="/en/account",
    )
    assert good.status_code == 302

    export = client.get("/en/account/data.json")
    assert export.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(export.data)
    assert data["account"]["email"] == user.email and data["account"]["region_code"] == "TJ-SU"
    assert "argon2" not in export.get_data(as_text=True)  # no password hash
    assert [a["action"] for a in data["actions_in_audit_log"]] == ["account.password_changed"]

    refused = client.submit("/en/account/delete", {"password": PASSWORD})
    assert refused.status_code == 200 and db.session.get(User, user.id) is not None
    deleted = client.submit("/en/account/delete", {"password": "a new long secret"})
    assert deleted.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert client.get("/en/account").status_code == 302
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["account.password_changed", "account.data_exported", "account.deleted"]
    assert all(e.actor_id is None for e in events)  # the link to the person is gone with them


def test_disabled_account_cannot_sign_in(client, make_user):
    from app.core.db import utcnow

    user = make_user(disabled_at=utcnow())
    assert client.login(user.email, PASSWORD).status_code == 200


def test_staff_sign_ins_are_audited_with_their_address(client, make_user, make_agency):
    from app.accounts.models import Role

    citizen, official = make_user(), make_user(role=Role.OFFICIAL, agency=make_agency())
    client.login(citizen.email, PASSWORD)
    client.logout()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    client.login(official.email, PASSWORD)
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.actor_id, event.target_id) == ("account.signed_in", official.id, official.id)
    assert (event.actor_role, event.ip_address) == ("official", "203.0.113.7")

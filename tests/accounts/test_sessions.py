"""Ending sessions: a cookie copied before a sign-out, a new password or a deletion no longer signs in."""

import pytest
from sqlalchemy import select

from app.accounts.models import UserSession
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import link_in, sent_emails

NEW_PASSWORD = {"password": "a new long secret", "password_again": "a new long secret"}
COOKIES = ("session", "remember_token")


def sign_in(client, user, remember=True):
    response = client.submit("/en/account/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    return {name: client.get_cookie(name).value for name in COOKIES if remember or name == "session"}


def signed_in_with(app, name, value) -> bool:
    """Whether a fresh browser that has only this one cookie is signed in."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser.get("/en/account").status_code == 200


def assert_replays(app, cookies, signed_in: bool):
    assert {name: signed_in_with(app, name, value) for name, value in cookies.items()} == dict.fromkeys(
        COOKIES, signed_in
    )


def change_password(client):
    data = dict(NEW_PASSWORD, current_password=PASSWORD)
    return client.submit("/en/account/password", data, form_url="/en/account")


def test_copied_cookies_sign_in_until_the_user_signs_out(app, client, make_user):
    cookies = sign_in(client, make_user())
    assert_replays(app, cookies, signed_in=True)
    assert client.logout().status_code == 302
    assert_replays(app, cookies, signed_in=False)


def test_a_new_password_ends_every_session_but_keeps_this_device_signed_in(app, client, make_user):
    user = make_user()
    cookies = sign_in(client, user)
    elsewhere = sign_in(app.test_client(), user)
    assert change_password(client).status_code == 302
    assert_replays(app, cookies, signed_in=False)
    assert_replays(app, elsewhere, signed_in=False)
    assert client.get("/en/account").status_code == 200
    assert_replays(app, {name: client.get_cookie(name).value for name in COOKIES}, signed_in=True)


def test_a_password_reset_ends_every_session(app, client, make_user, run_jobs):
    user = make_user()
    cookies = sign_in(client, user)
    stranger = app.test_client()
    stranger.submit("/en/account/password/forgot", {"email": user.email})
    run_jobs()
    (email,) = sent_emails(user.email)
    assert stranger.submit(link_in(email.body), NEW_PASSWORD).status_code == 302
    assert_replays(app, cookies, signed_in=False)
    assert client.get("/en/account").status_code == 302
    assert [e.action for e in db.session.scalars(select(AuditEvent))] == ["account.password_reset"]


def test_signing_out_everywhere_ends_every_device_and_is_audited(app, client, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    copies = [sign_in(browser, user) for browser in (phone, laptop)]
    ended = phone.submit("/en/account/sign-out-everywhere", form_url="/en/account")
    assert ended.status_code == 302 and ended.location.endswith("/en/account/login")
    assert laptop.get("/en/account").status_code == 302
    for cookies in copies:
        assert_replays(app, cookies, signed_in=False)
    (event,) = db.session.scalars(select(AuditEvent)).all()
    assert (event.action, event.actor_id, event.target_id, event.details) == (
        "account.signed_out_everywhere",
        user.id,
        user.id,
        {"sessions": 2},
    )


def test_deleting_an_account_ends_its_sessions(app, client, make_user):
    user = make_user()
    cookies = sign_in(client, user)
    sign_in(app.test_client(), user)
    assert client.submit("/en/account/delete", {"password": PASSWORD}).status_code == 302
    assert_replays(app, cookies, signed_in=False)
    assert db.session.scalars(select(UserSession)).all() == []


def test_each_sign_in_gets_new_cookies(app, make_user):
    user = make_user()
    first, second = sign_in(app.test_client(), user), sign_in(app.test_client(), user)
    assert first["remember_token"] != second["remember_token"]


@pytest.mark.parametrize("path", ["/en/account/logout", "/en/account"])
def test_a_csrf_token_from_before_the_sign_in_is_refused_after_it(client, make_user, path):
    user = make_user()
    planted = client.csrf_token("/en/account/login")
    response = client.post("/en/account/login", data={"email": user.email, "password": PASSWORD, "csrf_token": planted})
    assert response.status_code == 302
    assert client.post(path, data={"csrf_token": planted}).status_code == 400
    assert client.get("/en/account").status_code == 200  # still signed in

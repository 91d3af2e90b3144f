"""Two-step sign-in: setting it up with a real code, signing in with it, recovery codes, and staff who
must set it up before any other page opens."""

import re
import time
from html import unescape

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from app.accounts import two_factor
from app.accounts.models import RecoveryCode, Role, UserSession
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

SECRET = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>")


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def enrol(client) -> tuple[str, list[str]]:
    """Set up two-step sign-in as the signed-in user; the secret and the recovery codes shown."""
    page = client.get("/en/account/two-step")
    assert page.status_code == 200
    assert "<svg" in text(page)  # the QR code, drawn inline
    secret = SECRET.search(text(page)).group(1).replace(" ", "")
    shown = client.submit("/en/account/two-step", {"code": code_at(secret)})
    assert shown.status_code == 200, field_errors(shown)
    return secret, RECOVERY.findall(text(shown))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def enrolled(client, make_user):
    """A citizen with two-step sign-in, signed out again: (user, secret, recovery codes)."""
    user = make_user()
    client.login(user.email, PASSWORD)
    secret, codes = enrol(client)
    client.logout()
    db.session.refresh(user)
    user.totp_last_step = None  # the set-up code may be typed again in these tests' same 30 seconds
    db.session.commit()
    return user, secret, codes


def test_setting_up_needs_a_real_code_and_shows_ten_recovery_codes_once(app, client, make_user):
    user = make_user()
    client.login(user.email, PASSWORD)
    page = text(client.get("/en/account/two-step"))
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert SECRET.search(text(client.get("/en/account/two-step"))).group(1).replace(" ", "") == secret  # stays

    wrong = client.submit("/en/account/two-step", {"code": "000000" if code_at(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "This code is not correct" in " ".join(field_errors(wrong))
    db.session.refresh(user)
    assert not user.has_two_factor

    shown = client.submit("/en/account/two-step", {"code": code_at(secret)})
    codes = RECOVERY.findall(text(shown))
    assert len(set(codes)) == 10
    db.session.refresh(user)
    assert user.has_two_factor and secret not in user.totp_secret  # kept encrypted
    stored = db.session.scalars(select(RecoveryCode.digest).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(code.replace("-", "") in digest for code in codes for digest in stored)
    again = text(client.get("/en/account/two-step"))
    assert secret not in again.replace(" ", "") and not RECOVERY.search(again)  # never shown again
    assert actions()[-2:] == ["account.two_factor_failed", "account.two_factor_enabled"]
    app.config["SECRET_KEY"], key = "another key", app.config["SECRET_KEY"]
    try:  # a new secret key cannot read it
        assert not two_factor.check_code(user, code_at(secret, 1))
    finally:
        app.config["SECRET_KEY"] = key
    assert two_factor.check_code(user, code_at(secret, 1))


def test_sign_in_needs_the_code_before_any_session_starts(app, client, enrolled):
    user, secret, _codes = enrolled
    first = client.login(user.email, PASSWORD)
    assert first.status_code == 302 and first.location.endswith("/en/account/login/code")
    assert client.get("/en/account").status_code == 302  # not signed in yet
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == user.id)) is None

    done = client.submit("/en/account/login/code", {"code": code_at(secret)})
    assert done.status_code == 302
    assert client.get("/en/account").status_code == 200
    assert len(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all()) == 1
    assert client.get("/en/account/login/code").status_code == 302  # the pending sign-in is over

    client.logout()  # the same code does not sign in twice
    client.login(user.email, PASSWORD)
    replayed = client.submit("/en/account/login/code", {"code": code_at(secret)})
    assert replayed.status_code == 200 and client.get("/en/account").status_code == 302


def test_wrong_codes_are_refused_audited_and_limited(client, enrolled):
    user, secret, _codes = enrolled
    client.login(user.email, PASSWORD)
    wrong = "000000" if code_at(secret) != "000000" else "111111"
    for _ in range(4):
        refused = client.submit("/en/account/login/code", {"code": wrong}, form_url="/en/account/login/code")
        assert refused.status_code == 200 and "This code is not correct" in " ".join(field_errors(refused))
    last = client.submit("/en/account/login/code", {"code": wrong}, form_url="/en/account/login/code")
    assert last.status_code == 302 and "/account/login" in last.location
    # The sign-in under way is over: even the right code now needs the password first.
    assert client.get("/en/account/login/code").status_code == 302
    assert actions().count("account.two_factor_failed") == 5
    assert client.get("/en/account").status_code == 302


def test_wrong_codes_are_limited_per_account(app, client, enrolled, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_RATELIMIT_LOGIN", "3 per minute")
    user, secret, _codes = enrolled
    wrong = "000000" if code_at(secret) != "000000" else "111111"
    for _ in range(3):
        client.login(user.email, PASSWORD)
        client.submit("/en/account/login/code", {"code": wrong})
    other = app.test_client()  # another address would not help: the limit is the account's
    other.login(user.email, PASSWORD)
    assert other.submit("/en/account/login/code", {"code": code_at(secret)}).status_code == 429


def test_a_recovery_code_signs_in_once(client, enrolled):
    user, _secret, codes = enrolled
    client.login(user.email, PASSWORD)
    assert client.submit("/en/account/login/code", {"code": codes[0].upper()}).status_code == 302
    assert "You signed in with a recovery code; 9 are left." in text(client.get("/en/account"))
    assert "account.recovery_code_used" in actions()
    client.logout()
    client.login(user.email, PASSWORD)
    assert client.submit("/en/account/login/code", {"code": codes[0]}).status_code == 200
    assert client.submit("/en/account/login/code", {"code": codes[1].replace("-", "")}).status_code == 302


def test_turning_off_needs_the_password_and_a_code(client, enrolled):
    user, secret, codes = enrolled
    client.login(user.email, PASSWORD)
    client.submit("/en/account/login/code", {"code": codes[0]})
    no_password = client.submit(
        "/en/account/two-step/off", {"password": "not it at all", "code": codes[1]}, form_url="/en/account/two-step"
    )
    assert no_password.status_code == 400
    db.session.refresh(user)
    assert user.has_two_factor
    off = client.submit(
        "/en/account/two-step/off", {"password": PASSWORD, "code": code_at(secret)}, form_url="/en/account/two-step"
    )
    assert off.status_code == 302
    db.session.refresh(user)
    assert not user.has_two_factor and user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None
    assert "account.two_factor_disabled" in actions()


def test_a_new_password_ends_a_sign_in_waiting_for_its_code(client, enrolled):
    user, secret, _codes = enrolled
    client.login(user.email, PASSWORD)
    user.password_hash = user.password_hash[:-2] + "xx"  # the password changed meanwhile
    db.session.commit()
    ended = client.submit("/en/account/login/code", {"code": code_at(secret)}, form_url="/en/account/login")
    assert ended.status_code == 302 and ended.location.endswith("/en/account/login")
    assert client.get("/en/account").status_code == 302


@pytest.mark.parametrize("role", [Role.OFFICIAL, Role.MODERATOR, Role.ADMIN])
def test_staff_without_two_step_sign_in_see_only_the_set_up_page(app, client, make_user, make_agency, role):
    app.config["OVOZ_STAFF_2FA"] = "required"
    try:
        user = make_user(role=role, agency=make_agency() if role != Role.ADMIN else None)
        client.login(user.email, PASSWORD)
        for url in (
            "/en/",
            "/en/review/overdue",
            "/en/petitions/responses",
            "/en/petitions/moderation",
            "/en/admin/",
            "/en/account",
        ):
            response = client.get(url)
            assert response.status_code == 302 and "/en/account/two-step" in response.location, url
        assert client.submit("/en/account", {"display_name": "X"}, form_url="/en/account/two-step").status_code == 302
        enrol(client)
        assert client.get("/en/account").status_code == 200
    finally:
        app.config["OVOZ_STAFF_2FA"] = "optional"


def test_every_page_waits_for_staff_to_set_up_two_step_sign_in(app, client, make_user, make_agency):
    """No route can forget it: every GET route sends an unenrolled official to the set-up page."""
    app.config["OVOZ_STAFF_2FA"] = "required"
    try:
        user = make_user(role=Role.OFFICIAL, agency=make_agency())
        client.login(user.email, PASSWORD)
        open_pages = []
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in ("static", "accounts.two_step", "accounts.logout"):
                continue
            url = rule.build({name: ("en" if name == "lang_code" else 1) for name in rule.arguments})[1]
            response = client.get(url)
            if not (response.status_code == 302 and "/account/two-step" in response.location):
                open_pages.append((url, response.status_code))
        assert open_pages == []
    finally:
        app.config["OVOZ_STAFF_2FA"] = "optional"


def test_citizens_may_but_need_not_set_up_two_step_sign_in(app, client, make_user):
    app.config["OVOZ_STAFF_2FA"] = "required"
    try:
        user = make_user()
        client.login(user.email, PASSWORD)
        assert client.get("/en/account").status_code == 200
        assert "Set up two-step sign-in" in unescape(text(client.get("/en/account")))
    finally:
        app.config["OVOZ_STAFF_2FA"] = "optional"


def test_the_set_up_page_speaks_the_users_language(client, make_user):
    user = make_user(locale="tg")
    client.login(user.email, PASSWORD, locale="tg")
    page = text(client.get("/tg/account/two-step"))
    assert "Set up two-step sign-in" not in page and 'id="totp-secret"' in page


def test_a_code_that_another_request_has_just_used_is_refused(client, enrolled):
    """Two sign-ins racing with one code: the database lets only the first record its time step."""
    user, secret, _codes = enrolled
    db.session.refresh(user)
    step = int(time.time()) // 30
    db.session.execute(sql("UPDATE users SET totp_last_step = :step WHERE id = :id"), {"step": step, "id": user.id})
    assert user.totp_last_step is None  # this request read the row before the other one wrote
    assert not two_factor.check_code(user, code_at(secret))
    assert two_factor.check_code(user, code_at(secret, 1))

"""Headers, rate limits and error pages."""

import pytest
from flask_babel import force_locale, gettext

from app import create_app
from app.accounts.models import Role
from app.core.security import CONTENT_SECURITY_POLICY
from tests.conftest import PASSWORD
from tests.helpers import WebClient, text


def test_security_headers_on_every_page(client):
    response = client.get("/en/account/login")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_hosts(client):
    html = text(client.get("/en/account/register"))
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
    assert "<script" not in html and "style=" not in html  # the CSP forbids inline code and styles


def test_session_cookie_is_http_only_and_same_site(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user()
    response = client.login(user.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    from config import load_config

    monkeypatch.setenv("OVOZ_ENV", "production")
    monkeypatch.setenv("OVOZ_SECRET_KEY", "x" * 40)
    settings = load_config(tmp_path)
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]
    monkeypatch.delenv("OVOZ_SECRET_KEY")
    with pytest.raises(RuntimeError, match="OVOZ_SECRET_KEY"):
        load_config(tmp_path)


@pytest.fixture
def strict_app(settings):
    """An app with tight limits, for the tests of the limits themselves."""
    app = create_app(dict(settings, OVOZ_RATELIMIT_LOGIN="3 per minute", OVOZ_RATELIMIT_WRITE="2 per minute"))
    app.test_client_class = WebClient
    return app


def test_login_is_rate_limited_with_a_page_in_the_users_language(strict_app, app):
    client = strict_app.test_client()
    for _ in range(3):
        assert client.login("someone@example.org", "wrong password", locale="tg").status_code == 200
    limited = client.login("someone@example.org", "wrong password", locale="tg")
    assert limited.status_code == 429
    with strict_app.test_request_context(), force_locale("tg"):
        assert gettext("Too many requests") in text(limited)
    assert "Retry-After" in limited.headers


def test_login_limit_also_follows_the_account_across_addresses(strict_app, app):
    client = strict_app.test_client()
    for number in range(15):  # five times the limit of one address: guessing elsewhere cannot lock the owner out
        client.login("target@example.org", "guess", locale="en")
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 2}"
    assert client.login("target@example.org", "guess").status_code == 429
    assert client.login("other@example.org", "guess").status_code == 200


def test_every_other_write_is_rate_limited(strict_app, app):
    client = strict_app.test_client()
    token = client.csrf_token("/en/account/login")
    results = [client.post("/en/account", data={"csrf_token": token}).status_code for _ in range(4)]
    assert results == [302, 302, 429, 429]


def test_error_pages_are_in_the_users_language(app, settings):
    failing = create_app(settings)

    @failing.route("/<any(en,ru,tg,uz,az,kk,ky):lang_code>/boom")
    def boom():
        raise RuntimeError("boom")

    failing.config["PROPAGATE_EXCEPTIONS"] = False
    failing.test_client_class = WebClient
    client = failing.test_client()
    response = client.get("/kk/boom")
    assert response.status_code == 500
    with failing.test_request_context(), force_locale("kk"):
        assert gettext("Something went wrong") in text(response)
    assert "RuntimeError" not in text(response)
    not_found = client.get("/ky/no-such-page")
    assert not_found.status_code == 404 and '<html lang="ky"' in text(not_found)


def test_too_large_body_gets_a_page_not_a_crash(app, client):
    too_large = app.config["MAX_CONTENT_LENGTH"] + 1024
    response = client.post("/en/account/login", data={"email": "x" * too_large})
    assert response.status_code == 413


def test_more_form_fields_than_any_form_has_get_a_page_in_the_users_language(app, client, make_user):
    assert client.login(make_user(role=Role.ADMIN).email, PASSWORD).status_code == 302
    fields = {f"field{i}": "x" for i in range(1500)} | {"csrf_token": client.csrf_token("/ru/account")}
    response = client.post("/ru/review/merge", data=fields)
    assert response.status_code == 400 and "<html" in text(response)
    assert 'lang="ru"' in response.text

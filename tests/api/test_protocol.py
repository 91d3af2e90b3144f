"""How the API answers whatever it is asked: JSON errors of one shape, a rate limit, caching and CORS
headers, an OpenAPI document that matches the routes, and a documentation page in the user's language."""

import pytest
from flask_babel import force_locale, gettext

from app import create_app
from app.api.operations import OPERATIONS
from tests.helpers import WebClient, text

API = "/api/v1"
ERROR_KEYS = {"status", "code", "message"}


def error_of(response, status: int, code: str, parameter: str | None = None) -> dict:
    assert (response.status_code, response.mimetype) == (status, "application/json"), response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert set(response.get_json()) == {"error"}
    assert set(error) == ERROR_KEYS | ({"parameter"} if parameter else set())
    assert (error["status"], error["code"], error.get("parameter")) == (status, code, parameter)
    assert error["message"]
    return error


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("since=2025-13-01", "since"),
        ("until=yesterday", "until"),
        ("per_page=101", "per_page"),
        ("page=0", "page"),
        ("agency=abc", "agency"),
        ("agency=99999999999999999999", "agency"),
        ("region=XX-YY", "region"),
        ("language=fr", "language"),
        ("state=draft", "state"),
        ("state=open&state=closed", "state"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, query, parameter):
    error_of(client.get(f"{API}/petitions?{query}"), 400, "invalid_parameter", parameter)


def test_an_unknown_parameter_is_refused_rather_than_ignored(client):
    error = error_of(client.get(f"{API}/petitions?langauge=tg"), 400, "unknown_parameter", "langauge")
    assert "langauge" in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/nothing",
        "/petitions/",
        "/petitions/abc",
        "/petitions/-1",
        "/petitions/2147483648",
        "/petitions/0",
        "/v2/x",
        "/petitions/1%0A2",  # a line break, which `<path:>` does not match
    ],
)
def test_unknown_addresses_and_ids_under_the_api_are_json_404s(client, path):
    error_of(client.get(API + path), 404, "not_found")


def test_writes_are_json_405s_that_say_what_is_allowed(client, world):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}/petitions/{world.open_petition.id}")
        error_of(response, 405, "method_not_allowed")
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    error_of(client.post(f"{API}/"), 405, "method_not_allowed")
    error_of(client.post(f"{API}/no-such-thing"), 404, "not_found")


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PROPFIND", "CONNECT"])
def test_any_other_method_is_a_json_405_or_404_too(client, world, method):
    for path in ("/", "/openapi.json", f"/petitions/{world.open_petition.id}"):
        response = client.open(API + path, method=method)
        error_of(response, 405, "method_not_allowed")
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    error_of(client.open(f"{API}/no-such-thing", method=method), 404, "not_found")


def test_options_says_what_an_address_takes(client, world):
    response = client.options(f"{API}/petitions/{world.open_petition.id}")
    assert response.status_code == 204 and response.data == b""
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    error_of(client.options(f"{API}/no-such-thing"), 404, "not_found")


def test_the_site_keeps_its_html_error_pages(client):
    for response in (client.get("/en/no-such-page"), client.post("/en/petitions")):
        assert response.mimetype == "text/html" and response.status_code in (404, 405, 400)
    refused = client.open("/en/petitions", method="TRACE")
    assert refused.status_code == 405 and "GET" in refused.headers["Allow"]  # RFC 9110: a 405 says what would do


def test_messages_follow_accept_language_but_codes_do_not(app, client):
    response = client.get(f"{API}/nothing", headers={"Accept-Language": "ru"})
    with app.test_request_context(), force_locale("ru"):
        expected = gettext("There is nothing at this address.")
    assert error_of(response, 404, "not_found")["message"] == expected


def test_a_program_that_asks_for_no_language_reads_english(app, client):
    """Not the country's first language (Tajik here), nor a signed-in person's: a program may not read it."""
    assert app.config["OVOZ_COUNTRY"] == "tj"
    message = error_of(client.get(f"{API}/nothing"), 404, "not_found")["message"]
    assert message == "There is nothing at this address."


@pytest.fixture
def limited_app(settings):
    app = create_app(dict(settings, OVOZ_RATELIMIT_API="2 per minute"))
    app.test_client_class = WebClient
    return app


def test_the_rate_limit_is_one_budget_per_address_across_the_api(limited_app, app):
    client = limited_app.test_client()
    assert [client.get(f"{API}/{path}").status_code for path in ("petitions", "groups")] == [200, 200]
    refused = client.get(f"{API}/agencies")
    error_of(refused, 429, "rate_limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Cache-Control"] == "no-store"
    client.environ_base["REMOTE_ADDR"] = "10.0.0.7"  # another address has a budget of its own
    assert client.get(f"{API}/agencies").status_code == 200
    assert limited_app.test_client().get("/en/petitions").status_code == 200  # pages are not counted


@pytest.fixture
def broken_app(settings, tmp_path):
    """An app whose database cannot be opened: every query fails."""
    missing = tmp_path / "no-such-folder" / "ovoz.db"
    app = create_app(dict(settings, SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}", PROPAGATE_EXCEPTIONS=False))
    app.test_client_class = WebClient
    return app


def test_a_server_error_is_json_under_the_api_and_html_on_the_site(broken_app, app):
    client = broken_app.test_client()
    error_of(client.get(f"{API}/petitions"), 500, "server_error")
    page = client.get("/en/petitions")
    assert (page.status_code, page.mimetype) == (500, "text/html")


def test_answers_may_be_cached_a_minute_and_read_by_any_site(client, world):
    response = client.get(f"{API}/petitions")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response.headers["Vary"]
    again = client.get(f"{API}/petitions", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    world.open_petition.signature_count += 1
    from app.extensions import db

    db.session.commit()
    assert client.get(f"{API}/petitions", headers={"If-None-Match": response.headers["ETag"]}).status_code == 200
    assert client.get(f"{API}/nothing").headers["Cache-Control"] == "no-store"


def test_the_openapi_document_describes_every_route_of_the_api_and_nothing_else(app, client):
    document = client.get(f"{API}/openapi.json").get_json()
    assert document["openapi"].startswith("3.0") and document["servers"] == [{"url": API}]
    routed = {
        rule.rule.removeprefix(API).replace("<api_id:", "{").replace(">", "}") or "/"
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown"
    }
    assert set(document["paths"]) == routed
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path
        responses = item["get"]["responses"]
        assert {"200", "400", "429"} <= set(responses)
        assert ("404" in responses) == ("{" in path)
    petitions = {p["name"]: p["schema"] for p in document["paths"]["/petitions"]["get"]["parameters"]}
    assert petitions["per_page"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}
    assert "TJ-SU-KHJ" in petitions["region"]["enum"] and petitions["since"]["format"] == "date"


def test_the_document_is_in_the_language_asked_for(app, client):
    document = client.get(f"{API}/openapi.json", headers={"Accept-Language": "ru"}).get_json()
    with app.test_request_context(), force_locale("ru"):
        expected = gettext("Published petitions")
    assert document["paths"]["/petitions"]["get"]["summary"] == expected


def test_the_api_index_points_to_the_document_and_the_documentation(client):
    links = client.get(f"{API}/", headers={"Accept-Language": "uz"}).get_json()
    assert links == {"openapi": "http://localhost/api/v1/openapi.json", "documentation": "http://localhost/uz/api"}


@pytest.mark.parametrize("locale", ["en", "tg"])
def test_the_documentation_page_lists_every_operation_in_the_users_language(app, client, locale):
    page = client.get(f"/{locale}/api")
    assert page.status_code == 200 and f'<html lang="{locale}"' in text(page)
    for declared in OPERATIONS:
        assert f"GET {API}{declared.path}" in text(page)
        with app.test_request_context(), force_locale(locale):
            assert str(declared.summary) in text(page)  # lazy strings are trusted markup: not escaped
    assert "requests a minute" in text(page) or locale != "en"
    assert f'href="/{locale}/api"' in text(client.get(f"/{locale}/"))  # the footer links to it

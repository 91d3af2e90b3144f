"""Locales in URLs, choosing and switching them, and formatting per locale."""

import re

import pytest
from flask_babel import force_locale, gettext

from config import LOCALES
from tests.conftest import PASSWORD
from tests.helpers import text


def translated(app, message: str, locale: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


@pytest.mark.parametrize(
    ("accept", "target"),
    [("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"), ("kk", "/kk/"), ("de,uz;q=0.8", "/uz/"), ("fr", "/tg/"), ("", "/tg/")],
)
def test_root_redirects_by_browser_language_then_country(client, accept, target):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302 and response.location == target


def test_root_prefers_the_signed_in_users_choice(client, make_user):
    user = make_user(locale="ky")
    client.login(user.email, PASSWORD)
    assert client.get("/", headers={"Accept-Language": "ru"}).location == "/ky/"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_serves_translated_pages(app, client, locale):
    response = client.get(f"/{locale}/account/login")
    html = text(response)
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in html
    assert translated(app, "Forgot your password?", locale) in html
    if locale != "en":
        assert "Forgot your password?" not in html


def test_unknown_locale_is_not_found(client):
    assert client.get("/xx/account/login").status_code == 404
    assert client.get("/fr/").status_code == 404


def test_switcher_keeps_the_page_and_its_query(client):
    html = text(client.get("/ru/account/login?next=/ru/account"))
    links = dict(re.findall(r'href="([^"]+)" lang="(\w+)" hreflang', html))
    assert set(links.values()) == set(LOCALES) - {"ru"}
    assert "/tg/account/login?next=/ru/account" in links
    assert '<span aria-current="true" lang="ru">Русский</span>' in html


def test_switcher_order_follows_the_country(client):
    html = text(client.get("/en/"))
    order = re.findall(r'<li>\s*(?:<span aria-current="true"|<a href="[^"]+") lang="(\w+)"', html)
    assert order[:3] == ["tg", "ru", "en"] and len(order) == 7


def test_dates_are_formatted_per_locale(client, make_user):
    user = make_user()
    client.login(user.email, PASSWORD)
    year = str(user.created_at.year)
    english, russian = text(client.get("/en/account")), text(client.get("/ru/account"))
    month_en = user.created_at.strftime("%B")
    assert f"{month_en}" in english and year in english
    assert month_en not in russian and re.search(r"\d{1,2} [а-я]+ " + year, russian)


def test_emails_use_the_recipients_language(client, make_user, run_jobs):
    from tests.helpers import sent_emails

    user = make_user(locale="uz")
    client.submit("/ru/account/password/forgot", {"email": user.email})
    run_jobs()
    (email,) = sent_emails(user.email)
    assert "/uz/account/password/reset/" in email.body
    assert "Reset your Ovoz password" not in email.subject and "Ovoz" in email.subject


def test_no_english_left_on_pages_of_other_locales(app, client, make_user, samples):
    """Every page an admin can open, in every locale: no English message of the catalog shows."""
    from babel.messages.pofile import read_po

    from app.accounts.models import Role
    from tests.helpers import build_url

    def untranslated_if_shown(locale):
        with open(app.config["OVOZ_ROOT"] / f"translations/{locale}/LC_MESSAGES/messages.po", "rb") as handle:
            return [m.id for m in read_po(handle) if m.id and m.string != m.id and len(m.id) > 12 and "%(" not in m.id]

    admin = make_user(role=Role.ADMIN)
    client.login(admin.email, PASSWORD)
    rules = [r for r in app.url_map.iter_rules() if "GET" in r.methods and "lang_code" in r.arguments]
    assert len(rules) > 10
    leaks = []
    for locale in set(LOCALES) - {"en"}:
        english = untranslated_if_shown(locale)
        for rule in rules:
            html = text(client.get(build_url(rule, samples, locale)))
            leaks += [(locale, rule.endpoint, m) for m in english if m in html]
    assert leaks == []


def test_the_icon_browsers_ask_for_exists_and_every_page_names_it(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/tg/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert client.get("/static/favicon.svg").status_code == 200


def test_dates_and_times_show_no_seconds_and_name_the_month(client, make_consultation):
    """One filter formats every date with a time: "6 December 2026, 14:05", never "12/6/26, 2:05:33 PM"."""
    from datetime import UTC, datetime

    from app.extensions import db

    consultation, _article, _comment = make_consultation()
    consultation.closes_at = datetime(2026, 12, 6, 9, 5, 33, tzinfo=UTC)
    db.session.commit()
    english = text(client.get(f"/en/consultations/{consultation.id}"))
    russian = text(client.get(f"/ru/consultations/{consultation.id}"))
    assert re.search(r"December 6, 2026, \d{1,2}:05\s[AP]M<", english)
    assert re.search(r"6 декабря 2026\sг\., \d{1,2}:05<", russian)
    assert ":05:33" not in english + russian

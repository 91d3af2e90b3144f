"""The accessibility statement: in every locale, linked from every page's footer, naming the standard, the tests,
what is known not to meet it, where to report a problem, and when it was written."""

import pytest
from flask_babel import force_locale, format_date, gettext

from app.main.routes import LAST_CRAWL, STATEMENT_REVIEWED
from config import LOCALES
from tests.helpers import text


def translated(app, message: str, locale: str, **variables) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message, **variables)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_statement_is_in_every_locale_and_linked_from_the_footer(app, client, locale):
    home = text(client.get(f"/{locale}/petitions"))
    footer = home[home.index('<footer class="site-footer">') :]
    link = f'<a href="/{locale}/accessibility">{translated(app, "Accessibility", locale)}</a>'
    assert link in footer

    response = client.get(f"/{locale}/accessibility")
    page = text(response)
    assert response.status_code == 200
    assert f"<h1>{translated(app, 'Accessibility statement', locale)}</h1>" in page
    for heading in ("What is not fully accessible", "Reporting accessibility problems", "How we tested this website"):
        assert f">{translated(app, heading, locale)}</h2>" in page
    assert "WCAG" in page and "2.1" in page and "AA" in page and "axe-core 4.12.1" in page
    with app.test_request_context(), force_locale(locale):
        reviewed = format_date(STATEMENT_REVIEWED, "long")
        crawled = format_date(LAST_CRAWL["date"], "long")
    assert reviewed in page
    figures = (
        "Last automated check: %(date)s; pages checked: %(pages)s; rules: %(rules)s; "
        "serious or critical violations found: %(violations)s."
    )
    assert translated(app, figures, locale, **LAST_CRAWL | {"date": crawled}) in page  # from the axe-core crawl
    assert "400%" in page and "%%" not in page
    site = app.config["OVOZ_BASE_URL"].split("//", 1)[1]
    applies = (
        "This statement applies to %(site)s, a website that runs on Ovoz, "
        "open-source software for public participation."
    )
    assert translated(app, applies, locale, site=site) in page
    if locale != "en":
        assert "How we tested this website" not in page


def test_the_instance_contact_is_given_when_set(app, client, monkeypatch):
    no_address = "tell the organisation that runs it"
    assert no_address in text(client.get("/en/accessibility"))
    monkeypatch.setitem(app.config, "OVOZ_CONTACT_EMAIL", "access@ministry.example")
    page = text(client.get("/en/accessibility"))
    assert 'write to <a href="mailto:access@ministry.example">access@ministry.example</a>.' in page
    assert no_address not in page


def test_the_contact_address_is_escaped(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_CONTACT_EMAIL", 'x"><script>alert(1)</script>@example.org')
    page = text(client.get("/ru/accessibility"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page

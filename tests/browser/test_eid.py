"""Signing in with a national e-ID in headless Chromium: the button on the sign-in page, the provider's own page
(a real local OpenID provider on another host name, so the way back is a cross-site navigation, as in life), and
back signed in to a new account."""

from html import escape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.identity import demo
from app.identity.models import LinkedIdentity
from app.petitions.models import Petition
from tests.browser.helpers import account_nav, flash, sign_in_as, translator
from tests.helpers import configure

pytestmark = pytest.mark.browser


def _post_back_from_the_provider(page, answer: str) -> None:
    """What a provider with response_mode=form_post does: its own page (here, the provider's origin) posts the
    code and state to the callback, a cross-site POST that does not carry the app's SameSite=Lax cookie."""
    parts = urlsplit(answer)
    fields = "".join(
        f'<input type="hidden" name="{escape(key)}" value="{escape(values[0])}">'
        for key, values in parse_qs(parts.query).items()
    )
    action = escape(f"{parts.scheme}://{parts.netloc}{parts.path}")
    page.set_content(f'<form method="post" action="{action}">{fields}<button>Continue</button></form>')
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize(("locale", "mode"), [("uz", "query"), ("ky", "form_post")])
def test_the_e_id_button_signs_a_new_person_in(app, eid, live_server, new_context, monkeypatch, locale, mode):
    monkeypatch.setitem(app.config, "OVOZ_BASE_URL", live_server)  # the callback the provider sends back to
    t = translator(app, locale)
    sub = f"browser-{locale}"
    claims = {"pin": {"uz": "31203199000111", "ky": "21503199000222"}[locale], "email_verified": True}
    claims |= {"given_name": "Nurlan", "family_name": "Osmonov", "email": f"{sub}@example.kg"}
    assert requests.put(f"{eid}/users/{quote(sub)}", json=claims, timeout=10).status_code == 204
    page = new_context().new_page()

    page.goto(f"/{locale}/account/login")
    page.get_by_role("link", name=t("Sign in with %(provider)s", provider="Tunduk ESIA"), exact=True).click()
    if mode == "query":  # the provider's form, and its redirect back
        page.get_by_placeholder("sub").fill(sub)
        page.get_by_role("button", name="Authorize").click()
    else:
        answer = requests.post(page.url, data={"sub": sub}, allow_redirects=False, timeout=10).headers["location"]
        _post_back_from_the_provider(page, answer)

    expect(page).to_have_url(f"{live_server}/{locale}/")
    expect(flash(page)).to_have_text(t("Welcome, %(name)s.", name="Nurlan Osmonov"))
    account_nav(page, t).get_by_role("link", name=t("My account"), exact=True).click()
    expect(page.get_by_role("button", name=t("Unlink my e-ID"), exact=True)).to_be_visible()


def _at_the_provider(page, provider: str, person: str) -> None:
    """Be `person` on the provider's own page: a demo person's button, or the test OpenID provider's form."""
    if provider == "demo":
        page.get_by_role("button", name=person, exact=True).click()
    else:
        page.get_by_placeholder("sub").fill(person)
        page.get_by_role("button", name="Authorize").click()


@pytest.mark.parametrize(("locale", "provider"), [("uz", "demo"), ("ky", "oidc")])
def test_one_person_signs_a_petition_that_needs_an_e_id_once_whatever_the_account(
    app, eid, live_server, new_context, make_user, make_petition, monkeypatch, locale, provider
):
    configure(monkeypatch, app, OVOZ_SIGN_REQUIRES="eid", OVOZ_BASE_URL=live_server)
    t = translator(app, locale)
    if provider == "demo":
        monkeypatch.setitem(app.config, "OVOZ_DEMO_EID", True)
        label, first, second = t("Demo e-ID"), demo.PEOPLE[0].name, demo.PEOPLE[0].name
    else:
        label, first, second = "Tunduk ESIA", "journey-ky", "journey-ky-again"
        claims = {"pin": "12107199300345", "given_name": "Aigerim", "family_name": "Asanova"}
        for sub, more in ((first, {"email": "aigerim@example.kg", "email_verified": True}), (second, {})):
            assert requests.put(f"{eid}/users/{sub}", json=claims | more, timeout=10).status_code == 204
    petition = make_petition()
    url = f"/{locale}/petitions/{petition.id}"
    page = new_context().new_page()

    page.goto(url)  # a visitor is sent to sign in with the e-ID, and back to the petition
    page.get_by_role("link", name=t("Sign in with your e-ID to sign"), exact=True).click()
    page.get_by_role("link", name=t("Sign in with %(provider)s", provider=label), exact=True).click()
    if provider == "demo":
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Demo e-ID — not a real identity service"))
    _at_the_provider(page, provider, first)
    expect(page).to_have_url(f"{live_server}{url}")
    page.locator("#sign").get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(page.locator("#sign-heading")).to_have_text(t("Thank you for signing"))

    other = new_context().new_page()  # the same person, from an account of another e-mail address
    sign_in_as(other, t, locale, make_user(locale=locale))
    other.goto(f"/{locale}/account")
    other.get_by_role("link", name=t("Link %(provider)s", provider=label), exact=True).click()
    _at_the_provider(other, provider, second)
    expect(flash(other)).to_have_text(
        t("This e-ID is already linked to another Ovoz account. One person can have one verified account.")
    )
    other.goto(url)
    sign = other.locator("#sign")
    expect(sign).to_contain_text(t("Signing needs a verified national e-ID, one signature per person."))
    expect(sign.get_by_role("button", name=t("Sign this petition"), exact=True)).to_have_count(0)
    db.session.expire_all()
    assert db.session.get(Petition, petition.id).signature_count == 1
    assert db.session.scalar(select(func.count()).select_from(LinkedIdentity)) == 1

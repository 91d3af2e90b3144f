"""Signing in with a national e-ID in headless Chromium: the button on the sign-in page, the provider's own page
(a real local OpenID provider on another host name, so the way back is a cross-site navigation, as in life), and
back signed in to a new account."""

from html import escape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import account_nav, flash, translator

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

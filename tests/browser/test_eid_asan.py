"""Signing in with Azerbaijan's ASAN Login in headless Chromium: the button, the fake ASAN Login's own page (another
port, its cookie of its own), and Ovoz's relay page, whose script (static/js/asan-relay.js) fetches the token from
ASAN Login with that cookie, across origins, and posts it back. Then the sign-up form with the names ASAN gave.

Both servers are on 127.0.0.1, so the fetch is cross-origin but same-site, and the fake's cookie (SameSite=Lax by
default) goes with it. A real ASAN Login is another site: its cookie must be SameSite=None; Secure, and a browser
that blocks or partitions third-party cookies sends none (headless Chromium sent none when the fake was served on
"localhost" with such a cookie), so there the person is told the sign-in was not confirmed.
"""

import flask_babel
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.identity.models import LinkedIdentity
from tests.browser.helpers import account_nav, flash, sign_in, translator
from tests.helpers import link_in, sent_emails

pytestmark = pytest.mark.browser

LOCALE = "az"
FIN = "5ZX8K2P"  # a made-up FIN


def _through_asan_login(page, t, who: str) -> None:
    """From Ovoz's sign-in page to ASAN Login's page, and sign in there as `who`."""
    page.goto(f"/{LOCALE}/account/login")
    page.get_by_role("link", name=t("Sign in with %(provider)s", provider="ASAN Login"), exact=True).click()
    page.get_by_label("Who").fill(who)
    page.get_by_role("button", name="Sign in at ASAN Login").click()


def test_asan_login_hands_its_token_to_the_relay_page_and_the_person_signs_up(
    app, asan, live_server, new_context, run_jobs, monkeypatch
):
    monkeypatch.setitem(app.config, "OVOZ_BASE_URL", live_server)  # the origin ASAN Login sends the browser back to
    monkeypatch.setattr(asan, "site", live_server)  # the one site whose script ASAN Login lets read a token
    t = translator(app, LOCALE)
    asan.person("aysel", FIN, name="Aysel", surname="Məmmədova")
    email, password = "aysel@example.az", "a long enough secret"
    page = new_context().new_page()

    _through_asan_login(page, t, "aysel")

    expect(page).to_have_url(f"{live_server}/{LOCALE}/account/register")  # the token never in an address
    expect(flash(page)).to_have_text(
        t("Your e-ID is verified. Create your account with an e-mail address; we will link the e-ID to it.")
    )
    assert len(asan.checked) == 1  # the token the script fetched, checked at ASAN Login
    expect(page.get_by_label(t("Name shown with what you write"), exact=True)).to_have_value("Aysel Məmmədova")
    expect(page.get_by_label(t("E-mail address"), exact=True)).to_have_value("")  # ASAN Login gives no address
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(password)
    page.get_by_label(t("Repeat the password"), exact=True).fill(password)
    page.get_by_label(
        t("I agree that Ovoz keeps my e-mail address to run my account, as the privacy notice says"), exact=True
    ).check()
    page.locator("main form").get_by_role("button", name=t("Create account"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/{LOCALE}/account/check-email")
    assert run_jobs() == 1
    (message,) = sent_emails(to=email)
    page.goto(live_server + link_in(message.body))
    sign_in(page, t, email, password)
    account_nav(page, t).get_by_role("link", name=t("My account"), exact=True).click()

    user = db.session.scalars(select(User).filter_by(email=email)).one()
    (link,) = db.session.scalars(select(LinkedIdentity))
    assert (link.user_id, link.provider) == (user.id, "asan")
    with app.test_request_context(), flask_babel.force_locale(LOCALE):
        since = flask_babel.format_date(link.created_at, "long")
    linked = t(
        "Your account is linked to your e-ID (through %(provider)s) since %(date)s. Ovoz keeps a keyed hash of your "
        "personal number, never the number.",
        provider="ASAN Login",
        date=since,
    )
    eid = page.locator("section[aria-labelledby=eid-heading]")
    expect(eid).to_contain_text(linked)
    expect(eid.get_by_role("button", name=t("Unlink my e-ID"), exact=True)).to_be_visible()

    # Without JavaScript nothing can fetch the token: the relay page says so and offers the password sign-in.
    still = new_context(java_script_enabled=False).new_page()
    _through_asan_login(still, t, "aysel")
    expect(still.get_by_role("heading", level=1)).to_have_text(t("Signing in with %(name)s", name="ASAN Login"))
    expect(still.locator("main")).to_contain_text(
        t(
            "%(name)s hands a sign-in over through JavaScript, which is off in this browser. Turn it on for this "
            "step, or sign in with your e-mail address and password.",
            name="ASAN Login",
        )
    )
    still.locator("main").get_by_role("link", name=t("Sign in"), exact=True).click()
    expect(still).to_have_url(f"{live_server}/{LOCALE}/account/login")
    assert len(asan.checked) == 1  # no token came from that browser

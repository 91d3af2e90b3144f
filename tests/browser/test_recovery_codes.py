"""New recovery codes, in headless Chromium, in Tajik and in Russian: a person who signed in with a recovery code
sees how many are left, asks for new ones with the password (or the app's code), keeps them, and sees ten left."""

import re
import time

import flask_babel
import pyotp
import pytest
from playwright.sync_api import expect

from app.accounts import two_factor
from app.extensions import db
from tests.browser.helpers import sign_in, translator
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

RECOVERY = re.compile(r"^[a-z2-9]{5}-[a-z2-9]{5}$")


def _how_many_left(app, locale: str, count: int) -> str:
    with app.test_request_context(), flask_babel.force_locale(locale):
        return flask_babel.ngettext(
            "You have %(num)d unused recovery code.", "You have %(num)d unused recovery codes.", count
        )


@pytest.mark.parametrize(("locale", "proof"), [("tg", "password"), ("ru", "app")])
def test_new_recovery_codes_replace_the_old_ones(app, page, live_server, make_user, locale, proof):
    t = translator(app, locale)
    assert t("Make new recovery codes") != "Make new recovery codes"
    user = make_user(locale=locale)
    secret = two_factor.new_secret()
    old = two_factor.enable(user, secret, pyotp.TOTP(secret).now())
    db.session.commit()

    page.goto(f"/{locale}/account/login")
    sign_in(page, t, user.email)
    page.get_by_label(t("Code"), exact=True).fill(old[0])
    page.locator("main form").get_by_role("button", name=t("Sign in"), exact=True).click()
    page.goto(f"/{locale}/account/two-step")
    codes = page.get_by_role("region", name=t("Recovery codes"), exact=True)
    expect(codes).to_contain_text(_how_many_left(app, locale, 9))

    # the set-up used this half-minute's code; the next one is accepted too
    typed = PASSWORD if proof == "password" else pyotp.TOTP(secret).at(time.time() + 30)
    codes.get_by_label(t("Your password or the code from your authenticator app"), exact=True).fill(typed)
    codes.get_by_role("button", name=t("Make new recovery codes"), exact=True).click()

    expect(page.get_by_role("heading", name=t("Your new recovery codes"), exact=True)).to_be_visible()
    shown = page.locator("ol.recovery-codes li")
    expect(shown).to_have_count(10)
    new = shown.all_inner_texts()
    assert all(RECOVERY.match(code) for code in new) and not set(new) & set(old)
    page.get_by_role("link", name=t("I have kept the codes: continue"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/{locale}/account/two-step")
    expect(page.get_by_role("region", name=t("Recovery codes"), exact=True)).to_contain_text(
        _how_many_left(app, locale, 10)
    )
    assert "Recovery codes" not in page.locator("main").inner_text()  # nothing left in English

"""In headless Chromium, in Tajik: an official who must sign in with a second step sets it up (reading the
key from the page, as a person types it into an app), signs out, signs in with the password and a code,
and reaches the grouped review."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from tests.browser.helpers import sign_in, translator

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_must_enrol(app):
    app.config["OVOZ_STAFF_2FA"] = "required"
    yield
    app.config["OVOZ_STAFF_2FA"] = "optional"


def test_an_official_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    app, page, live_server, make_user, make_agency, staff_must_enrol
):
    t = translator(app, "tg")
    assert t("Set up two-step sign-in") != "Set up two-step sign-in"
    official = make_user(role=Role.OFFICIAL, agency=make_agency(), locale="tg")

    page.goto("/tg/account/login")
    sign_in(page, t, official.email)
    page.goto("/tg/review/overdue")  # a staff page: the set-up comes first
    expect(page).to_have_url(re.compile(r"/tg/account/two-step\?next="))
    expect(page.get_by_role("heading", name=t("Set up two-step sign-in"), exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=t("QR code for the authenticator app"))).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label(t("Code"), exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=t("Turn on two-step sign-in"), exact=True).click()

    expect(page.get_by_role("heading", name=t("Your recovery codes"), exact=True)).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name=t("I have kept the codes: continue"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/tg/review/overdue")
    expect(page.get_by_role("heading", name=t("Grouped review"), exact=True)).to_be_visible()

    page.get_by_role("button", name=t("Sign out"), exact=True).click()
    page.goto("/tg/account/login?next=/tg/review/overdue")
    sign_in(page, t, official.email)
    expect(page.get_by_role("heading", name=t("Sign in: second step"), exact=True)).to_be_visible()
    page.goto("/tg/review/overdue")  # not signed in before the code
    expect(page).to_have_url(re.compile(r"/tg/account/login\?next="))
    page.go_back()
    # The set-up's code cannot be used again; the next 30 seconds' code is taken (for clocks running ahead).
    page.get_by_label(t("Code"), exact=True).fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.locator("main form").get_by_role("button", name=t("Sign in"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/tg/review/overdue")
    expect(page.get_by_role("heading", name=t("Grouped review"), exact=True)).to_be_visible()

"""Signing out everywhere from the account page, in headless Chromium: every device, and every copy of
its cookies, is signed out."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import flash, sign_in, translator

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_signing_out_everywhere_from_a_phone_signs_out_the_laptop_and_its_copied_cookies(
    app, new_context, live_server, make_user
):
    t = translator(app, "tg")
    user = make_user(locale="tg")
    phone, laptop = new_context(viewport=PHONE).new_page(), new_context().new_page()
    for page in (phone, laptop):
        page.goto("/tg/account/login")
        page.get_by_label(t("Keep me signed in on this device"), exact=True).check()
        sign_in(page, t, user.email)
        expect(page).to_have_url(f"{live_server}/tg/")
    copied = laptop.context.cookies()
    assert {"session", "remember_token"} <= {cookie["name"] for cookie in copied}

    phone.goto("/tg/account")
    button = phone.get_by_role("button", name=t("Sign out everywhere"), exact=True)
    expect(phone.get_by_role("heading", name=t("Where you are signed in"), exact=True)).to_be_visible()
    button.click()
    expect(phone).to_have_url(f"{live_server}/tg/account/login")
    expect(flash(phone)).to_have_text(t("You have signed out on every device, this one too."))

    laptop.goto("/tg/account")
    expect(laptop).to_have_url(re.compile(r"/tg/account/login\?next="))
    thief = new_context()
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto("/tg/account")
    expect(stolen).to_have_url(re.compile(r"/tg/account/login\?next="))

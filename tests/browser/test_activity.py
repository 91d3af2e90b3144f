"""In headless Chromium on a phone (375 px), in Tajik and Russian (issue 16): a wrong password is said once, signing
in keeps the page's language (not the account's saved one), and My activity lists what I did and leads back to it."""

import re

import pytest
from playwright.sync_api import expect

from app.consultations import comments
from app.extensions import db
from app.petitions.models import State
from tests.browser.helpers import account_nav, sign_in, translator

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
MINE = "Article one should also name who publishes the draft."
OTHER_LOCALE = {"tg": "ru", "ru": "tg"}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_sign_in_stays_in_the_page_language_and_my_activity_leads_back(
    app, new_context, make_user, make_consultation, make_petition, locale
):
    t = translator(app, locale)
    assert t("My activity") != "My activity"
    me = make_user(locale=OTHER_LOCALE[locale])  # the account saved another language
    consultation, article, _theirs = make_consultation()
    with app.test_request_context():
        mine = comments.add(consultation, me, MINE, article).id
        db.session.commit()
    make_petition(State.DRAFT, author=me, title="Clean water in every school")

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"/{locale}/petitions")
    account_nav(page, t).get_by_role("link", name=t("Sign in"), exact=True).click()
    sign_in(page, t, me.email, "not the password")
    wrong = t("The e-mail address or the password is not correct.")
    expect(page.locator("main").get_by_text(wrong)).to_have_count(1)
    sign_in(page, t, me.email)
    expect(page).to_have_url(re.compile(rf"/{locale}/$"))
    expect(page.locator("html")).to_have_attribute("lang", locale)

    account_nav(page, t).get_by_role("link", name=t("My activity"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My activity"))
    expect(page.get_by_role("heading", name=t("My drafts"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Clean water in every school")
    _fits(page)
    page.locator("#comments").get_by_role("link", name=MINE).click()
    expect(page).to_have_url(
        re.compile(
            rf"/{locale}/consultations/{consultation.id}/provisions/{article.id}\?comment={mine}#comment-{mine}$"
        )
    )
    expect(page.locator(f"#comment-{mine}")).to_contain_text(MINE)
    expect(page.locator("html")).to_have_attribute("lang", locale)

"""In headless Chromium on a phone (375 px), in Tajik and Russian (issue 16): the water law's version in both of its
languages. A reader switches the text to the other language, opens article 9 in it, reads it side by side with the
page's language (stacked on a phone), comments, and sees the comment on the article whichever language is read."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.consultations import translations
from app.consultations.models import Comment, DraftVersion
from app.demo.consultations_data import WATER_LAW_V2, WATER_LAW_V2_RU
from app.extensions import db
from tests.browser.helpers import flash, sign_in_as, translator

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
ARTICLE_9 = {"tg": "9. Ҳисобгирии оби нӯшокӣ", "ru": "9. Учёт питьевой воды"}
OTHER = {"tg": "ru", "ru": "tg"}
NAMES = {"tg": "Тоҷикӣ", "ru": "Русский"}
COMMENT = "Счётчики должны быть бесплатными для всех. / Ҳисобкунакҳо бояд ройгон бошанд."


@pytest.fixture
def water_law(app, make_consultation):
    """The demo's water law, version 2 in Tajik with its official Russian text; returns it and article 9."""
    consultation, _first, _comment = make_consultation(text=WATER_LAW_V2)
    with app.test_request_context():
        version = db.session.scalar(select(DraftVersion).where(DraftVersion.consultation_id == consultation.id))
        official = db.session.get(User, version.author_id)
        translations.import_translation(version, official, "ru", WATER_LAW_V2_RU)
        db.session.commit()
        article = next(p for p in version.provisions if p.kind == "article" and p.number == "9")
        return consultation.id, article.id


def _stacked(page) -> bool:
    """The two columns of the side-by-side text lie one under the other, within the phone's width."""
    first, second = (page.locator("main .text-column").nth(n).bounding_box() for n in (0, 1))
    return second["y"] >= first["y"] + first["height"] and second["x"] + second["width"] <= PHONE["width"]


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_a_reader_switches_the_language_of_the_draft_and_comments_on_the_same_article(
    app, new_context, make_user, water_law, locale
):
    t = translator(app, locale)
    assert t("Both side by side") != "Both side by side"
    consultation_id, article_id = water_law
    other = OTHER[locale]
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in_as(page, t, locale, make_user(locale=locale))

    # The draft reads in the page's language; the reader switches it to the other one.
    page.goto(f"/{locale}/consultations/{consultation_id}/draft")
    article = page.locator("#chapter-3--article-9")
    expect(article.locator(".provision-title")).to_have_text(ARTICLE_9[locale])
    choice = page.get_by_role("navigation", name=t("Language of the text:"))
    choice.get_by_role("link", name=NAMES[other], exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?text={other}$"))
    expect(article.locator(".provision-title")).to_have_text(ARTICLE_9[other])
    expect(article).to_have_attribute("lang", other)

    # Article 9 opens in the language chosen, then side by side with the page's language.
    article.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_9[other])
    choice.get_by_role("link", name=t("Both side by side"), exact=True).click()
    columns = page.locator("main .text-column")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_have_attribute("lang", locale)
    expect(columns.nth(1)).to_have_attribute("lang", other)
    assert _stacked(page), "on a phone the two texts are one under the other"

    # A comment written while reading the other language lands on article 9, and shows in either language.
    choice.get_by_role("link", name=NAMES[other], exact=True).click()
    page.get_by_label(t("Your comment"), exact=True).fill(COMMENT)
    page.locator("#comment-form").get_by_role("button", name=t("Send the comment"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))
    expect(page).to_have_url(re.compile(rf"/provisions/{article_id}\?text={other}#comment-\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_9[other])
    expect(page.locator("main .comment").filter(has_text=COMMENT)).to_have_count(1)
    choice.get_by_role("link", name=NAMES[locale], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_9[locale])
    expect(page.locator("main .comment").filter(has_text=COMMENT)).to_have_count(1)
    assert (
        db.session.scalar(
            select(Comment.provision_id).where(Comment.author_id.is_not(None)).order_by(Comment.id.desc())
        )
        == article_id
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"

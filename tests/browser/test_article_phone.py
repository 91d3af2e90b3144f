"""Reading and commenting on a busy article on a phone (375 x 667), in Tajik and Russian: the way to comment is on
the first screen, a page of comments ends within six screens, the next page and a thread's replies open without
JavaScript, and what one writes is shown where one lands."""

import pytest
from playwright.sync_api import expect

from app.consultations import comments
from tests.browser.helpers import flash, sign_in_as, translator
from tests.consultations.crowd import crowd

pytestmark = pytest.mark.browser

SCREEN = {"width": 375, "height": 667}
THREADS = 80  # as on article 9 of the demo's water law
COMMENT = {
    "tg": "Мӯҳлати насби ҳисобкунакҳоро то соли 2029 дароз кунед.",
    "ru": "Продлите срок установки до 2029 года.",
}
REPLY = {"tg": "Бо шумо розӣ ҳастам.", "ru": "Согласен с вами."}


def _top(locator) -> float:
    """Where an element starts, from the top of the page (not of the screen)."""
    return locator.evaluate("element => element.getBoundingClientRect().top + window.scrollY")


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_a_busy_article_reads_and_takes_a_comment_on_a_phone(app, new_context, make_consultation, make_user, locale):
    t = translator(app, locale)
    assert t("Most supported") != "Most supported" and t("Read more") != "Read more"
    consultation, article = crowd(app, make_consultation, make_user, threads=THREADS, replies=12)
    citizen = make_user(locale=locale, display_name="Шабнам Раҳимова")
    page = new_context(viewport=SCREEN, is_mobile=True, has_touch=True).new_page()
    sign_in_as(page, t, locale, citizen)
    page.goto(f"/{locale}/consultations/{consultation.id}/provisions/{article.id}")

    # The way to comment is on the first screen; the first page of comments ends within six screens.
    jump = page.locator("main .jump-links").get_by_role("link", name=t("Comment on this provision"), exact=True)
    expect(jump).to_be_in_viewport()
    assert jump.bounding_box()["y"] + jump.bounding_box()["height"] <= SCREEN["height"]
    pages = page.get_by_role("navigation", name=t("Pages"), exact=True)
    following = pages.get_by_role("link", name=t("Next page"), exact=True)
    expect(following).to_have_count(1)  # the comments come a page at a time
    assert _top(following) < 6 * SCREEN["height"], "the first page of comments is longer than six screens"
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    expect(page.locator("main article.comment")).to_have_count(comments.PER_PAGE)

    # The next page, and a thread's replies there.
    following.click()
    page.wait_for_url("**page=2**")  # loaded: the jump to #comments-heading has settled, so the click below lands
    expect(pages).to_contain_text(t("Page %(page)s of %(pages)s", page=2, pages=-(-THREADS // comments.PER_PAGE)))
    thread = page.locator("main article.comment").filter(has=page.locator("details.replies .reply")).first
    replies = thread.locator("details.replies")
    expect(replies.locator(".reply").first).to_be_hidden()
    replies.locator("summary").click()
    expect(replies.locator(".reply").first).to_be_visible()
    replies.get_by_label(t("Your reply"), exact=True).fill(REPLY[locale])
    replies.get_by_role("button", name=t("Reply"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))
    expect(page.locator("main .reply").filter(has_text=REPLY[locale])).to_be_in_viewport()

    # A comment of one's own, from the button at the top: shown first, where one lands.
    page.goto(f"/{locale}/consultations/{consultation.id}/provisions/{article.id}")
    jump.click()
    expect(page.get_by_role("heading", name=t("Comment on this provision"), exact=True)).to_be_in_viewport()
    page.get_by_label(t("Your comment"), exact=True).fill(COMMENT[locale])
    page.get_by_role("button", name=t("Send the comment"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))
    mine = page.locator("main article.comment").first
    expect(mine).to_contain_text(COMMENT[locale])
    expect(mine).to_be_in_viewport()

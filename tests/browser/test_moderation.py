"""In headless Chromium on a phone (375 px), in Tajik and Russian: citizens report a comment with a reason, a
moderator opens the report queue from the navigation, reads the reasons and resolves the report; a petition
author reads the rejection notice in their inbox."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.core.db import utcnow
from app.extensions import db
from app.petitions.models import Rejection, State
from app.petitions.search import similar_to_draft
from tests.browser.helpers import account_nav, flash, sign_in, translator

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
BODY = "Support this article."


def _phone(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def _as(page, t, locale, user):
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, user.email)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def _report(page, t, reason: str) -> None:
    comment = page.locator("main article.comment").first
    comment.get_by_text(t("Report to moderators"), exact=True).click()
    comment.get_by_label(reason, exact=True).check()
    comment.get_by_role("button", name=t("Send the report"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you. Moderators will look at this comment."))


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_a_moderator_resolves_reports_from_the_navigation(app, new_context, make_user, make_consultation, locale):
    t = translator(app, locale)
    assert t("Comment moderation") != "Comment moderation"
    consultation, article, comment = make_consultation()
    page = _phone(new_context)
    provision = f"/{locale}/consultations/{consultation.id}/provisions/{article.id}"
    insult, personal = t("Insult or threat"), t("Personal data")
    for reason in (insult, insult, personal):
        _as(page, t, locale, make_user(locale=locale, created_at=utcnow() - timedelta(days=30)))
        page.goto(provision)
        _report(page, t, reason)
    expect(page.locator("main")).not_to_contain_text(BODY)

    moderator = make_user(role=Role.MODERATOR, agency=consultation.agency, locale=locale)
    _as(page, t, locale, moderator)
    page.goto(f"/{locale}/")
    account_nav(page, t).get_by_role("link", name=t("Comment moderation"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Comment moderation"))
    reported = page.locator("main article.reported").first
    expect(reported).to_contain_text(BODY)
    expect(reported.get_by_role("link", name=consultation.title)).to_be_visible()
    expect(reported.locator(".reasons li")).to_have_text([f"{insult}: 2", f"{personal}: 1"])
    _fits(page)
    reported.get_by_role("button", name=t("Keep the comment"), exact=True).click()
    expect(flash(page)).to_have_text(t("The comment stays published. Its author is told."))
    expect(page.locator("main")).to_contain_text(t("No reported comments are waiting."))
    page.goto(provision)
    expect(page.locator("main")).to_contain_text(BODY)
    _fits(page)


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_a_petition_author_reads_the_rejection_in_the_inbox(
    app, new_context, make_user, make_agency, make_petition, locale
):
    t = translator(app, locale)
    similar_to_draft(BODY, BODY)  # the moderation page looks for similar petitions: the model is warmed before it
    db.session.commit()
    agency = make_agency()
    author = make_user(locale=locale)
    petition = make_petition(state=State.MODERATION, author=author, agency_id=agency.id)
    moderator = make_user(role=Role.MODERATOR, agency=agency, locale=locale)
    page = _phone(new_context)
    _as(page, t, locale, moderator)
    page.goto(f"/{locale}/petitions/{petition.id}/moderate")
    page.get_by_label(t("Reason"), exact=True).select_option(Rejection.REMIT.value)
    note = page.get_by_label(t("Explanation for the author and the public"), exact=True)
    note.fill("Ин масъалаи ҳукумати маҳаллӣ аст.")
    page.get_by_role("button", name=t("Reject the petition"), exact=True).click()

    _as(page, t, locale, author)
    page.goto(f"/{locale}/")
    account_nav(page, t).get_by_role("link", name=t("Inbox")).click()
    subject = t("The petition “%(title)s” was rejected", title=petition.title)
    notice = page.locator("main").get_by_text(subject)
    expect(notice.first).to_be_visible()
    main = page.locator("main")
    reason = t("Outside the government's remit")
    expect(main).to_contain_text(t("The reason: %(reason)s.", reason=reason))
    expect(main).to_contain_text("Ин масъалаи ҳукумати маҳаллӣ аст.")
    _fits(page)

"""In headless Chromium: a civil-society group follows a petition together. Its founder creates the
organisation from "What I follow", adds a colleague by the e-mail of their account, follows a petition
as the organisation and chooses a weekly digest; the colleague finds the invitation in the inbox and the
petition on the organisation's page. Tajik and Uzbek."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.following.models import Delivery, Follow, FollowSettings
from tests.browser.helpers import account_nav, sign_in, translator

pytestmark = pytest.mark.browser

NAME = "Shaffof <b>budjet</b> 🌱"  # HTML and an emoji: shown as typed, never as markup


@pytest.mark.parametrize("locale", ["tg", "uz"])
def test_an_organisation_follows_a_petition_for_all_its_members(app, new_context, make_user, make_petition, locale):
    t = translator(app, locale)
    assert t("My organisations") != "My organisations"
    founder, colleague = make_user(locale=locale, display_name="Founder"), make_user(locale=locale)
    founder_id, founder_email, colleague_email = founder.id, founder.email, colleague.email
    petition = make_petition()
    petition_id, petition_title = petition.id, petition.title

    page = new_context().new_page()
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, founder_email)
    account_nav(page, t).get_by_role("link", name=t("My account"), exact=True).click()
    page.get_by_role("link", name=t("What I follow, and how I am told"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("What I follow"))
    page.get_by_role("link", name=t("Your organisations, or create one"), exact=True).click()

    # Create the organisation; its page shows the name as typed.
    page.get_by_label(t("Name"), exact=True).fill(NAME)
    page.get_by_label(t("Website"), exact=True).fill("https://budjet.example.org")
    page.get_by_role("button", name=t("Create"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)

    # Add the colleague by the e-mail of their account.
    page.get_by_label(t("E-mail address of their Ovoz account"), exact=True).fill(colleague_email)
    page.get_by_role("button", name=t("Add"), exact=True).click()
    members = page.locator("section", has=page.get_by_role("heading", name=t("Members"), exact=True))
    expect(members.get_by_role("listitem")).to_have_count(2)

    # Follow the petition as the organisation, from the petition's page.
    page.goto(f"/{locale}/petitions/{petition_id}")
    page.get_by_role("button", name=t("Follow as “%(name)s”", name=NAME), exact=True).click()
    expect(page.get_by_role("button", name=t("Stop following as “%(name)s”", name=NAME), exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=t("Follow this petition"), exact=True)).to_be_visible()  # not personally

    # A weekly digest for the founder.
    page.goto(f"/{locale}/following")
    page.get_by_label(t("How should we tell you about what you follow?"), exact=True).select_option(
        label=t("In my inbox, and a weekly e-mail with all the news")
    )
    page.locator("main form").filter(has=page.get_by_role("combobox")).get_by_role("button", name=t("Save")).click()
    expect(page.get_by_label(t("How should we tell you about what you follow?"), exact=True)).to_have_value("weekly")
    db.session.expire_all()
    assert db.session.get(FollowSettings, founder_id).delivery == Delivery.WEEKLY
    follow = db.session.scalars(select(Follow).where(Follow.target_id == petition_id)).one()
    assert (follow.kind, follow.user_id, follow.organisation_id is not None) == ("petition", None, True)

    # The colleague is told in the inbox and sees what the organisation follows.
    other = new_context().new_page()
    other.goto(f"/{locale}/account/login")
    sign_in(other, t, colleague_email)
    account_nav(other, t).get_by_role("link", name=t("Inbox")).click()
    expect(other.locator("main .inbox-message")).to_contain_text(
        t("You are now a member of “%(name)s” on Ovoz", name=NAME)
    )
    other.goto(f"/{locale}/organisations")
    other.get_by_role("main").get_by_role("link", name=NAME, exact=True).click()
    follows = other.locator("section", has=other.get_by_role("heading", name=t("What it follows"), exact=True))
    expect(follows.get_by_role("link", name=petition_title, exact=True)).to_be_visible()
    expect(other.get_by_role("button", name=t("Leave the organisation"), exact=True)).to_be_visible()
    expect(other.get_by_role("heading", name=t("Add a member"), exact=True)).to_have_count(0)  # owners only

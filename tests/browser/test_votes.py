"""Voting on a comment in headless Chromium on a phone (375 px), in Tajik and Russian: a citizen agrees with a
comment written on version 1, from the page of version 2 of its article, lands back on that page with the vote
shown as cast, changes it to disagree, then withdraws it, and the counts move each time; their own comment offers
neither a vote nor a report."""

import re

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.consultations import comments, services
from app.extensions import db
from tests.browser.helpers import flash, sign_in_as, translator
from tests.conftest import SAMPLE_DRAFT

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
VERSION_2 = SAMPLE_DRAFT.replace("открытость.", "открытость и участие граждан.")


def _version_2(app, consultation, official):
    """Publish version 2 of the draft (its article changed); returns the article on it."""
    with app.test_request_context():
        consultation, official = db.session.merge(consultation), db.session.merge(official)
        version = services.import_draft(consultation, official, VERSION_2)
        services.publish_version(version, official, "")
        db.session.commit()
        return next(p for p in version.provisions if p.kind == "article").id


def _looks(button) -> tuple:
    style = "b => { const s = getComputedStyle(b); return [s.fontWeight, s.color, s.textDecorationLine]; }"
    return tuple(button.evaluate(style))


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_a_vote_is_cast_changed_and_withdrawn_on_the_page_voted_on(
    app, new_context, make_consultation, make_user, locale
):
    t = translator(app, locale)
    assert t("Withdraw my opinion") != "Withdraw my opinion"
    consultation, article, other = make_consultation()
    reader = make_user(locale=locale, display_name="Нигина")
    with app.test_request_context():
        own = comments.add(consultation, db.session.merge(reader), "Моё мнение об этой статье.", article).id
        db.session.commit()
    latest = _version_2(app, consultation, make_user(role=Role.OFFICIAL, agency=consultation.agency))
    url = f"/{locale}/consultations/{consultation.id}/provisions/{latest}"

    page = new_context(viewport=PHONE).new_page()
    sign_in_as(page, t, locale, reader)
    page.goto(url)
    theirs, mine = page.locator(f"#comment-{other.id}"), page.locator(f"#comment-{own}")
    agree, disagree = (theirs.get_by_role("button", name=t(name), exact=True) for name in ("Agree", "Disagree"))
    withdraw = theirs.get_by_role("button", name=t("Withdraw my opinion"), exact=True)
    counts = theirs.locator("p.votes")

    def votes(agreeing: int, disagreeing: int) -> str:
        return t("Agree: %(agree)s · Disagree: %(disagree)s", agree=agreeing, disagree=disagreeing)

    expect(counts).to_have_text(votes(0, 0))
    expect(withdraw).to_have_count(0)
    agree.click()
    # the version-2 page voted on (the page of comments that shows it), not version 1's
    back = re.compile(re.escape(url) + rf"(\?[^#]*)?#comment-{other.id}$")
    expect(page).to_have_url(back)
    expect(flash(page)).to_contain_text(t("Thank you, your opinion is counted."))
    expect(theirs.locator("p.my-vote")).to_have_text(t("You agree with this comment."))
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(counts).to_have_text(votes(1, 0))
    assert _looks(agree) != _looks(disagree), "the opinion given is seen, not only announced"

    disagree.click()
    expect(page).to_have_url(back)
    expect(theirs.locator("p.my-vote")).to_have_text(t("You disagree with this comment."))
    expect(disagree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(counts).to_have_text(votes(0, 1))

    withdraw.click()
    expect(page).to_have_url(back)
    expect(flash(page)).to_contain_text(t("Your opinion is withdrawn."))
    expect(theirs.locator("p.my-vote")).to_have_count(0)
    expect(counts).to_have_text(votes(0, 0))
    expect(withdraw).to_have_count(0)

    expect(mine.locator("p.message-body")).to_be_visible()
    expect(mine.get_by_role("button", name=t("Agree"), exact=True)).to_have_count(0)
    expect(mine.get_by_text(t("Report to moderators"), exact=True)).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"

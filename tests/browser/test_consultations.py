"""The consultation journey in headless Chromium, in Tajik and in Russian.

An official creates a consultation and imports a draft -> a citizen comments on article 3 in Tajik,
quoting it and proposing an amendment -> another citizen agrees -> the official publishes version 2
-> the comment is still shown on article 3 of version 1, with the change to version 2 -> the
consultation closes on its date.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import services
from app.consultations.models import Comment, Consultation, Phase
from app.core.db import utcnow
from app.extensions import db
from tests.browser.helpers import account_nav, flash, sign_in, translator

pytestmark = pytest.mark.browser

DRAFT = (Path(__file__).parents[1] / "consultations" / "drafts" / "tg_public_consultations.txt").read_text("utf-8")
VERSION_2 = DRAFT.replace(
    "б) баробарии иштирокчиёни машварат.", "б) баробарии ҳамаи иштирокчиён;\nв) ба назар гирифтани ҳар як андеша."
)
COMMENT = "Ба фикри ман, баробарии ҳамаи иштирокчиён бояд возеҳ навишта шавад."
QUOTE = "баробарии иштирокчиёни машварат"


def _as(page, t, locale, user):
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, user.email)


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_draft_comment_amendment_agreement_new_version_and_closing(
    app, page, live_server, make_user, make_agency, locale
):
    t = translator(app, locale)
    assert t("New consultation") != "New consultation"
    agency = make_agency(names={"en": "Ministry of Justice", "tg": "Вазорати адлия", "ru": "Минюст"})
    official = make_user(role=Role.OFFICIAL, agency=agency, locale=locale)
    author = make_user(locale="tg", display_name="Нигина")
    supporter = make_user(locale=locale, display_name="Рустам")
    today = date.today()

    # The official creates the consultation and imports the draft, checking the preview.
    _as(page, t, locale, official)
    page.goto(f"/{locale}/consultations")
    page.get_by_role("link", name=t("New consultation"), exact=True).click()
    page.get_by_label(t("Title"), exact=True).fill("Лоиҳаи Қонун дар бораи машваратҳои ҷамъиятӣ")
    page.get_by_label(t("Summary"), exact=True).fill("Лоиҳа барои муҳокимаи умумӣ пешниҳод мешавад.")
    page.get_by_label(t("Comments open on"), exact=True).fill((today - timedelta(days=1)).isoformat())
    page.get_by_label(t("Comments close at the end of"), exact=True).fill((today + timedelta(days=14)).isoformat())
    page.locator("main form").get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Import the draft"))
    page.get_by_label(t("Text of the draft"), exact=True).fill(DRAFT)
    page.get_by_role("button", name=t("Split into provisions and preview"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check the draft before publishing"))
    expect(page.locator("main .toc")).to_contain_text("Принсипҳои машваратҳои ҷамъиятӣ")
    page.get_by_role("button", name=t("Publish this version"), exact=True).click()
    expect(flash(page)).to_have_text(t("Version %(number)s of the draft is published.", number=1))
    consultation_id = db.session.scalar(select(Consultation.id))

    # A citizen opens article 3, selects a passage to quote it, comments in Tajik and proposes an amendment.
    _as(page, t, locale, author)
    page.goto(f"/{locale}/consultations/{consultation_id}")
    # Each entry shows its own number once ("3. ..."), not the list's too ("3. 3. ...").
    expect(page.locator("main .toc li").first).to_have_css("list-style-type", "none")
    page.locator("main .toc").get_by_role("link", name="3. Принсипҳои машваратҳои ҷамъиятӣ").click()
    # Select only once the page's scripts run: on a busy machine the text was there before the listener that copies
    # a selection into the form, and the selection went unnoticed.
    expect(page).to_have_url(re.compile(r"/provisions/\d+"))
    page.wait_for_load_state()
    page.locator("#provision-text").evaluate(
        """(element, quote) => {
            const node = element.firstChild, start = node.textContent.indexOf(quote);
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, start + quote.length);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        }""",
        QUOTE,
    )
    expect(page.get_by_label(t("The passage you comment on (optional)"), exact=True)).to_have_value(QUOTE)
    page.get_by_label(t("Your comment"), exact=True).fill(COMMENT)
    amendment = page.get_by_label(t("Proposed new text of this provision (optional)"), exact=True)
    expect(amendment).to_have_value(re.compile("иштирокчиёни машварат"))  # the current text, to edit
    amendment.fill(page.locator("#provision-text").inner_text().replace("иштирокчиёни машварат", "ҳамаи иштирокчиён"))
    page.get_by_role("button", name=t("Send the comment"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))
    comment = page.locator("main article.comment").first
    expect(comment).to_contain_text(COMMENT)
    expect(comment.locator(".quote")).to_have_text(QUOTE)
    expect(comment.locator(".amendment ins").first).to_contain_text("ҳамаи")
    provision_url = page.url.split("#")[0]

    # Another citizen agrees.
    _as(page, t, locale, supporter)
    page.goto(provision_url)
    page.locator("main article.comment").first.get_by_role("button", name=t("Agree"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your opinion is counted."))
    expect(page.locator("main article.comment .votes").first).to_have_text(
        t("Agree: %(agree)s · Disagree: %(disagree)s", agree=1, disagree=0)
    )

    # The official publishes version 2; the comment stays on article 3 of version 1 and shows the change.
    _as(page, t, locale, official)
    page.goto(f"/{locale}/consultations/{consultation_id}")
    page.get_by_role("link", name=t("Import a new version of the draft"), exact=True).click()
    page.get_by_label(t("Text of the draft"), exact=True).fill(VERSION_2)
    page.get_by_role("button", name=t("Split into provisions and preview"), exact=True).click()
    expect(page.locator("main .toc")).to_contain_text(t("Changed"))
    page.get_by_label(t("What changed in this version, and why (Markdown)"), exact=True).fill(
        "Пешниҳодҳо ба назар гирифта шуданд."
    )
    page.get_by_role("button", name=t("Publish this version"), exact=True).click()
    expect(flash(page)).to_have_text(t("Version %(number)s of the draft is published.", number=2))

    page.context.clear_cookies()
    page.goto(provision_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Принсипҳои машваратҳои ҷамъиятӣ")
    expect(page.locator("main .notice")).to_contain_text(t("This is the text of version %(number)s.", number=1))
    expect(page.locator("main article.comment").first).to_contain_text(COMMENT)
    expect(page.locator("main .history .diff ins").first).to_contain_text("андеша")
    page.get_by_role("link", name=t("See the latest version of this provision"), exact=True).click()
    expect(page.locator("main article.comment").first).to_contain_text(COMMENT)
    expect(page.locator("main article.comment").first).to_contain_text(t("on version %(number)s", number=1))

    # The consultation closes on its date, by the periodic job.
    consultation = db.session.get(Consultation, consultation_id)
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.advance_phases() == 1
    db.session.commit()
    page.goto(provision_url)
    expect(page.locator("main")).to_contain_text(t("Comments are closed for this consultation."))
    expect(page.get_by_role("button", name=t("Send the comment"), exact=True)).to_have_count(0)
    db.session.expire_all()
    assert db.session.get(Consultation, consultation_id).phase == Phase.CLOSED
    assert db.session.scalar(select(Comment.agree)) == 1
    assert account_nav(page, t) is not None

"""In headless Chromium on a phone (375 px), in Tajik and Russian: a visitor opens the agencies' ranking and reads
how the agency that answered did: its answers with what was due ("2 of 3 due"), its voluntary answer, and what
the figures mean; the agency that had nothing to answer is not put before it. The ranking is wider than the phone:
a translated line says it scrolls sideways, and the agency's name stays in view beside the last column."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import translator
from tests.tracker.test_ranking import _ago, _answer, _closed, _group

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_the_ranking_shows_the_answering_agencys_figures_on_a_phone(
    app, new_context, make_agency, make_consultation, make_petition, locale
):
    t = translator(app, locale)
    answering = make_agency(names={"en": "Dushanbe City", "ru": "Хукумат Душанбе", "tg": "Ҳукумати Душанбе"})
    quiet = make_agency(names={"en": "Ministry of Justice", "ru": "Министерство юстиции", "tg": "Вазорати адлия"})
    # due: the report (published in 20 days) and two groups of comments, one answered; voluntary: a petition below
    # the threshold, answered
    consultation = _closed(make_consultation, answering, days_ago=100, reported_after=20)
    _answer(_group(consultation.scope, ["Lower the fee."]), consultation.closes_at + timedelta(days=5))
    _group(consultation.scope, ["Keep the market open on Sunday."])
    make_petition(agency_id=answering.id, responded_at=_ago(3))
    make_consultation(quiet)

    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/{locale}/agencies")
    expect(page.get_by_role("heading", name=t("Agencies"), exact=True)).to_be_visible()
    rows = page.locator("table.ranking tbody tr")
    expect(rows.first).to_have_id(f"agency-{answering.id}")  # before the agency that had nothing to answer
    row = page.locator(f"#agency-{answering.id}")
    denominator = t("%(answered)s of %(due)s due", answered="2", due="3")
    assert denominator not in ("2 of 3 due", "")  # translated
    expect(row.locator("td.answered-of")).to_have_text(denominator)
    expect(row.locator("td.voluntary")).to_have_text("1")
    expect(row.locator("td.share")).to_contain_text("67")
    expect(page.locator(f"#agency-{quiet.id} td.answered-of")).to_have_text(t("Nothing due"))
    hint = page.locator("#ranking-hint")
    assert t("Scroll the table sideways to see all its columns.") != "Scroll the table sideways to see all its columns."
    expect(hint).to_have_text(t("Scroll the table sideways to see all its columns."))
    expect(hint).to_be_visible()
    table = page.get_by_role("region", name=t("Agencies, sorted by: %(order)s", order=t("Share answered")))
    expect(table).to_have_attribute("tabindex", "0")  # a keyboard can scroll it too
    assert table.evaluate("box => box.scrollWidth > box.clientWidth"), "premise: the ranking is wider than a phone"
    name = row.get_by_role("rowheader")
    table.scroll_into_view_if_needed()
    table.evaluate("box => box.scrollBy(2000, 0)")
    expect(row.locator("td").last).to_be_in_viewport()
    expect(name).to_be_in_viewport()  # the agency stays in view beside its last column
    assert name.bounding_box()["x"] < 30
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(hint).to_be_hidden()
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name=t("What the figures mean")).click()
    meanings = page.get_by_role("heading", name=t("What the figures mean"))
    expect(meanings).to_be_in_viewport()
    expect(page.locator("dl.meanings dt")).to_have_count(6)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"

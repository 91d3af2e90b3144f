"""In headless Chromium: a visitor follows what an agency did. From the header they open the agencies'
ranking and one agency's page, open a consultation's outcome and the data table behind one of its charts,
go to the consultation, sign in to follow it, and download its comments as CSV, which holds no personal
data in any column. Kyrgyz and Azerbaijani."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.consultations import comments
from app.extensions import db
from app.following.models import Follow
from app.opendata import files
from app.opendata.datasets import BY_NAME
from tests.browser.helpers import account_nav, sign_in, translator

pytestmark = pytest.mark.browser


def _commented_consultation(app, make_user, make_agency, make_consultation):
    """A consultation of a named agency with three comments, by people with names and regions; and what
    would identify those people."""
    agency = make_agency(names={"en": "Ministry of Digital Development", "ky": "Санариптик өнүктүрүү министрлиги"})
    consultation, article, _first = make_consultation(agency=agency)
    with app.test_request_context():
        authors = [
            make_user(display_name="Aibek Toktogulov", email="aibek@example.org", region_code="kg-c"),
            make_user(display_name="Leyla Mammadova", email="leyla@example.org", region_code="kg-c"),
        ]
        comments.add(consultation, authors[0], "Бул беренени тактоо керек.", article)
        comments.add(consultation, authors[1], "Bu maddə daha aydın yazılmalıdır.", article)
        db.session.commit()
        # Read while the request's session holds them: its end detaches them.
        personal = [value.lower() for person in authors for value in (person.email, person.display_name)]
    return agency, consultation, personal


@pytest.mark.parametrize("locale", ["ky", "az"])
def test_a_visitor_follows_an_agencys_consultation_and_takes_its_comments(
    app, page, make_user, make_agency, make_consultation, locale
):
    t = translator(app, locale)
    assert t("Agencies") != "Agencies" and t("Data table") != "Data table"
    agency, consultation, personal = _commented_consultation(app, make_user, make_agency, make_consultation)
    visitor = make_user(locale=locale, display_name="Visitor")
    visitor_id, visitor_email = visitor.id, visitor.email
    agency_name, title, consultation_id = agency.name(locale), consultation.title, consultation.id
    personal += [visitor_email.lower(), "visitor"]
    files.regenerate()

    # The agencies' ranking, then the agency's own page with its consultation.
    page.goto(f"/{locale}/")
    account_nav(page, t).get_by_role("link", name=t("Agencies"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Agencies"))
    page.get_by_role("main").get_by_role("link", name=agency_name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(agency_name)
    page.get_by_role("main").get_by_role("link", name=title, exact=True).first.click()

    # The outcome page: a chart, and the table behind it with the same figures.
    chart = page.get_by_role("img", name=t("Comments by language"), exact=True)
    expect(chart).to_be_visible()
    table = page.locator("#languages-table")
    expect(table).to_be_hidden()
    table.locator("xpath=ancestor::details").get_by_text(t("Data table"), exact=True).click()
    expect(table).to_be_visible()
    counts = [int(cell) for cell in table.locator("tbody td").all_inner_texts()]
    assert sum(counts) == 3  # the sample comment and the two new ones, whatever languages they were found in

    # To the consultation, and follow it: the visitor signs in first and comes back.
    page.get_by_role("main").get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("link", name=t("Follow this consultation"), exact=True).click()
    sign_in(page, t, visitor_email)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("button", name=t("Follow this consultation"), exact=True).click()
    expect(page.get_by_role("button", name=t("Stop following"), exact=True)).to_be_visible()
    db.session.expire_all()
    follows = db.session.scalars(select(Follow).where(Follow.user_id == visitor_id)).all()
    assert [(f.kind, f.target_id) for f in follows] == [("consultation", consultation_id)]

    # The comments as CSV from the open data: every column is one the schema names, and none holds
    # anything about a person.
    page.get_by_role("contentinfo").get_by_role("link", name=t("Open data"), exact=True).click()
    section = page.locator("section", has=page.get_by_role("heading", name=str(t("Comments")), exact=True))
    with page.expect_download() as arrival:
        section.get_by_role("link", name=t("Download CSV"), exact=True).click()
    content = Path(arrival.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content, newline="")))
    assert len(rows) == 3
    assert list(rows[0]) == [column.name for column in BY_NAME["comments"].all_columns]
    for column in rows[0]:
        assert not any(word in column for word in ("name", "mail", "address", "author", "user", "region")), column
        assert not [row[column] for row in rows if any(value in row[column].lower() for value in personal)], column

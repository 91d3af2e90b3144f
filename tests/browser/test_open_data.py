"""In headless Chromium: a visitor finds the open data from any page, reads a dataset's columns and
downloads the comments as CSV, which holds no personal data. Uzbek and Kazakh."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.consultations import comments
from app.extensions import db
from app.opendata import files
from tests.browser.helpers import translator

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["uz", "kk"])
def test_a_visitor_downloads_the_comments_without_personal_data(app, page, make_user, make_consultation, locale):
    t = translator(app, locale)
    assert t("Open data") != "Open data"
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        author = make_user(display_name="Dilnoza Karimova")
        comments.add(consultation, author, "Maqolani aniqlashtirish kerak.", article)
        db.session.commit()
    files.regenerate()

    page.goto(f"/{locale}/")
    page.get_by_role("contentinfo").get_by_role("link", name=t("Open data"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Open data"))
    section = page.locator("section", has=page.get_by_role("heading", name=str(t("Comments")), exact=True))
    section.get_by_text(t("Columns"), exact=True).click()
    expect(section.get_by_role("table")).to_contain_text("cluster_id")
    with page.expect_download() as arrival:
        section.get_by_role("link", name=t("Download CSV"), exact=True).click()
    download = arrival.value
    assert download.suggested_filename == "ovoz-comments.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content, newline="")))
    assert {row["text"] for row in rows} == {"Support this article.", "Maqolani aniqlashtirish kerak."}
    people = db.session.scalars(select(User)).all()
    assert not [p for p in people if p.email in content or p.display_name in content]

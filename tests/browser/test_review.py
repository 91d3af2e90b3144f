"""In headless Chromium: an official attaches a document and asks a question; a citizen answers;
the official reviews the consultation's comments grouped by meaning and opens a group. Tajik, Russian."""

from pathlib import Path

import flask_babel
import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.consultations import comments
from app.extensions import db
from tests.browser.helpers import flash, sign_in, translator

pytestmark = pytest.mark.browser

SAME_IDEA = [
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
    "Kindergarten fees are far too high for ordinary families to pay.",
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _as(page, t, locale, user):
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, user.email)


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_documents_questionnaire_and_grouped_review(
    app, page, make_user, make_consultation, run_jobs, tmp_path: Path, locale
):
    t = translator(app, locale)
    assert t("Grouped feedback") != "Grouped feedback"
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        for body in SAME_IDEA:
            comments.add(consultation, make_user(region_code="TJ-SU"), body, article)
        db.session.commit()
    run_jobs()
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency, locale=locale)
    citizen = make_user(locale=locale)
    overview = f"/{locale}/consultations/{consultation.id}"

    # The official attaches a document and adds a question.
    _as(page, t, locale, official)
    page.goto(overview)
    page.get_by_role("link", name=t("Documents"), exact=True).click()
    note = tmp_path / "Ёддошти тавзеҳотӣ.pdf"
    note.write_bytes(PDF)
    page.get_by_label(t("Document (PDF or DOCX, at most 10 MB)"), exact=True).set_input_files(str(note))
    page.get_by_role("button", name=t("Attach the document"), exact=True).click()
    expect(flash(page)).to_have_text(t("The document is attached."))
    page.goto(overview)
    page.get_by_role("link", name=t("Questionnaire"), exact=True).click()
    page.get_by_label(t("Question"), exact=True).fill("Кадом хизматрасониҳо бояд аввал онлайн шаванд?")
    page.get_by_role("button", name=t("Add the question"), exact=True).click()

    # A citizen sees the document and answers the question.
    _as(page, t, locale, citizen)
    page.goto(overview)
    expect(page.locator("main")).to_contain_text("Ёддошти тавзеҳотӣ.pdf")
    question = page.locator("main .question").first
    question.get_by_label(t("Your answer"), exact=True).fill("Бақайдгирии таваллуд ва шиноснома.")
    question.get_by_role("button", name=t("Send the answer"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))
    expect(page.locator("main .question").first).to_contain_text("Бақайдгирии таваллуд")

    # The official reviews the comments grouped by meaning: the same idea in three languages is one group.
    _as(page, t, locale, official)
    page.goto(overview)
    page.get_by_role("link", name=t("Grouped feedback"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Grouped feedback"))
    largest = page.locator("main section.cluster").first
    with app.test_request_context(), flask_babel.force_locale(locale):
        three = flask_babel.ngettext("%(num)s comment", "%(num)s comments", 3)
    expect(largest.locator(".meta").first).to_contain_text(three)
    largest.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=t("Members of the group"), exact=True)).to_be_visible()
    members = page.locator("main article.comment")
    expect(members).to_have_count(3)
    for body in SAME_IDEA:
        expect(page.locator("main")).to_contain_text(body)

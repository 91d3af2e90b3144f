"""Sending a petition on, in headless Chromium, in Tajik and in Russian: an official of the city finds a petition
about clinics addressed to the city, sends it on to the ministry of health with a reason, and its author reads why in
their inbox. The city's official can then no longer send it anywhere; the ministry's official can answer it."""

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.extensions import db
from app.petitions.models import Petition
from tests.browser.helpers import account_nav, flash, sign_in_as, translator

pytestmark = pytest.mark.browser

CITY = {"en": "Dushanbe city hall", "tg": "Мақомоти шаҳри Душанбе", "ru": "Хукумат города Душанбе"}
HEALTH = {"en": "Ministry of Health", "tg": "Вазорати тандурустӣ", "ru": "Министерство здравоохранения"}
REASON = {
    "tg": "Дармонгоҳҳои ноҳиявӣ ба вазорат тобеъанд.",
    "ru": "Районные поликлиники подчиняются министерству.",
}


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_an_official_sends_a_petition_on_and_its_author_reads_why(
    app, page, make_user, make_agency, make_petition, locale
):
    t = translator(app, locale)
    assert t("Send on to another agency") != "Send on to another agency"
    city, health = make_agency(names=CITY), make_agency(names=HEALTH)
    author = make_user(locale=locale)
    petition = make_petition(author=author, agency_id=city.id, title="Инсулин дар ҳар дармонгоҳ")
    official = make_user(role=Role.OFFICIAL, agency=city, locale=locale)

    sign_in_as(page, t, locale, official)
    page.goto(f"/{locale}/petitions/{petition.id}")
    page.locator("main").get_by_role("link", name=t("Send on to another agency"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Send on: %(title)s", title=petition.title))
    page.get_by_label(t("Send it on to"), exact=True).select_option(label=HEALTH[locale])
    page.get_by_label(t("Why (optional; its author reads it)"), exact=True).fill(REASON[locale])
    page.get_by_role("button", name=t("Send the petition on"), exact=True).click()
    expect(flash(page)).to_have_text(t("The petition is sent on to %(agency)s.", agency=HEALTH[locale]))
    expect(page.locator("main .facts").last).to_contain_text(HEALTH[locale])  # the first holds the deadline
    expect(page.locator("main .timeline")).to_contain_text(t("Sent on to the agency responsible for it"))
    expect(page.locator("main").get_by_role("link", name=t("Send on to another agency"))).to_have_count(0)
    db.session.expire_all()
    assert db.session.get(Petition, petition.id).agency_id == health.id

    sign_in_as(page, t, locale, author)
    account_nav(page, t).get_by_role("link", name=t("Inbox")).click()
    message = page.locator("main .inbox-message").first
    subject = t("Your petition “%(title)s” was sent on to %(agency)s", title=petition.title, agency=HEALTH[locale])
    expect(message).to_contain_text(subject)
    expect(message).to_contain_text(REASON[locale])
    message.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(petition.title)

    sign_in_as(page, t, locale, make_user(role=Role.OFFICIAL, agency=health, locale=locale))
    page.goto(f"/{locale}/petitions/{petition.id}")
    expect(page.locator("main").get_by_role("link", name=t("Write the response"), exact=True)).to_have_count(1)

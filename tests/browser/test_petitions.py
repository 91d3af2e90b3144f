"""The petition journey in headless Chromium, in Tajik and in Russian.

Start a petition and see an existing one in another language suggested while typing -> a sponsor
signs through the shared link -> a moderator publishes -> citizens sign (signed in, and by e-mail
confirmation) -> the response threshold is reached -> the official responds -> a signer finds the
response in their inbox. And a moderator rejects a duplicate with a link to the original.
"""

import flask_babel
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.petitions import services, signing
from app.petitions.models import Petition, State
from tests.browser.helpers import account_nav, flash, sign_in, translator
from tests.helpers import link_in, sent_emails

pytestmark = pytest.mark.browser

EXISTING = {
    "title": "Бесплатный инсулин для всех детей с диабетом",
    "request": "Просим бесплатно и без перебоев выдавать инсулин и шприц-ручки детям с диабетом в каждой поликлинике.",
}
NEW = {
    "title": "Инсулини ройгон барои кӯдакони гирифтори диабет",
    "request": (
        "Хоҳиш мекунем, ки инсулин ва шприц-қаламҳо ба кӯдакони диабетӣ дар ҳамаи дармонгоҳҳо ройгон дода шаванд."
    ),
}


@pytest.fixture
def small_thresholds(app):
    saved = {k: app.config[k] for k in app.config if k.startswith("OVOZ_PETITION_")}
    app.config.update(OVOZ_PETITION_SPONSORS=1, OVOZ_PETITION_RESPONSE_THRESHOLD=4)
    yield
    app.config.update(saved)


def _existing_petition(make_petition, make_user, run_jobs) -> tuple[int, str]:
    """A published Russian petition the engine has already placed in the petitions scope."""
    author = make_user(locale="ru")
    petition = make_petition(state=State.DRAFT, author=author, **EXISTING)
    services.submit(petition, author)
    petition.state = State.MODERATION
    db.session.commit()
    services.publish(petition, None, None)
    db.session.commit()
    run_jobs()
    return petition.id, petition.title


def signatures(app, locale: str, count: int) -> str:
    """The signature count as the page says it, with the locale's plural form."""
    with app.test_request_context(), flask_babel.force_locale(locale):
        return flask_babel.ngettext("%(num)s signature", "%(num)s signatures", count)


def _as(context_page, t, user):
    context_page.context.clear_cookies()
    context_page.goto(f"/{t.locale}/account/login")
    sign_in(context_page, t, user.email)


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_petition_from_start_to_response(
    app, page, live_server, make_user, make_agency, make_petition, run_jobs, small_thresholds, locale
):
    t = translator(app, locale)
    t.locale = locale
    assert t("Start a petition") != "Start a petition"
    existing_id, existing_title = _existing_petition(make_petition, make_user, run_jobs)
    agency = make_agency(names={"en": "Ministry of Health", "tg": "Вазорати тандурустӣ", "ru": "Минздрав"})
    author = make_user(locale=locale, display_name="Нигина", region_code="TJ-DU")
    sponsor = make_user(locale=locale, region_code="TJ-SU")
    moderator = make_user(role=Role.MODERATOR, locale=locale, agency=agency)
    official = make_user(role=Role.OFFICIAL, locale=locale, agency=agency)
    signer = make_user(locale=locale, region_code="TJ-KT")

    # The author writes; the similar Russian petition appears while typing (JavaScript).
    _as(page, t, author)
    page.goto(f"/{locale}/petitions")
    page.get_by_role("link", name=t("Start a petition"), exact=True).click()
    page.get_by_label(t("Title: what should the government do?"), exact=True).fill(NEW["title"])
    page.get_by_label(t("Your request"), exact=True).fill(NEW["request"])
    suggestions = page.locator("#similar")
    expect(suggestions).to_contain_text(existing_title)
    expect(suggestions.get_by_role("link", name=t("Sign this one instead"), exact=True)).to_have_count(1)
    page.get_by_label(t("Topic"), exact=True).select_option("health")
    page.locator("main form").get_by_role("button", name=t("Continue"), exact=True).click()

    # Without script, the review step shows the same suggestion before the petition starts.
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your petition"))
    expect(page.locator("main .similar-box")).to_contain_text(existing_title)
    page.get_by_role("button", name=t("Start my petition"), exact=True).click()
    expect(flash(page)).to_have_text(
        t("Your petition is started. Share the link below to gather its first supporters.")
    )
    sponsor_link = page.get_by_label(t("Link for sponsors"), exact=True).input_value()
    petition_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # A sponsor opens the shared link and signs; the petition goes to moderation.
    _as(page, t, sponsor)
    page.goto(sponsor_link)
    page.locator("#sign").get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your signature is counted."))

    # The moderator publishes it, naming the responsible agency.
    _as(page, t, moderator)
    account_nav(page, t).get_by_role("link", name=t("Moderation"), exact=True).click()
    page.locator("main").get_by_role("link", name=NEW["title"], exact=True).click()
    page.get_by_label(t("Responsible agency"), exact=True).select_option(str(agency.id))
    page.get_by_role("button", name=t("Publish the petition"), exact=True).click()
    expect(page.locator("main .meta").first).to_contain_text(t("Open for signatures"))

    # A signed-in citizen signs with one click.
    _as(page, t, signer)
    page.goto(f"/{locale}/petitions/{petition_id}")
    page.locator("#sign").get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your signature is counted."))

    # Someone without an account signs by e-mail and confirms by the link.
    page.context.clear_cookies()
    page.goto(f"/{locale}/petitions/{petition_id}")
    form = page.locator("#sign form")
    form.get_by_label(t("Your name"), exact=True).fill("Рустам")
    form.get_by_label(t("E-mail address"), exact=True).fill(f"rustam-{locale}@example.org")
    form.get_by_label(t("Where you live"), exact=True).select_option("TJ-GB")
    form.get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))
    run_jobs()
    page.goto(live_server + link_in(sent_emails(f"rustam-{locale}@example.org")[-1].body))
    expect(flash(page)).to_have_text(t("Thank you, your signature is counted."))
    expect(page.locator("#count-heading")).to_have_text(signatures(app, locale, 4))
    expect(page.locator("main .timeline")).to_contain_text(t("Reached the number of signatures for a response"))
    expect(page.locator("#regions-table")).to_contain_text("1")
    assert "Рустам" not in page.content() and f"rustam-{locale}" not in page.content()

    # The official answers from their list of petitions to respond to.
    _as(page, t, official)
    account_nav(page, t).get_by_role("link", name=t("To respond"), exact=True).click()
    page.locator("main").get_by_role("link", name=NEW["title"], exact=True).click()
    page.get_by_label(t("The response (Markdown)"), exact=True).fill("Аз 1 январ инсулин **ройгон** дода мешавад.")
    page.get_by_role("button", name=t("Publish the response"), exact=True).click()
    expect(page.locator("main .response strong")).to_have_text("ройгон")
    run_jobs()

    # The signer finds the answer in their inbox and follows it to the petition.
    _as(page, t, signer)
    inbox = account_nav(page, t).get_by_role("link", name=t("Inbox"))
    expect(inbox.locator(".badge")).to_contain_text("1")
    inbox.click()
    message = page.locator("main .inbox-message").first
    expect(message).to_contain_text(NEW["title"])
    message.get_by_role("link").click()
    expect(page.locator("main .response")).to_contain_text("ройгон")
    told = {e.recipient for e in sent_emails() if NEW["title"] in e.subject}
    assert {author.email, sponsor.email, signer.email, f"rustam-{locale}@example.org"} <= told
    assert existing_id != petition_id


@pytest.mark.parametrize("locale", ["ru", "uz"])
def test_moderator_rejects_a_duplicate_with_a_link(app, page, make_user, make_petition, locale):
    t = translator(app, locale)
    t.locale = locale
    original = make_petition(title="Ремонт дороги в Варзоб")
    duplicate = make_petition(state=State.MODERATION, title="Отремонтируйте варзобскую дорогу")
    _as(page, t, make_user(role=Role.MODERATOR, locale=locale))
    page.goto(f"/{locale}/petitions/{duplicate.id}/moderate")
    page.get_by_label(t("Reason"), exact=True).select_option("duplicate")
    page.get_by_label(t("Number of the existing petition (for duplicates)"), exact=True).fill(str(original.id))
    page.get_by_role("button", name=t("Reject the petition"), exact=True).click()
    expect(page.locator("main .notice")).to_contain_text(t("A petition asking for the same thing already exists"))
    page.locator("main .notice").get_by_role("link", name=original.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(original.title)
    db.session.expire_all()
    assert db.session.scalar(select(Petition.state).where(Petition.id == duplicate.id)) == State.REJECTED
    assert signing.SIGNABLE  # the duplicate can no longer be signed: its page has no signing form
    page.goto(f"/{locale}/petitions/{duplicate.id}")
    expect(page.locator("#sign")).to_have_count(0)

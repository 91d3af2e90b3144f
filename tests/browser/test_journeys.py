"""Real user journeys through the pages, in headless Chromium.

Every visible text is looked up in the translation catalogs with Flask-Babel, never hard-coded,
so that the tests follow the catalogs and fail when a page is not in the language of its URL.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.core.i18n import LOCALE_NAMES
from app.extensions import db
from tests.browser.helpers import account_nav, flash, language_nav, sign_in, translator
from tests.helpers import link_in, sent_emails

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize(
    ("locale", "other", "name"),
    [("tg", "ru", "Нигина Раҳимова"), ("ru", "tg", "Анна Петрова")],
    ids=["tg", "ru"],
)
def test_register_confirm_sign_in_switch_language_sign_out(app, page, live_server, run_jobs, locale, other, name):
    t, t_other = translator(app, locale), translator(app, other)
    # The catalog really is translated: otherwise the journey would run in English unnoticed.
    assert t("E-mail address") != "E-mail address" and t_other("My account") != "My account"
    email = f"{locale}-citizen@example.org"
    password = "a long enough secret"

    page.goto(f"/{locale}/")
    expect(page.locator("html")).to_have_attribute("lang", locale)
    account_nav(page, t).get_by_role("link", name=t("Create account"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/{locale}/account/register")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Create an account"))

    page.get_by_label(t("Name shown with what you write"), exact=True).fill(name)
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(password)
    page.get_by_label(t("Repeat the password"), exact=True).fill(password)
    page.get_by_label(t("Where you live"), exact=True).select_option("TJ-DU")
    expect(page.get_by_label(t("Language for e-mails"), exact=True)).to_have_value(locale)
    page.get_by_label(
        t("I agree that Ovoz keeps my e-mail address to run my account, as the privacy notice says"), exact=True
    ).check()
    page.locator("main form").get_by_role("button", name=t("Create account"), exact=True).click()

    expect(page).to_have_url(f"{live_server}/{locale}/account/check-email")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))

    assert sent_emails(to=email) == []  # nothing is delivered before a worker runs
    assert run_jobs() == 1
    (message,) = sent_emails(to=email)
    assert name in message.body
    page.goto(live_server + link_in(message.body))

    expect(page).to_have_url(f"{live_server}/{locale}/account/login")
    expect(flash(page)).to_have_text(t("Thank you, your e-mail address is confirmed. You can sign in now."))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Sign in"))

    sign_in(page, t, email, password)
    expect(page).to_have_url(f"{live_server}/{locale}/")
    expect(flash(page)).to_have_text(t("Welcome, %(name)s.", name=name))
    account_nav(page, t).get_by_role("link", name=t("My account"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/{locale}/account")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My account"))
    expect(page.get_by_label(t("Name shown with what you write"), exact=True)).to_have_value(name)
    expect(page.locator("main .facts")).to_contain_text(email)

    language_nav(page, t).get_by_role("link", name=LOCALE_NAMES[other], exact=True).click()
    expect(page).to_have_url(f"{live_server}/{other}/account")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", level=1)).to_have_text(t_other("My account"))
    expect(page.get_by_label(t_other("Name shown with what you write"), exact=True)).to_have_value(name)
    expect(language_nav(page, t_other).locator("[aria-current]")).to_have_text(LOCALE_NAMES[other])

    header = account_nav(page, t_other)
    header.get_by_role("button", name=t_other("Sign out"), exact=True).click()
    expect(page).to_have_url(f"{live_server}/{other}/")
    expect(flash(page)).to_have_text(t_other("You have signed out."))
    expect(header.get_by_role("link", name=t_other("Sign in"), exact=True)).to_be_visible()
    expect(header.get_by_role("button", name=t_other("Sign out"), exact=True)).to_have_count(0)
    expect(header.get_by_role("link", name=t_other("My account"), exact=True)).to_have_count(0)

    # Signed out for real: the account page now asks to sign in.
    page.goto(f"/{other}/account")
    expect(page).to_have_url(re.compile(rf"/{other}/account/login\?next="))

    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == email))
    assert user.is_confirmed and user.role == Role.CITIZEN
    assert (user.display_name, user.locale, user.region_code) == (name, locale, "TJ-DU")
    assert user.last_login_at is not None


def test_admin_makes_a_citizen_an_official(app, new_context, live_server, make_user, make_agency):
    t = translator(app, "ru")
    admin = make_user(role=Role.ADMIN, locale="ru", display_name="Администратор")
    make_user(email="someone-else@example.org")  # must not be found by the search
    citizen = make_user(email="dilshod@example.org", display_name="Дилшод", locale="ru")
    make_agency()
    agency = make_agency()
    admin_id, citizen_id, agency_id = admin.id, citizen.id, agency.id
    agency_name = agency.name("ru")

    page = new_context().new_page()
    page.goto("/ru/account/login")
    sign_in(page, t, admin.email)
    expect(page).to_have_url(f"{live_server}/ru/")

    account_nav(page, t).get_by_role("link", name=t("Administration"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Administration"))
    page.locator("main").get_by_role("link", name=t("People and roles"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("People and roles"))

    search = page.get_by_role("search")
    search.get_by_label(t("Name or e-mail"), exact=True).fill("DILSHOD@example")
    search.get_by_role("button", name=t("Search"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/ru/admin/users\?q=DILSHOD%40example"))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(citizen.email)
    expect(rows.first).to_contain_text(t("Citizen"))
    rows.first.get_by_role("link", name=f"{t('Change role')} {citizen.display_name}", exact=True).click()

    expect(page).to_have_url(f"{live_server}/ru/admin/users/{citizen_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Role of %(name)s", name=citizen.display_name))
    page.get_by_label(t("Role"), exact=True).select_option(label=t("Official"))
    page.get_by_label(t("Agency"), exact=True).select_option(label=agency_name)
    page.get_by_role("button", name=t("Save role"), exact=True).click()

    expect(page).to_have_url(f"{live_server}/ru/admin/users")
    expect(flash(page)).to_have_text(t("The role of %(name)s has been saved.", name=citizen.display_name))
    row = page.locator("main table tbody tr", has_text=citizen.email)
    expect(row).to_contain_text(t("Official"))
    expect(row).to_contain_text(agency_name)

    db.session.expire_all()
    changed = db.session.get(User, citizen_id)
    assert changed.role == Role.OFFICIAL and changed.agency_id == agency_id
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
    assert (event.actor_id, event.actor_role, event.target_type, event.target_id) == (
        admin_id,
        "admin",
        "users",
        citizen_id,
    )
    assert event.details == {
        "before": {"role": "citizen", "agency_id": None},
        "after": {"role": "official", "agency_id": agency_id},
    }

    page.goto("/ru/admin/")
    page.locator("main").get_by_role("link", name=t("Audit log"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit log"))
    entry = page.locator("main table tbody tr", has_text=t("Role changed"))  # the action's name, translated
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(admin.display_name)
    expect(entry).to_contain_text(f"users #{citizen_id}")
    expect(entry).to_contain_text("after.role: official")  # details as lines, not JSON

    # The new official, in a browser of their own, signs in but gets no administration.
    official = new_context().new_page()
    official.goto("/ru/account/login")
    sign_in(official, t, "dilshod@example.org")
    expect(flash(official)).to_have_text(t("Welcome, %(name)s.", name="Дилшод"))
    expect(account_nav(official, t).get_by_role("link", name=t("My account"), exact=True)).to_be_visible()
    expect(account_nav(official, t).get_by_role("link", name=t("Administration"), exact=True)).to_have_count(0)
    assert official.goto("/ru/admin/users").status == 403


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(app, page):
    t = translator(app, "tg")
    page.goto("/tg/account/login")
    skip = page.get_by_role("link", name=t("Skip to main content"), exact=True)
    expect(skip).not_to_be_in_viewport()  # hidden until focused

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/tg/account/login#content$"))
    expect(page.locator("main#content")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    expect(page.get_by_label(t("E-mail address"), exact=True)).to_be_focused()


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_registration_errors_fit_a_phone_screen(app, new_context, locale, tmp_path):
    t = translator(app, locale)
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"/{locale}/account/register")
    page.locator("main form").get_by_role("button", name=t("Create account"), exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(t("Please correct the following:"))
    expect(summary.get_by_role("link")).to_have_count(5)  # name, e-mail, both passwords, the terms
    expect(summary).to_contain_text(t("Please agree to continue."))
    name_field = page.get_by_label(t("Name shown with what you write"), exact=True)
    expect(name_field).to_have_attribute("aria-invalid", "true")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot = tmp_path / f"register-errors-{locale}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 1000

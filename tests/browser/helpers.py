"""What the browser tests share: texts from the app's own catalogs, the page's landmarks, signing in."""

import flask_babel
from playwright.sync_api import Page

from tests.conftest import PASSWORD


def translator(app, locale: str):
    """gettext in `locale`, from the same catalogs the app renders with."""

    def t(msgid: str, **variables) -> str:
        with app.test_request_context(), flask_babel.force_locale(locale):
            return flask_babel.gettext(msgid, **variables)

    return t


def account_nav(page: Page, t):
    return page.get_by_role("navigation", name=t("Account"), exact=True)


def language_nav(page: Page, t):
    return page.get_by_role("navigation", name=t("Language"), exact=True)


def flash(page: Page):
    return page.locator("main .flashes .flash")


def sign_in(page: Page, t, email: str, password: str = PASSWORD):
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(password)
    page.locator("main form").get_by_role("button", name=t("Sign in"), exact=True).click()


def sign_in_as(page: Page, t, locale: str, user) -> None:
    """Sign in as `user` on the sign-in page in `locale`, after signing out whoever was signed in."""
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, user.email)

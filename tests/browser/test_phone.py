"""Ovoz on a small phone, in Tajik and Russian: the home page, the petition list and a petition page fit 320 and
375 px without sideways scrolling, the header leaves the screen to the page, and signing shows the signed state."""

import pytest
from playwright.sync_api import expect

from app.core.db import utcnow
from app.extensions import db
from app.petitions.models import PetitionResponse
from tests.browser.helpers import sign_in_as, translator

pytestmark = pytest.mark.browser

TITLE = {
    "tg": "Барқарорсозии таъминоти доимии оби нӯшокии тоза дар ҳамаи деҳаҳои ноҳияи Рӯшон",
    "ru": "Восстановление круглосуточного водоснабжения чистой питьевой водой во всех сёлах Рушанского района",
}
LONG_AGENCY = "Министерство энергетики и водных ресурсов Республики Таджикистан (Главное управление)"
REQUEST = (
    "Просим отремонтировать водопровод и https://example.org/очень-длинная-ссылка-без-пробелов-на-документ-1234567890"
)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_pages_fit_a_phone_and_signing_shows_the_signed_state(
    app, new_context, make_user, make_agency, make_petition, make_consultation, locale, width, tmp_path
):
    t = translator(app, locale)
    assert t("Thank you for signing") != "Thank you for signing"
    make_consultation()
    make_agency(names={"tg": LONG_AGENCY, "ru": LONG_AGENCY, "en": LONG_AGENCY})  # a long option widens a <select>
    petition = make_petition(title=TITLE[locale], request=REQUEST, language=locale, signature_count=1234)
    answered = make_petition(title=TITLE[locale] + " 2", language=locale)
    db.session.add(PetitionResponse(petition_id=answered.id, body="Ответ ведомства.", published_at=utcnow()))
    db.session.commit()
    citizen = make_user(locale=locale, display_name="Фарзона Қурбонмамадова")
    viewport = {"width": width, "height": 640}
    page = new_context(viewport=viewport, is_mobile=True, has_touch=True).new_page()
    sign_in_as(page, t, locale, citizen)

    for name, path in (("home", f"/{locale}/"), ("list", f"/{locale}/petitions"), ("petition", None)):
        page.goto(path or f"/{locale}/petitions/{petition.id}")
        _fits(page, width)
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= viewport["height"] / 4, f"the header takes {header['height']} px of {name}"
        page.screenshot(path=tmp_path / f"{name}-{locale}-{width}.png", full_page=True)
    expect(page.get_by_text(TITLE[locale] + " 2")).to_have_count(0)

    sign = page.locator("#sign")
    expect(sign.get_by_role("heading", level=2)).to_have_text(t("Sign this petition"))
    page.get_by_role("link", name=t("Sign this petition"), exact=True).click()
    sign.get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(sign.get_by_role("heading", level=2)).to_have_text(t("Thank you for signing"))
    expect(page.get_by_role("heading", name=t("Sign this petition"))).to_have_count(0)
    expect(sign.get_by_role("button", name=t("Sign this petition"))).to_have_count(0)
    _fits(page, width)
    page.screenshot(path=tmp_path / f"signed-{locale}-{width}.png", full_page=True)

    copy = page.get_by_role("button", name=t("Copy the link"), exact=True)
    expect(copy).to_be_visible()  # the script added it: the field alone works without JavaScript
    copy.click()
    expect(page.get_by_role("status").filter(has_text=t("The link is copied."))).to_be_visible()

"""One country per deployment: OVOZ_COUNTRY picks the divisions, the time zone and the locale order."""

import pytest

from app import create_app
from app.geo import get_country
from config import COUNTRIES
from tests.helpers import WebClient, text

LOCAL_LOCALE = {"tj": "tg", "uz": "uz", "az": "az", "kz": "kk", "kg": "ky"}
TIMEZONES = {"tj": "Asia/Dushanbe", "uz": "Asia/Tashkent", "az": "Asia/Baku", "kz": "Asia/Almaty", "kg": "Asia/Bishkek"}


@pytest.mark.parametrize("code", COUNTRIES)
def test_country_setting_drives_the_portal(settings, app, code):
    country_app = create_app(dict(settings, OVOZ_COUNTRY=code))
    country_app.test_client_class = WebClient
    client = country_app.test_client()
    local = LOCAL_LOCALE[code]
    assert client.get("/", headers={"Accept-Language": "fr"}).location == f"/{local}/"
    assert country_app.config["OVOZ_TIMEZONE"] == TIMEZONES[code]

    country = get_country(code)
    assert country.locales[0] == local and len(country.regions) >= 5
    page = text(client.get(f"/{local}/account/register"))
    first_region = country.regions[0]
    assert f'<optgroup label="{first_region.name(local)}">' in page
    assert first_region.districts == () or first_region.districts[0].name(local) in page
    english = text(client.get("/en/account/register"))
    assert first_region.name("en") in english

"""In headless Chromium: a journalist subscribes to the answers feed, and a developer finds the API's
documentation and its OpenAPI document, both from the footer of any page. Kazakh and Russian."""

import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import translator

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_a_visitor_finds_the_feeds_and_the_api_documentation(app, page, live_server, make_petition, locale):
    t = translator(app, locale)
    assert t("Feeds") != "Feeds" and t("API for developers") != "API for developers"
    make_petition()

    page.goto(f"/{locale}/petitions")
    page.get_by_role("contentinfo").get_by_role("link", name=t("Feeds"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Feeds"))
    link = page.get_by_role("main").get_by_role("link", name=t("New answers"), exact=True)
    feed = page.request.get(link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())  # noqa: S314 - the app's own feed
    assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == locale
    assert root.find(f"{ATOM}title").text.startswith(t("New answers"))

    page.get_by_role("contentinfo").get_by_role("link", name=t("API for developers"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("API for developers"))
    expect(page.get_by_role("main")).to_contain_text("/api/v1/petitions")
    document = page.get_by_role("main").get_by_role("link", name=t("The OpenAPI document"), exact=True)
    answer = page.request.get(document.get_attribute("href"), headers={"Accept-Language": locale})
    assert answer.ok and answer.headers["content-type"].startswith("application/json")
    spec = answer.json()
    assert spec["openapi"].startswith("3.") and "/petitions" in spec["paths"]
    petitions = page.request.get(f"{live_server}/api/v1/petitions")
    assert petitions.ok and petitions.json()["meta"]["total"] == 1

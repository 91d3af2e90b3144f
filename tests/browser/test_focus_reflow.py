"""What axe-core cannot see (issue 18): focus is visible on every control a keyboard reaches, pages reflow at 320 px
and at 200% zoom without sideways scrolling or clipped content, and each chart has a name and a data table that
the keyboard opens."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.core.db import utcnow
from app.extensions import db
from app.geo import get_country
from tests.browser.helpers import sign_in_as, translator
from tests.helpers import signature

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

#: How a focused element looks, read from its computed style; compared with how it looks unfocused.
_LOOK = """el => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '); }"""
_VISIBLE_RING = """el => { const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; }"""
#: Elements of the page that stick out of the viewport without a scrolling box of their own around them.
_CLIPPED = """() => {
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const x = getComputedStyle(p).overflowX; if (x === 'auto' || x === 'scroll') return true; } return false; };
  return Array.from(document.querySelectorAll('body *')).filter(el => {
    const r = el.getBoundingClientRect();
    const out = r.right > innerWidth + 1 || r.left < -1;
    return r.width && out && !scrolls(el) && !el.closest('.visually-hidden, .skip-link');
  }).slice(0, 5).map(el => el.outerHTML.slice(0, 120)); }"""


@pytest.fixture
def progress(app, make_petition):
    """The progress page of a petition with signatures over three days in two regions: two charts."""
    petition = make_petition(signature_count=0)
    regions = [region.code for region in get_country(app.config["OVOZ_COUNTRY"]).regions[:2]]
    now = utcnow()
    for number in range(1, 13):
        db.session.add(signature(petition, number, now - timedelta(days=number % 3), regions[number % 2]))
    db.session.commit()
    return f"/petitions/{petition.id}/progress"


def _tab_through(page, limit: int = 80) -> list[tuple]:
    """Press Tab until focus leaves the page or comes round again: each element focused, in order, with its look
    and whether it has a ring while focused."""
    focused = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        if page.evaluate("el => el === document.body", handle) or (
            focused and page.evaluate("([a, b]) => a === b", [handle, focused[0][0]])
        ):
            break
        focused.append((handle, page.evaluate(_LOOK, handle), page.evaluate(_VISIBLE_RING, handle)))
    return focused


def _assert_focus_visible(page, path: str) -> None:
    page.goto(path)
    stops = _tab_through(page)
    assert len(stops) >= 5, f"only {len(stops)} focus stops on {path}"
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for el, focused, ring in stops:
        name = page.evaluate("el => el.outerHTML.slice(0, 100)", el)
        assert ring and focused != page.evaluate(_LOOK, el), f"no visible focus on {name} at {path}"


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_every_focus_is_visible_and_charts_open_their_data_by_keyboard(
    app, page, progress, make_user, make_agency, locale
):
    t = translator(app, locale)
    for path in (f"/{locale}/", f"/{locale}/account/login", f"/{locale}{progress}"):
        _assert_focus_visible(page, path)

    charts = page.get_by_role("main").locator("svg")
    expect(charts).to_have_count(2)
    for title in (t("Signatures over time"), t("Signatures by region")):
        chart = page.get_by_role("img", name=title, exact=True)
        table = page.locator(f"#{chart.get_attribute('aria-describedby')}")
        expect(table).to_be_hidden()
        summary = page.locator("details.data-table", has=table).locator("summary")
        summary.focus()  # reached by Tab above: every stop was checked
        page.keyboard.press("Enter")
        expect(table).to_be_visible()
        expect(table.get_by_role("row")).not_to_have_count(0)

    sign_in_as(page, t, locale, make_user(role=Role.OFFICIAL, agency=make_agency(), locale=locale))
    _assert_focus_visible(page, f"/{locale}/consultations/new")  # date fields, selects, a file field


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)], ids=["320px", "zoom-200"])
def test_pages_reflow_at_320_px_and_200_per_cent_zoom(app, new_context, make_user, samples, progress, width, scale):
    """A 1280 px window at 200% zoom lays out 640 CSS px; 320 px is WCAG 1.4.10's width."""
    page = new_context(viewport={"width": width, "height": 640}, device_scale_factor=scale).new_page()
    sign_in_as(page, translator(app, "tg"), "tg", make_user(locale="tg"))
    paths = [
        "/",
        "/petitions",
        "/petitions/new",
        progress,
        f"/consultations/{samples['consultation_id']}",
        f"/consultations/{samples['consultation_id']}/draft",
        "/agencies",
        "/api",  # examples of requests and answers in <pre>
        "/account/two-step",  # a QR code
    ]
    for path in paths:
        page.goto(f"/tg{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width}"
        assert page.evaluate(_CLIPPED) == [], f"{path} is cut at {width}"

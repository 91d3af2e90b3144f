"""The axe-core helper finds what it should, names it readably, and checks each page pattern once per locale."""

import pytest

from tests.browser import axe

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p style="color:#aaa;background:#fff">Faint</p>
<label>Named</label><input type="text"></main></body></html>"""


def test_axe_reports_violations_by_impact_with_rule_target_and_page(page):
    page.set_content(BROKEN)
    checked = axe.check(page)
    blocking = {v.rule: v for v in checked.of_impact(*axe.BLOCKING)}
    assert {"image-alt", "color-contrast", "label"} <= set(blocking), checked.violations
    assert blocking["image-alt"].impact == "critical" and blocking["image-alt"].targets == ("img",)
    assert "color-contrast" in axe.report(list(blocking.values())) and "about:blank" in str(blocking["label"])
    assert len(checked.rules) > 50, "the WCAG 2.0 and 2.1 A and AA rules ran"


def test_each_pattern_is_checked_once_per_locale(page, live_server):
    checked = set()
    page.goto(f"{live_server}/ru/privacy")
    assert axe.check_once(page, live_server, checked) == [] and checked == {("/privacy", "ru")}
    page.set_content(BROKEN)  # the same address: not checked again
    assert axe.check_once(page, live_server, checked) == []
    page.close()  # or the check after the test would find the broken page
    assert axe.pattern(f"{live_server}/tg/petitions/12/sponsor/{'x' * 40}") == ("/petitions/<id>/sponsor/<token>", "tg")

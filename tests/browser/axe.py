"""axe-core on a page the browser tests show: WCAG 2.0 and 2.1, levels A and AA (issue 18).

The script is the axe-core build that the dev requirement axe-playwright-python ships; the test injects it into the
page through Playwright (which the page's Content-Security-Policy does not stop), so no page ever fetches it.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

from playwright.sync_api import Error, Page

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: A violation of these impacts fails a test; moderate and minor ones kept are in docs/accessibility-moderate.md.
BLOCKING = ("critical", "serious")
_RUN = "options => axe.run(document, options)"
_OPTIONS = {"runOnly": {"type": "tag", "values": list(TAGS)}, "resultTypes": ["violations"]}
_ID = re.compile(r"/\d+(?=/|$)")
_TOKEN = re.compile(r"/[A-Za-z0-9_-]{32,}(?=/|$)")


@cache
def axe_source() -> str:
    """The minified axe-core script, read once per session."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    """One rule broken on one page, with the elements that break it."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    url: str

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:5]) + (f" (+{len(self.targets) - 5} more)" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.rule}: {self.help}\n    on {self.url}\n    at {shown}"


@dataclass(frozen=True)
class Checked:
    """What axe found on one page: its violations by impact, and how many rules it ran there."""

    violations: tuple[Violation, ...]
    rules: frozenset[str]

    def of_impact(self, *impacts: str) -> list[Violation]:
        return [v for v in self.violations if v.impact in impacts]


def check(page: Page) -> Checked:
    """Run axe-core on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(_RUN, _OPTIONS)
    rules = frozenset(
        rule["id"] for kind in ("violations", "passes", "incomplete", "inapplicable") for rule in result[kind]
    )
    found = tuple(
        Violation(
            rule["id"],
            rule["impact"] or "minor",
            rule["help"],
            tuple(
                " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                for node in rule["nodes"]
            ),
            page.url,
        )
        for rule in result["violations"]
    )
    return Checked(found, rules)


def pattern(url: str) -> tuple[str, str]:
    """(path with ids and tokens replaced, locale) of a page: the unit that is checked once per session."""
    path = urlsplit(url).path
    locale, _, rest = path.lstrip("/").partition("/")
    return _TOKEN.sub("/<token>", _ID.sub("/<id>", "/" + rest)), locale


def report(violations: list[Violation]) -> str:
    """A failure message: each violation with its rule, impact, selectors and page."""
    return f"{len(violations)} serious or critical accessibility violation(s):\n" + "\n".join(map(str, violations))


def check_once(page: Page, base_url: str, checked: set) -> list[Violation]:
    """The blocking violations of an HTML page of Ovoz whose (pattern, locale) this session has not checked yet."""
    if page.is_closed() or not page.url.startswith(base_url) or pattern(page.url) in checked:
        return []
    try:
        page.wait_for_load_state()
        if page.evaluate("() => document.contentType") != "text/html":
            return []
        found = check(page).of_impact(*BLOCKING)
    except Error:  # still navigating where the test stopped, after it failed: its own failure says why
        return []
    checked.add(pattern(page.url))
    return found

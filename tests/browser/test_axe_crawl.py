"""axe-core over the demo portal: every page a link leads to from the home page, as each role, in all seven locales.

Each role crawls the demo through links in one locale (one page per pattern: the path with its ids replaced) and
axe checks every page it reaches. The patterns no earlier role reached are checked once more in one of the other
six locales, round-robin (with a few more where needed), so every pattern is seen in two locales and every locale
shows every role: what fits CI's time. A serious or critical
violation fails; every moderate or minor rule that axe reports must be listed with its reason in
docs/accessibility-moderate.md. Run it alone with `pytest -m a11y`.
"""

import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.demo.accounts import DEMO_DOMAIN, DEMO_PASSWORD
from app.demo.cli import load_demo
from tests.browser import axe
from tests.browser.helpers import sign_in, translator

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.slow]

LOCALES = ("en", "ru", "tg", "uz", "az", "kk", "ky")
#: Who crawls, and the locale each crawls in: every role in a different one.
ROLES = (
    ("anonymous", None, "en"),
    ("citizen", "citizen1", "tg"),
    ("moderator", "justice.moderator", "ru"),
    ("official", "city.official", "uz"),
    ("admin", "admin", "kk"),
)
REPORT = Path(__file__).parents[2] / "docs" / "accessibility-moderate.md"
#: Not pages: files, feeds and data (a dot in the last segment), a sign-in elsewhere, links that act on a token.
_NOT_A_PAGE = re.compile(r"\.[a-z]+$|/eid/|/confirm/|/signature/|/sponsor/|/review/jobs/")
_LINKS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"


@dataclass
class Crawl:
    """What the crawl checked and found."""

    pages: int = 0
    rules: set[str] = field(default_factory=set)
    patterns: set[tuple[str, str]] = field(default_factory=set)  # (role, pattern)
    locales: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # locale -> roles
    blocking: list[axe.Violation] = field(default_factory=list)
    kept: dict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # (rule, impact) -> patterns

    def add(self, checked: axe.Checked, role: str, url: str) -> None:
        path, locale = axe.pattern(url)
        self.pages += 1
        self.rules |= checked.rules
        self.patterns.add((role, path))
        self.locales[locale].add(role)
        self.blocking += checked.of_impact(*axe.BLOCKING)
        for violation in checked.of_impact("moderate", "minor"):
            self.kept[violation.rule, violation.impact].add(path)


def _page_url(href: str, base_url: str, locale: str) -> str | None:
    """The address to crawl for a link (no query, no fragment), or None when it leaves the crawl."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != base_url or not parts.path.startswith(f"/{locale}/"):
        return None
    return None if _NOT_A_PAGE.search(parts.path) else f"{base_url}{parts.path}"


def _crawl(page, base_url: str, locale: str):
    """Open one address per pattern, from the home page through links, and yield each (the page is on it)."""
    seen, queue = set(), [f"{base_url}/{locale}/"]
    while queue:
        url = queue.pop(0)
        if axe.pattern(url)[0] in seen:
            continue
        seen.add(axe.pattern(url)[0])
        response = page.goto(url)
        html = response and response.ok and "text/html" in response.headers.get("content-type", "")
        if not html or axe.pattern(page.url)[0] != axe.pattern(url)[0]:  # redirected: to sign in, say
            continue
        yield page.url
        for href in page.evaluate(_LINKS):
            link = _page_url(href, base_url, locale)
            if link and axe.pattern(link)[0] not in seen:
                queue.append(link)


def _as(app, new_context, name: str | None, locale: str):
    page = new_context().new_page()
    if name:
        page.goto(f"/{locale}/account/login")
        sign_in(page, translator(app, locale), f"{name}@{DEMO_DOMAIN}", DEMO_PASSWORD)
        page.wait_for_url(re.compile(r"^(?!.*/account/login)"))
    return page


def _listed_in_report() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", REPORT.read_text(encoding="utf-8"), re.M))


def _again(urls: list[str], checked_twice: set[str], locales: int) -> list[str]:
    """The pages of a role to check in a second locale: those whose path no earlier role had, and enough of the
    others for the role to be seen in every locale."""
    new = [url for url in urls if axe.pattern(url)[0] not in checked_twice]
    return new + [url for url in urls if url not in new][: max(0, locales - len(new))]


def test_demo_in_every_locale_and_role_has_no_serious_violations(
    app, new_context, live_server, run_jobs, record_property
):
    loading = time.monotonic()
    load_demo()
    run_jobs()
    started, crawl, checked_twice = time.monotonic(), Crawl(), set()
    for number, (role, account, locale) in enumerate(ROLES):
        page = _as(app, new_context, account, locale)
        urls = []
        for url in _crawl(page, live_server, locale):
            crawl.add(axe.check(page), role, url)
            urls.append(url)
        others = [other for other in LOCALES if other != locale]
        for index, url in enumerate(_again(urls, checked_twice, len(others))):
            page.goto(url.replace(f"/{locale}/", f"/{others[(index + number) % len(others)]}/", 1))
            crawl.add(axe.check(page), role, page.url)
        checked_twice |= {axe.pattern(url)[0] for url in urls}
        page.context.close()

    impacts = Counter(v.impact for v in crawl.blocking) + Counter(impact for _, impact in crawl.kept)
    summary = (
        f"axe-core crawl: {crawl.pages} pages, {len(crawl.patterns)} patterns (role, path) in"
        f" {len(crawl.locales)} locales, {len(crawl.rules)} rules ({', '.join(axe.TAGS)}) in"
        f" {time.monotonic() - started:.0f} s (the demo loaded in {started - loading:.0f} s);"
        f" violations by impact: {dict(impacts) or 'none'}"
    )
    kept = [
        f"  kept [{impact}] {rule} on {len(paths)} pattern(s), e.g. {min(paths)}"
        for (rule, impact), paths in sorted(crawl.kept.items())
    ]
    record_property("summary", "\n".join([summary, *kept]))  # printed at the end of the run (tests/conftest.py)
    assert set(crawl.locales) == set(LOCALES) and all(len(roles) == len(ROLES) for roles in crawl.locales.values())
    assert not crawl.blocking, axe.report(crawl.blocking)
    unlisted = {rule for rule, _ in crawl.kept} - _listed_in_report()
    assert not unlisted, f"moderate or minor violations not listed with a reason in {REPORT.name}: {sorted(unlisted)}"

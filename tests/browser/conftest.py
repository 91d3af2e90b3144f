"""Browser fixtures: Ovoz served on a real port, driven by Debian's headless Chromium.

One Chromium per test session and a fresh browser context (cookies, storage) per test. The server
thread serves the session `app`, so it shares the test database and Redis with the test.
"""

import os
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler

from tests.browser import axe
from tests.helpers import served

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
#: How long Playwright's auto-waiting waits for one thing (ms); pages are served locally.
TIMEOUT_MS = 10_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _unavailable(reason: str):
    """Browser tests must run in CI: fail there, skip on a developer's machine."""
    if _in_ci():
        pytest.fail(f"{reason} (CI is set: browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture(autouse=True)
def _forget_loaded_objects(app):
    """After each test, drop what the test's own session loaded: the rows are deleted next."""
    yield
    from app.extensions import db

    db.session.expunge_all()


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of the session app, served by werkzeug in a daemon thread."""
    with served(app, request_handler=_QuietHandler) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        _unavailable("Playwright is not installed: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} is missing: sudo apt-get install chromium (make chromium)")
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_checked() -> set:
    """The (page pattern, locale) pairs axe-core has checked in this session: each is checked once."""
    return set()


@pytest.fixture
def new_context(browser, live_server, axe_checked):
    """Factory of browser contexts on the live server; all are closed after the test, and axe-core checks
    the last state of each page left open, failing the test on a serious or critical violation."""
    contexts, scripted = [], []  # axe-core is a script: it cannot run where JavaScript is off

    def make(**options):
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if options.get("java_script_enabled", True):
            scripted.append(context)
        return context

    yield make
    found = [
        v for context in scripted for page in context.pages for v in axe.check_once(page, live_server, axe_checked)
    ]
    for context in contexts:
        context.close()
    if found:
        pytest.fail(axe.report(found), pytrace=False)


@pytest.fixture
def page(new_context):
    """A page in a fresh browser context."""
    return new_context().new_page()

"""Helpers that drive the app the way a browser without JavaScript does: GET a form, POST it."""

import re
import threading
import time
from contextlib import contextmanager
from html import unescape
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select

from app.extensions import db
from app.petitions.models import Signature, SignatureState

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_ERRORS = re.compile(r'class="error-message"[^>]*>(.*?)</p>', re.S)


def signature(petition, number: int, when, region=None, state=SignatureState.CONFIRMED) -> Signature:
    """A signature (to add) by made-up person `number`, whose name, e-mail and IP address must never be
    public; confirmed at `when` unless it is pending or struck out."""
    return Signature(
        petition_id=petition.id,
        name=f"Signer Secretname{number}",
        email=f"signer{number}@example.org",
        ip_address=f"203.0.113.{number}",
        region_code=region,
        state=state,
        confirmed_at=when if state == SignatureState.CONFIRMED else None,
    )


def configure(monkeypatch, app, **settings) -> None:
    """Set the session app's settings for this test only (the app is shared: never assign app.config directly)."""
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)


@contextmanager
def served(wsgi_app, host: str = "127.0.0.1", **options):
    """A WSGI app served by werkzeug on a free port, in a daemon thread, while the block runs: its base URL."""
    from werkzeug.serving import make_server

    server = make_server(host, 0, wsgi_app, threaded=True, **options)
    thread = threading.Thread(target=server.serve_forever, name=f"served-{host}", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class WebClient(FlaskClient):
    """A test client that behaves like a browser without JavaScript.

    Every request gets an app context of its own, as in production: the tests keep one pushed
    for their own database work, and Flask would otherwise share its `g` (current user, CSRF
    token) between all requests of a test.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self, url: str) -> str:
        page = self.get(url)
        match = _CSRF.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {url} ({page.status_code})"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
        """POST `data` to `url` with the CSRF token of the page at `form_url` (default: `url`)."""
        payload = dict(data or {}, csrf_token=self.csrf_token(form_url or url))
        return self.post(url, data=payload, **kwargs)

    def login(self, email: str, password: str, locale: str = "en"):
        return self.submit(f"/{locale}/account/login", {"email": email, "password": password})

    def logout(self, locale: str = "en"):
        return self.submit(f"/{locale}/account/logout", form_url=f"/{locale}/")


@contextmanager
def sql_statements():
    """The SQL statements the database runs inside the block, in order."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def in_parallel(work, times: int) -> list:
    """Run `work` in `times` threads at once; what each returned or raised (as its repr)."""
    results = []

    def run():
        try:
            results.append(work())
        except Exception as error:  # noqa: BLE001 - the test reports it
            results.append(repr(error))

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def wait_for(condition, seconds: float, what: str, every: float = 0.2):
    """The first true value of `condition()`, asked every `every` seconds; the test fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    pytest.fail(f"timed out waiting for {what}")


def text(response) -> str:
    return response.get_data(as_text=True)


def field_errors(response) -> list[str]:
    """The error messages shown next to fields."""
    return [unescape(m).strip() for m in _ERRORS.findall(text(response))]


def sent_emails(to: str | None = None):
    """Delivered messages, oldest first."""
    from app.extensions import db
    from app.mail.models import OutgoingEmail

    query = select(OutgoingEmail).where(OutgoingEmail.sent_at.is_not(None)).order_by(OutgoingEmail.id)
    if to:
        query = query.where(OutgoingEmail.recipient == to)
    return list(db.session.scalars(query))


def link_in(body: str) -> str:
    """The path of the first link to Ovoz in an e-mail body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def build_url(rule, samples: dict, locale: str = "en") -> str:
    """A concrete URL for a routing rule, with `samples` for its arguments."""
    path = re.sub(r"<any\([^)]*\):lang_code>", locale, rule.rule)
    for name in rule.arguments - {"lang_code"}:
        path = re.sub(rf"<(?:\w+:)?{name}>", str(samples[name]), path)
    return path


def snapshot() -> dict:
    """Every row of every table."""
    from app.extensions import db

    db.session.expire_all()
    return {
        table.name: sorted(map(tuple, db.session.execute(select(table))), key=repr)
        for table in db.metadata.sorted_tables
    }


def build_url_with(rule, samples: dict, name: str, value, locale: str = "en") -> str:
    """A URL for a routing rule, as build_url, with one argument set to `value` (str or bytes), percent-encoded as
    a browser would send it (a slash in it included)."""
    return build_url(rule, samples | {name: "\0"}, locale).replace("\0", quote(value, safe=""))

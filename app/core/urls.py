"""Absolute links for e-mails and feeds, built on the public base URL of the deployment."""

from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import IntegerConverter


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in routes: at most the largest id the database stores, so /petitions/99999999999999999999
    is a plain 404 instead of an overflow in the database driver."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site to redirect to, else None: not another host (`//evil.example`,
    `/\\evil.example`, which browsers read as one), and no control characters or spaces (a header cannot hold them)."""
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def external_url(endpoint: str, **values) -> str:
    """An absolute URL under OVOZ_BASE_URL, usable inside or outside a request (jobs, CLI)."""
    base_url = current_app.config["OVOZ_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/", base_url=base_url):
        return url_for(endpoint, _external=True, **values)


def site_path(endpoint: str, **values) -> str:
    """The path of a page on this site (for links stored in the database), inside or outside a request."""
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)

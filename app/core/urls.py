"""Absolute links for e-mails and feeds, built on the public base URL of the deployment."""

from flask import current_app, url_for


def external_url(endpoint: str, **values) -> str:
    """An absolute URL under OVOZ_BASE_URL, usable inside or outside a request (jobs, CLI)."""
    base_url = current_app.config["OVOZ_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/", base_url=base_url):
        return url_for(endpoint, _external=True, **values)

"""Hostile query strings on every page: each GET route is asked with every query argument the app reads set to one
hostile value at a time, as anonymous and as an admin (who passes every role check); nothing answers 500.

Form fields are covered by test_bad_input.py; this is the other half: numbers past what the database holds, Unicode
digits, dates out of range, control characters, markup, SQL and path tricks in the query string.
"""

import pytest

from app.accounts.models import Role
from tests.conftest import PASSWORD
from tests.helpers import build_url

#: Every query argument a page reads (grep request.args).
ARGUMENTS = (
    "page", "q", "version", "changes_from", "sort", "language", "agency", "until", "since", "title", "status",
    "signature", "role", "request", "region", "provision", "next", "list", "job", "category", "campaigns", "action",
)  # fmt: skip
HOSTILE = {
    "huge": "99999999999999999999999",
    "past 2^63": str(2**63),
    "negative": "-1",
    "superscript": "²",
    "arabic digits": "١٢٣",
    "year one": "0001-01-01",
    "far future": "9999-12-31T23:59:59",
    "line break": "/en/\r\nSet-Cookie: x=1",
    "off-site": "//evil.example/",
    "nul": "a\x00b",
    "noncharacter": "\uffff\ufffe",
    "markup": "<script>alert(1)</script>\u202e",
    "long": "ы" * 2_000,
}


def _routes(app):
    skip = {"static", "accounts.logout", "accounts.delete_account"}
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint not in skip]


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_query_string_makes_a_page_fail(app, client, make_user, samples, who):
    if who == "admin":
        assert client.login(make_user(role=Role.ADMIN).email, PASSWORD).status_code == 302
    failures = []
    for rule in _routes(app):
        url = build_url(rule, samples)
        for name, value in HOSTILE.items():
            response = client.get(url, query_string=dict.fromkeys(ARGUMENTS, value))
            if response.status_code >= 500:
                failures.append((url, name, response.status_code))
    assert failures == []

"""Hostile query strings and path arguments on every page, as anonymous and as an admin (who passes every role
check): nothing answers 500.

Every query argument the app reads is set at once to one value of the corpus (tests/hostile_corpus.py): each page
gets the values that once broke a page (EVERYWHERE) and a share of the others, every value reaching some page;
each path argument of each page (an id, a token, a file name) takes its turn with the corpus too. Form fields are
covered by test_hostile_forms.py, the JSON API by tests/api/test_hostile_api.py.
"""

from urllib.parse import urlencode

import pytest

from app.accounts.models import Role
from tests.conftest import PASSWORD
from tests.helpers import build_url, build_url_with
from tests.hostile_corpus import EVERYWHERE, HOSTILE, IN_URLS, deal

#: Every query argument a page reads (grep request.args).
ARGUMENTS = (
    "page", "q", "version", "changes_from", "sort", "language", "agency", "until", "since", "title", "status",
    "signature", "role", "request", "region", "provision", "next", "list", "job", "category", "campaigns", "action",
    "comment",
)  # fmt: skip
WHO = ("anonymous", "admin")
SKIP = {"static", "accounts.logout", "accounts.delete_account"}


def _routes(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint not in SKIP]


def _sign_in(client, make_user, who: str):
    if who == "admin":
        assert client.login(make_user(role=Role.ADMIN).email, PASSWORD).status_code == 302


def _queries(app, who: str) -> list[tuple]:
    """[(rule, [value's name, ...])]: EVERYWHERE on every page, and every other value on one page for each of WHO."""
    routes = _routes(app)
    others = [name for name in IN_URLS if name not in EVERYWHERE]
    dealt = deal({someone: [(someone, index) for index in range(len(routes))] for someone in WHO}, names=others)
    return [(rule, [*EVERYWHERE, *dealt[who, index]]) for index, rule in enumerate(routes)]


@pytest.mark.slow
@pytest.mark.parametrize("who", WHO)
def test_no_query_string_makes_a_page_fail(app, client, make_user, samples, who):
    _sign_in(client, make_user, who)
    failures = []
    for rule, names in _queries(app, who):
        url = build_url(rule, samples)
        for name in names:
            response = client.get(url, query_string=urlencode(dict.fromkeys(ARGUMENTS, HOSTILE[name])))
            if response.status_code >= 500:
                failures.append((url, name, response.status_code))
    assert failures == []


def _path_arguments(app, who: str) -> list[tuple]:
    """[(rule, argument, [value's name, ...])]: every value in some path argument of some page, for each of WHO."""
    places = [(rule, name) for rule in _routes(app) for name in sorted(rule.arguments - {"lang_code"})]
    dealt = deal({someone: [(someone, index) for index in range(len(places))] for someone in WHO}, names=IN_URLS)
    return [(rule, name, dealt[who, index]) for index, (rule, name) in enumerate(places)]


@pytest.mark.slow
@pytest.mark.parametrize("who", WHO)
def test_no_path_argument_makes_a_page_fail(app, client, make_user, samples, who):
    _sign_in(client, make_user, who)
    failures = []
    for rule, name, values in _path_arguments(app, who):
        for value in values:
            response = client.get(build_url_with(rule, samples, name, HOSTILE[value]))
            if response.status_code >= 500:
                failures.append((rule.rule, name, value, response.status_code))
    assert failures == []


def test_every_value_reaches_a_query_string_and_a_path_argument_for_everyone(app):
    for who in WHO:
        assert {name for _rule, names in _queries(app, who) for name in names} == set(IN_URLS)
        assert {name for _rule, _argument, names in _path_arguments(app, who) for name in names} == set(IN_URLS)

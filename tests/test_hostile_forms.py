"""The hostile-input corpus in every field of every form: no answer >= 500, nothing stored that input must drop,
nothing shown that would run.

The POST routes come from app.url_map; each is set up as tests/test_bad_input.py's table says (the account and
role that may use it, the petition or consultation it acts on), so a new route fails here until it is in that
table. Fields alike (what the table says they do with markup) share the corpus: each value goes once into every
kind of field, the fields of a kind taking turns, and again where a kind has many fields (text) until every field
has PER_FIELD values; so every form gets a good sample and the whole runs in CI's budget.
After a route's posts, every stored text is scanned, and the pages, feeds, API answers and open data that show
what was posted are read as a browser, a feed reader and a spreadsheet would.
"""

import re
from collections import Counter
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest

from app.accounts.models import Role
from app.core.errors import CSRF_TEXT
from app.opendata import files
from tests.conftest import PASSWORD
from tests.helpers import build_url_with
from tests.hostile_checks import response_problems, stored_problems
from tests.hostile_corpus import HOSTILE, IN_URLS, NAMES, deal
from tests.test_bad_input import ACCEPT, EMAIL, LOCALE, NO_FORM, ROUTES, Case, _rule_path, russian

BUTTON = "button"  # a pressed button's value (Route.press): a field like any other to an attacker
LIMITS = ("OVOZ_RATELIMIT_WRITE", "OVOZ_RATELIMIT_PETITION", "OVOZ_RATELIMIT_SIGN", "OVOZ_RATELIMIT_SIGNUP")
LIMITS += ("OVOZ_RATELIMIT_LOGIN",)
PER_FIELD = 24


def field_kind(kind: dict) -> str:
    """What the bad-input table says a field does with markup: takes it as text, takes it as a ticked box, or refuses
    it with a given message (an e-mail, a number, a date, a choice...); passwords are one kind."""
    if kind["secret"]:
        return "password"
    outcome = kind["outcomes"]["script"]
    if outcome is ACCEPT:
        return "text" if kind["typed"] else "flag"
    return str(outcome[0] if isinstance(outcome, tuple) else outcome)


def _places() -> dict[str, list[tuple[int, str]]]:
    """Every field of every route of the table, by kind: {kind: [(route's index, field), ...]}."""
    kinds: dict[str, list] = {}
    for index, route in enumerate(ROUTES):
        for name, kind in route.fields.items():
            kinds.setdefault(field_kind(kind), []).append((index, name))
        for name in route.press:
            kinds.setdefault(BUTTON, []).append((index, name))
    return kinds


def _plan() -> dict[int, list[tuple[str, str]]]:
    """What each route is sent: {route's index: [(field, value's name), ...]}."""
    plan: dict[int, list] = {index: [] for index in range(len(ROUTES))}
    for (index, name), values in deal(_places(), PER_FIELD).items():
        plan[index] += [(name, value) for value in values]
    return plan


PLAN = _plan()
TESTED = [pytest.param(index, id=repr(route)) for index, route in enumerate(ROUTES) if PLAN[index]]


def test_every_post_route_is_in_the_table_and_every_value_in_every_kind_of_field(app):
    posting = {_rule_path(rule) for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    posting -= {_rule_path(rule) for rule in app.url_map.iter_rules() if rule.endpoint in NO_FORM}
    assert posting <= {route.rule for route in ROUTES}, "add these form routes to ROUTES in tests/test_bad_input.py"
    sent = {}
    for index, pairs in PLAN.items():
        for name, value in pairs:
            kind = field_kind(ROUTES[index].fields[name]) if name in ROUTES[index].fields else BUTTON
            sent.setdefault(kind, []).append(value)
    assert all(set(values) == set(NAMES) for values in sent.values())
    fields = Counter((index, name) for index, pairs in PLAN.items() for name, _value in pairs)
    assert min(fields.values()) >= PER_FIELD
    assert len(sent) >= 10


class _Poster:
    """Posts to one route's form as the browser of its Case, with a fresh CSRF token whenever a post went through
    (it may have signed someone in or out)."""

    def __init__(self, case: Case):
        self.case, self.client, self.token = case, case.client, None
        self.seen: dict[str, str] = {}  # where posts sent the browser, one page per kind

    def post(self, data: dict):
        if self.token is None:
            self.token = self._token()
        body = urlencode(dict(data, **self.case.route.press, csrf_token=self.token)).encode("ascii")
        response = self.client.post(self.case.url, data=body, content_type="application/x-www-form-urlencoded")
        if response.status_code in (302, 303):
            # One page of each kind; a draft's own page rather than its review, which runs the model over every
            # draft of the test (seconds for each long one) to look for similar petitions.
            path = urlsplit(response.location).path.removesuffix("/review")
            self.seen.setdefault(re.sub(r"\d+", "#", path), path)
            if not self.case.route.signed_in:  # a visitor's form: stay a visitor (signing in changes every page)
                self.client = self.client.application.test_client()
            self.token = None
        return response

    def _token(self) -> str:
        for page in (self.case.page, f"/{LOCALE}/account", f"/{LOCALE}/account/login"):
            response = self.client.get(page)
            if response.status_code == 200 and 'name="csrf_token"' in response.get_data(as_text=True):
                return self.client.csrf_token(page)
        raise AssertionError(f"no page gives a CSRF token after posting to {self.case.url}")


def _data(case: Case, name: str, value, number: int) -> dict:
    """The route's valid submission with one field set to `value` (and the fields that repeat it)."""
    data = dict(case.valid, **({name: value} if name in case.route.fields else {}))
    if name == "password":
        data.update(dict.fromkeys(case.route.repeat, value))
    if not case.route.signed_in and name != "email" and case.valid.get("email", EMAIL) != EMAIL:
        data["email"] = f"n{number}.{case.valid['email']}"  # a new account or signature each time, so each is kept
    return data


def _pages(case: Case, seen) -> set[str]:
    """Where what was posted shows: the route's own pages, where it sent the browser, and the public lists."""
    ids = {
        "petitions/{}": case.petition,
        "petitions/{}/feed.atom": case.petition,
        "petitions/{}/progress": case.petition,
        "consultations/{}": case.consultation,
        "consultations/{}/heard": case.consultation,
        "consultations/{}/report": case.consultation,
        "organisations/{}": case.organisation,
        "agencies/{}": case.agency,
    }
    pages = {f"/{LOCALE}/{path.format(item.id)}" for path, item in ids.items() if item is not None}
    public = ("petitions", "consultations", "agencies", "feeds/consultations.atom", "feeds/answers.atom")
    pages |= {f"/{LOCALE}/{path}" for path in public}
    pages |= {"/api/v1/petitions", "/api/v1/comments", "/api/v1/consultations", "/api/v1/groups"}
    return pages | {case.page} | set(seen)


def _open_data(app, client) -> list[str]:
    """The open-data files written afresh, read as a spreadsheet would."""
    with app.test_request_context():
        written = files.regenerate()["files"]
    responses = {name: client.get(f"/{LOCALE}/open-data/{name}") for name in written}
    return [(name, problem) for name, response in responses.items() for problem in response_problems(response)]


@pytest.mark.slow
@pytest.mark.parametrize("index", TESTED)
def test_hostile_values_in_every_form(index, app, client, make_user, make_agency, make_petition, monkeypatch):
    for limit in LIMITS:  # a 429 would hide what the form does with the value
        monkeypatch.setitem(app.config, limit, "100000 per minute")
    case = Case(ROUTES[index], client, make_user, make_agency, make_petition)
    poster = _Poster(case)
    expired = russian(app, CSRF_TEXT)  # a post refused for its token would not have reached the form
    failures = []
    for number, (name, value) in enumerate(PLAN[index]):
        response = poster.post(_data(case, name, HOSTILE[value], number))
        if response.status_code >= 500 or response.status_code == 429 or expired in unescape(response.text):
            failures.append((name, value, response.status_code))
    assert failures == []

    assert stored_problems() == []
    pages = sorted(_pages(case, poster.seen.values()))
    shown = {page: response_problems(poster.client.get(page)) for page in pages}
    assert {page: problems for page, problems in shown.items() if problems} == {}
    assert _open_data(app, poster.client) == []


def _path_places(app) -> list[tuple]:
    """Every path argument of every POST route but the API's: [(rule, argument)]."""
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and rule.endpoint not in NO_FORM]
    return [(rule, name) for rule in rules for name in sorted(rule.arguments - {"lang_code"})]


@pytest.mark.slow
def test_hostile_path_arguments_of_every_post_route(app, client, make_user, samples):
    """An admin (past every role check) posts with a valid token to every form's address, each path argument (an
    id, a token, a kind) set in turn to a value of the corpus."""
    assert client.login(make_user(role=Role.ADMIN).email, PASSWORD).status_code == 302
    token = {"csrf_token": client.csrf_token("/en/admin/agencies/new")}
    places = _path_places(app)
    dealt = deal({"path argument": range(len(places))}, names=IN_URLS)
    failures = []
    for index, (rule, name) in enumerate(places):
        for value in dealt[index]:
            response = client.post(build_url_with(rule, samples, name, HOSTILE[value]), data=token)
            if response.status_code >= 500:
                failures.append((rule.rule, name, value, response.status_code))
    assert failures == []

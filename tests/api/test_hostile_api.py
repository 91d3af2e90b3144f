"""The hostile-input corpus against the JSON API: in every query parameter of every operation, in every path id, as
the name of a parameter, in the Accept-Language header, and as the body of every write a client might try.

Whatever it is sent, the API answers JSON below 500: data, or an error of its one shape. Each value goes once to
every kind of place (an integer, a date, a choice, a path id, a parameter's name, a header, a raw body, a JSON
body), the places of a kind taking turns, and each place gets at least PER_PLACE values.
"""

import json
from functools import cache
from urllib.parse import quote, urlencode

import pytest

from app.api.operations import OPERATIONS
from tests.hostile_corpus import HOSTILE, IN_URLS, NAMES, deal

API = "/api/v1"
PER_PLACE = 12

BODIES = ("POST", "PUT", "PATCH", "DELETE")  # the methods a client might send a body with


def _param_kind(param) -> str:
    schema = param.json_schema()
    return "date" if schema.get("format") == "date" else schema["type"] if "enum" not in schema else "choice"


def _in_header(value) -> bool:
    """Whether a header can carry `value` at all (HTTP/1.1 refuses line breaks; WSGI reads headers as Latin-1)."""
    return isinstance(value, str) and value.isascii() and value.isprintable() and len(value) <= 4_096


def _places() -> dict:
    """Where the API reads what a client sends, by kind: a place is (kind, operation's rule, name)."""
    kinds: dict[str, list] = {}
    for op in OPERATIONS:
        for param in op.params:
            kinds.setdefault(_param_kind(param), []).append(("query", op.rule, param.name))
        for param in op.path_params:
            kinds.setdefault("path id", []).append(("path", op.rule, param.name))
        kinds.setdefault("parameter name", []).append(("name", op.rule, ""))
        kinds.setdefault("header", []).append(("header", op.rule, "Accept-Language"))
        for method in BODIES:
            kinds.setdefault("raw body", []).append(("raw", op.rule, method))
            kinds.setdefault("json body", []).append(("json", op.rule, method))
    return kinds


@cache
def _plan() -> list[tuple[tuple, str]]:
    """(place, value's name) for every request: values too long for a URL go only into bodies, and headers get
    only what a header can carry. (OPERATIONS is filled when the app is made.)"""
    places = _places()
    bodies = {kind: places.pop(kind) for kind in ("raw body", "json body")}
    header = {"header": places.pop("header")}
    dealt = deal(places, PER_PLACE, IN_URLS) | deal(bodies, PER_PLACE, NAMES)
    dealt |= deal(header, PER_PLACE, [name for name in NAMES if _in_header(HOSTILE[name])])
    return [(place, name) for place, names in dealt.items() for name in names]


def _path(rule: str, world, hostile: dict | None = None) -> str:
    """The operation's path, with the world's ids or, where `hostile` says, a hostile value."""
    ids = {
        "agency_id": world.health.id,
        "consultation_id": world.first.id,
        "group_id": world.group.id,
        "petition_id": world.open_petition.id,
    }
    for name, value in ids.items():
        text = quote(hostile[name], safe="") if hostile and name in hostile else str(value)
        rule = rule.replace(f"<api_id:{name}>", text)
    return API + rule.rstrip("/") + "/" * (rule == "/")


def _request(client, world, place: tuple, value):
    where, rule, name = place
    if where == "query":
        return client.get(_path(rule, world), query_string=urlencode({name: value}))
    if where == "path":
        return client.get(_path(rule, world, {name: value}))
    if where == "name":
        return client.get(_path(rule, world), query_string=urlencode({value: "1"}))
    if where == "header":
        return client.get(_path(rule, world), headers={"Accept-Language": value})
    body = (
        value
        if where == "raw"
        else json.dumps({"data": value.decode("latin-1") if isinstance(value, bytes) else value})
    )
    return client.open(_path(rule, world), method=name, data=body, content_type="application/json")


def _problem(response) -> str | None:
    """What is wrong with an answer of the API: a 5xx, not JSON, or an error not in the API's shape."""
    if response.status_code >= 500:
        return f"{response.status_code}"
    if response.mimetype != "application/json":
        return f"{response.status_code} {response.mimetype}"
    try:
        body = json.loads(response.get_data(as_text=True))
    except ValueError:
        return f"{response.status_code}: not JSON"
    if response.status_code >= 400 and not {"status", "code", "message"} <= set(body.get("error", {})):
        return f"{response.status_code}: {body}"
    return None


def test_every_value_goes_into_every_kind_of_place_the_api_reads(app):
    sent = {}
    places = _places()
    kind_of = {place: kind for kind, members in places.items() for place in members}
    for place, name in _plan():
        sent.setdefault(kind_of[place], set()).add(name)
    assert sent["integer"] == sent["date"] == sent["choice"] == sent["path id"] == set(IN_URLS)
    assert sent["raw body"] == sent["json body"] == set(NAMES)
    assert len(sent["header"]) >= 100
    assert all(
        sum(place == other for other, _name in _plan()) >= PER_PLACE for kind in places.values() for place in kind
    )


@pytest.mark.slow
def test_the_api_answers_every_hostile_value_with_json_below_500(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_RATELIMIT_API", "1000000 per minute")
    failures = []
    for place, name in _plan():
        problem = _problem(_request(client, world, place, HOSTILE[name]))
        if problem:
            failures.append((place, name, problem))
    assert failures == [], failures

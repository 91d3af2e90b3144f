"""The demo e-ID of `OVOZ_DEMO_EID=1 make run`: off by default, refused in production, and a provider like the
real ones: its state is checked, its one-time code works once, and the account rules of services.py apply."""

from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.core.queue import get_redis
from app.demo.cli import _link_demo_identities
from app.extensions import db
from app.identity import demo, services
from app.identity.models import LinkedIdentity
from config import load_config
from tests.conftest import PASSWORD
from tests.helpers import snapshot, text

STRANGER = "The e-ID service's answer could not be checked. Please try again."
JASUR, _AIGERIM, _MALIKA, SHERZOD = demo.PEOPLE


@pytest.fixture
def demo_eid(app, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_DEMO_EID", True)


def to_demo_page(client, locale: str = "en") -> str:
    """Press the demo e-ID's button: the address of the demo service's page, with the state."""
    response = client.get(f"/{locale}/account/eid/demo")
    assert response.status_code == 302 and response.location.startswith(f"/{locale}/eid/demo/authorize?state=")
    return response.location


def choose(client, page: str, **choice) -> str:
    """Be someone on the demo page: the callback address it sends the browser to."""
    response = client.get(f"{page}&{urlencode(choice)}")
    assert response.status_code == 302 and response.location.startswith("/eid/demo/callback?"), response.status_code
    return response.location


def answer_with(answer: str, **changes) -> str:
    parts = urlsplit(answer)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changes
    return f"{parts.path}?{urlencode(query)}"


def page_after(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return unescape(text(client.get(response.location)))


def signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def test_the_demo_e_id_is_off_by_default_and_refused_in_production(client, tmp_path):
    assert "Demo e-ID" not in text(client.get("/en/account/login"))
    assert client.get("/en/account/eid/demo").status_code == 404
    assert client.get("/en/eid/demo/authorize?person=0").status_code == 404
    assert load_config(tmp_path, {"OVOZ_DEMO_EID": "1"})["OVOZ_DEMO_EID"] is True  # development
    production = {"OVOZ_ENV": "production", "OVOZ_SECRET_KEY": "s" * 48, "OVOZ_DEMO_EID": "1"}
    with pytest.raises(RuntimeError, match="OVOZ_DEMO_EID"):
        load_config(tmp_path, production)


def test_a_demo_person_signs_in_to_a_new_account(client, demo_eid):
    assert "Sign in with Demo e-ID" in text(client.get("/en/account/login"))
    page = to_demo_page(client)
    shown = unescape(text(client.get(page)))
    assert "Demo e-ID — not a real identity service" in shown and JASUR.number in shown

    response = client.get(choose(client, page, person=0))

    assert response.location == "/en/" and "Welcome, Jasur Rahimov." in page_after(client, response)
    (user,) = db.session.scalars(select(User))
    assert (user.email, user.display_name, user.is_confirmed) == (JASUR.email, "Jasur Rahimov", True)
    (link,) = db.session.scalars(select(LinkedIdentity))
    assert (link.user_id, link.provider) == (user.id, "demo")
    assert link.number_hash == services.number_hash(JASUR.number)
    assert JASUR.number not in repr(snapshot())  # not even in the provider's subject


def test_a_wrong_state_is_refused(client, demo_eid):
    answer = choose(client, to_demo_page(client), person=0)
    response = client.get(answer_with(answer, state="someone-elses"))
    assert STRANGER in page_after(client, response)
    assert db.session.scalar(select(User)) is None and not signed_in(client)


def test_a_code_works_once(client, demo_eid):
    answer = choose(client, to_demo_page(client), person=0)
    code = parse_qs(urlsplit(answer).query)["code"][0]
    assert 0 < get_redis().ttl(f"ovoz:eid-demo:code:{code}") <= demo.CODE_SECONDS
    assert client.get(answer).status_code == 302 and signed_in(client)
    client.logout()
    again = choose(client, to_demo_page(client), person=1)  # a new sign-in under way: its own state

    response = client.get(answer_with(again, code=code))  # with the first sign-in's code

    assert STRANGER in page_after(client, response)
    assert not signed_in(client) and len(db.session.scalars(select(User)).all()) == 1


def test_a_typed_number_is_checked_and_leads_to_sign_up(client, demo_eid):
    page = to_demo_page(client)
    refused = client.get(f"{page}&{urlencode({'number': '12<b>'})}")
    assert refused.status_code == 200 and "Type a personal number of 5 to 20 letters and digits." in text(refused)

    response = client.get(choose(client, page, number=" 5ab 123 4567 "))

    assert response.location == "/en/account/register"  # no e-mail address from the demo service
    assert "Your e-ID is verified." in page_after(client, response)


def test_the_demo_person_linked_to_a_demo_account_is_refused_to_a_newcomer(app, client, demo_eid, make_user):
    citizen = make_user(email=SHERZOD.linked_to)
    _link_demo_identities()
    _link_demo_identities()  # the demo loader runs again: nothing changes
    db.session.commit()
    sherzod = app.test_client()
    assert "Welcome" in page_after(sherzod, sherzod.get(choose(sherzod, to_demo_page(sherzod), person=3)))
    newcomer = make_user()
    assert client.login(newcomer.email, PASSWORD).status_code == 302
    assert "Link Demo e-ID" in text(client.get("/en/account"))

    response = client.get(choose(client, to_demo_page(client), person=3))

    assert "This e-ID is already linked to another Ovoz account." in page_after(client, response)
    links = db.session.scalars(select(LinkedIdentity)).all()
    assert [(link.user_id, link.provider) for link in links] == [(citizen.id, "demo")]

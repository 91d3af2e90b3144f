"""Sign-in with Uzbekistan's OneID, against a small local OneID (tests/identity/fake_oneid.py) on a free port.

Real redirects: the app sends the browser to the fake, the fake's sign-in form sends it back with a code, and the
app's callback POSTs both exchanges to the fake. The same person through OneID and through the generic OpenID
Connect adapter (the `eid` fixture) is one person.
"""

import logging
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from app.core.db import utcnow
from app.extensions import db
from app.identity import registry, services
from app.identity.models import LinkedIdentity
from app.petitions.models import Petition, Signature
from config import IDENTITY_PROVIDER_SWITCHES
from tests.conftest import HASH_KEY, PASSWORD
from tests.helpers import configure, field_errors, served, snapshot, text
from tests.identity.fake_oneid import LOGIN, PATH, FakeOneId, profile
from tests.identity.test_eid_sign_in import (
    PIN,
    STRANGER,
    accounts,
    back,
    page_after,
    person,
    sign_in_with_eid,
    signed_in,
)

EXPIRED = "This sign-in with the e-ID service has expired or was used already. Start again."
LINKED = "Your e-ID is linked to your account."
NOT_A_PERSON = "This e-ID is an organisation's. Ovoz counts people: please sign in with your own personal e-ID."


@pytest.fixture(scope="module")
def fake():
    fake = FakeOneId("ovoz-portal", "oneid-secret", "ovoz-portal")
    with served(fake.app) as base:
        fake.url = base + PATH
        yield fake


@pytest.fixture
def oneid(app, fake, monkeypatch):
    """The app configured with the fake as its OneID: the fake, with no one signed in and no one known."""
    fake.reset()
    configure(
        monkeypatch,
        app,
        OVOZ_ONEID_URL=fake.url,
        OVOZ_ONEID_CLIENT_ID="ovoz-portal",
        OVOZ_ONEID_CLIENT_SECRET="oneid-secret",
        OVOZ_ONEID_SCOPE="ovoz-portal",
        OVOZ_IDENTITY_HASH_KEY=HASH_KEY,
    )
    return fake


def to_oneid(client, fake, start: str = "/en/account/eid/oneid") -> str:
    """Press the OneID button: the address the app sends the browser to."""
    response = client.get(start)
    assert response.status_code == 302 and response.location.startswith(f"{fake.url}?"), response.location
    return response.location


def at_oneid(fake, url: str, login: str) -> str:
    """Sign in at OneID as `login`: its answer, the callback address with a code and the state."""
    assert requests.get(url, timeout=10).status_code == 200  # OneID accepts the request
    asked = parse_qs(urlsplit(url).query)
    form = {"login": login, "redirect_uri": asked["redirect_uri"][0], "state": asked["state"][0]}
    response = requests.post(fake.url.replace(PATH, LOGIN), data=form, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def sign_in_with_oneid(client, fake, login: str, start: str = "/en/account/eid/oneid"):
    return back(client, at_oneid(fake, to_oneid(client, fake, start), login))


def refused_with(client, fake, login: str) -> str:
    """Sign in as `login`, refused: the message; and no account nor link was made."""
    page = page_after(client, sign_in_with_oneid(client, fake, login))
    assert accounts() == [] and db.session.scalar(select(LinkedIdentity)) is None and not signed_in(client)
    return page


def test_a_first_sign_in_verifies_the_person_who_then_signs_up_with_their_names(client, oneid, caplog):
    caplog.set_level(logging.DEBUG)
    oneid.people["aibek88"] = profile("aibek88", PIN)
    assert "Sign in with OneID" in text(client.get("/en/account/login"))

    url = to_oneid(client, oneid)
    asked = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert asked.pop("state") and asked == {
        "response_type": "one_code",
        "client_id": "ovoz-portal",
        "redirect_uri": "http://127.0.0.1:5000/eid/oneid/callback",
        "scope": "ovoz-portal",
    }
    response = back(client, at_oneid(oneid, url, "aibek88"))

    assert response.location == "/en/account/register"  # OneID vouches for no e-mail address: the person gives one
    page = page_after(client, response)
    assert "Your e-ID is verified." in page and 'value="Aibek Usenov"' in page
    form = {"display_name": "Aibek Usenov", "email": "aibek@example.uz", "password": "a long enough secret"}
    form |= {"password_again": "a long enough secret", "region_code": "", "locale": "en", "accept_terms": "y"}
    registered = client.submit("/en/account/register", form)
    assert registered.location.endswith("/account/check-email"), field_errors(registered)
    (user,) = accounts()
    (link,) = db.session.scalars(select(LinkedIdentity))
    assert (link.user_id, link.provider, link.subject) == (user.id, "oneid", "aibek88")
    assert link.number_hash == services.number_hash(PIN)

    user.email_confirmed_at = utcnow()  # the address confirmed: OneID signs the account in
    db.session.commit()
    assert "Welcome, Aibek Usenov." in page_after(client, sign_in_with_oneid(client, oneid, "aibek88"))
    assert signed_in(client)
    assert PIN not in repr(snapshot()) and PIN not in caplog.text


def test_an_answer_with_another_state_or_twice_is_refused(client, oneid):
    oneid.people["aibek88"] = profile("aibek88", PIN)
    forged = back(client, at_oneid(oneid, to_oneid(client, oneid), "aibek88"), state="someone-elses")
    assert STRANGER in page_after(client, forged)

    answer = at_oneid(oneid, to_oneid(client, oneid), "aibek88")
    assert back(client, answer).location == "/en/account/register"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # no sign-in under way: the page is in the browser's language
    assert STRANGER in page_after(client, back(client, answer))  # the state of a sign-in works once
    assert db.session.scalar(select(LinkedIdentity)) is None


def test_an_expired_code_is_refused(client, oneid):
    oneid.people["late"] = profile("late", PIN)
    oneid.code_lifetime = -1
    assert EXPIRED in refused_with(client, oneid, "late")


def test_an_access_token_oneid_no_longer_accepts_is_refused(client, oneid):
    oneid.people["revoked"] = profile("revoked", PIN)
    oneid.token_lifetime = -1
    assert STRANGER in refused_with(client, oneid, "revoked")


@pytest.mark.parametrize("legal", [{"user_type": "L"}, {"auth_method": "LEPKCSMETHOD"}])
def test_a_legal_entity_is_refused(client, oneid, legal):
    oneid.people["firm"] = profile("firm", PIN, **legal)
    assert NOT_A_PERSON in refused_with(client, oneid, "firm")


@pytest.mark.parametrize("pin", [None, "", "1234567"])
def test_a_profile_without_a_pinfl_is_refused(client, oneid, pin):
    oneid.people["no-pin"] = profile("no-pin", pin)
    assert "did not give your personal number" in refused_with(client, oneid, "no-pin")


def test_oneid_not_answering_is_said_so(app, client, oneid, monkeypatch):
    oneid.people["aibek88"] = profile("aibek88", PIN)
    answer = at_oneid(oneid, to_oneid(client, oneid), "aibek88")
    with socket.socket() as closed:  # a port nothing listens on once closed
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}{PATH}"
    monkeypatch.setitem(app.config, "OVOZ_ONEID_URL", dead)
    assert "The e-ID service does not answer." in page_after(client, back(client, answer))


def test_the_same_pinfl_through_oneid_and_openid_connect_is_one_person(app, client, eid, oneid, make_user):
    person(eid, "aibek-esia", email="aibek@example.kg")
    assert sign_in_with_eid(client, eid, "aibek-esia").status_code == 302  # the account, made through OIDC
    (owner,) = accounts()
    oneid.people["aibek88"] = profile("aibek88", PIN)

    fresh = app.test_client()
    assert "Welcome, Aibek Usenov." in page_after(fresh, sign_in_with_oneid(fresh, oneid, "aibek88"))
    assert signed_in(fresh) and accounts() == [owner]

    someone = app.test_client()
    assert someone.login(make_user().email, PASSWORD).status_code == 302
    linking = page_after(someone, sign_in_with_oneid(someone, oneid, "aibek88"))
    assert "This e-ID is already linked to another Ovoz account." in linking
    links = db.session.scalars(select(LinkedIdentity))
    assert [(link.user_id, link.provider) for link in links] == [(owner.id, "oidc")]


def test_with_the_eid_policy_one_person_signs_once_through_either_provider(
    app, eid, oneid, make_user, make_petition, monkeypatch
):
    monkeypatch.setitem(app.config, "OVOZ_SIGN_REQUIRES", "eid")
    petition = make_petition()
    first, second = app.test_client(), app.test_client()
    assert first.login(make_user().email, PASSWORD).status_code == 302
    assert second.login(make_user().email, PASSWORD).status_code == 302
    person(eid, "aibek-esia")
    oneid.people["aibek88"] = profile("aibek88", PIN)
    url = f"/en/petitions/{petition.id}"

    assert LINKED in page_after(first, sign_in_with_eid(first, eid, "aibek-esia"))
    assert first.submit(f"{url}/sign", form_url=url).status_code == 302
    assert first.submit("/en/account/eid/unlink", form_url="/en/account").status_code == 302  # the e-ID moves
    assert LINKED in page_after(second, sign_in_with_oneid(second, oneid, "aibek88"))
    refused = page_after(second, second.submit(f"{url}/sign", form_url=url))

    assert "You have already signed this petition with your e-ID, from another account." in refused
    db.session.expire_all()
    signatures = list(db.session.scalars(select(Signature)))
    assert len(signatures) == 1 == db.session.get(Petition, petition.id).signature_count


def test_every_provider_s_switch_is_checked_for_the_hash_key_in_production():
    """config.py cannot import the adapters; this keeps its list of switches and theirs the same."""
    assert {names[0] for _, names in registry._ADAPTERS} == set(IDENTITY_PROVIDER_SWITCHES)

"""Sign-in with a national e-ID through the generic OpenID Connect adapter, against a real local provider.

The provider (oidc-provider-mock, the `oidc_provider` fixture) runs on a free port: discovery, its form, the
authorization code, the token endpoint and a signed id_token are all real; Authlib checks them in the app.
"""

from html import unescape
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import requests
from sqlalchemy import select

from app.accounts.models import Role, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.identity import services
from app.identity.models import LinkedIdentity
from app.identity.providers import VerifiedIdentity
from tests.conftest import PASSWORD
from tests.helpers import field_errors, snapshot, text

PIN = "21503199000123"  # a made-up 14-digit personal number (PIN of Kyrgyzstan)
STRANGER = "The e-ID service's answer could not be checked. Please try again."


def person(issuer: str, sub: str, pin: str = PIN, email: str | None = None, verified: bool = True, **claims):
    """Tell the provider who `sub` is: the claims it puts in the id_token."""
    claims = {"pin": pin, "given_name": "Aibek", "family_name": "Usenov", **claims}
    if email:
        claims |= {"email": email, "email_verified": verified}
    assert requests.put(f"{issuer}/users/{quote(sub)}", json=claims, timeout=10).status_code == 204


def to_provider(client, issuer: str, start: str = "/en/account/eid/oidc") -> str:
    """Press the e-ID button: the provider's authorization URL the app sends the browser to."""
    response = client.get(start)
    assert response.status_code == 302 and response.location.startswith(f"{issuer}/oauth2/authorize?")
    return response.location


def authorize(url: str, sub: str) -> str:
    """Sign in at the provider as `sub`: its answer, the callback URL with a code and the state."""
    response = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def back(client, answer: str, **changes):
    """Follow the provider's answer to the app, with some of its parameters changed."""
    parts = urlsplit(with_query(answer, **changes))
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_with_eid(client, issuer: str, sub: str, start: str = "/en/account/eid/oidc"):
    return back(client, authorize(to_provider(client, issuer, start), sub))


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def page_after(client, response) -> str:
    """The page a redirect leads to, with its flashed messages."""
    assert response.status_code == 302, response.status_code
    return unescape(text(client.get(response.location)))


def accounts() -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User)))


def test_without_a_provider_there_is_no_button_and_no_route(client):
    assert "e-ID" not in text(client.get("/en/account/login"))
    assert client.get("/en/account/eid/oidc").status_code == 404
    assert client.get("/eid/oidc/callback?code=x&state=y").status_code == 404


def test_a_first_sign_in_creates_a_citizen_account_and_signs_it_in(client, eid):
    person(eid, "aibek", email="Aibek@Example.kg")
    login_page = text(client.get("/en/account/login"))
    assert "Sign in with Tunduk ESIA" in login_page

    url = to_provider(client, eid)
    asked = parse_qs(urlsplit(url).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["nonce"][0] and asked["state"][0] and "openid" in asked["scope"][0].split()
    assert asked["redirect_uri"] == ["http://127.0.0.1:5000/eid/oidc/callback"]
    response = back(client, authorize(url, "aibek"))

    assert "Welcome, Aibek Usenov." in page_after(client, response)
    assert signed_in(client)
    (user,) = accounts()
    assert (user.email, user.display_name, user.role) == ("aibek@example.kg", "Aibek Usenov", Role.CITIZEN)
    assert user.is_confirmed and not user.has_password
    (link,) = db.session.scalars(select(LinkedIdentity))
    assert (link.user_id, link.provider, link.subject) == (user.id, "oidc", "aibek")
    assert link.number_hash == services.number_hash(PIN) and len(link.number_hash) == 64
    assert PIN not in repr(snapshot())  # the number is nowhere in the database, the audit log included
    events = {e.action: e.details for e in db.session.scalars(select(AuditEvent))}
    assert events["identity.linked"] == events["identity.signed_in"] == {"provider": "oidc"}


def test_the_hash_is_keyed_by_the_deployment_s_secret(app, eid, monkeypatch):
    first = services.number_hash(PIN)
    assert services.number_hash(f" {PIN[:7]} {PIN[7:]} ") == first  # spaces do not make another person
    monkeypatch.setitem(app.config, "OVOZ_IDENTITY_HASH_KEY", "another deployment")
    assert services.number_hash(PIN) != first


def test_a_linked_identity_signs_its_account_in_again(app, eid):
    person(eid, "aibek", email="aibek@example.kg")
    assert sign_in_with_eid(app.test_client(), eid, "aibek").status_code == 302
    again = app.test_client()
    response = sign_in_with_eid(again, eid, "aibek", start="/ky/account/eid/oidc")
    assert response.location == "/ky/"
    assert signed_in(again) and len(accounts()) == 1


def test_a_form_post_answer_is_taken_without_our_csrf_token_and_checked_by_its_state(client, eid):
    person(eid, "form-post", email="fp@example.kg")
    answer = urlsplit(authorize(to_provider(client, eid), "form-post"))
    posted = {key: values[0] for key, values in parse_qs(answer.query).items()}

    hop = client.post(answer.path, data=posted)  # what the provider's auto-submitting page sends: no csrf_token

    assert hop.status_code == 303 and parse_qs(urlsplit(hop.location).query)["state"] == [posted["state"]]
    assert "Welcome" in page_after(client, client.get(hop.location))
    assert signed_in(client)
    forged = client.post(answer.path, data=dict(posted, state="forged"))
    assert STRANGER in page_after(client, client.get(forged.location))


def test_a_wrong_state_is_refused(client, eid):
    person(eid, "wrong-state", email="ws@example.kg")
    response = back(client, authorize(to_provider(client, eid), "wrong-state"), state="someone-elses")
    assert STRANGER in page_after(client, response)
    assert accounts() == [] and not signed_in(client)


def test_an_answer_works_once(client, eid):
    person(eid, "replay", email="replay@example.kg")
    answer = authorize(to_provider(client, eid), "replay")
    assert back(client, answer).status_code == 302 and signed_in(client)
    client.logout()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # no sign-in under way: the page is in the browser's language
    assert STRANGER in page_after(client, back(client, answer))
    assert not signed_in(client)


def test_a_wrong_nonce_is_refused(client, eid):
    person(eid, "wrong-nonce", email="wn@example.kg")
    url = with_query(to_provider(client, eid), nonce="not-the-one-the-app-sent")
    response = back(client, authorize(url, "wrong-nonce"))
    assert STRANGER in page_after(client, response)
    assert accounts() == [] and not signed_in(client)


def test_an_answer_without_the_personal_number_is_refused(client, eid):
    assert requests.put(f"{eid}/users/no-pin", json={"given_name": "Nobody"}, timeout=10).status_code == 204
    response = sign_in_with_eid(client, eid, "no-pin")
    assert "did not give your personal number" in page_after(client, response)
    assert accounts() == []


def test_a_number_already_linked_to_another_account_is_refused(app, client, eid, make_user):
    owner = make_user()
    person(eid, "owner-at-provider")
    other_client = app.test_client()
    assert other_client.login(owner.email, PASSWORD).status_code == 302
    assert sign_in_with_eid(other_client, eid, "owner-at-provider").status_code == 302  # linked to `owner`
    someone = make_user()
    person(eid, "same-person-new-sub")  # the same number under another subject of the provider
    assert client.login(someone.email, PASSWORD).status_code == 302

    response = sign_in_with_eid(client, eid, "same-person-new-sub")

    assert "This e-ID is already linked to another Ovoz account." in page_after(client, response)
    links = list(db.session.scalars(select(LinkedIdentity)))
    assert [(link.user_id, link.subject) for link in links] == [(owner.id, "owner-at-provider")]


def test_a_verified_address_of_an_existing_account_is_not_taken_over(client, eid, make_user):
    make_user(email="taken@example.kg")
    person(eid, "taker", pin="99999999999999", email="taken@example.kg")
    response = sign_in_with_eid(client, eid, "taker")
    assert "An account with the e-mail address of your e-ID exists." in page_after(client, response)
    assert len(accounts()) == 1 and db.session.scalar(select(LinkedIdentity)) is None


def test_link_and_unlink_from_the_account_page(app, client, eid, make_user):
    user = make_user(display_name="Gulnara")
    assert client.login(user.email, PASSWORD).status_code == 302
    assert "Link Tunduk ESIA" in text(client.get("/en/account"))
    person(eid, "gulnara")

    response = sign_in_with_eid(client, eid, "gulnara")

    assert "Your e-ID is linked to your account." in page_after(client, response)
    assert "Unlink my e-ID" in text(client.get("/en/account"))
    fresh = app.test_client()
    assert "Welcome, Gulnara." in page_after(fresh, sign_in_with_eid(fresh, eid, "gulnara"))
    response = client.submit("/en/account/eid/unlink", form_url="/en/account")
    assert "Your e-ID is no longer linked to your account." in page_after(client, response)
    assert db.session.scalar(select(LinkedIdentity)) is None
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["identity.linked", "identity.signed_in", "identity.unlinked"]


def test_the_e_id_of_an_account_without_a_password_stays_linked(client, eid):
    person(eid, "only-eid", email="only@example.kg")
    assert sign_in_with_eid(client, eid, "only-eid").status_code == 302
    profile = text(client.get("/en/account"))
    assert "You sign in with your e-ID and have no password." in profile
    response = client.submit("/en/account/eid/unlink", form_url="/en/account")
    assert "Your e-ID is the only way you sign in." in page_after(client, response)
    assert db.session.scalar(select(LinkedIdentity)) is not None


def test_without_a_verified_address_the_person_registers_and_the_e_id_is_linked(client, eid):
    person(eid, "no-mail", email="unverified@example.kg", verified=False)
    response = sign_in_with_eid(client, eid, "no-mail")
    assert response.location == "/en/account/register"
    page = page_after(client, response)
    assert "Your e-ID is verified." in page and 'value="Aibek Usenov"' in page
    form = {
        "display_name": "Aibek",
        "email": "chosen@example.kg",
        "password": "a long enough secret",
        "password_again": "a long enough secret",
        "region_code": "",
        "locale": "en",
        "accept_terms": "y",
    }
    registered = client.submit("/en/account/register", form)
    assert registered.location.endswith("/account/check-email"), field_errors(registered)

    (user,) = accounts()
    assert user.email == "chosen@example.kg" and not user.is_confirmed
    assert db.session.scalar(select(LinkedIdentity)).user_id == user.id
    refused = sign_in_with_eid(client, eid, "no-mail")  # until the address is confirmed, as with a password
    assert "Please confirm your e-mail address first" in page_after(client, refused)
    assert not signed_in(client)


def test_sign_up_with_an_e_id_linked_meanwhile_to_another_account_makes_no_account(client, eid, make_user):
    person(eid, "twice", email="unverified@example.kg", verified=False)
    assert sign_in_with_eid(client, eid, "twice").location == "/en/account/register"
    owner = make_user()
    services.link(owner, VerifiedIdentity("oidc", "twice", PIN))  # the same person, in another browser
    db.session.commit()
    form = {"display_name": "Aibek", "email": "second@example.kg", "password": "a long enough secret"}
    form |= {"password_again": "a long enough secret", "region_code": "", "locale": "en", "accept_terms": "y"}

    response = client.submit("/en/account/register", form)

    assert "This e-ID is already linked to another Ovoz account." in page_after(client, response)
    assert [user.email for user in accounts()] == [owner.email]


def test_the_data_download_and_deletion_cover_the_linked_identity(client, eid, make_user):
    user = make_user()
    assert client.login(user.email, PASSWORD).status_code == 302
    person(eid, "leaving")
    assert sign_in_with_eid(client, eid, "leaving").status_code == 302
    download = client.get("/en/account/data.json").get_json()
    assert download["linked_identity"]["personal_number_hash"] == services.number_hash(PIN)
    assert download["linked_identity"]["provider"] == "oidc" and PIN not in repr(download)

    deleted = client.submit("/en/account/delete", {"password": PASSWORD})

    assert deleted.status_code == 302
    assert db.session.scalar(select(LinkedIdentity)) is None and accounts() == []


def test_staff_with_two_step_sign_in_still_type_their_code(app, client, eid, make_user):
    from app.accounts import two_factor
    from app.core.db import utcnow

    official = make_user(role=Role.OFFICIAL)
    official.totp_secret, official.totp_enabled_at = two_factor.sealed("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), utcnow()
    db.session.commit()
    with app.test_request_context():
        services.link(official, VerifiedIdentity("oidc", "official", PIN))
        db.session.commit()
    person(eid, "official")
    response = sign_in_with_eid(client, eid, "official")
    assert response.location == "/en/account/login/code" and not signed_in(client)


def test_answers_are_rate_limited_like_sign_ins(app, client, eid, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_RATELIMIT_LOGIN", "2 per minute")
    statuses = [client.get("/eid/oidc/callback?code=x&state=y").status_code for _ in range(3)]
    assert statuses[:2] == [302, 302] and statuses[2] == 429

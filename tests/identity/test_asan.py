"""Sign-in with Azerbaijan's ASAN Login, against a fake ASAN Login served on a free port (tests/identity/fake_asan.py,
the `asan` fixture).

The browser's part is played by two clients: the app's test client (Ovoz's cookies) and a requests session (ASAN's
cookie). The relay page's script is the one step done here by hand: fetch the token from ASAN, post it to Ovoz.
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.identity import services
from app.identity.models import LinkedIdentity
from config import load_config
from tests.conftest import PASSWORD
from tests.helpers import served, snapshot, text

FIN = "5ZX8K2P"  # a made-up FIN
NOT_CONFIRMED = "ASAN Login did not confirm this sign-in."


def to_asan(client, fake, start="/en/account/eid/asan") -> str:
    """Press the ASAN Login button: the `origin` Ovoz asks ASAN Login to send the browser back to."""
    response = client.get(start)
    assert response.status_code == 302 and response.location.startswith(f"{fake.url}/auth?")
    (origin,) = parse_qs(urlsplit(response.location).query)["origin"]
    return origin


def at_asan(fake, origin: str, who: str) -> tuple[str, requests.Session]:
    """Sign in at ASAN Login as `who`: where it sends the browser back, and the browser with ASAN's cookie."""
    browser = requests.Session()
    response = browser.post(f"{fake.url}/auth", data={"who": who, "origin": origin}, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    return response.headers["location"], browser


def relay_page(client, back: str) -> dict:
    """Come back to Ovoz: its page's form (where it posts, the state) and the address its script fetches."""
    parts = urlsplit(back)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200, page.status_code
    html = page.get_data(as_text=True)
    found = {
        name: unescape(re.search(pattern, html).group(1))
        for name, pattern in {
            "action": r'<form method="post" action="([^"]+)" data-asan-relay',
            "token_url": r'data-token-url="([^"]+)"',
            "state": r'name="state" value="([^"]+)"',
        }.items()
    }
    return found | {"page": page}


def relay(client, back: str, browser: requests.Session, token: str | None = None, state: str | None = None):
    """What the page's script does: fetch the token with ASAN's cookie and post it with the page's state."""
    form = relay_page(client, back)
    token = token or browser.get(form["token_url"], timeout=10).json()["data"]["token"]
    return client.post(form["action"], data={"state": state or form["state"], "token": token})


def sign_in_with_asan(client, fake, who: str, start="/en/account/eid/asan"):
    back, browser = at_asan(fake, to_asan(client, fake, start), who)
    return relay(client, back, browser)


def page_after(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return unescape(text(client.get(response.location)))


def signed_in(client) -> bool:
    return client.get("/en/account").status_code == 200


def accounts() -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User)))


def links() -> list[LinkedIdentity]:
    db.session.expire_all()
    return list(db.session.scalars(select(LinkedIdentity)))


def test_a_first_sign_in_brings_the_names_to_sign_up_and_links_the_new_account(client, asan, caplog):
    asan.person("aysel", FIN)
    assert "Sign in with ASAN Login" in text(client.get("/en/account/login"))
    origin = to_asan(client, asan)
    assert origin.startswith("http://127.0.0.1:5000/eid/asan/callback?state=")
    back, browser = at_asan(asan, origin, "aysel")

    form = relay_page(client, back)
    policy = form["page"].headers["Content-Security-Policy"]
    assert f"connect-src 'self' {asan.url};" in policy and "script-src 'self';" in policy
    assert form["token_url"] == f"{asan.url}/ssoauthz/api/v1/token" and form["action"] == "/eid/asan/callback"
    assert "hands a sign-in over through JavaScript" in unescape(text(form["page"]))  # the noscript text
    token = browser.get(form["token_url"], timeout=10).json()["data"]["token"]
    response = client.post(form["action"], data={"state": form["state"], "token": token})

    assert response.location == "/en/account/register" and asan.checked == [token]  # ASAN Login was asked
    assert 'value="Aysel Mammadova"' in page_after(client, response)
    form = {"display_name": "Aysel Mammadova", "email": "aysel@example.az", "password": "a long enough secret"}
    form |= {"password_again": "a long enough secret", "region_code": "", "locale": "en", "accept_terms": "y"}
    assert client.submit("/en/account/register", form).location.endswith("/account/check-email")
    (user,) = accounts()
    (link,) = links()
    assert (user.display_name, link.user_id, link.provider) == ("Aysel Mammadova", user.id, "asan")
    assert link.number_hash == services.number_hash(FIN) and FIN not in repr(snapshot())
    assert FIN not in caplog.text and token not in caplog.text  # nor in the application's log


@pytest.mark.parametrize(
    ("how", "message", "asked"),
    [
        ({"expired": True}, "Your ASAN Login sign-in has expired.", False),  # refused by Ovoz itself
        ({"forged": True}, NOT_CONFIRMED, False),  # signed with a key ASAN Login does not publish
        ({"signed_out": True}, NOT_CONFIRMED, True),  # well signed, but ASAN Login no longer confirms it
        ({"pin": None}, "The e-ID service did not give your personal number", True),
        ({"pin": "12345"}, "The e-ID service did not give your personal number", True),  # not a FIN
    ],
)
def test_a_token_that_does_not_hold_is_refused(client, asan, how, message, asked, caplog):
    asan.person("wrong", **({"pin": FIN} | how))
    assert message in page_after(client, sign_in_with_asan(client, asan, "wrong"))
    assert len(asan.checked) == asked  # a forged or expired token is refused before ASAN Login is asked
    assert FIN not in caplog.text and "12345" not in caplog.text
    assert accounts() == [] and links() == [] and not signed_in(client)
    assert client.get("/en/account/register").status_code == 200  # and no e-ID waits there to be linked
    assert "Your e-ID is verified" not in text(client.get("/en/account/register"))


def test_a_token_that_is_no_jwt_is_refused_before_asking_asan(client, asan):
    asan.person("aysel", FIN)
    back, browser = at_asan(asan, to_asan(client, asan), "aysel")
    assert NOT_CONFIRMED in page_after(client, relay(client, back, browser, token="not-a-token"))
    assert asan.checked == [] and links() == []


def test_a_token_brought_to_another_browser_is_refused(app, client, asan):
    asan.person("attacker", "7QW3E4R")
    to_asan(client, asan)  # the victim's browser has a sign-in of its own under way
    attacker = app.test_client()
    back, browser = at_asan(asan, to_asan(attacker, asan), "attacker")
    form = relay_page(attacker, back)
    token = browser.get(form["token_url"], timeout=10).json()["data"]["token"]

    response = client.post(form["action"], data={"state": form["state"], "token": token})

    assert NOT_CONFIRMED in page_after(client, response)
    assert links() == [] and not signed_in(client)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # no sign-in under way: the page is in the browser's language
    again = client.post(form["action"], data={"state": form["state"], "token": token})
    assert NOT_CONFIRMED in page_after(client, again)


def test_the_same_fin_is_one_verified_identity(app, client, asan, make_user):
    owner = make_user(display_name="Aysel")
    asan.person("aysel", FIN)
    asan.person("aysel-on-her-phone", FIN.lower(), name="AYSEL")  # the same person, written otherwise
    assert client.login(owner.email, PASSWORD).status_code == 302
    assert "Your e-ID is linked to your account." in page_after(client, sign_in_with_asan(client, asan, "aysel"))

    phone = app.test_client()
    welcome = page_after(phone, sign_in_with_asan(phone, asan, "aysel-on-her-phone", start="/az/account/eid/asan"))
    assert signed_in(phone) and "Aysel" in welcome
    other = app.test_client()
    assert other.login(make_user().email, PASSWORD).status_code == 302
    refused = page_after(other, sign_in_with_asan(other, asan, "aysel-on-her-phone"))
    assert "This e-ID is already linked to another Ovoz account." in refused
    assert [(link.user_id, link.provider) for link in links()] == [(owner.id, "asan")]


def test_a_new_key_of_asan_login_is_fetched_when_a_token_names_it(app, asan):
    asan.person("aysel", FIN)
    first = app.test_client()
    assert "Your e-ID is verified." in page_after(first, sign_in_with_asan(first, asan, "aysel"))
    asan.rotate()
    second = app.test_client()
    assert "Your e-ID is verified." in page_after(second, sign_in_with_asan(second, asan, "aysel"))


def test_asan_login_not_answering_is_said_plainly(client, asan, app, monkeypatch):
    asan.person("aysel", FIN)
    back, browser = at_asan(asan, to_asan(client, asan), "aysel")
    with served(lambda environ, start_response: None) as gone:  # a port that was served, and is no more
        pass
    monkeypatch.setitem(app.config, "OVOZ_ASAN_API_URL", gone)
    form = relay_page(client, back)
    token = browser.get(form["token_url"], timeout=10).json()["data"]["token"]
    response = client.post(form["action"], data={"state": form["state"], "token": token})
    assert "The e-ID service does not answer." in page_after(client, response)
    assert links() == []


def test_the_settings_are_checked(tmp_path):
    with pytest.raises(RuntimeError, match="OVOZ_ASAN_URL"):
        load_config(tmp_path, {"OVOZ_ASAN_URL": "asanlogin.my.gov.az"})
    production = {"OVOZ_ENV": "production", "OVOZ_SECRET_KEY": "s" * 48, "OVOZ_ASAN_URL": "https://asanlogin.my.gov.az"}
    with pytest.raises(RuntimeError, match="OVOZ_IDENTITY_HASH_KEY"):
        load_config(tmp_path, production)
    settings = load_config(tmp_path, production | {"OVOZ_IDENTITY_HASH_KEY": "k" * 48})
    assert (settings["OVOZ_ASAN_NAME"], settings["OVOZ_ASAN_API_URL"]) == ("ASAN Login", "")

"""Signatures a moderator struck out (issue 15, item 8): one struck out before anyone confirmed it was never
given by the address's owner and does not stop them signing; their own, once struck out, stays so, and they
are told why in their language."""

import threading

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.petitions import signing
from app.petitions.models import Petition, Signature, SignatureState
from tests.conftest import PASSWORD
from tests.helpers import in_parallel, link_in, sent_emails, text

STRUCK_OUT = (
    "A moderator struck out your signature on this petition, so it does not count. "
    "It cannot be withdrawn or given again."
)


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@flood.example", display_name="Dilnoza", region_code="TJ-DU", locale="ru")


@pytest.fixture
def petition(make_petition, make_user):
    """An open petition with one signature that no strike-out touches."""
    petition = make_petition()
    signing.sign_as_user(petition, make_user())
    db.session.commit()
    return petition


@pytest.fixture
def strike_out(make_user):
    """Strike out, as a moderator, the signatures from the owner's e-mail domain."""
    moderator = make_user()

    def strike(petition) -> int:
        struck = signing.invalidate(db.session.get(Petition, petition.id), moderator, domain="flood.example")
        db.session.commit()
        return struck

    return strike


@pytest.fixture
def squatted(client, petition, strike_out):
    """Someone else typed the owner's address; a moderator struck that pending signature out."""
    url = f"/en/petitions/{petition.id}"
    form = {"name": "Squatter Name", "email": "owner@flood.example", "region_code": "TJ-SU"}
    assert client.submit(f"{url}/sign", form, form_url=url).status_code == 302
    assert strike_out(petition) == 1
    return petition


def _signature(email: str) -> Signature:
    db.session.expire_all()
    return db.session.scalars(select(Signature).where(Signature.email == email)).one()


def _count(petition) -> int:
    db.session.expire_all()
    return db.session.get(Petition, petition.id).signature_count


def _signed_in(app, user, locale: str = "en"):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD, locale=locale).status_code == 302
    return browser


def _in(app, locale: str, message: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


def test_a_struck_out_signature_someone_else_gave_does_not_stop_the_owner_signing(app, squatted, owner):
    assert _signature(owner.email).state == SignatureState.INVALID and _count(squatted) == 1
    browser = _signed_in(app, owner)
    url = f"/en/petitions/{squatted.id}"
    page = text(browser.get(url))
    assert "Sign this petition</button>" in page and STRUCK_OUT not in page and "Withdraw my signature" not in page
    assert browser.submit(f"{url}/sign", form_url=url).location.endswith("?signature=counted")
    signature = _signature(owner.email)
    assert (signature.state, signature.user_id, signature.name) == (SignatureState.CONFIRMED, owner.id, "Dilnoza")
    assert _count(squatted) == 2
    assert browser.submit(f"{url}/sign", form_url=url).location.endswith("?signature=already-signed")
    assert "You have signed this petition." in text(browser.get(url)) and _count(squatted) == 2


def test_the_owner_may_sign_by_email_after_a_struck_out_signature_they_never_gave(
    app, client, squatted, owner, run_jobs
):
    signing.sign_by_email(squatted, "Anyone", "Owner@flood.example", None, "en")
    db.session.commit()
    run_jobs()
    signature = _signature(owner.email)
    assert (signature.state, signature.name, signature.locale) == (SignatureState.PENDING, "Dilnoza", "ru")
    assert client.get(link_in(sent_emails(owner.email)[-1].body)).location.endswith("?signature=counted")
    assert _signature(owner.email).state == SignatureState.CONFIRMED and _count(squatted) == 2


def test_the_owners_own_struck_out_signature_stays_struck_out_and_they_are_told_why(app, petition, owner, strike_out):
    browser = _signed_in(app, owner, locale="ru")
    url = f"/ru/petitions/{petition.id}"
    assert browser.submit(f"{url}/sign", form_url=url).location.endswith("?signature=counted")
    assert _count(petition) == 2 and strike_out(petition) == 1 and _count(petition) == 1

    told = _in(app, "ru", STRUCK_OUT)
    assert told != STRUCK_OUT
    refused = browser.submit(f"{url}/sign", form_url=url)
    assert refused.status_code == 302 and "signature=" not in refused.location
    page = text(browser.get(url))
    assert page.count(told) == 2  # the answer to the click, and the sign section
    assert _in(app, "ru", "Sign this petition") + "</button>" not in page
    assert _in(app, "ru", "Withdraw my signature") not in page
    assert _signature(owner.email).state == SignatureState.INVALID and _count(petition) == 1

    # Withdrawn, it would let them sign again.
    assert browser.submit(f"{url}/withdraw", form_url=url).status_code == 302
    assert told in text(browser.get(url))
    assert _signature(owner.email).state == SignatureState.INVALID and _count(petition) == 1


def test_a_signature_confirmed_by_its_link_stays_struck_out_too(app, client, petition, owner, strike_out, run_jobs):
    signing.sign_by_email(petition, "Dilnoza", owner.email, None, "ru")
    db.session.commit()
    run_jobs()
    link = link_in(sent_emails(owner.email)[-1].body)
    assert client.get(link).location.endswith("?signature=counted") and _count(petition) == 2
    assert strike_out(petition) == 1 and _count(petition) == 1

    with force_locale("en"), pytest.raises(signing.SignatureError, match="struck out"):
        signing.sign_as_user(petition, owner)
    mails = len(sent_emails(owner.email))
    signing.sign_by_email(petition, "Dilnoza", owner.email, None, "ru")  # the page reveals nothing ...
    db.session.commit()
    run_jobs()
    assert len(sent_emails(owner.email)) == mails  # ... and nothing is sent
    with force_locale("en"), pytest.raises(signing.SignatureError, match="struck out"):
        signing.withdraw(_signature(owner.email))
    assert client.get(link).location.endswith("/ru/petitions")  # the link counts nothing
    assert _signature(owner.email).state == SignatureState.INVALID and _count(petition) == 1


def test_the_owner_signing_twice_at_once_over_a_never_given_signature_counts_once(app, squatted, owner):
    petition_id, owner_id = squatted.id, owner.id
    start = threading.Barrier(3, timeout=30)

    def sign() -> bool:
        with app.app_context():
            start.wait()
            signed = signing.sign_as_user(db.session.get(Petition, petition_id), db.session.get(User, owner_id))
            db.session.commit()
            return signed

    assert sorted(in_parallel(sign, 3)) == [False, False, True]
    assert _signature(owner.email).state == SignatureState.CONFIRMED and _count(squatted) == 2

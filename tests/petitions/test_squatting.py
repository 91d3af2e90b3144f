"""Signing by e-mail with a registered person's address (issue 15, item 8): the signature waits for the
owner, never counts or keeps the other person's name, and does not stop the owner signing in one click."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.petitions import signing
from app.petitions.models import Petition, Signature, SignatureState
from tests.conftest import PASSWORD
from tests.helpers import link_in, sent_emails, text

SQUATTER = {"name": "Squatter Name", "email": " Owner@Example.org", "region_code": "TJ-SU"}


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.org", display_name="Dilnoza", region_code="TJ-DU", locale="ru")


@pytest.fixture
def squatted(app, client, make_user, make_petition, owner, run_jobs):
    """An open petition with one signature, and a pending one given by someone else with the owner's address."""
    petition = make_petition()
    signing.sign_as_user(petition, make_user())
    db.session.commit()
    url = f"/en/petitions/{petition.id}"
    assert client.submit(f"{url}/sign", SQUATTER, form_url=url).location.endswith(f"{url}/signed")
    run_jobs()
    return petition


def _signatures_of(email: str) -> list[Signature]:
    db.session.expire_all()
    return db.session.scalars(select(Signature).where(Signature.email == email)).all()


def _count(petition) -> int:
    db.session.expire_all()
    return db.session.get(Petition, petition.id).signature_count


def test_the_pending_signature_is_the_owners_and_counts_nothing(app, squatted, owner):
    (pending,) = _signatures_of(owner.email)
    assert pending.state == SignatureState.PENDING and _count(squatted) == 1
    assert (pending.name, pending.region_code, pending.locale) == ("Dilnoza", "TJ-DU", "ru")
    (mail,) = sent_emails(owner.email)
    assert "Squatter" not in mail.body and "Dilnoza" in mail.body


def test_the_owner_signing_in_one_click_counts_with_their_name(app, client, squatted, owner):
    browser = app.test_client()
    assert browser.login(owner.email, PASSWORD).status_code == 302
    url = f"/en/petitions/{squatted.id}"
    page = text(browser.get(url))
    assert "waiting for confirmation" in page and "Sign this petition</button>" in page
    assert browser.submit(f"{url}/sign", form_url=url).location.endswith("?signature=counted")
    (signature,) = _signatures_of(owner.email)
    assert signature.state == SignatureState.CONFIRMED and _count(squatted) == 2
    assert (signature.name, signature.user_id, signature.region_code) == ("Dilnoza", owner.id, "TJ-DU")
    assert browser.submit(f"{url}/sign", form_url=url).location.endswith("?signature=already-signed")
    assert "You have signed this petition." in text(browser.get(url))

    link = link_in(sent_emails(owner.email)[-1].body)
    assert client.get(link).location.endswith("?signature=already-counted")
    assert _count(squatted) == 2


def test_the_owner_opening_the_emailed_link_signs_with_their_name(app, client, squatted, owner):
    assert client.get(link_in(sent_emails(owner.email)[-1].body)).location.endswith("?signature=counted")
    (signature,) = _signatures_of(owner.email)
    assert (signature.state, signature.name) == (SignatureState.CONFIRMED, "Dilnoza") and _count(squatted) == 2


def test_the_owner_can_take_the_pending_signature_back(app, squatted, owner):
    browser = app.test_client()
    browser.login(owner.email, PASSWORD)
    url = f"/en/petitions/{squatted.id}"
    assert browser.submit(f"{url}/withdraw", form_url=url).status_code == 302
    assert _signatures_of(owner.email) == [] and _count(squatted) == 1


def test_an_unconfirmed_account_lends_no_name_to_its_address(app, client, make_user, make_petition, run_jobs):
    """Registering proves nothing about an address until its link is opened."""
    make_user(email="claimed@example.org", display_name="Claimer", confirmed=False)
    petition = make_petition()
    url = f"/en/petitions/{petition.id}"
    client.submit(
        f"{url}/sign", {"name": "Real Owner", "email": "claimed@example.org", "region_code": "TJ-SU"}, form_url=url
    )
    (pending,) = _signatures_of("claimed@example.org")
    assert pending.name == "Real Owner"


def test_the_owner_signing_and_opening_the_link_at_once_counts_once(app, squatted, owner):
    import threading

    from app.accounts.models import User

    petition_id, owner_id = squatted.id, owner.id
    token = link_in(sent_emails(owner.email)[-1].body).rsplit("/", 1)[1]
    start, outcomes = threading.Barrier(4, timeout=30), []

    def sign():
        with app.app_context():
            start.wait()
            petition = db.session.get(Petition, petition_id)
            outcomes.append(signing.sign_as_user(petition, db.session.get(User, owner_id)))
            db.session.commit()

    def open_link():
        with app.app_context():
            start.wait()
            outcomes.append(signing.confirm_link(token)[0])
            db.session.commit()

    threads = [threading.Thread(target=work) for work in (sign, sign, open_link, open_link)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and sum(outcome in (True, "counted") for outcome in outcomes) == 1
    (signature,) = _signatures_of(owner.email)
    assert signature.state == SignatureState.CONFIRMED and _count(squatted) == 2

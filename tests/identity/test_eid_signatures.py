"""Signatures by verified people: OVOZ_SIGN_REQUIRES=eid, one signature per person per petition whichever account
signs (a database constraint, under concurrency too), and how many signatures are identity-verified."""

from html import unescape

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.identity import services as identities
from app.identity.providers import VerifiedIdentity
from app.opendata.datasets import DATASETS
from app.petitions import signing
from app.petitions.models import Petition, Signature, SignatureState, State
from tests.conftest import PASSWORD
from tests.helpers import in_parallel, text

PIN = "21503199000123"


def link(user, pin: str = PIN, subject: str = "someone"):
    identities.link(user, VerifiedIdentity("oidc", subject, pin))
    db.session.commit()


def signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def sign(browser, petition):
    url = f"/en/petitions/{petition.id}"
    response = browser.submit(f"{url}/sign", form_url=url)
    assert response.status_code == 302
    return unescape(text(browser.get(response.location)))


def rows(petition) -> list[Signature]:
    db.session.expire_all()
    return list(db.session.scalars(select(Signature).where(Signature.petition_id == petition.id)))


@pytest.fixture
def eid_only(app, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_SIGN_REQUIRES", "eid")


def test_with_the_eid_policy_signing_needs_a_linked_e_id(app, eid_only, make_user, make_petition):
    petition = make_petition()
    person = make_user()
    browser = signed_in(app, person)
    page = text(browser.get(f"/en/petitions/{petition.id}"))
    assert "Signing needs a verified national e-ID, one signature per person." in page

    assert "Link yours on your account page, then sign." in sign(browser, petition)
    assert rows(petition) == []
    link(person)
    sign(browser, petition)
    (signature,) = rows(petition)
    assert signature.state == SignatureState.CONFIRMED and signature.identity_hash == identities.number_hash(PIN)
    assert db.session.get(Petition, petition.id).signature_count == 1


def test_with_the_eid_policy_visitors_are_sent_to_sign_in(app, client, eid_only, make_petition):
    petition = make_petition()
    url = f"/en/petitions/{petition.id}"
    page = text(client.get(url))
    assert 'name="email"' not in page and "Sign in with your e-ID to sign" in page
    form = {"name": "Farrukh", "email": "farrukh@example.org", "region_code": ""}
    response = client.submit(f"{url}/sign", form, form_url="/en/account/login")
    assert response.status_code == 302 and response.location.startswith("/en/account/login?next=")
    assert rows(petition) == []


def test_with_the_eid_policy_an_author_without_an_e_id_cannot_submit(app, eid_only, make_user, make_petition):
    author = make_user()
    draft = make_petition(State.DRAFT, author=author)
    browser = signed_in(app, author)
    url = f"/en/petitions/{draft.id}"
    response = browser.submit(f"{url}/submit", form_url=url)
    assert "Signing needs a verified national e-ID." in unescape(text(browser.get(response.location)))
    db.session.expire_all()
    assert db.session.get(Petition, draft.id).state == State.DRAFT and rows(draft) == []


def test_one_person_signs_once_whichever_account_signs(app, make_user, make_petition):
    petition = make_petition()
    first, second = make_user(), make_user()
    link(first)
    assert signing.sign_as_user(petition, first)
    db.session.commit()
    identities.unlink(first)  # the person moves their e-ID to another account
    db.session.commit()
    link(second)

    refused = sign(signed_in(app, second), petition)

    assert "You have already signed this petition with your e-ID, from another account." in refused
    assert [s.user_id for s in rows(petition)] == [first.id]
    assert db.session.get(Petition, petition.id).signature_count == 1


def test_a_pending_signature_of_the_other_account_does_not_let_the_person_sign_twice(app, make_user, make_petition):
    """The second account's address has a signature waiting for its link (anyone may type an address): signing
    there would make it the person's second, and the database refuses it."""
    petition = make_petition()
    first, second = make_user(), make_user()
    link(first)
    assert signing.sign_as_user(petition, first)
    signing.sign_by_email(petition, "Typed", second.email, None, "en")
    db.session.commit()
    identities.unlink(first)
    db.session.commit()
    link(second)

    with pytest.raises(signing.SignatureError):
        signing.sign_as_user(petition, second)
    db.session.commit()

    assert sorted(str(s.state) for s in rows(petition)) == ["confirmed", "pending"]
    assert db.session.get(Petition, petition.id).signature_count == 1


@pytest.mark.slow
def test_two_hundred_signatures_at_once_by_one_verified_person_store_one(app, make_user, make_petition, monkeypatch):
    """200 accounts sign at once, each claiming the same verified person (as if the e-ID moved between them): the
    database keeps one signature, and the count says one."""
    petition = make_petition()
    ids = iter([make_user().id for _ in range(200)])
    same_person = type("Link", (), {"number_hash": identities.number_hash(PIN)})()
    monkeypatch.setattr(identities, "linked_identity", lambda user: same_person)

    def sign_one():
        with app.app_context():
            signer = db.session.get(User, next(ids))
            try:
                signed = signing.sign_as_user(db.session.get(Petition, petition.id), signer)
            except signing.SignatureError:
                signed = False
            db.session.commit()
            return signed

    results = in_parallel(sign_one, 200)

    assert sorted(results, key=repr) == [False] * 199 + [True]
    db.session.expire_all()
    stored = db.session.scalar(select(func.count()).select_from(Signature).where(Signature.petition_id == petition.id))
    assert stored == 1 == db.session.get(Petition, petition.id).signature_count


def test_the_page_the_api_and_the_open_data_say_how_many_signatures_are_identity_verified(
    app, make_user, make_petition
):
    petition = make_petition()
    verified, other = make_user(), make_user()
    link(verified)
    assert signing.sign_as_user(petition, verified) and signing.sign_as_user(petition, other)
    db.session.commit()

    page = unescape(text(app.test_client().get(f"/en/petitions/{petition.id}")))

    assert "2 signatures" in page and "1 of them is identity-verified" in page
    (petitions,) = [dataset for dataset in DATASETS if dataset.name == "petitions"]
    (row,) = [dict(zip([c.name for c in petitions.file_columns], r, strict=True)) for r in petitions.file_rows()]
    assert (row["signatures"], row["verified_signatures"]) == (2, 1)
    api = app.test_client().get(f"/api/v1/petitions/{petition.id}").get_json()["data"]
    assert (api["signatures"], api["verified_signatures"]) == (2, 1)
    assert signing.verified_count(petition) == 1

"""A petition's signature count moves only when a signature row really changed, so it always equals its
confirmed signatures: whatever is repeated, raced or interleaved (issue 15, item 2)."""

import threading

from sqlalchemy import func, select

from app.accounts import tokens
from app.accounts.models import User
from app.extensions import db
from app.petitions import signing
from app.petitions.models import Petition, Signature, SignatureState
from tests.conftest import PASSWORD
from tests.helpers import in_parallel


def _confirmed_rows(petition_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Signature)
        .where(Signature.petition_id == petition_id, Signature.state == SignatureState.CONFIRMED)
    )


def _counts_agree() -> dict[int, tuple[int, int]]:
    """Every petition whose stored count differs from its confirmed rows: {id: (count, rows)}."""
    db.session.expire_all()
    petitions = db.session.scalars(select(Petition)).all()
    return {
        p.id: (p.signature_count, _confirmed_rows(p.id))
        for p in petitions
        if p.signature_count != _confirmed_rows(p.id)
    }


def test_a_signature_withdrawn_twice_is_subtracted_once(app, make_user, make_petition):
    petition = make_petition()
    signers = [make_user() for _ in range(3)]
    for signer in signers:
        signing.sign_as_user(petition, signer)
    db.session.commit()
    signature = signing.signature_of(petition, signers[0])
    signing.withdraw(signature)
    signing.withdraw(signature)  # a stale copy: the row is already gone
    db.session.commit()
    assert db.session.get(Petition, petition.id).signature_count == 2 == _confirmed_rows(petition.id)


def test_many_parallel_withdrawals_by_one_signer_take_one_signature_away(app, make_user, make_petition, monkeypatch):
    """20 clicks, each in its own request and session; ten at a time find the signature before any removes it
    (not all twenty: a request holds one of the pool's 15 connections while it waits)."""
    petition = make_petition()
    for _ in range(5):
        signing.sign_as_user(petition, make_user())
    signer = make_user()
    signing.sign_as_user(petition, signer)
    db.session.commit()
    browser = app.test_client()
    assert browser.login(signer.email, PASSWORD).status_code == 302
    url = f"/en/petitions/{petition.id}"
    token, cookie = browser.csrf_token(url), browser.get_cookie("session").value

    all_found = threading.Barrier(10, timeout=30)
    signature_of = signing.signature_of

    def find_then_wait(*args):
        found = signature_of(*args)
        all_found.wait()
        return found

    monkeypatch.setattr(signing, "signature_of", find_then_wait)

    def click():
        clicker = app.test_client()
        clicker.set_cookie("session", cookie)
        return clicker.post(f"{url}/withdraw", data={"csrf_token": token}).status_code

    assert in_parallel(click, 20) == [302] * 20
    assert _confirmed_rows(petition.id) == 5
    assert _counts_agree() == {}


def test_parallel_strike_outs_of_the_same_signatures_subtract_them_once(app, make_user, make_petition, monkeypatch):
    petition = make_petition()
    moderator = make_user()
    for number in range(4):
        signing.sign_as_user(petition, make_user(email=f"bot{number}@spam.example"))
    signing.sign_as_user(petition, make_user())
    db.session.commit()

    both_found = threading.Barrier(2, timeout=30)
    matching = signing._matching

    def match_then_wait(*args):
        found = matching(*args)
        both_found.wait()
        return found

    monkeypatch.setattr(signing, "_matching", match_then_wait)

    petition_id, moderator_id = petition.id, moderator.id  # each thread loads its own copies

    def strike():
        with app.app_context():
            moderating = db.session.get(User, moderator_id)
            signing.invalidate(db.session.get(Petition, petition_id), moderating, domain="spam.example")
            db.session.commit()
            db.session.remove()
        return "done"

    assert in_parallel(strike, 2) == ["done", "done"]
    assert _confirmed_rows(petition_id) == 1
    assert _counts_agree() == {}


def test_every_count_equals_its_confirmed_signatures_after_a_mixed_sequence(app, make_user, make_petition):
    """Signing, confirming, re-confirming, withdrawing (twice), striking out, deleting an account, squatting."""
    from app.accounts.services import delete_account

    first, second, sponsoring = make_petition(), make_petition(), make_petition(state="sponsoring")
    citizens = [make_user() for _ in range(4)]
    for petition in (first, second, sponsoring):
        for citizen in citizens:
            signing.sign_as_user(petition, citizen)
    links = {}
    for number in range(3):
        signing.sign_by_email(first, f"Signer {number}", f"signer{number}@mail.example", None, "en")
        sid = db.session.scalar(select(Signature.id).where(Signature.email == f"signer{number}@mail.example"))
        links[number] = tokens.make_token(signing.SIGN, {"sid": sid})
    db.session.commit()

    assert signing.confirm_link(links[0])[0] == "counted"
    assert signing.confirm_link(links[0])[0] == "already"
    assert signing.confirm_link(links[1])[0] == "counted"
    stale = signing.signature_of(first, citizens[0])
    signing.withdraw(stale)
    signing.withdraw(stale)
    signing.withdraw(db.session.get(Signature, signing.signature_from_link(links[2]).id))  # pending: no change
    assert signing.confirm_link(links[2])[0] == "invalid", "a withdrawn signature's link counts nothing"
    db.session.commit()

    moderator = make_user()
    signing.invalidate(first, moderator, domain="mail.example")
    signing.invalidate(first, moderator, domain="mail.example")
    assert signing.confirm_link(links[1])[0] == "invalid", "a struck-out signature's link counts nothing"
    db.session.commit()

    signing.sign_by_email(second, "Squatter", citizens[0].email.upper(), None, "en")  # pending for an owner
    signing.sign_as_user(second, citizens[0])  # already signed: nothing changes
    owner = make_user()
    signing.sign_by_email(second, "Squatter", owner.email, None, "en")
    signing.sign_as_user(second, owner)  # the owner's own signature takes the pending one over and counts
    signing.sign_as_user(second, owner)
    db.session.commit()
    delete_account(citizens[1], PASSWORD)
    db.session.commit()

    assert _counts_agree() == {}
    db.session.expire_all()
    assert [db.session.get(Petition, p.id).signature_count for p in (first, second, sponsoring)] == [3, 5, 4]


def test_an_address_deleted_signed_again_and_deleted_again_keeps_both_signatures_counted(app, make_user, make_petition):
    """Each deleted account's signatures get an address of their own, so the second deletion does not collide."""
    from app.accounts.services import delete_account

    petition = make_petition()
    for _ in range(2):
        person = make_user(email="again@example.org")
        signing.sign_as_user(petition, person)
        db.session.commit()
        delete_account(person, PASSWORD)
        db.session.commit()
    assert _confirmed_rows(petition.id) == 2 and _counts_agree() == {}

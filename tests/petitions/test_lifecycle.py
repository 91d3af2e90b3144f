"""A petition's life through its pages: draft, sponsors, moderation, signatures, thresholds, response."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.core.db import utcnow
from app.extensions import db
from app.inbox.models import InboxMessage
from app.petitions import services
from app.petitions.models import Petition, Signature, SignatureState, State
from tests.conftest import PASSWORD
from tests.helpers import field_errors, link_in, sent_emails, text

NEW = {
    "title": "Free insulin for every child with diabetes",
    "request": "Provide insulin pens free of charge in every district clinic.",
    "background": "Families pay a month's wages for a month of insulin.",
    "category": "health",
    "agency_id": "",
    "region_code": "",
}


@pytest.fixture
def small_thresholds(app):
    saved = {k: app.config[k] for k in app.config if k.startswith("OVOZ_PETITION_")}
    app.config.update(
        OVOZ_PETITION_SPONSORS=2, OVOZ_PETITION_RESPONSE_THRESHOLD=4, OVOZ_PETITION_CONSIDERATION_THRESHOLD=5
    )
    yield
    app.config.update(saved)


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def _events(petition) -> list[str]:
    return [e.kind for e in services.timeline(petition)]


def test_the_topic_says_it_is_required_and_is_refused_empty(app, make_user):
    writer = _signed_in(app, make_user())
    form = writer.get("/ru/petitions/new").get_data(as_text=True)
    select_tag = re.search(r'<select[^>]*name="category"[^>]*>', form).group(0)
    assert " required" in select_tag and "aria-describedby" not in select_tag
    refused = writer.submit("/ru/petitions/new", NEW | {"category": ""}).get_data(as_text=True)
    assert 'aria-invalid="true"' in re.search(r'<select[^>]*name="category"[^>]*>', refused).group(0)
    assert db.session.scalar(select(func.count()).select_from(Petition)) == 0


def test_start_sponsor_moderate_sign_respond(app, client, make_user, make_agency, run_jobs, small_thresholds):
    author = make_user(display_name="Nigina")
    writer = _signed_in(app, author)
    page = writer.submit("/en/petitions/new", NEW)
    assert page.status_code == 302 and page.location.endswith("/review")
    petition = db.session.scalar(select(Petition))
    assert petition.state == State.DRAFT and petition.language == "en"
    assert client.get(f"/en/petitions/{petition.id}").status_code == 404, "a draft is private"

    started = writer.submit(f"/en/petitions/{petition.id}/submit", form_url=f"/en/petitions/{petition.id}/review")
    assert started.status_code == 302
    db.session.refresh(petition)
    assert petition.state == State.SPONSORING and petition.signature_count == 1
    assert client.get(f"/en/petitions/{petition.id}").status_code == 404, "only the sponsor link shows it"
    sponsor_url = f"/en/petitions/{petition.id}/sponsor/{petition.sponsor_token}"
    assert "Sign this petition" in text(client.get(sponsor_url))

    for _ in range(2):
        sponsor = _signed_in(app, make_user())
        response = sponsor.submit(
            f"/en/petitions/{petition.id}/sign", {"sponsor_token": petition.sponsor_token}, form_url=sponsor_url
        )
        assert response.status_code == 302
    db.session.refresh(petition)
    assert petition.state == State.MODERATION and petition.signature_count == 3

    agency = make_agency()
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=agency))
    moderate = f"/en/petitions/{petition.id}/moderate"
    assert (
        moderator.submit(
            f"/en/petitions/{petition.id}/publish", {"agency_id": str(agency.id)}, form_url=moderate
        ).status_code
        == 302
    )
    db.session.refresh(petition)
    assert petition.state == State.OPEN and petition.agency_id == agency.id
    assert petition.closes_at - petition.opened_at == timedelta(days=app.config["OVOZ_PETITION_DAYS"])

    # someone without an account signs by e-mail; it counts once the link is opened
    signed = client.submit(
        f"/en/petitions/{petition.id}/sign",
        {"name": "Rustam", "email": "Rustam@Example.org", "region_code": "TJ-DU"},
        form_url=f"/en/petitions/{petition.id}",
    )
    assert signed.status_code == 302, field_errors(signed)
    run_jobs()
    db.session.refresh(petition)
    assert petition.signature_count == 3
    link = link_in(sent_emails("rustam@example.org")[-1].body)
    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 302, "opening the link twice counts once"
    db.session.refresh(petition)
    assert petition.signature_count == 4 and petition.response_due_at is not None

    official = make_user(role=Role.OFFICIAL, agency=agency)
    answering = _signed_in(app, official)
    respond = f"/en/petitions/{petition.id}/respond"
    body = "We will fund insulin pens from **January**. <script>alert(1)</script>"
    assert answering.submit(respond, {"body": body}).status_code == 302
    run_jobs()
    db.session.refresh(petition)
    assert petition.response.notified_at is not None
    page = text(client.get(f"/en/petitions/{petition.id}"))
    assert "<strong>January</strong>" in page and "<script>alert" not in page
    assert "Rustam" not in page and "rustam@example.org" not in page, "signers are never shown"
    told = {e.recipient for e in sent_emails() if "has a response" in e.subject}
    assert told == {s.email for s in db.session.scalars(select(Signature))}
    subjects = list(db.session.scalars(select(InboxMessage.subject)))
    answered = [subject for subject in subjects if "has a response" in subject]
    assert len(answered) == 3, "the three signers with accounts (author and sponsors) get an inbox message"
    assert sorted(subjects) == sorted([*answered, *[f"The petition “{NEW['title']}” is published"] * 3])
    assert _events(petition) == ["submitted", "sponsored", "opened", "response-threshold", "responded"]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"petition.submitted", "petition.opened", "petition.responded"} <= actions


def test_one_signature_per_person_and_withdrawal(app, make_user, make_petition):
    petition = make_petition()
    citizen = make_user()
    browser = _signed_in(app, citizen)
    url = f"/en/petitions/{petition.id}"
    for _ in range(2):
        assert browser.submit(f"{url}/sign", form_url=url).status_code == 302
    db.session.refresh(petition)
    assert petition.signature_count == 1
    assert browser.submit(f"{url}/withdraw", form_url=url).status_code == 302
    db.session.refresh(petition)
    assert petition.signature_count == 0
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 0


def test_an_address_signing_twice_by_email_gets_one_signature(app, client, make_petition, run_jobs):
    petition = make_petition()
    url = f"/en/petitions/{petition.id}"
    for email in ("amina@example.org", "AMINA@example.org "):
        client.submit(f"{url}/sign", {"name": "Amina", "email": email, "region_code": "TJ-SU"}, form_url=url)
    run_jobs()
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 1
    assert len(sent_emails("amina@example.org")) == 2, "the second attempt gets the link again"


def test_blocked_email_domains_are_refused(app, client, make_petition):
    app.config["OVOZ_BLOCKED_EMAIL_DOMAINS"] = ("mailinator.com",)
    try:
        petition = make_petition()
        url = f"/en/petitions/{petition.id}"
        page = client.submit(
            f"{url}/sign", {"name": "X", "email": "x@mailinator.com", "region_code": "TJ-SU"}, form_url=url
        )
        assert page.status_code == 400
        assert any("e-mail provider" in error for error in field_errors(page))
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 0
    finally:
        app.config["OVOZ_BLOCKED_EMAIL_DOMAINS"] = ()


def test_moderator_rejects_a_duplicate_with_a_link(app, client, make_user, make_petition):
    original = make_petition(title="Repair the road to Varzob")
    repeat = make_petition(state=State.MODERATION, title="Fix the Varzob road")
    moderator = _signed_in(app, make_user(role=Role.MODERATOR))
    url = f"/en/petitions/{repeat.id}/moderate"
    missing = moderator.submit(
        f"/en/petitions/{repeat.id}/reject", {"reason": "duplicate", "duplicate_of": "", "note": ""}, form_url=url
    )
    assert missing.status_code == 400
    done = moderator.submit(
        f"/en/petitions/{repeat.id}/reject",
        {"reason": "duplicate", "duplicate_of": str(original.id), "note": ""},
        form_url=url,
    )
    assert done.status_code == 302
    page = text(client.get(f"/en/petitions/{repeat.id}"))
    assert "A petition asking for the same thing already exists" in page
    assert f'href="/en/petitions/{original.id}"' in page


def test_deadline_closes_and_thresholds_are_recorded_once(app, make_petition, make_user, small_thresholds):
    from app.petitions import signing

    petition = make_petition()
    for _ in range(5):
        signing.sign_as_user(petition, make_user())
    db.session.commit()
    assert _events(petition) == ["response-threshold", "consideration-threshold"]
    petition.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.close_expired() == 1 and services.close_expired() == 0
    db.session.commit()
    assert petition.state == State.CLOSED
    with pytest.raises(signing.SignatureError):
        signing.sign_as_user(petition, make_user())


def test_moderator_strikes_out_signatures_by_domain_after_seeing_the_count(app, make_user, make_petition):
    from app.petitions import signing

    petition = make_petition()
    for number in range(3):
        signing.sign_as_user(petition, make_user(email=f"bot{number}@spam.example"))
    signing.sign_as_user(petition, make_user(email="real@example.org"))
    db.session.commit()
    moderator = _signed_in(app, make_user(role=Role.MODERATOR))
    url = f"/en/petitions/{petition.id}/invalidate"
    preview = moderator.submit(url, {"domain": "spam.example", "network": "", "submit": "y"})
    assert "3 signatures match." in text(preview)
    db.session.refresh(petition)
    assert petition.signature_count == 4, "counting changes nothing"
    done = moderator.submit(url, {"domain": "spam.example", "network": "", "strike": "y"})
    assert done.status_code == 302
    db.session.refresh(petition)
    assert petition.signature_count == 1
    states = set(db.session.scalars(select(Signature.state).where(Signature.email.like("%spam.example"))))
    assert states == {SignatureState.INVALID}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "petition.signatures_invalidated"))


def test_only_officials_of_the_agency_respond(app, make_user, make_agency, make_petition):
    agency, other = make_agency(), make_agency()
    petition = make_petition(agency_id=agency.id)
    outsider = _signed_in(app, make_user(role=Role.OFFICIAL, agency=other))
    assert outsider.get(f"/en/petitions/{petition.id}/respond").status_code == 403
    insider = _signed_in(app, make_user(role=Role.OFFICIAL, agency=agency))
    assert insider.get(f"/en/petitions/{petition.id}/respond").status_code == 200


def test_odd_urls_are_plain_404s(client, make_petition):
    sponsoring = make_petition(state=State.SPONSORING)
    assert client.get("/en/petitions/99999999999999999999").status_code == 404
    assert client.get(f"/en/petitions/{sponsoring.id}/sponsor/é").status_code == 404
    assert client.get(f"/en/petitions/{sponsoring.id}/sponsor/{sponsoring.sponsor_token}").status_code == 200


def test_striking_out_by_domain_matches_the_domain_exactly(app, make_user, make_petition):
    from app.petitions import signing

    petition = make_petition()
    for email in ("a@gmail.com", "b@mail.example", "c@xmail.example"):
        signing.sign_as_user(petition, make_user(email=email))
    assert signing.invalidation_preview(petition, domain="%.%") == 0
    assert signing.invalidation_preview(petition, domain="mail.example") == 1
    assert signing.invalidation_preview(petition, network="127.0.0.0/8") == 0, "signed outside a request: no address"


def test_deleting_an_account_keeps_its_signatures_counted_but_anonymous(app, make_user, make_petition):
    petition = make_petition()
    citizen = make_user(email="leaving@example.org", display_name="Leaving Person")
    browser = _signed_in(app, citizen)
    url = f"/en/petitions/{petition.id}"
    browser.submit(f"{url}/sign", form_url=url)
    assert browser.submit("/en/account/delete", {"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    (signature,) = db.session.scalars(select(Signature))
    assert signature.state == SignatureState.CONFIRMED and db.session.get(Petition, petition.id).signature_count == 1
    assert "leaving" not in signature.email and signature.name == "" and signature.user_id is None


def test_concurrent_signing_counts_each_person_once(app, make_user, make_petition):
    """Signers clicking at the same moment, some twice: one signature each, a count that agrees."""
    import threading

    petition = make_petition()
    browsers = [_signed_in(app, make_user()) for _ in range(6)]
    url = f"/en/petitions/{petition.id}"
    tokens = [browser.csrf_token(url) for browser in browsers]
    start, statuses = threading.Barrier(12, timeout=20), []

    def click(browser, token):
        start.wait()
        statuses.append(browser.post(f"{url}/sign", data={"csrf_token": token}).status_code)

    clicks = [threading.Thread(target=click, args=pair) for pair in zip(browsers * 2, tokens * 2, strict=True)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert statuses == [302] * 12
    db.session.expire_all()
    assert db.session.get(Petition, petition.id).signature_count == 6
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 6

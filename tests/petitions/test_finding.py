"""Finding petitions: lists, filters, sorting, search by meaning across languages, Atom feeds."""

from datetime import timedelta
from xml.etree import ElementTree  # noqa: S405 - the feeds parsed are the app's own

import pytest

from app.core.db import utcnow
from app.extensions import db
from app.petitions import notify, signing, thresholds
from app.petitions.models import Petition, PetitionResponse, Signature, State
from app.submissions.models import Moderation
from app.submissions.scopes import PETITIONS
from app.submissions.services import submit
from tests.helpers import sent_emails, text

ATOM = "{http://www.w3.org/2005/Atom}"


def _published(make_petition, run_jobs, **fields) -> Petition:
    """A published petition the semantic engine has placed."""
    petition = make_petition(**fields)
    petition.submission_id = submit(
        "petition", PETITIONS, f"{petition.title}\n\n{petition.request}", None, Moderation.PUBLISHED
    ).id
    db.session.commit()
    run_jobs()
    return petition


def _titles(response) -> list[str]:
    return [line.strip() for line in text(response).split("petition-card")[1:]]


def test_search_finds_a_petition_by_meaning_in_another_language(client, make_petition, run_jobs):
    insulin = _published(
        make_petition,
        run_jobs,
        title="Бесплатный инсулин для детей",
        request="Выдавать инсулин детям с диабетом бесплатно.",
    )
    _published(
        make_petition, run_jobs, title="Ремонт дороги в Варзоб", request="Отремонтировать дорогу в Варзобском ущелье."
    )
    page = text(client.get("/en/petitions", query_string={"q": "free insulin for children with diabetes"}))
    assert insulin.title in page and "Варзоб" not in page
    tajik = text(client.get("/tg/petitions", query_string={"q": "инсулини ройгон барои кӯдакон"}))
    assert insulin.title in tajik


def test_lists_filter_and_sort(client, make_petition, make_user, make_agency):
    agency = make_agency()
    busy = make_petition(title="Busy petition", category="health", agency_id=agency.id, region_code="TJ-SU")
    quiet = make_petition(title="Quiet petition", category="transport", language="ru")
    closed = make_petition(state=State.CLOSED, title="Closed petition")
    for _ in range(3):
        signing.sign_as_user(busy, make_user())
    signing.sign_as_user(quiet, make_user())
    db.session.commit()
    listing = text(client.get("/en/petitions"))
    assert listing.index("Busy petition") < listing.index("Quiet petition") and "Closed petition" not in listing
    assert "Closed petition" in text(client.get("/en/petitions?list=closed"))
    assert "Quiet petition" not in text(client.get("/en/petitions?category=health"))
    assert "Quiet petition" not in text(client.get(f"/en/petitions?agency={agency.id}"))
    assert "Quiet petition" not in text(client.get("/en/petitions?region=TJ-SU"))
    assert "Busy petition" not in text(client.get("/en/petitions?language=ru"))
    # trending counts only the last 24 hours: the busy petition's signatures are made old
    db.session.execute(
        Signature.__table__.update()
        .where(Signature.petition_id == busy.id)
        .values(confirmed_at=utcnow() - timedelta(days=2))
    )
    db.session.commit()
    trending = text(client.get("/en/petitions?sort=trending"))
    assert trending.index("Quiet petition") < trending.index("Busy petition")
    assert closed.id and client.get("/en/petitions?list=nonsense&sort=nonsense&region=XX").status_code == 200


def test_atom_feeds_of_a_list_and_of_a_petition_name_no_signer(client, make_petition, make_user):
    petition = make_petition(title="Clean air in Dushanbe")
    signing.sign_as_user(petition, make_user(email="secret-signer@example.org", display_name="Secret Signer"))
    thresholds.check_thresholds(petition)
    db.session.commit()
    listing = client.get("/en/petitions/feed.atom")
    assert listing.mimetype == "application/atom+xml"
    entries = ElementTree.fromstring(listing.data).iter(f"{ATOM}entry")  # noqa: S314 - the app's own feed
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["Clean air in Dushanbe"]
    own = client.get(f"/ru/petitions/{petition.id}/feed.atom")
    ElementTree.fromstring(own.data)  # noqa: S314 - well-formed
    for body in (listing.get_data(as_text=True), own.get_data(as_text=True)):
        assert "secret-signer" not in body and "Secret Signer" not in body
    assert client.get(f"/en/petitions/{make_petition(state=State.MODERATION).id}/feed.atom").status_code == 404


def test_the_region_chart_and_table_show_counts_but_no_names(client, make_petition, make_user):
    petition = make_petition()
    for region in ("TJ-SU", "TJ-SU-KHU", "TJ-DU"):
        signing.sign_as_user(petition, make_user(region_code=region, display_name=f"Name {region}"))
    db.session.commit()
    page = text(client.get(f"/en/petitions/{petition.id}"))
    assert "<svg viewBox" in page and 'role="img"' in page and 'id="regions-table"' in page
    assert "Name TJ" not in page
    assert signing.by_region(petition) == [("TJ-SU", 2), ("TJ-DU", 1)]


@pytest.mark.parametrize("batch", [1, 2])
def test_telling_signers_resumes_and_tells_nobody_twice(app, make_petition, make_user, run_jobs, batch):
    petition = make_petition()
    signers = [make_user(locale=locale) for locale in ("en", "ru", "tg")]
    for signer in signers:
        signing.sign_as_user(petition, signer)
    db.session.add(PetitionResponse(petition=petition, body="We agree.", published_at=utcnow()))
    db.session.commit()
    response = petition.response
    response.notified_up_to = db.session.query(Signature.id).order_by(Signature.id).first()[0]  # a run died after one
    db.session.commit()
    with app.test_request_context():
        told = notify.notify_response(petition.id, batch=batch)
        db.session.commit()
        assert told == 2, "only the two signers the dead run had not told (it told the author first)"
        assert notify.notify_response(petition.id, batch=batch) == 0
    run_jobs()
    subjects = [e.subject for e in sent_emails()]
    assert len(subjects) == 2 and any("ответ" in s.lower() for s in subjects), subjects


def test_the_author_who_withdrew_is_told_too(app, make_petition, make_user):
    petition = make_petition()
    signing.sign_as_user(petition, make_user())
    db.session.add(PetitionResponse(petition=petition, body="We agree.", published_at=utcnow()))
    db.session.commit()
    with app.test_request_context():
        assert notify.notify_response(petition.id) == 2

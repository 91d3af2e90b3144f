"""The home page shows the living site: open consultations, petitions gathering signatures, the newest answers."""

from app.core.db import utcnow
from app.extensions import db
from app.main.home import HOME_ITEMS
from app.petitions.models import PetitionResponse, State
from tests.helpers import sql_statements, text


def test_the_home_page_lists_open_consultations_petitions_and_answers(client, make_consultation, make_petition):
    consultation, _article, _comment = make_consultation()
    open_petition = make_petition(title="Clean water for Khorog", signature_count=7)
    make_petition(state=State.DRAFT, title="A draft nobody may see yet")
    answered = make_petition(title="Street lights in Vahdat")
    db.session.add(PetitionResponse(petition_id=answered.id, body="We will install them.", published_at=utcnow()))
    db.session.commit()
    page = text(client.get("/en/"))
    assert f'href="/en/consultations/{consultation.id}">{consultation.title}</a>' in page
    assert f'href="/en/petitions/{open_petition.id}"' in page and "7 signatures" in page
    assert f'href="/en/petitions/{answered.id}#response-heading">Response to the petition: Street lights' in page
    assert "A draft nobody may see yet" not in page


def test_each_list_is_short_and_read_with_a_bounded_query(client, make_petition):
    for number in range(HOME_ITEMS + 3):
        make_petition(title=f"Petition number {number}", signature_count=number)
    with sql_statements() as statements:
        page = text(client.get("/en/"))
    shown = [number for number in range(HOME_ITEMS + 3) if f">Petition number {number}</a>" in page]
    assert shown == list(range(3, HOME_ITEMS + 3)), "the most signed first, a few only"
    listing = [s for s in statements if "FROM petitions" in s and "signature_count DESC" in s]
    assert listing and all("LIMIT" in s for s in listing)


def test_an_empty_site_says_there_is_nothing_yet(client):
    page = text(client.get("/en/"))
    assert page.count('<section aria-labelledby="home-') == 3
    for empty in ("No consultation is open", "No petition is gathering", "No answers have been published"):
        assert empty in page

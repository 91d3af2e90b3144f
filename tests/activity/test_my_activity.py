"""My activity (issue 16): a signed-in person's drafts, petitions, signatures, comments and votes, each linked."""

import re

from app.activity.services import PER_SECTION
from app.consultations import comments
from app.extensions import db
from app.petitions.models import Signature, SignatureState, State
from tests.conftest import PASSWORD
from tests.helpers import text


def _sign(petition, user, state=SignatureState.CONFIRMED) -> None:
    db.session.add(Signature(petition_id=petition.id, user_id=user.id, email=user.email, name="Me", state=state))
    db.session.commit()


def _links(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', page)


def test_my_activity_lists_and_links_what_i_did_and_nothing_of_anyone_else(
    app, client, make_user, make_petition, make_consultation
):
    me, other = make_user(), make_user()
    draft = make_petition(State.DRAFT, author=me, title="My unfinished draft")
    rejected = make_petition(State.REJECTED, author=me, title="My rejected petition")
    signed = make_petition(title="A petition I signed")
    _sign(signed, me)
    consultation, article, theirs = make_consultation()
    with app.test_request_context():
        mine = comments.add(consultation, me, "My comment on the article.", article).id
        comments.vote(theirs, me, 1)
        comments.add(consultation, other, "Someone else's comment.", article)
        db.session.commit()
    make_petition(State.DRAFT, author=other, title="Another person's draft")
    _sign(make_petition(title="Another person's signed petition"), other)
    theirs = theirs.id

    client.login(me.email, PASSWORD)
    page = text(client.get("/en/account/activity"))
    links = _links(page)
    assert f"/en/petitions/{draft.id}/edit" in links and "My unfinished draft" in page
    assert f"/en/petitions/{rejected.id}" in links and "Rejected" in page
    assert f"/en/petitions/{signed.id}" in links
    assert f"/en/consultations/{consultation.id}/provisions/{article.id}?comment={mine}#comment-{mine}" in links
    assert f"#comment-{theirs}" in page and "Agreed" in page and consultation.title in page
    assert "Another person" not in page and "Someone else" not in page
    assert '/en/account/activity">My activity</a>' in page  # in the account navigation
    assert "/en/account/activity" in _links(text(client.get("/en/account")))  # and on My account (narrow phones)


def test_my_activity_is_paged_per_section(client, make_user, make_petition):
    me = make_user()
    for number in range(PER_SECTION + 2):
        make_petition(State.DRAFT, author=me, title=f"Draft number {number:02d}")
    client.login(me.email, PASSWORD)
    first = text(client.get("/en/account/activity"))
    assert "Draft number 11" in first and "Draft number 01" not in first and "drafts=2" in first
    second = text(client.get("/en/account/activity?drafts=2"))
    assert "Draft number 01" in second and "Draft number 11" not in second


def test_my_activity_needs_a_signed_in_person(client):
    response = client.get("/en/account/activity")
    assert response.status_code == 302 and "/en/account/login" in response.location

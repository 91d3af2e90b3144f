"""Moderation of petitions: the author and the sponsors are told every decision, in their language; the moderation
page shows the similar petitions its author saw, each a click away from "reject as a duplicate of"."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.inbox.models import InboxMessage
from app.mail.models import OutgoingEmail
from app.petitions.models import Petition, Rejection, Signature, SignatureState, State
from app.submissions.models import Moderation
from app.submissions.scopes import PETITIONS
from app.submissions.services import submit
from tests.conftest import PASSWORD
from tests.helpers import text

TITLE = "Free insulin for every child with diabetes"


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def _mail(to: str) -> list[OutgoingEmail]:
    return list(db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.recipient == to)))


def _inbox(user) -> list[InboxMessage]:
    return list(db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id)))


@pytest.fixture
def waiting(app, make_user, make_agency, make_petition):
    """A petition waiting for moderation: its author writes in Russian, a sponsor without an account signed in Tajik,
    a later signer is no sponsor; and a moderator of its agency, signed in."""
    agency = make_agency()
    author = make_user(locale="ru")
    petition = make_petition(state=State.MODERATION, author=author, agency_id=agency.id)
    for number, sponsor in ((1, True), (2, False)):
        db.session.add(
            Signature(
                petition_id=petition.id,
                email=f"signer{number}@example.org",
                name=f"Signer {number}",
                locale="tg",
                state=SignatureState.CONFIRMED,
                sponsor=sponsor,
            )
        )
    db.session.commit()
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=agency))
    return petition, author, moderator, agency


def test_publication_is_told_to_the_author_and_the_sponsors(app, waiting):
    petition, author, moderator, agency = waiting
    page = f"/en/petitions/{petition.id}/moderate"
    moderator.submit(f"/en/petitions/{petition.id}/publish", {"agency_id": str(agency.id)}, form_url=page)
    (notice,) = _inbox(author)
    assert notice.subject == f"Петиция «{TITLE}» опубликована"
    assert notice.link == f"/ru/petitions/{petition.id}"
    assert [m.subject for m in _mail(author.email)] == [notice.subject]
    (sponsor_mail,) = _mail("signer1@example.org")
    assert sponsor_mail.subject == f"Муроҷиатномаи «{TITLE}» нашр шуд"
    assert f"/tg/petitions/{petition.id}" in sponsor_mail.body
    assert _mail("signer2@example.org") == [], "only sponsors: signers are told of the response"


def test_rejection_is_told_with_its_reason_and_read_in_the_inbox(app, waiting, make_petition):
    petition, author, moderator, _agency = waiting
    original = make_petition(title="Insulin pens free of charge")
    page = f"/en/petitions/{petition.id}/moderate"
    form = {"reason": "duplicate", "duplicate_of": str(original.id), "note": "Sign the first one."}
    assert moderator.submit(f"/en/petitions/{petition.id}/reject", form, form_url=page).status_code == 302
    (notice,) = _inbox(author)
    assert notice.subject == f"Петиция «{TITLE}» отклонена"
    assert "Причина: Уже есть петиция с таким же требованием." in notice.body
    assert f"Она повторяет петицию № {original.id}, «Insulin pens free of charge»." in notice.body
    assert "Пояснение модератора: Sign the first one." in notice.body
    reader = _signed_in(app, author)
    inbox_page = text(reader.get("/ru/inbox"))
    assert notice.subject in inbox_page
    (mail,) = _mail("signer1@example.org")
    assert mail.subject == f"Муроҷиатномаи «{TITLE}» рад карда шуд" and "Sign the first one." in mail.body


def test_hiding_is_told_with_the_moderators_reason(app, make_user, make_agency, make_petition):
    agency = make_agency()
    author = make_user(locale="en")
    petition = make_petition(state=State.OPEN, author=author, agency_id=agency.id)
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=agency))
    page = f"/en/petitions/{petition.id}/moderate"
    moderator.submit(f"/en/petitions/{petition.id}/hide", {"note": "It names a private person."}, form_url=page)
    (notice,) = _inbox(author)
    assert notice.subject == f"The petition “{TITLE}” was hidden by a moderator"
    assert notice.body == "The moderator's reason: It names a private person."


def test_the_moderation_page_offers_the_similar_petitions_for_a_one_click_duplicate(
    app, waiting, make_petition, run_jobs
):
    petition, author, moderator, _agency = waiting
    original = make_petition(title="Free insulin for children", request="Give insulin to children with diabetes free.")
    original.submission_id = submit(
        "petition", PETITIONS, f"{original.title}\n\n{original.request}", None, Moderation.PUBLISHED
    ).id
    db.session.commit()
    run_jobs()
    page = f"/en/petitions/{petition.id}/moderate"
    shown = text(moderator.get(page))
    assert "Similar petitions shown to the author" in shown and original.title in shown
    assert f'name="duplicate_of" value="{original.id}"' in shown
    click = moderator.submit(
        f"/en/petitions/{petition.id}/reject", {"reason": "duplicate", "duplicate_of": str(original.id)}, form_url=page
    )
    assert click.status_code == 302
    db.session.expire_all()
    rejected = db.session.get(Petition, petition.id)
    assert (rejected.state, rejected.rejection, rejected.duplicate_of_id) == (
        State.REJECTED,
        Rejection.DUPLICATE,
        original.id,
    )
    assert len(_inbox(author)) == 1

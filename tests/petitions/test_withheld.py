"""A petition rejected because it holds personal data is not published by its rejection: its page, the list of
rejected petitions and search show it to no one but its author and its moderators."""

from app.accounts.models import Role
from app.petitions.models import Rejection, State
from tests.conftest import PASSWORD
from tests.helpers import text

PERSONAL = "Uvolit Rahimova Nigina, tel. +992 900 00 00 00"


def test_a_petition_rejected_for_personal_data_is_withheld_from_the_public(
    app, client, make_petition, make_user, make_agency
):
    agency = make_agency()
    author = make_user()
    withheld = make_petition(
        State.REJECTED, author=author, title=PERSONAL, rejection=Rejection.PERSONAL_DATA, agency_id=agency.id
    )
    remit = make_petition(State.REJECTED, title="Build a bridge to the moon", rejection=Rejection.REMIT)

    assert client.get(f"/en/petitions/{withheld.id}").status_code == 404
    listed = text(client.get("/en/petitions", query_string={"list": "rejected"}))
    assert remit.title in listed and PERSONAL not in listed, "other rejections stay public, with their reason"
    assert client.get(f"/en/petitions/{remit.id}").status_code == 200

    own = app.test_client()
    assert own.login(author.email, PASSWORD).status_code == 302
    assert PERSONAL in text(own.get(f"/en/petitions/{withheld.id}")), "its author still reads it"
    moderator = app.test_client()
    assert moderator.login(make_user(role=Role.MODERATOR, agency=agency).email, PASSWORD).status_code == 302
    assert moderator.get(f"/en/petitions/{withheld.id}").status_code == 200

"""What the grouped-review tests share: comments and petitions for the worker to group, staff who review them."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.consultations import comments
from app.extensions import db
from app.submissions import services as submissions
from app.submissions.models import Moderation, Submission
from app.submissions.scopes import PETITIONS
from tests.conftest import PASSWORD

#: One request in three languages, which the engine puts in one group: kindergarten fees are too high.
FEES = [
    ("ru", "Плата за детский сад слишком высокая, семьи не могут её платить."),
    ("tg", "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд."),
    ("en", "Kindergarten fees are far too high for ordinary families to pay."),
]
BUS = "Please restore the night bus from the railway station to the northern districts."


def submission(body: str) -> Submission:
    return db.session.scalars(select(Submission).where(Submission.body == body)).one()


def event(action: str) -> AuditEvent:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).one()


@pytest.fixture
def add_comments(app, make_user):
    """Factory: comments on a consultation (on `provision`, or on the whole draft), each by a new citizen with
    `author_fields`; committed, so that the worker groups them. Returns their ids."""

    def add(consultation, bodies, provision=None, **author_fields) -> list[int]:
        with app.test_request_context():
            added = [comments.add(consultation, make_user(**author_fields), body, provision).id for body in bodies]
            db.session.commit()  # inside: the request context has a session of its own
        return added

    return add


@pytest.fixture
def pool_petition(make_petition):
    """Factory: a petition in the pool of petitions as the engine sees it, addressed to `agency` if given."""

    def make(title: str, request: str, agency=None, moderation=Moderation.PUBLISHED):
        addressed = {"agency_id": agency.id} if agency is not None else {}
        petition = make_petition(title=title, request=request, **addressed)
        body = f"{title}\n\n{request}"
        petition.submission_id = submissions.submit("petition", PETITIONS, body, petition.author, moderation).id
        db.session.commit()
        return petition

    return make


@pytest.fixture
def staff_client(app, make_user):
    """Factory: a test client signed in as a new member of an agency's staff (an official unless said)."""

    def sign_in(agency, role=Role.OFFICIAL):
        browser = app.test_client()
        assert browser.login(make_user(role=role, agency=agency).email, PASSWORD).status_code == 302
        return browser

    return sign_in

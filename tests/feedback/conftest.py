"""What the grouped-review tests share: comments for the worker to group (petitions and staff: tests/conftest.py)."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.consultations import comments
from app.extensions import db
from app.submissions.models import Submission

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

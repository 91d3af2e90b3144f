"""The status of each group, with a reason and an audit trail, and when a decision is due."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.core.db import utcnow
from app.extensions import db
from app.feedback import reviews, scopes
from app.feedback.models import ReviewStatus
from app.feedback.reviews import ReviewError
from app.submissions.models import Cluster, Moderation, Submission

REASON = "Fees are capped, not abolished."
INSULIN = ("Free insulin for every child with diabetes", "Provide insulin pens free of charge in every clinic.")
BRIDGE = ("Rebuild the bridge over the Vakhsh river", "The old bridge near Bokhtar is closed; trucks go 60 km around.")
CASINO = ("Open a casino in every village", "Buy cheap pills at my-spam-shop dot com, best prices.")


@pytest.fixture
def agency(make_agency):
    return make_agency()


@pytest.fixture
def official(make_user, agency):
    return make_user(role=Role.OFFICIAL, agency=agency)


def consultation_comment(make_consultation, agency) -> int:
    """The submission of the one comment on a new consultation of this agency."""
    return make_consultation(agency=agency)[2].submission_id


def cluster_of(submission_id: int) -> Cluster:
    return db.session.get(Cluster, db.session.get(Submission, submission_id).cluster_id)


@pytest.fixture
def groups(agency, make_agency, make_consultation, pool_petition, run_jobs) -> dict[str, Cluster]:
    """Groups of four consultations and of the petition pool, for `agency` and for another one."""
    other = make_agency()
    members = {
        name: consultation_comment(make_consultation, agency) for name in ("new", "reviewing", "decided", "later")
    }
    members["other"] = consultation_comment(make_consultation, other)
    members["insulin"] = pool_petition(*INSULIN, agency).submission_id
    members["bridge"] = pool_petition(*BRIDGE, other).submission_id
    run_jobs()
    found = {name: cluster_of(submission_id) for name, submission_id in members.items()}
    assert found["insulin"].id != found["bridge"].id, "premise: the two petitions are different groups"
    return found


def test_a_decision_needs_a_reason_and_is_audited(groups, official):
    group = groups["new"]
    for status in (ReviewStatus.ACCEPTED, ReviewStatus.PARTLY_ACCEPTED, ReviewStatus.REJECTED, ReviewStatus.NOTED):
        with pytest.raises(ReviewError):
            reviews.set_status(group, status, "   ", actor=official)
    with pytest.raises(ReviewError):
        reviews.set_status(group, ReviewStatus.NOTED, "x" * (reviews.MAX_REASON + 1), actor=official)
    assert reviews.review_of(group) is None and not group.locked

    reviews.set_status(group, ReviewStatus.UNDER_REVIEW, actor=official)
    db.session.commit()
    assert group.locked, "a reviewed group keeps its shape"
    day = utcnow().date() + timedelta(days=3)
    reviews.set_status(group, ReviewStatus.PARTLY_ACCEPTED, f" {REASON} ", day, official)
    db.session.commit()
    review = reviews.review_of(group)
    assert (review.status, review.due_on, review.reason) == (ReviewStatus.PARTLY_ACCEPTED, day, REASON)
    assert review.changed_by_id == official.id and review.status.decided
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cluster.status").order_by(AuditEvent.id))
    trail = [(e.target_id, e.actor_id, e.details["before"], e.details["after"]) for e in events]
    nothing = {"status": "new", "reason": "", "due_on": None}
    reviewing = {"status": "under_review", "reason": "", "due_on": None}
    decided = {"status": "partly_accepted", "reason": REASON, "due_on": day.isoformat()}
    assert trail == [(group.id, official.id, nothing, reviewing), (group.id, official.id, reviewing, decided)]


def test_the_default_due_date_follows_the_consultation_and_an_own_date_wins(app, groups, official, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_REVIEW_DAYS", 7)
    group = groups["new"]
    consultation = scopes.consultation_of(group)
    assert reviews.default_due(group) == consultation.closes_at.date() + timedelta(days=7)
    consultation.closes_at = utcnow() - timedelta(days=40)  # closed before the group formed
    db.session.commit()
    assert reviews.default_due(group) == group.created_at.date() + timedelta(days=7)
    assert reviews.due_on(group, None) == reviews.default_due(group)
    assert reviews.default_due(groups["insulin"]) == groups["insulin"].created_at.date() + timedelta(days=7)

    own = utcnow().date() + timedelta(days=100)
    review = reviews.set_status(group, ReviewStatus.UNDER_REVIEW, due_on=own, actor=official)
    assert reviews.due_on(group, review) == own


def test_overdue_lists_the_agencys_undecided_groups_past_their_date(groups, official, agency):
    reviews.set_status(groups["reviewing"], ReviewStatus.UNDER_REVIEW, actor=official)
    reviews.set_status(groups["decided"], ReviewStatus.ACCEPTED, "Done.", actor=official)
    db.session.commit()
    assert reviews.overdue(agency.id) == [], "nothing is due yet"

    month_after = reviews.default_due(groups["new"]) + timedelta(days=1)
    reviews.set_status(groups["later"], ReviewStatus.UNDER_REVIEW, due_on=month_after + timedelta(days=1))
    db.session.commit()
    late = reviews.overdue(agency.id, today=month_after)
    assert late[0].cluster.id == groups["insulin"].id, "the petition's group was due first (no consultation)"
    assert {row.cluster.id for row in late} == {groups[name].id for name in ("insulin", "new", "reviewing")}
    assert {row.cluster.id: row.status for row in late}[groups["reviewing"].id] == ReviewStatus.UNDER_REVIEW
    assert all(row.due < month_after for row in late)
    everyone = {row.cluster.id for row in reviews.overdue(None, today=month_after)}
    assert everyone == {groups[name].id for name in ("insulin", "new", "reviewing", "other", "bridge")}


def test_an_unpublished_petition_does_not_make_a_group_the_agencys(agency, pool_petition, run_jobs):
    rejected = pool_petition(*CASINO, agency, Moderation.REJECTED).submission_id
    run_jobs()
    assert cluster_of(rejected).size == 1, "premise: the engine grouped it all the same"
    assert reviews.overdue(agency.id, today=utcnow().date() + timedelta(days=400)) == []

"""Working on groups through the workspace's forms: merge, split, move, pin, decide, answer, regroup."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.consultations import comments
from app.consultations.models import Comment
from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import ClusterAnswer, ClusterReview, ReviewStatus
from app.inbox.models import InboxMessage
from app.submissions import services as submissions
from app.submissions.models import Cluster, Submission
from app.tracker import ranking
from tests.conftest import PASSWORD
from tests.feedback.conftest import submission
from tests.helpers import text

IDEAS = [
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Kindergarten fees are far too high for ordinary families to pay.",
    "Нужно построить новую дорогу между сёлами, старая разрушена.",
    "The road between the villages is broken and a new one must be built.",
]


@pytest.fixture
def consultation(make_consultation, add_comments, run_jobs):
    consultation, article, _first = make_consultation()
    add_comments(consultation, IDEAS, article, locale="ru")
    run_jobs()
    return consultation


def _groups(consultation) -> list[Cluster]:
    query = select(Cluster).where(Cluster.scope == consultation.scope, Cluster.size > 0).order_by(Cluster.id)
    return list(db.session.scalars(query))


def test_merge_split_move_and_pin_from_the_forms_survive_regrouping(consultation, staff_client):
    browser = staff_client(consultation.agency, Role.MODERATOR)
    workspace = f"/en/review/consultations/{consultation.id}"
    fees, road = submission(IDEAS[0]), submission(IDEAS[2])
    if fees.cluster_id == road.cluster_id:  # the engine grouped two ideas: split them first
        browser.submit(
            f"/en/review/clusters/{fees.cluster_id}/members", {"ids": [road.id], "action": "split"}, form_url=workspace
        )
        db.session.expire_all()
    merged = browser.submit("/en/review/merge", {"ids": [fees.cluster_id, road.cluster_id]}, form_url=workspace)
    assert merged.status_code == 302
    db.session.expire_all()
    assert submission(IDEAS[0]).cluster_id == submission(IDEAS[2]).cluster_id
    target = db.session.get(Cluster, submission(IDEAS[0]).cluster_id)
    assert target.locked
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cluster.merge")).actor_id is not None

    split = browser.submit(
        f"/en/review/clusters/{target.id}/members", {"ids": [road.id], "action": "split"}, form_url=workspace
    )
    assert split.status_code == 302
    db.session.expire_all()
    apart = submission(IDEAS[2]).cluster_id
    assert apart != target.id

    browser.submit(f"/en/review/clusters/{target.id}/members", {"pin": fees.id}, form_url=workspace)
    db.session.expire_all()
    assert db.session.get(Submission, fees.id).pinned
    submissions.refine(consultation.scope)
    db.session.commit()
    assert submission(IDEAS[2]).cluster_id == apart, "automation never merges what an official split"
    assert submission(IDEAS[0]).cluster_id == target.id


def test_refusals_are_said_and_change_nothing(consultation, staff_client):
    browser = staff_client(consultation.agency)
    workspace = f"/en/review/consultations/{consultation.id}"
    group = _groups(consultation)[0]
    members = [s.id for s in db.session.scalars(select(Submission).where(Submission.cluster_id == group.id))]
    response = browser.submit("/en/review/merge", {"ids": [group.id]}, form_url=workspace, follow_redirects=True)
    assert "Choose at least two groups to merge." in text(response)
    response = browser.submit(
        f"/en/review/clusters/{group.id}/members",
        {"ids": members, "action": "split"},
        form_url=workspace,
        follow_redirects=True,
    )
    assert "at least one" in text(response)
    response = browser.submit(
        f"/en/review/clusters/{group.id}/status",
        {"status": "rejected", "reason": "  "},
        form_url=workspace,
        follow_redirects=True,
    )
    assert "a decision needs a reason" in text(response) and response.status_code == 200
    assert db.session.scalar(select(ClusterReview)) is None
    assert db.session.scalar(select(ClusterAnswer)) is None


def test_status_due_date_and_the_overdue_list(consultation, staff_client):
    browser = staff_client(consultation.agency)
    workspace = f"/en/review/consultations/{consultation.id}"
    first, second = _groups(consultation)[:2]
    past = (utcnow() - timedelta(days=3)).date()
    browser.submit(
        f"/en/review/clusters/{first.id}/status",
        {"status": "under_review", "reason": "", "due_on": past.isoformat()},
        form_url=workspace,
    )
    browser.submit(
        f"/en/review/clusters/{second.id}/status",
        {"status": "partly_accepted", "reason": "Fees will be capped for large families."},
        form_url=workspace,
    )
    db.session.expire_all()
    assert db.session.scalar(select(ClusterReview).where(ClusterReview.cluster_id == second.id)).status == (
        ReviewStatus.PARTLY_ACCEPTED
    )
    overdue = text(browser.get("/en/review/overdue"))
    assert f"/review/clusters/{first.id}" in overdue and f"/review/clusters/{second.id}" not in overdue
    decided = text(browser.get(f"{workspace}?status=partly_accepted"))
    assert f"/review/clusters/{second.id}" in decided and f'/review/clusters/{first.id}"' not in decided
    assert "Overdue since" in text(browser.get(workspace))


def test_an_answered_group_is_late_nowhere(consultation, staff_client):
    browser = staff_client(consultation.agency)
    workspace = f"/en/review/consultations/{consultation.id}"
    group = _groups(consultation)[0]
    past = (utcnow() - timedelta(days=3)).date()
    browser.submit(
        f"/en/review/clusters/{group.id}/status",
        {"status": "under_review", "reason": "", "due_on": past.isoformat()},
        form_url=workspace,
    )
    assert "Overdue since" in text(browser.get(f"/en/review/clusters/{group.id}")), "premise: late before the answer"
    browser.submit(
        f"/en/review/clusters/{group.id}/answer",
        {"body": "Fees will be capped."},
        form_url=f"/en/review/clusters/{group.id}",
    )
    db.session.expire_all()
    assert db.session.scalar(select(ClusterAnswer).where(ClusterAnswer.cluster_id == group.id)) is not None
    assert "Overdue since" not in text(browser.get(workspace)), "the other groups are not due yet"
    page = text(browser.get(f"/en/review/clusters/{group.id}"))
    assert "Overdue since" not in page and "Due on" not in page, "an answered group waits for nothing"
    assert f"/review/clusters/{group.id}" not in text(browser.get("/en/review/overdue"))
    (figures,) = ranking.agency_statistics([consultation.agency_id])
    assert figures.overdue_now == 0


def test_answer_reaches_the_authors_and_a_later_joiner(app, make_user, consultation, staff_client, run_jobs):
    browser = staff_client(consultation.agency)
    fees = submission(IDEAS[0])
    authors = {
        s.author_id for s in db.session.scalars(select(Submission).where(Submission.cluster_id == fees.cluster_id))
    }
    response = browser.submit(
        f"/en/review/clusters/{fees.cluster_id}/answer",
        {"body": "We will **cap** the fee. <script>alert(1)</script>"},
        form_url=f"/en/review/clusters/{fees.cluster_id}",
    )
    assert response.status_code == 302
    run_jobs()
    told = {m.user_id for m in db.session.scalars(select(InboxMessage))}
    assert authors <= told
    page = text(browser.get(f"/en/review/clusters/{fees.cluster_id}"))
    assert "<strong>cap</strong>" in page and "<script>alert" not in page

    late = make_user(locale="ru")
    article = db.session.scalar(select(Comment).where(Comment.submission_id == fees.id)).provision
    with app.test_request_context():  # on the article: a comment on the whole draft would wait for an official
        comments.add(consultation, late, "Родители не в состоянии платить такую высокую плату за детский сад.", article)
        db.session.commit()
    run_jobs()
    joined = db.session.scalar(select(Submission).where(Submission.author_id == late.id))
    if joined.cluster_id == fees.cluster_id:
        assert db.session.scalar(select(InboxMessage).where(InboxMessage.user_id == late.id)) is not None
    else:  # the engine placed it elsewhere: an official moves it, and then it is told
        browser.submit(
            f"/en/review/clusters/{joined.cluster_id}/members",
            {"ids": [joined.id], "target": fees.cluster_id, "action": "move"},
            form_url=f"/en/review/clusters/{fees.cluster_id}",
        )
        run_jobs()
        assert db.session.scalar(select(InboxMessage).where(InboxMessage.user_id == late.id)) is not None


def test_moderators_shape_but_only_officials_decide(consultation, staff_client):
    moderator = staff_client(consultation.agency, Role.MODERATOR)
    group = _groups(consultation)[0]
    page = text(moderator.get(f"/en/review/clusters/{group.id}"))
    assert "Pin to this group" in page and "Publish the answer" not in page
    response = moderator.submit(
        f"/en/review/clusters/{group.id}/answer",
        {"body": "Not mine to say."},
        form_url=f"/en/review/clusters/{group.id}",
    )
    assert response.status_code == 403
    assert db.session.scalar(select(ClusterAnswer)) is None


def test_regroup_now_reports_its_progress(consultation, staff_client, run_jobs):
    browser = staff_client(consultation.agency)
    workspace = f"/en/review/consultations/{consultation.id}"
    started = browser.submit(f"{workspace}/regroup", form_url=workspace)
    assert started.status_code == 302 and "job=" in started.location
    job_id = started.location.split("job=")[1]
    assert "Regrouping has started" in text(browser.get(started.location))
    assert browser.get(f"/en/review/jobs/{job_id}").get_json()["status"] == "queued"
    run_jobs()
    progress = browser.get(f"/en/review/jobs/{job_id}").get_json()
    assert progress == {"status": "finished", "progress": 1.0}
    assert browser.get("/en/review/jobs/not-a-job").status_code == 404
    assert browser.get("/en/review/jobs/job²").status_code == 404  # not an id RQ takes: no 500


def test_the_petition_pool_is_reviewed_by_the_agency_addressed(app, make_user, make_agency, make_petition, run_jobs):
    agency = make_agency()
    petition = make_petition(agency_id=agency.id)
    petition.submission_id = submissions.submit("petition", "petitions", petition.request).id
    db.session.commit()
    run_jobs()
    submission = db.session.get(Submission, petition.submission_id)
    assert submission.cluster_id is not None
    official = app.test_client()
    official.login(make_user(role=Role.OFFICIAL, agency=agency).email, PASSWORD)
    assert f"/review/clusters/{submission.cluster_id}" in text(official.get("/en/review/petitions"))
    stranger = app.test_client()
    stranger.login(make_user(role=Role.OFFICIAL).email, PASSWORD)
    assert stranger.get(f"/en/review/clusters/{submission.cluster_id}").status_code == 403
    assert f"/review/clusters/{submission.cluster_id}" not in text(stranger.get("/en/review/petitions"))

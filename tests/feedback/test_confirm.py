"""Safe to answer: a group's answer reaches its firm members at once, and a weakly attached one only after an
official confirms that it belongs ("Belongs here"); until then it is marked "To confirm" and listed first."""

from sqlalchemy import select

from app.extensions import db
from app.feedback import answers, publicity
from app.inbox.models import InboxMessage
from app.submissions.models import Cluster, Submission
from app.submissions.services import is_firm
from tests.feedback.conftest import FEES, submission
from tests.helpers import text


def _told(submission_: Submission) -> bool:
    return db.session.scalar(select(InboxMessage.id).where(InboxMessage.user_id == submission_.author_id)) is not None


def test_a_weak_member_is_told_the_answer_only_once_an_official_confirms_it(
    app, make_consultation, add_comments, run_jobs, staff_client
):
    consultation, article, _ = make_consultation()
    add_comments(consultation, [body for _, body in FEES], article)
    run_jobs()
    members = [submission(body) for _, body in FEES]
    assert len({m.cluster_id for m in members}) == 1
    assert all(m.firmness is not None for m in members), "the worker writes how firmly each member belongs"
    weak = members[2]
    weak.firmness = -0.02  # as the engine says of a member that barely joined
    db.session.commit()
    group = db.session.get(Cluster, weak.cluster_id)

    browser = staff_client(consultation.agency)
    page = text(browser.get(f"/en/review/clusters/{group.id}"))
    assert "To confirm" in page and "Belongs here" in page
    assert page.index(FEES[2][1]) < page.index(FEES[0][1]), "members to confirm are listed first"
    assert "1 member joined this group only weakly" in page

    answers.publish(group, "Fees will be capped at 150 somoni from September.")
    db.session.commit()
    run_jobs()
    assert _told(members[0]) and _told(members[1]) and not _told(weak)
    comment = weak.comment if hasattr(weak, "comment") else None
    shown = publicity.comment_answers(
        consultation, [c for c in consultation_comments(consultation) if c.submission_id == weak.id]
    )
    assert shown == {}, "the public page shows the group's answer under a weak member only once it is confirmed"
    del comment

    browser.submit(
        f"/en/review/clusters/{group.id}/members", {"pin": weak.id}, form_url=f"/en/review/clusters/{group.id}"
    )
    run_jobs()
    assert db.session.get(Submission, weak.id).pinned and _told(weak)
    assert "To confirm" not in text(browser.get(f"/en/review/clusters/{group.id}"))


def consultation_comments(consultation):
    from app.consultations.models import Comment

    return list(db.session.scalars(select(Comment).where(Comment.consultation_id == consultation.id)))


def test_a_comment_on_the_whole_draft_in_an_articles_group_waits_for_an_official(
    app, make_consultation, add_comments, run_jobs, staff_client
):
    """The article's answer is about the article: a comment on the whole draft that the engine put with the
    article's comments is marked "To confirm" and "On the draft as a whole", and its author is told once an
    official says it belongs."""
    consultation, article, _ = make_consultation()
    add_comments(consultation, [body for _, body in FEES[:2]], article)
    add_comments(consultation, [FEES[2][1]])
    run_jobs()
    on_article, whole = [submission(body) for _, body in FEES[:2]], submission(FEES[2][1])
    assert whole.section is None and len({m.cluster_id for m in [*on_article, whole]}) == 1, "premise: one group"
    assert all(is_firm(m) for m in on_article) and not is_firm(whole) and whole.firmness <= 0

    group = db.session.get(Cluster, whole.cluster_id)
    browser = staff_client(consultation.agency)
    page = text(browser.get(f"/en/review/clusters/{group.id}"))
    members = page[page.index("1 member joined this group only weakly") :]  # listed first, and why
    assert members.index("On the draft as a whole") < members.index(">To confirm<") < members.index(FEES[2][1])
    assert members.index(FEES[2][1]) < members.index(FEES[0][1]) and page.count("On the draft as a whole") == 1

    answers.publish(group, "Fees will be capped at 150 somoni from September.")
    db.session.commit()
    run_jobs()
    assert all(_told(m) for m in on_article) and not _told(whole)
    browser.submit(
        f"/en/review/clusters/{group.id}/members", {"confirm": whole.id}, form_url=f"/en/review/clusters/{group.id}"
    )
    run_jobs()
    assert _told(whole) and "To confirm" not in text(browser.get(f"/en/review/clusters/{group.id}"))

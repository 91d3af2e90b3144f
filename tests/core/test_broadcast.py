"""Telling many people once (app/core/broadcast.py): batches claimed by moving a mark, one bulk mail job each.

Told through its real users, a petition's response (the mark is a signature id) and an answer to a group
(the mark counts batches, who was told is written down), on the real database and a real RQ worker.
"""

import math
import threading
from collections import Counter

import pytest
from rq import Queue
from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.queue import DEFAULT_QUEUE, HIGH_QUEUE, get_redis
from app.extensions import db
from app.feedback import answers
from app.feedback.models import AnswerNotice, ClusterAnswer
from app.mail.models import OutgoingEmail
from app.petitions import notify
from app.petitions.models import PetitionResponse, Signature
from app.submissions.models import Cluster, Moderation, Processing, Submission
from tests.helpers import sent_emails, signature


def answered_petition(make_petition, signers: int, author=None):
    petition = make_petition(author=author)
    now = utcnow()
    db.session.add_all(signature(petition, number, now) for number in range(signers))
    db.session.add(PetitionResponse(petition=petition, body="We agree.", published_at=now))
    db.session.commit()
    return petition


def queued_mail() -> Counter:
    """How many messages each address was given (queued, delivered or not)."""
    return Counter(db.session.scalars(select(OutgoingEmail.recipient)))


def delivered_once(count: int) -> None:
    sent = Counter(email.recipient for email in sent_emails())
    assert len(sent) == count and set(sent.values()) == {1}


def run_beside(app, job, *args, **kwargs) -> list:
    """Run a job to its end in another thread, with a session of its own (as a second worker would)."""
    results = []

    def run():
        with app.test_request_context():
            try:
                results.append(job(*args, **kwargs))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test looks at it
                results.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    return results


def meanwhile(monkeypatch, module, name: str, at_read: int, second_run) -> None:
    """When this thread's run has read its `at_read`th batch, and before it claims it, a second run goes."""
    real, reads, me = getattr(module, name), [], threading.current_thread()

    def read(*args):
        people = real(*args)
        if threading.current_thread() is me:
            reads.append(people)
            if len(reads) == at_read:
                second_run()
        return people

    monkeypatch.setattr(module, name, read)


def test_a_run_that_dies_half_way_is_resumed_and_tells_nobody_twice(app, make_petition, monkeypatch, run_jobs):
    petition = answered_petition(make_petition, 7)  # and its author, who did not sign: 8 people
    real_tell, calls = notify._tell, []

    def dies_in_the_second_batch(*args):
        calls.append(args)
        if len(calls) == 5:
            raise ConnectionError("the worker died")
        return real_tell(*args)

    monkeypatch.setattr(notify, "_tell", dies_in_the_second_batch)
    with app.test_request_context():
        with pytest.raises(ConnectionError):
            notify.notify_response(petition.id, batch=3)
        db.session.rollback()
        monkeypatch.undo()
        assert len(queued_mail()) == 3, "the first batch (the author and two signers) was committed"
        second_signer = db.session.scalars(select(Signature.id).order_by(Signature.id).offset(1)).first()
        assert db.session.scalar(select(PetitionResponse.notified_up_to)) == second_signer
        assert notify.notify_response(petition.id, batch=3) == 5
        db.session.commit()
        assert notify.notify_response(petition.id, batch=3) == 0
    assert set(queued_mail().values()) == {1}
    assert run_jobs() == 3, "one delivery job per batch"
    delivered_once(8)


@pytest.mark.parametrize("at_read", [1, 2])
def test_two_runs_interleaved_tell_each_person_once(app, make_petition, monkeypatch, run_jobs, at_read):
    petition = answered_petition(make_petition, 6)  # 7 people with the author, in batches of 2
    second = []
    meanwhile(
        monkeypatch,
        notify,
        "_recipients",
        at_read,
        lambda: second.extend(run_beside(app, notify.notify_response, petition.id, batch=2)),
    )
    with app.test_request_context():
        first = notify.notify_response(petition.id, batch=2)
        db.session.commit()
    assert (first, second) == (2 * (at_read - 1), [7 - 2 * (at_read - 1)]), "the first run lost its claim"
    assert len(queued_mail()) == 7 and set(queued_mail().values()) == {1}
    run_jobs()
    delivered_once(7)


@pytest.mark.parametrize("batch", [notify.BATCH, 300])
def test_a_response_to_a_thousand_signers_is_one_bulk_job_per_batch_on_the_default_queue(
    app, make_petition, make_user, run_jobs, batch
):
    author = make_user(email="signer0@example.org")  # signed first: told as a signer
    petition = answered_petition(make_petition, 1000, author=author)
    with app.test_request_context():
        assert notify.notify_response(petition.id, batch=batch) == 1000
        db.session.commit()
    high, default = (Queue(name, connection=get_redis()) for name in (HIGH_QUEUE, DEFAULT_QUEUE))
    assert high.count == 0, "nothing ahead of the sign-up confirmations"
    jobs = default.jobs
    assert [job.func_name for job in jobs] == ["workers.mail.deliver_emails"] * math.ceil(1000 / batch)
    assert sum(len(job.args[0]) for job in jobs) == 1000
    assert run_jobs() == len(jobs)
    delivered_once(1000)


# -- answers: the people to tell are those not told yet, the mark counts batches ------------------------------


def answered_group(authors) -> ClusterAnswer:
    group = Cluster(scope="consultation:1", model="test", size=len(authors))
    db.session.add(group)
    db.session.flush()
    for author in authors:
        join(group.id, author)
    answer = ClusterAnswer(cluster_id=group.id, body="The fee is capped at **100 somoni**.")
    db.session.add(answer)
    db.session.commit()
    return answer


def join(cluster_id: int, author) -> None:
    body = f"A comment by {author.display_name}"
    db.session.add(
        Submission(
            kind="comment",
            scope="consultation:1",
            author_id=author.id,
            body=body,
            content_hash=body,
            moderation=Moderation.PUBLISHED,
            processing=Processing.DONE,
            cluster_id=cluster_id,
        )
    )


def test_an_answer_reaches_a_late_joiner_with_a_lower_user_id_than_anyone_told(app, make_user, run_jobs):
    joiner = make_user()  # the lowest user id of all: no mark by user id would reach them
    answer = answered_group([make_user() for _ in range(3)])
    with app.test_request_context():
        assert answers.deliver(answer.id, batch=2) == 3
        db.session.commit()
        join(answer.cluster_id, joiner)
        db.session.commit()
        assert answers.deliver(answer.id, batch=2) == 1
        db.session.commit()
        assert answers.deliver(answer.id, batch=2) == 0
    assert queued_mail()[joiner.email] == 1 and set(queued_mail().values()) == {1}
    run_jobs()
    delivered_once(4)


def test_two_runs_of_an_answers_delivery_interleaved_tell_each_author_once(app, make_user, monkeypatch, run_jobs):
    answer = answered_group([make_user() for _ in range(5)])
    second = []
    meanwhile(
        monkeypatch,
        answers,
        "_authors",
        2,
        lambda: second.extend(run_beside(app, answers.deliver, answer.id, batch=2)),
    )
    with app.test_request_context():
        first = answers.deliver(answer.id, batch=2)
        db.session.commit()
    assert (first, second) == (2, [3]), "the first run told one batch, then lost its claim to the second"
    assert db.session.scalar(select(func.count()).select_from(AnswerNotice)) == 5
    assert db.session.scalar(select(ClusterAnswer.batches_told)) == 3
    run_jobs()
    delivered_once(5)

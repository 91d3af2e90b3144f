"""An answer to a group reaches every author (and every signer of a grouped petition) once, in their language."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.accounts.models import Role
from app.consultations import comments, reports
from app.consultations.models import Comment, ReportReason
from app.core.db import utcnow
from app.core.queue import get_queue, get_redis
from app.extensions import db
from app.feedback import answers
from app.feedback.answers import AnswerError
from app.feedback.models import AnswerNotice, ClusterAnswer
from app.following import services as following
from app.following.models import Kind
from app.inbox.models import InboxMessage
from app.mail.models import OutgoingEmail
from app.petitions.models import Signature, SignatureState
from app.submissions import services
from app.submissions.models import Cluster, Moderation, Processing, Submission
from tests.feedback.conftest import BUS, FEES, event, submission
from workers.feedback import deliver_answer
from workers.sweeper import sweep

SUBJECT = "An official answer to what you wrote on “%(title)s”"
TITLE = "Draft law on public consultations"  # the consultation's, from make_consultation
PETITIONS_SUBJECT = "An official answer to the petition “%(title)s” and those like it"
AGAIN = "Детский сад стоит слишком дорого, многим семьям он не по карману."  # by the Russian author again
HIDDEN = "Садик слишком дорогой, платить за него семьям нечем."
REJECTED = "Kindergarten is too expensive, families cannot afford the monthly fee."
ANSWER = "From September the fee is capped at **100 somoni** a month."


@pytest.fixture
def fees(app, make_user, make_consultation, run_jobs) -> dict:
    """Fee comments grouped by the worker: authors in three languages (one wrote twice), one hidden, one rejected."""
    consultation, _article, _first = make_consultation()
    people = {locale: make_user(locale=locale) for locale in ("ru", "tg", "en")}
    hidden, rejected, elsewhere = make_user(), make_user(), make_user()
    with app.test_request_context():
        for locale, body in [*FEES, ("ru", AGAIN)]:
            comments.add(consultation, people[locale], body)
        reported = comments.add(consultation, hidden, HIDDEN)
        for _ in range(app.config["OVOZ_REPORTS_TO_HIDE"]):
            reports.report(reported, make_user(created_at=utcnow() - timedelta(days=30)), ReportReason.SPAM)
        comments.moderate(comments.add(consultation, rejected, REJECTED), make_user(role=Role.MODERATOR), False)
        comments.add(consultation, elsewhere, BUS)
        db.session.commit()
    run_jobs()
    group = db.session.get(Cluster, submission(FEES[0][1]).cluster_id)
    members = {body for _locale, body in FEES} | {AGAIN, HIDDEN, REJECTED}
    assert {submission(body).cluster_id for body in members} == {group.id}, "premise: one group on fees"
    assert submission(BUS).cluster_id != group.id
    assert (submission(HIDDEN).moderation, submission(REJECTED).moderation) == (Moderation.PENDING, Moderation.REJECTED)
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency)
    return people | {
        "consultation": consultation,
        "group": group,
        "official": official,
        "not told": [hidden, rejected, elsewhere],
    }


def inbox(user) -> list[InboxMessage]:
    return list(db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id)))


def mail(email: str) -> list[OutgoingEmail]:
    return list(db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.recipient == email)))


def translated(app, locale: str, text: str, **values) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(text, **values)


def comment_of(body: str) -> Comment:
    return db.session.scalars(select(Comment).where(Comment.submission_id == submission(body).id)).one()


def publish(fees, body: str = ANSWER) -> ClusterAnswer:
    answer = answers.publish(fees["group"], body, actor=fees["official"])
    db.session.commit()
    return answer


def told_once(app, user, subject: str = SUBJECT, title: str = TITLE) -> None:
    """One inbox message and one delivered e-mail, in the person's language, saying what and where."""
    (message,) = inbox(user)
    (email,) = mail(user.email)
    assert message.subject == email.subject == translated(app, user.locale, subject, title=title)
    assert email.body.startswith(translated(app, user.locale, "Hello %(name)s,", name=user.display_name))
    assert message.body.endswith(translated(app, user.locale, "Read the answer given to everyone who said the same."))
    assert message.body.startswith(translated(app, user.locale, "Your group says: “%(gist)s”.", gist="")[:8])
    assert message.link.startswith(f"/{user.locale}/") and email.sent_at is not None
    assert "100 somoni" in email.body and message.link in email.body
    assert "**" not in email.body, "the answer's Markdown reads as plain text"
    assert "<strong>100 somoni</strong>" in email.html_body and message.link in email.html_body


def test_every_author_of_a_published_member_is_told_once_and_an_amendment_keeps_history(app, fees, run_jobs):
    answer = publish(fees)
    first_published = answer.published_at
    assert event("cluster.answer").details["after"] == ANSWER and fees["group"].locked
    run_jobs()
    for locale in ("ru", "tg", "en"):
        told_once(app, fees[locale])
    for person in fees["not told"]:
        assert inbox(person) == [] and mail(person.email) == []
    assert db.session.scalar(select(func.count()).select_from(AnswerNotice)) == 3
    assert db.session.get(ClusterAnswer, answer.id).delivered_at is not None

    get_queue().enqueue(deliver_answer, answer.id)
    assert run_jobs() == 1
    assert [len(inbox(fees[locale])) for locale in ("ru", "tg", "en")] == [1, 1, 1], "the job again tells nobody"

    publish(fees, "From September the fee is capped at **80 somoni** a month.")  # amended
    run_jobs()
    answer = db.session.get(ClusterAnswer, answer.id)
    assert "80 somoni" in answer.body and answer.amended_at is not None
    assert [(r.body, r.published_at) for r in answer.revisions] == [(ANSWER, first_published)]
    amended = event("cluster.answer_amended")
    assert (amended.details["before"], amended.details["after"]) == (ANSWER, answer.body)
    assert amended.actor_id == fees["official"].id
    for locale in ("ru", "tg", "en"):
        assert len(inbox(fees[locale])) == 1 and len(mail(fees[locale].email)) == 1

    publish(fees, answer.body)  # the same wording again: nothing to keep
    assert len(db.session.get(ClusterAnswer, answer.id).revisions) == 1
    for body in ("", "   ", "x" * (answers.MAX_ANSWER + 1)):
        with pytest.raises(AnswerError):
            answers.publish(fees["group"], body, actor=fees["official"])


def test_an_author_who_follows_the_consultation_gets_one_notice_of_the_answer(app, fees, make_user, run_jobs):
    """Issue 16: an author (of two comments in the group) who also follows the consultation had the answer's notice
    and a follower's notice that said nothing of which group; a follower who wrote nothing there is told which."""
    follower = make_user()
    for person in (fees["ru"], follower):
        following.follow(person, Kind.CONSULTATION, fees["consultation"].id)
    db.session.commit()
    publish(fees)
    run_jobs()
    told_once(app, fees["ru"])
    (news,) = inbox(follower)
    said = [body for _locale, body in FEES] + [AGAIN]
    assert TITLE in news.subject and any(body[:20] in news.subject for body in said), "which group, and where"


def test_a_comment_that_joins_the_answered_group_later_brings_the_answer_to_its_author(app, fees, make_user, run_jobs):
    publish(fees)
    run_jobs()
    newcomer = make_user(locale="ru")
    with app.test_request_context():
        comments.add(fees["consultation"], newcomer, "Оплата детского сада неподъёмна для обычных семей.")
        db.session.commit()
    run_jobs()
    assert submission("Оплата детского сада неподъёмна для обычных семей.").cluster_id == fees["group"].id
    told_once(app, newcomer)
    assert all(len(inbox(fees[locale])) == 1 for locale in ("ru", "tg", "en"))


def test_an_officials_reply_is_not_grouped_counted_or_sent_the_answer(app, fees, make_user, run_jobs):
    """In the demo, officials' replies ("Thank you, your proposal was included") sat in citizens' groups: counted
    among the people who wrote, a candidate for the group's title, and told the group's answer. Staff's words are
    kept aside; a citizen's reply in the same thread is grouped as before."""
    parent = comment_of(FEES[2][1])
    reply = "Kindergarten fees for families will be capped in the final draft; thank you for raising it."
    agreed = "Детский сад слишком дорогой, согласна: семьи не могут платить такую плату."
    with app.test_request_context():
        comments.add(fees["consultation"], fees["official"], reply, parent=parent)
        comments.add(fees["consultation"], make_user(locale="ru"), agreed, parent=parent)
        db.session.commit()
    size = fees["group"].size
    assert run_jobs() == 1, "only the citizen's reply is embedded and placed"
    aside = submission(reply)
    assert (aside.processing, aside.cluster_id, aside.firmness) == (Processing.ASIDE, None, None)
    assert services.process(aside.id) is None and submission(reply).processing == Processing.ASIDE
    assert submission(agreed).cluster_id == fees["group"].id
    assert db.session.get(Cluster, fees["group"].id).size == size + 1
    publish(fees)
    run_jobs()
    assert inbox(fees["official"]) == [] and mail(fees["official"].email) == []
    assert len(inbox(fees["en"])) == 1


def test_who_replied_to_an_answered_comment_is_told_once_too(app, fees, make_user, run_jobs):
    """A reply ("Согласна, у нас то же самое") goes to whatever group its own words fit, often none: its author took
    part in the thread, and hears the answer to the comment they replied to. A reply elsewhere brings nothing, and a
    member's author who also replied is told once."""
    replier, elsewhere = make_user(locale="ru"), make_user(locale="tg")
    with app.test_request_context():
        comments.add(
            fees["consultation"], replier, "Согласна. У нас в районе то же самое.", parent=comment_of(FEES[0][1])
        )
        comments.add(fees["consultation"], elsewhere, "Автобус нужен и по выходным.", parent=comment_of(BUS))
        comments.add(fees["consultation"], fees["tg"], "Розӣ ҳастам.", parent=comment_of(FEES[0][1]))
        db.session.commit()
    run_jobs()
    assert submission("Согласна. У нас в районе то же самое.").cluster_id != fees["group"].id, "premise: elsewhere"
    publish(fees)
    run_jobs()
    told_once(app, replier)
    told_once(app, fees["tg"])
    assert inbox(elsewhere) == [] and mail(elsewhere.email) == []


def test_who_replies_after_the_answer_is_told_once_it_is_published_and_shown(app, fees, make_user, run_jobs):
    """A reply written after the answer, or held for a moderator and published after it, reaches the answer too."""
    publish(fees)
    run_jobs()
    late, held = make_user(locale="ru"), make_user(locale="en")
    with app.test_request_context():
        comments.add(fees["consultation"], late, "Поддерживаю, у нас так же.", parent=comment_of(FEES[0][1]))
        db.session.commit()
    run_jobs()
    told_once(app, late)
    fees["consultation"].premoderation = True
    db.session.commit()
    with app.test_request_context():
        waiting = comments.add(fees["consultation"], held, "Same in our district.", parent=comment_of(FEES[2][1])).id
        db.session.commit()
    run_jobs()
    assert inbox(held) == [], "not while a moderator has not published it"
    with app.test_request_context():
        comments.moderate(db.session.get(Comment, waiting), make_user(role=Role.MODERATOR), True)
        db.session.commit()
    run_jobs()
    told_once(app, held)
    told_once(app, late)  # still once
    assert all(len(inbox(fees[locale])) == 1 for locale in ("ru", "tg", "en"))


def test_the_confirmed_signers_of_a_grouped_petition_are_told(app, make_user, pool_petition, run_jobs):
    first = pool_petition("Free insulin for every child", "Give insulin pens free in every clinic.")
    second = pool_petition("Бесплатный инсулин детям", "Выдавать детям инсулин бесплатно.")
    run_jobs()
    group = db.session.get(Cluster, db.session.get(Submission, first.submission_id).cluster_id)
    assert db.session.get(Submission, second.submission_id).cluster_id == group.id, "premise: one group"
    member = make_user(locale="ru")
    sign(first, member.email, user=member)
    sign(second, member.email, user=member)  # signed both: told once
    sign(first, first.author.email, user=first.author)  # the author's own signature
    sign(first, "anon@example.org", locale="tg")
    sign(first, "waiting@example.org", state=SignatureState.PENDING)
    sign(second, "struck@example.org", state=SignatureState.INVALID)
    db.session.commit()

    answers.publish(group, ANSWER, actor=make_user(role=Role.OFFICIAL))
    db.session.commit()
    run_jobs()
    for person in (member, first.author, second.author):
        told_once(app, person, PETITIONS_SUBJECT, first.title)
    (anonymous,) = mail("anon@example.org")
    assert anonymous.subject == translated(app, "tg", PETITIONS_SUBJECT, title=first.title)
    assert anonymous.sent_at is not None
    assert anonymous.body.startswith(translated(app, "tg", "Hello %(name)s,", name="A signer"))
    assert mail("waiting@example.org") == [] and mail("struck@example.org") == []


def sign(petition, email: str, user=None, locale: str = "en", state=SignatureState.CONFIRMED) -> None:
    confirmed = utcnow() if state == SignatureState.CONFIRMED else None
    db.session.add(
        Signature(
            petition_id=petition.id,
            user_id=user.id if user else None,
            email=email,
            name=user.display_name if user else "A signer",
            locale=user.locale if user else locale,
            state=state,
            confirmed_at=confirmed,
        )
    )


def test_an_answer_whose_delivery_died_is_finished_by_the_sweeper(app, fees, run_jobs, monkeypatch):
    answer = publish(fees)
    get_redis().flushdb()  # Redis lost the nudge
    real_tell, calls = answers._tell, []

    def dies_on_the_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise ConnectionError("the worker died")
        return real_tell(*args)

    monkeypatch.setattr(answers, "_tell", dies_on_the_second)
    with pytest.raises(ConnectionError):
        answers.deliver(answer.id, batch=1)
    db.session.rollback()
    monkeypatch.undo()
    assert db.session.scalar(select(func.count()).select_from(AnswerNotice)) == 1, "the first batch was kept"
    assert db.session.get(ClusterAnswer, answer.id).delivered_at is None

    assert answers.undelivered_ids() == [answer.id] and sweep() == 1
    run_jobs()
    for locale in ("ru", "tg", "en"):
        told_once(app, fees[locale])
    assert sweep() == 0

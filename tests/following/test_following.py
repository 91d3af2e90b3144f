"""Following consultations, petitions and agencies from their pages, and being told: once, in one's own language."""

from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import Role, User
from app.consultations import services as consultations
from app.core.db import utcnow
from app.core.queue import get_queue, get_redis
from app.extensions import db
from app.feedback import answers
from app.following import news as following_news
from app.following import organisations, services
from app.following.models import Follow, Kind, MemberRole, News, Organisation, OrganisationMember
from app.inbox.models import InboxMessage
from app.petitions import services as petitions
from app.petitions import thresholds
from app.petitions.models import Signature, SignatureState, State
from app.submissions.models import Cluster
from tests.conftest import PASSWORD, SAMPLE_DRAFT
from tests.helpers import text
from workers.following import tell_followers
from workers.sweeper import sweep

SECOND_DRAFT = SAMPLE_DRAFT + "\nСтатья 2. Сроки\n\nЗакон вступает в силу через месяц.\n"


def signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def press(browser, kind: str, target_id: int, action: str, back: str, **fields):
    """Press a follow button as a browser does: the button's action, the page to come back to."""
    data = {"action": action, "next": back, **fields}
    return browser.submit(f"/en/follow/{kind}/{target_id}", data, form_url=back)


def inbox(user) -> list[InboxMessage]:
    return list(db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id)))


def translated(app, locale: str, msgid: str, **values) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid, **values)


def new_version(app, consultation) -> None:
    """The consultation's official publishes version 2 of the draft."""
    official = db.session.get(User, consultation.author_id)
    version = consultations.import_draft(consultation, official, SECOND_DRAFT)
    consultations.publish_version(version, official, "")
    db.session.commit()


def organisation_of(owner, *members, follows=()) -> Organisation:
    organisation = organisations.create(owner, {"name": "Water watch", "website": None, "description": ""})
    for member in members:
        db.session.add(OrganisationMember(organisation_id=organisation.id, user_id=member.id))
    for kind, target_id in follows:
        services.follow(organisation, kind, target_id)
    db.session.commit()
    return organisation


def test_a_person_follows_and_unfollows_each_kind(app, make_user, make_consultation, make_petition, make_agency):
    consultation, _article, _comment = make_consultation()
    petition, agency, person = make_petition(), make_agency(), make_user()
    browser = signed_in(app, person)
    things = [
        (Kind.CONSULTATION, consultation.id, f"/en/consultations/{consultation.id}"),
        (Kind.PETITION, petition.id, f"/en/petitions/{petition.id}"),
        (Kind.AGENCY, agency.id, f"/en/agencies/{agency.id}"),
    ]
    for kind, target_id, page in things:
        for _ in range(2):  # a double click follows once
            response = press(browser, kind, target_id, "follow", page)
            assert response.status_code == 302 and response.location == page
        assert services.is_following(person, kind, target_id)
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 3
    listed = text(browser.get("/en/following"))
    assert consultation.title in listed and petition.title in listed and "Agency" in listed
    assert "Stop following" in text(browser.get(f"/en/petitions/{petition.id}"))

    for kind, target_id, page in things:
        assert press(browser, kind, target_id, "unfollow", page).status_code == 302
        assert not services.is_following(person, kind, target_id)
    assert "Follow this petition" in text(browser.get(f"/en/petitions/{petition.id}"))
    assert "Follow this agency" in text(browser.get(f"/en/agencies/{agency.id}"))


def test_a_visitor_sees_the_button_and_is_sent_to_sign_in_then_back(app, client, make_user, make_petition):
    petition, person = make_petition(), make_user()
    page = f"/en/petitions/{petition.id}"
    login = f"/en/account/login?next={page}"
    assert f'href="{login}"' in text(client.get(page)) and "Follow this petition" in text(client.get(page))
    response = client.submit(login, {"email": person.email, "password": PASSWORD}, form_url=login)
    assert response.status_code == 302 and response.location == page


def test_only_what_exists_and_is_public_can_be_followed(app, make_user, make_petition):
    browser = signed_in(app, make_user())
    draft = make_petition(State.DRAFT)
    assert press(browser, "elephant", 1, "follow", "/en/following").status_code == 404
    assert press(browser, "petition", draft.id, "follow", "/en/following").status_code == 404
    assert press(browser, "agency", 999, "follow", "/en/following").status_code == 404
    assert press(browser, "petition", make_petition().id, "jump", "/en/following").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0
    evil = {"action": "follow", "next": "https://evil.example/"}
    outside = browser.submit(f"/en/follow/petition/{make_petition().id}", evil, form_url="/en/following")
    assert outside.location == "/en/following", "only a path on this site is a way back"


def test_followers_are_told_once_each_in_their_own_language(app, make_user, make_consultation, run_jobs):
    consultation, _article, _comment = make_consultation()
    both = make_user(locale="ru")  # follows it and is in two organisations that follow it or its agency
    member, agency_follower, outsider = make_user(locale="tg"), make_user(locale="en"), make_user()
    services.follow(both, Kind.CONSULTATION, consultation.id)
    services.follow(agency_follower, Kind.AGENCY, consultation.agency_id)
    organisation_of(make_user(), both, member, follows=[(Kind.CONSULTATION, consultation.id)])
    organisation_of(make_user(), both, follows=[(Kind.AGENCY, consultation.agency_id)])
    db.session.commit()

    new_version(app, consultation)
    assert inbox(both) == [], "told by a job, after the commit"
    run_jobs()
    for person in (both, member, agency_follower):
        (message,) = inbox(person)
        expected = translated(app, person.locale, "A new version of the draft: %(title)s", title=consultation.title)
        assert message.subject == expected
        assert message.link == f"/{person.locale}/consultations/{consultation.id}/draft"
    assert inbox(both)[0].subject.startswith("Новая редакция")
    assert inbox(outsider) == []
    assert db.session.scalar(select(News)).told_at is not None


def test_a_second_run_of_the_job_tells_nobody_again(app, make_user, make_consultation, run_jobs):
    consultation, _article, _comment = make_consultation()
    followers = [make_user() for _ in range(3)]
    for person in followers:
        services.follow(person, Kind.CONSULTATION, consultation.id)
    db.session.commit()
    new_version(app, consultation)
    run_jobs()
    news = db.session.scalar(select(News))
    news.told_at = None  # as if the first run had died after its last batch
    db.session.commit()
    get_queue().enqueue(tell_followers, news.id)
    assert run_jobs() == 1
    assert [len(inbox(person)) for person in followers] == [1, 1, 1]


def test_a_run_that_died_half_way_is_resumed_after_the_last_person_told(app, make_user, make_consultation):
    consultation, _article, _comment = make_consultation()
    followers = [make_user() for _ in range(3)]
    for person in followers:
        services.follow(person, Kind.CONSULTATION, consultation.id)
    news = services.tell(Kind.CONSULTATION, consultation.id, "version")
    news.told_up_to = followers[0].id  # the first batch (of one) was told and committed, then the worker died
    db.session.commit()
    assert following_news.tell_followers(news.id, batch=1) == 2
    db.session.commit()
    assert [len(inbox(person)) for person in followers] == [0, 1, 1]
    assert following_news.tell_followers(news.id, batch=1) == 0, "finished: a late duplicate job does nothing"


def test_news_written_while_redis_was_down_is_told_by_the_sweeper(app, make_user, make_consultation, run_jobs):
    consultation, _article, _comment = make_consultation()
    follower = make_user()
    services.follow(follower, Kind.CONSULTATION, consultation.id)
    db.session.commit()
    new_version(app, consultation)
    get_redis().flushdb()  # the job never reached the queue
    news = db.session.scalar(select(News))
    assert sweep() == 0, "too fresh: its own job may still be on its way"
    news.created_at -= timedelta(minutes=5)
    db.session.commit()
    assert sweep() == 1
    run_jobs()
    assert len(inbox(follower)) == 1


def test_nothing_is_written_when_nobody_follows(app, make_consultation):
    consultation, _article, _comment = make_consultation()
    new_version(app, consultation)
    assert db.session.scalar(select(func.count()).select_from(News)) == 0
    assert "workers.following.tell_followers" not in {job.func_name for job in get_queue().jobs}


def test_a_new_consultation_tells_the_agencys_followers(app, make_user, make_agency, make_consultation, run_jobs):
    agency = make_agency()
    follower = make_user()
    services.follow(follower, Kind.AGENCY, agency.id)
    db.session.commit()
    consultation, _article, _comment = make_consultation(agency=agency)
    run_jobs()
    (message,) = inbox(follower)
    assert consultation.title in message.subject and "Agency" in message.subject
    assert message.link == f"/en/consultations/{consultation.id}"


def test_phases_the_report_and_group_answers_tell_consultation_followers(app, make_user, make_consultation, run_jobs):
    consultation, _article, _comment = make_consultation()
    follower = make_user(locale="ru")
    services.follow(follower, Kind.CONSULTATION, consultation.id)
    db.session.commit()
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert consultations.advance_phases() == 1
    db.session.commit()
    consultations.publish_report(consultation, None, "Итоги.")
    group = Cluster(scope=consultation.scope, model="test", size=1)
    db.session.add(group)
    db.session.commit()
    answers.publish(group, "Мы уточним статью.")
    db.session.commit()
    run_jobs()
    stage = translated(app, "ru", "Closed for comments")
    links = [(m.subject, m.link) for m in sorted(inbox(follower), key=lambda m: m.id)]
    assert [link for _subject, link in links] == [
        f"/ru/consultations/{consultation.id}",
        f"/ru/consultations/{consultation.id}/report",
        f"/ru/groups/{group.id}",
    ]
    assert stage in links[0][0] and all(consultation.title in subject for subject, _link in links)


def test_a_petition_response_tells_its_followers_and_its_agencys(app, make_user, make_agency, make_petition, run_jobs):
    agency = make_agency()
    petition = make_petition(agency_id=agency.id)
    petition_follower, agency_follower = make_user(locale="ru"), make_user(locale="en")
    services.follow(petition_follower, Kind.PETITION, petition.id)
    services.follow(agency_follower, Kind.AGENCY, agency.id)
    db.session.commit()
    official = make_user(role=Role.OFFICIAL, agency=agency)
    petitions.respond(petition, official, "We will fund it.")
    db.session.commit()
    run_jobs()
    for person in (petition_follower, agency_follower):
        (message,) = inbox(person)
        assert message.subject == translated(
            app, person.locale, 'The petition "%(title)s" has a response', title=petition.title
        )
        assert message.link == f"/{person.locale}/petitions/{petition.id}"


def test_a_signer_and_the_author_who_follow_a_petition_hear_of_its_response_once(
    app, make_user, make_agency, make_petition, run_jobs
):
    """Issue 16: a follower who signed (or wrote) the petition had the same notice twice, as signer and follower."""
    agency = make_agency()
    petition = make_petition(agency_id=agency.id)
    signer, follower = make_user(locale="ru"), make_user()
    db.session.add(
        Signature(
            petition_id=petition.id, user_id=signer.id, email=signer.email, name="S", locale="ru",
            state=SignatureState.CONFIRMED, confirmed_at=utcnow(),
        )
    )  # fmt: skip
    for person in (signer, petition.author, follower):
        services.follow(person, Kind.PETITION, petition.id)
    db.session.commit()
    petitions.respond(petition, make_user(role=Role.OFFICIAL, agency=agency), "We will fund it.")
    db.session.commit()
    run_jobs()
    for person in (signer, petition.author, follower):
        (message,) = inbox(person)
        assert petition.title in message.subject and message.link.endswith(f"/petitions/{petition.id}")


def test_thresholds_and_closing_tell_petition_followers(app, make_user, make_petition, run_jobs):
    petition = make_petition()
    follower = make_user()
    services.follow(follower, Kind.PETITION, petition.id)
    petition.signature_count = app.config["OVOZ_PETITION_RESPONSE_THRESHOLD"]
    db.session.commit()
    thresholds.check_thresholds(petition)
    thresholds.check_thresholds(petition)  # reached once
    petition.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert petitions.close_expired() == 1
    db.session.commit()
    run_jobs()
    subjects = [m.subject for m in sorted(inbox(follower), key=lambda m: m.id)]
    assert len(subjects) == 2 and "enough signatures for a response" in subjects[0]
    assert "closed with 10,000 signatures" in subjects[1]


def test_follows_are_in_the_export_and_go_with_the_account(app, make_user, make_petition):
    petition, person, other = make_petition(), make_user(), make_user()
    services.follow(person, Kind.PETITION, petition.id)
    shared = organisation_of(person, other, follows=[(Kind.PETITION, petition.id)])
    alone = organisation_of(person)
    db.session.commit()
    data = accounts.export_personal_data(person)["following"]
    assert data["follows"][0]["title"] == petition.title and data["follows"][0]["kind"] == "petition"
    assert {o["name"] for o in data["organisations"]} == {"Water watch"} and len(data["organisations"]) == 2
    accounts.delete_account(person, PASSWORD)
    db.session.commit()
    assert db.session.scalars(select(Follow.user_id)).all() == [None], "only the organisation's follow is left"
    assert organisations.member_by_user(shared, other.id).role == MemberRole.OWNER, "the other member takes over"
    assert db.session.get(Organisation, alone.id) is None, "an organisation with nobody left goes"

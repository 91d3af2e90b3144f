"""Sending a petition on: staff of the agency a petition is addressed to send one that is not theirs to the agency
responsible. The step is in its timeline and in the audit log, its author is told in their inbox (the followers of the
petition and of that agency too), and a petition its agency has answered stays with it."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.feedback import answers
from app.following import services as following
from app.following.models import Kind
from app.inbox.models import InboxMessage
from app.petitions import services
from app.petitions.models import Petition, PetitionResponse, State
from app.submissions.models import Cluster, Submission
from tests.helpers import field_errors, text

REASON = "District clinics are run by the ministry, not by the city."


def _send_on(browser, petition: Petition, agency_id, reason: str = REASON):
    page = f"/en/petitions/{petition.id}/send-on"
    return browser.submit(page, {"agency_id": agency_id, "reason": reason}, form_url=f"/en/petitions/{petition.id}")


def _agency_of(petition: Petition) -> int | None:
    db.session.expire_all()
    return db.session.get(Petition, petition.id).agency_id


def _sent_on_events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "petition.sent-on")))


def _inbox(user) -> list[InboxMessage]:
    return list(db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == user.id)))


def test_an_official_sends_a_petition_on_and_its_author_and_the_agencys_followers_are_told(
    make_agency, make_petition, make_user, staff_client, run_jobs
):
    city = make_agency()
    health = make_agency(names={"en": "Ministry of Health", "ru": "Министерство здравоохранения"})
    author, follower = make_user(locale="ru"), make_user()
    following.follow(follower, Kind.AGENCY, health.id)
    db.session.commit()
    petition = make_petition(author=author, agency_id=city.id)
    official = staff_client(city)

    assert "Send on to another agency" in text(official.get(f"/en/petitions/{petition.id}"))
    form = text(official.get(f"/en/petitions/{petition.id}/send-on"))
    assert f'<option value="{health.id}"' in form and f'<option value="{city.id}"' not in form, "all but its own"
    sent = _send_on(official, petition, health.id)
    assert sent.status_code == 302 and _agency_of(petition) == health.id
    assert "The petition is sent on to Ministry of Health." in text(official.get(sent.location))

    (event,) = _sent_on_events()
    assert (event.actor.role, event.actor.agency_id, event.target_id) == (Role.OFFICIAL, city.id, petition.id)
    assert event.details == {"from_agency": city.id, "to_agency": health.id, "reason": REASON}
    assert [e.kind for e in services.timeline(petition)] == ["sent-on"]
    (told,) = _inbox(author)
    assert "Министерство здравоохранения" in told.subject and petition.title in told.subject
    assert (told.body, told.link) == (REASON, f"/ru/petitions/{petition.id}")
    run_jobs()
    assert ["Ministry of Health" in m.subject for m in _inbox(follower)] == [True]

    assert official.get(f"/en/petitions/{petition.id}/send-on").status_code == 403, "it is not the city's any more"
    assert petition.title not in text(official.get("/en/petitions/responses"))
    assert petition.title in text(staff_client(health).get("/en/petitions/responses"))


def test_a_moderator_sends_on_a_petition_waiting_for_moderation_and_it_leaves_their_queue(
    make_agency, make_petition, staff_client
):
    city, health = make_agency(), make_agency()
    petition = make_petition(State.MODERATION, agency_id=city.id, title="Repair the roof of clinic no. 3")
    moderator = staff_client(city, Role.MODERATOR)
    assert petition.title in text(moderator.get("/en/petitions/moderation"))
    assert _send_on(moderator, petition, health.id, reason="").status_code == 302
    assert petition.title not in text(moderator.get("/en/petitions/moderation"))
    assert petition.title in text(staff_client(health, Role.MODERATOR).get("/en/petitions/moderation"))
    assert moderator.get(f"/en/petitions/{petition.id}/moderate").status_code == 403
    (told,) = _inbox(petition.author)
    assert told.body == "The agency it was addressed to found that another agency is responsible for it."


def test_a_petition_goes_only_to_another_agency_and_only_from_its_own(make_agency, make_petition, staff_client):
    city, health = make_agency(), make_agency()
    petition = make_petition(agency_id=city.id)
    unaddressed = make_petition(State.MODERATION, agency_id=None)
    official = staff_client(city)
    refused = _send_on(official, petition, city.id)
    assert refused.status_code == 400 and field_errors(refused) == ["Not a valid choice."]
    assert _send_on(official, petition, 2**31).status_code == 400
    assert _send_on(staff_client(health), petition, health.id).status_code == 403, "only from its own agency"
    moderator = staff_client(city, Role.MODERATOR)
    assert _send_on(moderator, unaddressed, health.id).status_code == 403, "moderators address it when publishing"
    assert (_agency_of(petition), _agency_of(unaddressed), _sent_on_events()) == (city.id, None, [])


def test_a_petition_its_agency_answered_stays_with_it(
    make_agency, make_user, make_petition, pool_petition, staff_client, run_jobs
):
    city, health = make_agency(), make_agency()
    responded = make_petition(agency_id=city.id, title="Light the road to the station")
    grouped = pool_petition("Free insulin in every district", "Supply insulin in every clinic.", city)
    run_jobs()
    services.respond(responded, make_user(role=Role.OFFICIAL, agency=city), "The road will be lit by May.")
    group = db.session.get(Cluster, db.session.get(Submission, grouped.submission_id).cluster_id)
    answers.publish(group, "The city supplies insulin from March.")
    db.session.commit()
    official = staff_client(city)
    for petition in (responded, grouped):
        assert "Send on to another agency" not in text(official.get(f"/en/petitions/{petition.id}"))
        refused = _send_on(official, petition, health.id)
        assert refused.status_code == 302 and refused.location.endswith(f"/petitions/{petition.id}")
        assert "it stays with the agency that answered it" in text(official.get(refused.location))
        assert _agency_of(petition) == city.id
    assert _sent_on_events() == []
    assert db.session.scalar(select(func.count()).select_from(InboxMessage)) == 0


def test_a_response_to_a_petition_sent_on_meanwhile_is_refused_and_stores_nothing(
    make_agency, make_user, make_petition, staff_client
):
    """The official opened the response form while the petition was still their agency's; a colleague sent it on
    before they sent the response: it is not published under the other agency's petition."""
    city, health = make_agency(), make_agency()
    petition = make_petition(agency_id=city.id, title="Light the road to the station")
    official = staff_client(city)
    form = f"/en/petitions/{petition.id}/respond"
    assert official.get(form).status_code == 200
    colleague = make_user(role=Role.OFFICIAL, agency=city)
    services.send_on(petition, colleague, health.id, REASON)  # in another request
    db.session.commit()
    refused = official.submit(form, {"body": "The road will be lit by May."})
    assert refused.status_code in (302, 403) and _agency_of(petition) == health.id
    assert db.session.get(Petition, petition.id).responded_at is None
    assert db.session.scalar(select(func.count()).select_from(PetitionResponse)) == 0
    stale = db.session.get(Petition, petition.id)
    set_committed_value(stale, "agency_id", city.id)  # the petition as the official's request had read it
    with pytest.raises(services.PetitionError):
        services.respond(stale, colleague, "The road will be lit by May.")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(PetitionResponse)) == 0

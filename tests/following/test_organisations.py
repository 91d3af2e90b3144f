"""Organisations: a person creates one and owns it, adds and removes members; members see it, only owners change it."""

from sqlalchemy import select

from app.extensions import db
from app.following import organisations, services
from app.following.models import Kind, MemberRole, Organisation, OrganisationMember
from app.inbox.models import InboxMessage
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

DETAILS = {"name": "Water watch", "website": "https://waterwatch.example.tj", "description": "We follow tariffs."}


def signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def created(app, owner) -> tuple:
    """An organisation created through its page by `owner`; returns it and the owner's browser."""
    browser = signed_in(app, owner)
    response = browser.submit("/en/organisations", DETAILS)
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    assert response.location == f"/en/organisations/{organisation.id}"
    return organisation, browser


def add(browser, organisation, email: str, role: str = "member"):
    page = f"/en/organisations/{organisation.id}"
    return browser.submit(f"{page}/members", {"email": email, "role": role}, form_url=page)


def remove(browser, organisation, user):
    page = f"/en/organisations/{organisation.id}"
    return browser.submit(f"{page}/members/{user.id}/remove", form_url=page)


def roles(organisation) -> dict:
    db.session.expire_all()
    return {m.user_id: m.role for m in organisations.members_of(organisation)}


def test_the_creator_owns_it_and_adds_and_removes_members(app, make_user):
    owner, member = make_user(), make_user(locale="ru")
    organisation, browser = created(app, owner)
    assert roles(organisation) == {owner.id: MemberRole.OWNER}
    assert (organisation.website, organisation.description) == (DETAILS["website"], DETAILS["description"])

    assert add(browser, organisation, member.email.upper()).status_code == 302
    assert roles(organisation) == {owner.id: MemberRole.OWNER, member.id: MemberRole.MEMBER}
    (message,) = db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == member.id))
    assert "Water watch" in message.subject and message.link == f"/ru/organisations/{organisation.id}"
    page = text(browser.get(f"/en/organisations/{organisation.id}"))
    assert member.display_name in page and "Add a member" in page

    assert remove(browser, organisation, member).status_code == 302
    assert roles(organisation) == {owner.id: MemberRole.OWNER}


def test_an_unknown_address_or_a_member_twice_is_refused_clearly(app, make_user):
    owner, member = make_user(), make_user()
    organisation, browser = created(app, owner)
    unknown = add(browser, organisation, "nobody@example.org")
    assert unknown.status_code == 400
    assert field_errors(unknown) == ["No Ovoz account uses this address. Ask them to create one first."]
    assert add(browser, organisation, member.email).status_code == 302
    twice = add(browser, organisation, member.email, "owner")
    assert field_errors(twice) == ["This person is already a member."]
    assert roles(organisation)[member.id] == MemberRole.MEMBER


def test_only_members_see_it_and_only_owners_change_it(app, make_user):
    owner, member, outsider = make_user(), make_user(), make_user()
    organisation, browser = created(app, owner)
    add(browser, organisation, member.email)
    page = f"/en/organisations/{organisation.id}"

    stranger = signed_in(app, outsider)
    assert stranger.get(page).status_code == 403
    assert stranger.submit(page, DETAILS | {"name": "Taken over"}, form_url="/en/following").status_code == 403

    colleague = signed_in(app, member)
    shown = text(colleague.get(page))
    assert "Water watch" in shown and "Add a member" not in shown
    assert colleague.submit(page, DETAILS | {"name": "Renamed"}, form_url="/en/following").status_code == 403
    assert colleague.submit(f"{page}/members", {"email": outsider.email, "role": "owner"}).status_code == 403
    assert remove(colleague, organisation, owner).status_code == 403
    assert db.session.get(Organisation, organisation.id).name == "Water watch"
    assert roles(organisation) == {owner.id: MemberRole.OWNER, member.id: MemberRole.MEMBER}

    assert browser.submit(page, DETAILS | {"name": "River watch"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == "River watch"


def test_a_member_may_leave_and_the_last_owner_may_not(app, make_user):
    owner, member = make_user(), make_user()
    organisation, browser = created(app, owner)
    add(browser, organisation, member.email)
    assert remove(signed_in(app, member), organisation, member).location == "/en/organisations"
    assert member.id not in roles(organisation)

    stays = remove(browser, organisation, owner)
    assert stays.status_code == 302
    assert "An organisation needs an owner" in text(browser.get(stays.location))
    assert roles(organisation) == {owner.id: MemberRole.OWNER}


def test_an_owner_follows_for_the_organisation_and_every_member_is_told(app, make_user, make_petition, run_jobs):
    owner, member = make_user(), make_user(locale="tg")
    organisation, browser = created(app, owner)
    add(browser, organisation, member.email)
    petition = make_petition()
    page = f"/en/petitions/{petition.id}"
    assert "Follow as “Water watch”" in text(browser.get(page))
    follow = {"action": "follow", "organisation_id": organisation.id, "next": page}
    colleague = signed_in(app, member)
    assert colleague.submit(f"/en/follow/petition/{petition.id}", follow, form_url=page).status_code == 403
    assert browser.submit(f"/en/follow/petition/{petition.id}", follow, form_url=page).status_code == 302
    assert services.is_following(organisation, Kind.PETITION, petition.id)
    assert not services.is_following(owner, Kind.PETITION, petition.id), "the owner alone follows nothing"
    assert petition.title in text(colleague.get(f"/en/organisations/{organisation.id}"))
    assert petition.title in text(colleague.get("/en/following"))

    petition.closes_at = petition.opened_at
    db.session.commit()
    from app.petitions.services import close_expired

    close_expired()
    db.session.commit()
    run_jobs()
    for person in (owner, member):
        last = select(InboxMessage).where(InboxMessage.user_id == person.id).order_by(InboxMessage.id.desc()).limit(1)
        message = db.session.scalars(last).one()  # the newest: rows have no order on PostgreSQL without one
        assert petition.title in message.subject and message.link == f"/{person.locale}/petitions/{petition.id}"


def test_text_is_shown_as_text(app, make_user):
    owner = make_user()
    browser = signed_in(app, owner)
    script = "<script>alert(1)</script>"
    response = browser.submit("/en/organisations", DETAILS | {"name": script, "description": script})
    page = text(browser.get(response.location))
    assert script not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert db.session.scalar(select(OrganisationMember.role)) == MemberRole.OWNER

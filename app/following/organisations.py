"""Organisations of civil-society groups and newsrooms: a person creates one and owns it; owners add
and remove members by the e-mail of their Ovoz account; every member is told about what the
organisation follows. An organisation always keeps an owner. The caller commits.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.services import find_by_email
from app.core.urls import site_path
from app.extensions import db
from app.following.models import MemberRole, Organisation, OrganisationMember
from app.inbox import services as inbox

FIELDS = ("name", "website", "description")


class OrganisationError(Exception):
    """A change that cannot be made; the message is for the user."""


def create(user: User, fields: dict) -> Organisation:
    """A new organisation, owned by the person who created it."""
    organisation = Organisation(**{name: fields[name] for name in FIELDS})
    organisation.members.append(OrganisationMember(user_id=user.id, role=MemberRole.OWNER))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update(organisation: Organisation, fields: dict) -> None:
    for name in FIELDS:
        setattr(organisation, name, fields[name])


def membership(organisation: Organisation, user) -> OrganisationMember | None:
    if not user.is_authenticated:
        return None
    query = select(OrganisationMember).where(
        OrganisationMember.organisation_id == organisation.id, OrganisationMember.user_id == user.id
    )
    return db.session.scalar(query)


def is_owner(organisation: Organisation, user) -> bool:
    member = membership(organisation, user)
    return member is not None and member.role == MemberRole.OWNER


def may_see(organisation: Organisation, user) -> bool:
    """Members see their organisation's page; administrators see every one (and change none)."""
    return membership(organisation, user) is not None or (user.is_authenticated and user.role == Role.ADMIN)


def memberships_of(user) -> list[OrganisationMember]:
    """A person's memberships, by the organisation's name."""
    query = (
        select(OrganisationMember)
        .join(Organisation, Organisation.id == OrganisationMember.organisation_id)
        .where(OrganisationMember.user_id == user.id)
        .order_by(Organisation.name, Organisation.id)
    )
    return list(db.session.scalars(query))


def owned_by(user) -> list[Organisation]:
    """The organisations a person may make follow things."""
    if not user.is_authenticated:
        return []
    return [m.organisation for m in memberships_of(user) if m.role == MemberRole.OWNER]


def members_of(organisation: Organisation) -> list[OrganisationMember]:
    """Owners first, then members, each by name."""
    query = (
        select(OrganisationMember)
        .join(User, User.id == OrganisationMember.user_id)
        .where(OrganisationMember.organisation_id == organisation.id)
        .order_by(OrganisationMember.role.desc(), User.display_name, User.id)  # "owner" > "member"
    )
    return list(db.session.scalars(query))


def _owners(organisation: Organisation) -> int:
    query = select(func.count()).where(
        OrganisationMember.organisation_id == organisation.id, OrganisationMember.role == MemberRole.OWNER
    )
    return db.session.scalar(query)


def add_member(organisation: Organisation, email: str, role: MemberRole) -> OrganisationMember:
    """Add the person with this account to the organisation; they are told in their inbox."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        raise OrganisationError(_l("No Ovoz account uses this address. Ask them to create one first."))
    if membership(organisation, user) is not None:
        raise OrganisationError(_l("This person is already a member."))
    member = OrganisationMember(organisation_id=organisation.id, user_id=user.id, role=role)
    db.session.add(member)
    with force_locale(user.locale):
        subject = _("You are now a member of “%(name)s” on Ovoz", name=organisation.name)
        body = _("You are told about everything it follows. You can leave it on its page.")
    page = site_path("following.organisation", lang_code=user.locale, organisation_id=organisation.id)
    inbox.deliver(user.id, subject, body, page)
    return member


def remove_member(organisation: Organisation, member: OrganisationMember) -> None:
    """Remove a member, or let a member leave; the last owner stays."""
    if member.role == MemberRole.OWNER and _owners(organisation) <= 1:
        raise OrganisationError(_l("An organisation needs an owner: add another owner first."))
    db.session.delete(member)


def member_by_user(organisation: Organisation, user_id: int) -> OrganisationMember | None:
    query = select(OrganisationMember).where(
        OrganisationMember.organisation_id == organisation.id, OrganisationMember.user_id == user_id
    )
    return db.session.scalar(query)


def hand_over(sender, user, **extra) -> None:
    """A person deletes their account: organisations they alone own pass to their oldest member, or go."""
    for member in memberships_of(user):
        organisation = member.organisation
        if member.role != MemberRole.OWNER or _owners(organisation) > 1:
            continue
        others = [m for m in organisation.members if m.user_id != user.id]
        if others:
            min(others, key=lambda m: (m.created_at, m.id)).role = MemberRole.OWNER
        else:
            db.session.delete(organisation)

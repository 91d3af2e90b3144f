"""Managing agencies and roles; every change is audited."""

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.accounts.models import Role, User
from app.accounts.services import count_admins
from app.agencies.models import Agency
from app.audit import services as audit
from app.extensions import db


class AdminError(Exception):
    """A change an administrator may not make; the message is for them."""


def list_agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.slug)))


def save_agency(agency: Agency | None, slug: str, names: dict, website: str | None) -> Agency:
    """Create an agency (agency=None) or change one; the slug must stay unique."""
    clash = db.session.scalar(select(Agency).where(Agency.slug == slug))
    if clash is not None and clash is not agency:
        raise AdminError(_("Another agency already uses this identifier."))
    before = {"slug": agency.slug, "names": agency.names, "website": agency.website} if agency else None
    if agency is None:
        agency = Agency()
        db.session.add(agency)
    agency.slug, agency.names, agency.website = slug, names, website or None
    db.session.flush()
    audit.record(
        "agency.created" if before is None else "agency.updated",
        agency,
        before=before,
        after={"slug": slug, "names": names, "website": website},
    )
    return agency


def search_users(query: str, role: str | None, page: int):
    statement = select(User).options(joinedload(User.agency)).order_by(User.id)
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(or_(User.email.like(pattern), User.display_name.ilike(pattern)))
    if role in {r.value for r in Role}:
        statement = statement.where(User.role == Role(role))
    return db.paginate(statement, page=page, per_page=50, error_out=False)


def set_role(user: User, role: Role, agency_id: int | None) -> None:
    """Give a person a role (and an agency for officials and moderators)."""
    if user.role == Role.ADMIN and role != Role.ADMIN and count_admins() <= 1:
        raise AdminError(_("This is the last administrator; make someone else an administrator first."))
    if agency_id is not None and db.session.get(Agency, agency_id) is None:
        raise AdminError(_("This agency does not exist."))
    before = {"role": str(user.role), "agency_id": user.agency_id}
    user.role = role
    user.agency_id = agency_id if role in (Role.OFFICIAL, Role.MODERATOR) else None
    audit.record("user.role_changed", user, before=before, after={"role": str(role), "agency_id": user.agency_id})

"""Role checks for official, moderator and admin routes, and the one test of "staff of this agency"."""

import functools

from flask import abort
from flask_login import current_user

from app.accounts.models import Role
from app.extensions import login_manager


def is_agency_staff(user, agency_id: int | None, *roles: Role) -> bool:
    """Signed in as an admin, or with one of `roles` in the agency `agency_id` (staff act only within their agency)."""
    if not user.is_authenticated:
        return False
    return user.role == Role.ADMIN or (user.role in roles and agency_id is not None and user.agency_id == agency_id)


def check_role(*roles: Role):
    """Stop the request unless the user is signed in with one of `roles` (admins always pass)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(*roles):
        abort(403)
    return None


def role_required(*roles: Role):
    """Decorate a view that only these roles (and admins) may open."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            return check_role(*roles) or view(*args, **kwargs)

        return wrapped

    return decorator


#: Pages for the staff who review feedback and comments: officials and moderators (and admins).
reviewers_only = role_required(Role.OFFICIAL, Role.MODERATOR)


def require_role_for_blueprint(bp, *roles: Role):
    """Guard every route of a blueprint, so that no new route can forget the check."""
    bp.before_request(lambda: check_role(*roles))

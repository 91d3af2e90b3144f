"""Administration: agencies, people's roles, the audit log. Admins only."""

from flask import Blueprint

from app.accounts.access import require_role_for_blueprint
from app.accounts.models import Role

bp = Blueprint("admin", __name__, template_folder="templates")
require_role_for_blueprint(bp, Role.ADMIN)

from app.admin import routes  # noqa: E402,F401

"""The blueprint of admin; its page modules attach to it, and `create_app` imports them (app/pages.py)."""

from flask import Blueprint

from app.accounts.access import require_role_for_blueprint
from app.accounts.models import Role

bp = Blueprint("admin", __name__, template_folder="templates")
require_role_for_blueprint(bp, Role.ADMIN)

"""The blueprints of the API (under /api/v1/) and of its documentation page (under each locale); their page
modules attach to them, and `create_app` imports them (app/pages.py)."""

from flask import Blueprint

from app.api.errors import register_api_errors
from app.api.protocol import register_protocol

bp = Blueprint("api", __name__, template_folder="templates")
register_api_errors(bp)
register_protocol(bp)

docs_bp = Blueprint("api_docs", __name__, template_folder="templates")

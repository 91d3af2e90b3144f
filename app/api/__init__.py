"""The read-only JSON API, version 1, under /api/v1/ (no locale prefix), described by OpenAPI 3."""

from flask import Blueprint

from app.api.errors import register_api_errors
from app.api.protocol import register_protocol

bp = Blueprint("api", __name__, template_folder="templates")
register_api_errors(bp)
register_protocol(bp)

from app.api import routes  # noqa: E402,F401 - routes attach themselves to bp

"""The read-only JSON API, version 1, under /api/v1/ (no locale prefix), described by OpenAPI 3."""

from flask import Blueprint

bp = Blueprint("api", __name__, template_folder="templates")

from app.api import routes  # noqa: E402,F401 - routes attach themselves to bp

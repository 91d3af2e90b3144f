"""Open data: every public dataset as CSV and JSON, with a documented schema and a licence."""

from flask import Blueprint

bp = Blueprint("opendata", __name__, template_folder="templates")

from app.opendata import routes  # noqa: E402,F401 - routes attach themselves to bp

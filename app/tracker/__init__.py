"""The public outcome tracker: what happened to each consultation and petition, and how each agency answers."""

from flask import Blueprint

bp = Blueprint("tracker", __name__, template_folder="templates")

from app.tracker import routes  # noqa: E402,F401 - routes attach themselves to bp

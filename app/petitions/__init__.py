"""Citizen petitions: start, gather sponsors, moderate, sign, reach thresholds, get an answer."""

from flask import Blueprint

bp = Blueprint("petitions", __name__, template_folder="templates")

from app.petitions import manage, routes  # noqa: E402,F401 - routes attach themselves to bp

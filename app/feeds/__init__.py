"""Atom feeds of new consultations, new versions, new answers, petitions by state and each agency's news."""

from flask import Blueprint

bp = Blueprint("feeds", __name__, template_folder="templates")

from app.feeds import routes  # noqa: E402,F401 - routes attach themselves to bp

"""Grouped review: officials see feedback grouped by meaning, decide and answer each group once."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, template_folder="templates")

from app.feedback import actions, public, routes  # noqa: E402,F401 - routes attach themselves to bp

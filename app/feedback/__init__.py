"""Grouped review for officials: the clusters of a consultation's comments, largest first."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, template_folder="templates")

from app.feedback import routes  # noqa: E402,F401 - routes attach themselves to bp

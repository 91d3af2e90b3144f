"""The blueprint of feedback; its page modules attach to it, and `create_app` imports them (app/pages.py)."""

from flask import Blueprint

bp = Blueprint("feedback", __name__, template_folder="templates")

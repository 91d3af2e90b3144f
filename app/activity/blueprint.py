"""The blueprint of activity; its page module attaches to it, and `create_app` imports it (app/pages.py)."""

from flask import Blueprint

bp = Blueprint("activity", __name__, template_folder="templates")

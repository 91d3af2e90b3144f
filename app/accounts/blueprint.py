"""The blueprint of accounts; its page modules attach to it, and `create_app` imports them (app/pages.py)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

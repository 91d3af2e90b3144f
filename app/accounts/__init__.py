"""Accounts and roles: registration, confirmation, log-in, profile, personal data."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from app.accounts import routes  # noqa: E402,F401 - routes attach themselves to bp

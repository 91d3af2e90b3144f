"""The blueprints of e-ID sign-in: the pages under each locale, and the one callback address without a locale
that the operator registers with the provider; `create_app` imports the pages (app/pages.py)."""

from flask import Blueprint

bp = Blueprint("identity", __name__, template_folder="templates")
callback_bp = Blueprint("identity_callback", __name__)

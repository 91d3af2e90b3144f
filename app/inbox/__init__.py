"""Each person's Ovoz inbox: answers and news about what they wrote, signed or follow."""

from flask import Blueprint

bp = Blueprint("inbox", __name__, template_folder="templates")

from app.inbox import routes  # noqa: E402,F401 - routes attach themselves to bp

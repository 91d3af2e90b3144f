"""Following consultations, petitions and agencies, by people and organisations; told in the inbox or by digest."""

from flask import Blueprint

bp = Blueprint("following", __name__, template_folder="templates")

from app.following import routes  # noqa: E402,F401 - routes attach themselves to bp

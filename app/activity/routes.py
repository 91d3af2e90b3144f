"""My activity: load the signed-in person's own rows -> show; nobody else's are ever asked for."""

from flask import render_template, request
from flask_login import current_user, login_required

from app.activity import services
from app.activity.blueprint import bp
from app.core.forms import positive_int
from app.petitions.labels import STATES


@bp.route("/account/activity")
@login_required
def index():
    pages = {name: request.args.get(name, 1, type=positive_int) for name in services.SECTIONS}
    sections = services.activity_of(current_user.id, pages)
    return render_template("activity/index.html", sections=sections, pages=pages, states=STATES)

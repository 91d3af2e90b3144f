"""Public pages of the outcome tracker: read-only, for everyone, no account needed."""

from flask import abort, render_template, request

from app.agencies.models import Agency
from app.consultations.models import Consultation
from app.core.forms import positive_int
from app.extensions import db
from app.petitions.models import Petition
from app.tracker import pages
from app.tracker.blueprint import bp


@bp.route("/agencies")
def agencies():
    sort = request.args.get("sort", "")
    sort = sort if sort in pages.SORTS else "share"  # an unknown order is ignored rather than refused
    return render_template("tracker/agencies.html", **pages.agencies_context(sort))


@bp.route("/agencies/<int:agency_id>")
def agency(agency_id):
    found = db.get_or_404(Agency, agency_id)
    return render_template(
        "tracker/agency.html", **pages.agency_context(found, request.args.get("page", 1, type=positive_int))
    )


@bp.route("/consultations/<int:consultation_id>/outcome")
def consultation(consultation_id):
    found = db.get_or_404(Consultation, consultation_id)  # every consultation is public from its announcement
    return render_template("tracker/consultation.html", **pages.consultation_context(found))


@bp.route("/petitions/<int:petition_id>/progress")  # ".../outcome" is where officials record one
def petition(petition_id):
    found = db.get_or_404(Petition, petition_id)
    if not found.is_published:
        abort(404)
    return render_template("tracker/petition.html", **pages.petition_context(found))

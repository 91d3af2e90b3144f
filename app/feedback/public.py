"""Public pages of grouped feedback: one group with its answer, and a consultation's "What we heard"."""

from flask import abort, render_template, request

from app.consultations.models import Consultation
from app.core.forms import positive_int
from app.extensions import db
from app.feedback import answers, publicity, scopes
from app.feedback.access import cluster_or_its_successor
from app.feedback.blueprint import bp
from app.feedback.labels import STATUS_LABELS

bp.add_app_template_filter(publicity.answer_html, "answer_markdown")
bp.add_app_template_filter(answers.body_in, "answer_text")


@bp.route("/groups/<int:cluster_id>")
def group(cluster_id):
    cluster = cluster_or_its_successor(cluster_id, ".group")
    shown = publicity.group(cluster)
    if shown is None:
        abort(404)
    consultation = scopes.consultation_of(cluster)
    page = request.args.get("page", 1, type=positive_int)
    return render_template(
        "feedback/public_group.html",
        group=shown,
        consultation=consultation,
        petitions=publicity.petitions_of(cluster, page) if consultation is None else None,
        status_labels=STATUS_LABELS,
    )


@bp.route("/consultations/<int:consultation_id>/heard")
def heard(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not publicity.is_public(consultation):
        abort(404)
    page = publicity.heard(consultation, request.args.get("page", 1, type=positive_int))
    return render_template("feedback/heard.html", consultation=consultation, page=page, status_labels=STATUS_LABELS)

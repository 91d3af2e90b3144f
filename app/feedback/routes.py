"""The review workspace: officials and moderators of the consultation's agency see its comments grouped."""

from flask import abort, render_template, request
from flask_login import current_user

from app.accounts.access import role_required
from app.accounts.models import Role
from app.consultations import services as consultations
from app.consultations.models import Consultation
from app.core.i18n import LOCALE_NAMES
from app.extensions import db
from app.feedback import bp, services
from app.geo import current_country
from app.submissions.models import Cluster

reviewers_only = role_required(Role.OFFICIAL, Role.MODERATOR)


def _reviewable(consultation: Consultation) -> Consultation:
    if not consultations.may_review(current_user, consultation):
        abort(403)
    return consultation


def _filters(args) -> services.Filters:
    language = args.get("language", "")
    return services.Filters(
        lineage=args.get("provision", type=int),
        language=language if language in LOCALE_NAMES else "",
        campaigns_only=args.get("campaigns") == "1",
        query=args.get("q", "").strip()[:300],
    )


@bp.route("/review/consultations/<int:consultation_id>")
@reviewers_only
def workspace(consultation_id):
    consultation = _reviewable(db.get_or_404(Consultation, consultation_id))
    filters = _filters(request.args)
    page = services.workspace(consultation, filters, request.args.get("page", 1, type=int))
    version = consultations.current_version(consultation)
    return render_template(
        "feedback/workspace.html",
        consultation=consultation,
        page=page,
        filters=filters,
        articles=[p for p in (version.provisions if version else []) if p.kind == "article"],
        country=current_country(),
        pager_args={k: v for k, v in request.args.items() if k != "page"},
    )


@bp.route("/review/clusters/<int:cluster_id>")
@reviewers_only
def cluster(cluster_id):
    group = db.get_or_404(Cluster, cluster_id)
    if not group.scope.startswith("consultation:"):
        abort(404)
    consultation = _reviewable(db.get_or_404(Consultation, int(group.scope.split(":")[1])))
    (row,) = services.describe([group])
    page = services.members(group, request.args.get("page", 1, type=int))
    return render_template(
        "feedback/cluster.html", consultation=consultation, row=row, page=page, country=current_country()
    )

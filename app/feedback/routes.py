"""The review workspace: officials and moderators of the responsible agency see feedback grouped.

Pages only; what changes a group is in actions.py.
"""

import re

from flask import Response, abort, jsonify, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from rq.exceptions import NoSuchJobError
from rq.job import Job
from sqlalchemy import select

from app.accounts.access import reviewers_only
from app.consultations import services as consultations
from app.consultations.models import Consultation
from app.core.forms import positive_int
from app.core.i18n import LOCALE_NAMES
from app.core.queue import get_redis
from app.core.security import limit_search
from app.extensions import db
from app.feedback import exports, publicity, reviews, scopes, suggestions
from app.feedback import workspace as groups
from app.feedback.access import own_agency, reviewable_cluster, reviewable_consultation
from app.feedback.blueprint import bp
from app.feedback.labels import STATUS_LABELS
from app.feedback.models import ReviewStatus
from app.feedback.pages import cluster_page
from app.geo import current_country
from app.submissions.scopes import PETITIONS


def _filters(args) -> groups.Filters:
    language, status = args.get("language", ""), args.get("status", "")
    return groups.Filters(
        lineage=args.get("provision", type=positive_int),
        language=language if language in LOCALE_NAMES else "",
        campaigns_only=args.get("campaigns") == "1",
        query=args.get("q", "").strip()[:300],
        status=ReviewStatus(status) if status in set(ReviewStatus) else None,
    )


def _workspace_page(scope: str, consultation: Consultation | None = None, within=None):
    """A page of a scope's groups, as filtered in the query string."""
    filters = _filters(request.args)
    page_number = request.args.get("page", 1, type=positive_int)
    version = consultations.current_version(consultation) if consultation else None
    return render_template(
        "feedback/workspace.html",
        consultation=consultation,
        page=groups.workspace(
            scope, filters, page_number, consultation=consultation, within=within, locale=str(get_locale())
        ),
        filters=filters,
        articles=[p for p in (version.provisions if version else []) if p.kind == "article"],
        statuses=STATUS_LABELS,
        country=current_country(),
        pager_args={k: v for k, v in request.args.items() if k not in ("page", "job")},
        job=request.args.get("job", ""),
    )


@bp.route("/review/consultations/<int:consultation_id>")
@reviewers_only
@limit_search
def workspace(consultation_id):
    consultation = reviewable_consultation(consultation_id)
    return _workspace_page(consultation.scope, consultation)


@bp.route("/review/petitions")
@reviewers_only
@limit_search
def petitions():
    return _workspace_page(PETITIONS, within=scopes.petition_clusters(own_agency()))


def _duplicates_page(scope: str, consultation: Consultation | None = None):
    return render_template(
        "feedback/duplicates.html",
        consultation=consultation,
        pairs=suggestions.duplicates(scope, own_agency(), str(get_locale())),
    )


@bp.route("/review/consultations/<int:consultation_id>/duplicates")
@reviewers_only
def duplicates(consultation_id):
    consultation = reviewable_consultation(consultation_id)
    return _duplicates_page(consultation.scope, consultation)


@bp.route("/review/petitions/duplicates")
@reviewers_only
def petition_duplicates():
    return _duplicates_page(PETITIONS)


@bp.route("/review/clusters/<int:cluster_id>")
@reviewers_only
def cluster(cluster_id):
    return cluster_page(reviewable_cluster(cluster_id, follow=True))


@bp.route("/review/clusters/<int:cluster_id>/members.csv")
@reviewers_only
def export(cluster_id):
    """The group's members as CSV for a spreadsheet (UTF-8 with a byte-order mark), for those who review it."""
    group = reviewable_cluster(cluster_id)
    return Response(
        exports.members_csv(group),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="ovoz-group-{group.id}.csv"'},
    )


@bp.route("/review/overdue")
@reviewers_only
def overdue():
    agency = own_agency()
    query = select(Consultation).order_by(Consultation.closes_at.desc())
    if agency is not None:
        query = query.where(Consultation.agency_id == agency)
    late = reviews.overdue(agency)
    return render_template(
        "feedback/overdue.html",
        late=late,
        sizes=publicity.member_sizes([row.cluster.id for row in late]),
        consultations=db.session.scalars(query).all(),
        statuses=STATUS_LABELS,
    )


JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@bp.route("/review/jobs/<job_id>")
@reviewers_only
def job_progress(job_id):
    """How far a regrouping has come, for the page that started it: {"status", "progress"}."""
    if not JOB_ID.fullmatch(job_id):  # what RQ takes: ASCII letters, digits, "_" and "-"
        abort(404)
    try:
        job = Job.fetch(job_id, connection=get_redis())
    except NoSuchJobError:
        abort(404)
    if job.func_name != "workers.semantic.refine_scope" or not _may_regroup(job.args[0]):
        abort(404)
    return jsonify(status=job.get_status(refresh=False), progress=job.meta.get("progress", 0))


def _may_regroup(scope: str) -> bool:
    if scope == PETITIONS:
        return True  # every reviewer works on the pool
    consultation = scopes.consultation_of_scope(scope)
    return consultation is not None and consultations.may_review(current_user, consultation)

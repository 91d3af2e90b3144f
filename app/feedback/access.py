"""Who may open a review page: the staff of the responsible agency (and admins); anyone else gets 403 or 404."""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.accounts.models import Role
from app.consultations import services as consultations
from app.consultations.models import Consultation
from app.extensions import db
from app.feedback import scopes
from app.submissions import services as submissions
from app.submissions.models import Cluster
from app.submissions.scopes import PETITIONS


def reviewable_consultation(consultation_id: int) -> Consultation:
    consultation = db.get_or_404(Consultation, consultation_id)
    if not consultations.may_review(current_user, consultation):
        abort(403)
    return consultation


def cluster_or_its_successor(cluster_id: int, endpoint: str) -> Cluster:
    """The cluster; if it was merged away, a redirect to the page of the one that took in its members; else 404."""
    cluster = db.session.get(Cluster, cluster_id)
    if cluster is None:
        successor = submissions.successor(cluster_id)
        abort(redirect(url_for(endpoint, cluster_id=successor, **request.args)) if successor else 404)
    return cluster


def reviewable_cluster(cluster_id: int, follow: bool = False) -> Cluster:
    """A cluster the signed-in person reviews; `follow`: a page of one merged away leads to its successor."""
    cluster = cluster_or_its_successor(cluster_id, ".cluster") if follow else db.get_or_404(Cluster, cluster_id)
    if cluster.scope != PETITIONS and scopes.consultation_of(cluster) is None:
        abort(404)
    if not scopes.may_review(current_user, cluster):
        abort(403)
    return cluster


def own_agency() -> int | None:
    """The agency whose work the signed-in person reviews (None for an admin: every agency)."""
    if current_user.role == Role.ADMIN:
        return None
    return current_user.agency_id or 0  # staff without an agency review nothing (no agency has id 0)

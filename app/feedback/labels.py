"""The words for review statuses, in one place."""

from flask_babel import lazy_gettext as _l

from app.feedback.models import ReviewStatus

STATUS_LABELS = {
    ReviewStatus.NEW: _l("New"),
    ReviewStatus.UNDER_REVIEW: _l("Under review"),
    ReviewStatus.ACCEPTED: _l("Accepted"),
    ReviewStatus.PARTLY_ACCEPTED: _l("Partly accepted"),
    ReviewStatus.REJECTED: _l("Rejected"),
    ReviewStatus.NOTED: _l("Noted"),
}

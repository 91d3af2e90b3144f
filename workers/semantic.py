"""Embedding, placing and regrouping submissions. Every job is idempotent and safe to run twice."""

from rq import get_current_job

from app.extensions import db
from app.submissions import services
from workers.context import job


def _progress(fraction: float) -> None:
    current = get_current_job()
    if current is not None:
        current.meta["progress"] = round(fraction, 3)
        current.save_meta()


@job
def process_submission(submission_id: int) -> int | None:
    """Embed one submission and put it in a cluster (a processed one is skipped)."""
    return services.process(submission_id)


@job
def refine_scope(scope: str) -> dict:
    """Merge and split the clusters of one scope, keeping ids and manual decisions."""
    result = services.refine(scope, progress=_progress)
    _progress(1.0)
    return result


@job
def refine_due_scopes() -> list[str]:
    """Refine every scope that changed since its last refinement (periodic)."""
    due = services.scopes_due_for_refinement()
    for scope in due:
        services.refine(scope)
        db.session.commit()  # each refinement holds its scope until it commits: let that scope's placements go on
    return due

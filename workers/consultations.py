"""Consultation jobs: opening and closing comments on the dates the officials set; the deadline of reports."""

from app.consultations import reports, services
from workers.context import job


@job
def advance_consultations() -> int:
    """Open and close consultations whose dates have come (periodic)."""
    return services.advance_phases()


@job
def release_overdue_reports() -> int:
    """Show again the comments hidden by reports that no moderator decided on in time (periodic)."""
    return reports.release_overdue()

"""Consultation jobs: opening and closing comments on the dates the officials set."""

from app.consultations import services
from workers.context import job


@job
def advance_consultations() -> int:
    """Open and close consultations whose dates have come (periodic)."""
    return services.advance_phases()

"""Writing the open data files (periodic). Idempotent: each run replaces the files whole."""

from app.opendata import files
from workers.context import job


@job
def regenerate_open_data() -> dict:
    """Write every open dataset as CSV and JSON, and the manifest with the time."""
    return files.regenerate()

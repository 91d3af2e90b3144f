"""Routes of the tracker blueprint."""

from app.tracker import bp  # noqa: F401

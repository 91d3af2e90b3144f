"""Routes of the feeds blueprint."""

from app.feeds import bp  # noqa: F401

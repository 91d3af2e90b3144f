"""Routes of the following blueprint."""

from app.following import bp  # noqa: F401

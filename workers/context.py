"""The one job decorator: every job runs in a fresh app context and commits once at the end."""

import functools

from flask import current_app, has_app_context

_app = None


def _get_app():
    """The app a worker process serves; created once, before the first job (warm worker)."""
    global _app
    if has_app_context():
        return current_app._get_current_object()
    if _app is None:
        from app import create_app

        _app = create_app()
    return _app


def job(func):
    """Run `func` inside an app context; commit on success, roll back on error."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from app.extensions import db

        with _get_app().app_context():
            try:
                result = func(*args, **kwargs)
                db.session.commit()
                return result
            except Exception:
                db.session.rollback()
                raise

    return wrapper

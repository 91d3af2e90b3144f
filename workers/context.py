"""The one job decorator: every job runs in a fresh context of the app its worker serves, and commits once.

`flask --app wsgi worker` builds the app once and runs jobs inside it (a warm worker); a job never
builds an app of its own, so a worker started any other way is told so instead of guessing settings.
"""

import functools

from flask import current_app, has_app_context

from app.extensions import db


def job(func):
    """Run `func` in a fresh app context (a session of its own); commit on success, roll back on error."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not has_app_context():
            name = f"{func.__module__}.{func.__name__}"
            raise RuntimeError(f"The job {name} needs the Ovoz app: run workers with `flask --app wsgi worker`")
        with current_app._get_current_object().app_context():
            try:
                result = func(*args, **kwargs)
                db.session.commit()
                return result
            except Exception:
                db.session.rollback()
                raise

    wrapper.is_job = True  # what the test of job names looks for
    return wrapper

"""The entry point: `gunicorn wsgi:app`, and `flask --app wsgi ...` with the worker commands on top.

The worker commands (`worker`, `cron`, `serve`) are added here, not by `create_app`: the app does not
import its jobs; RQ imports them by name in the worker.
"""

from app import create_app
from workers.cli import register_worker_commands

app = create_app()
register_worker_commands(app)

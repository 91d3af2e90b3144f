"""Server time of the foundation's pages, against a bare Flask route in the same app."""

import os
import tempfile
from pathlib import Path

from benchmarks.common import Figure, median_seconds


def _app(tmp: Path):
    os.environ["OVOZ_ENV"] = "testing"
    from app import create_app
    from app.core.queue import start_embedded_redis

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}", "REDIS_URL": start_embedded_redis(tmp)}
    )
    app.add_url_rule("/baseline", "baseline", lambda: "ok")
    return app


def _people(app, count: int):
    from app.accounts.models import Role, User
    from app.demo.cli import load_demo
    from app.extensions import db

    with app.app_context():
        db.create_all()
        load_demo()
        admin = db.session.query(User).filter_by(role=Role.ADMIN).one()
        db.session.add_all(
            User(email=f"p{n}@example.org", display_name=f"P {n}", password_hash="x", locale="tg") for n in range(count)
        )
        db.session.commit()
        return admin.email


def _timed(client, url: str) -> float:
    assert client.get(url).status_code == 200, url  # a figure for an error page would mean nothing
    return median_seconds(lambda: client.get(url))


def run() -> list[Figure]:
    from app.demo.accounts import DEMO_PASSWORD

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        admin_email = _people(app, 1000)
        client = app.test_client()
        baseline = median_seconds(lambda: client.get("/baseline"))
        pages = {"home page (tg)": "/tg/", "sign-in form (ru)": "/ru/account/login"}
        figures = [Figure(name, _timed(client, url), "bare route", baseline) for name, url in pages.items()]
        token_page = client.get("/en/account/login").get_data(as_text=True)
        token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/en/account/login", data={"csrf_token": token, "email": admin_email, "password": DEMO_PASSWORD})
        admin_pages = {
            "admin: people, 1,037 accounts (tg)": "/tg/admin/users",
            "admin: audit log (tg)": "/tg/admin/audit",
        }
        figures += [Figure(name, _timed(client, url), "bare route", baseline) for name, url in admin_pages.items()]
        return figures

"""Server time of a consultation's pages with 1,000 comments, against a bare Flask route in the same app.

The issue's figure: a page with 1,000 comments on one draft renders in under 300 ms of server time.
Measured on the draft page (15 articles, each with its count), on a provision page that carries all
1,000 comments (a tenth of them amendments shown as diffs, a tenth replies), and on the report page.
The consultation is built with the real services on SQLite, as `make run` has it.
"""

import os
import random
import tempfile
from datetime import timedelta
from pathlib import Path

from benchmarks.common import Figure, median_seconds

COMMENTS = 1000
TARGET_SECONDS = 0.300
ARTICLES = 15


def _draft() -> str:
    chapters = []
    for article in range(1, ARTICLES + 1):
        if article % 5 == 1:
            chapters.append(f"Глава {article // 5 + 1}. Положения {article // 5 + 1}")
        parts = "\n".join(
            f"{n}. Часть {n} статьи {article}: участники вправе направлять предложения." for n in (1, 2, 3)
        )
        chapters.append(f"Статья {article}. Статья номер {article}\n{parts}")
    return "\n\n".join(chapters)


def _consultation(app):
    """A consultation with a published draft and COMMENTS comments on article 3; returns URLs."""
    from app.accounts.models import Role, User
    from app.agencies.models import Agency
    from app.consultations import comments, services
    from app.core.db import utcnow
    from app.extensions import db

    chooser = random.Random(5)
    with app.app_context():
        db.create_all()
        agency = Agency(slug="justice", names={"en": "Justice"})
        db.session.add(agency)
        official = User(email="o@example.org", display_name="O", password_hash="x", role=Role.OFFICIAL, agency=agency)
        people = [User(email=f"c{n}@example.org", display_name=f"Citizen {n}", password_hash="x") for n in range(300)]
        db.session.add_all([official, *people])
        db.session.commit()
        with app.test_request_context():
            fields = {"title": "Draft", "summary": "S", "body": "", "agency_id": agency.id, "region_code": None,
                      "opens_at": utcnow() - timedelta(days=1), "closes_at": utcnow() + timedelta(days=9),
                      "premoderation": False}  # fmt: skip
            consultation = services.save(official, fields)
            version = services.import_draft(consultation, official, _draft())
            services.publish_version(version, official, "")
            article = next(p for p in version.provisions if p.kind == "article" and p.number == "3")
            top = []
            for number in range(COMMENTS):
                author, text = chooser.choice(people), f"Комментарий {number}: предлагаю уточнить сроки и порядок."
                if top and number % 10 == 5:
                    comments.add(consultation, author, text, parent=chooser.choice(top))
                    continue
                amendment = services.full_text(article).replace("вправе", "обязаны") if number % 10 == 0 else None
                top.append(comments.add(consultation, author, text, article, amendment=amendment))
            db.session.commit()
            base = f"/ru/consultations/{consultation.id}"
            return {
                "draft page, 1,000 comments": f"{base}/draft",
                "provision page, 1,000 comments": f"{base}/provisions/{article.id}",
                "report page, 1,000 comments": f"{base}/report",
            }


def run() -> list[Figure]:
    os.environ["OVOZ_ENV"] = "testing"
    from app import create_app
    from app.core.queue import start_embedded_redis

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
                "REDIS_URL": start_embedded_redis(Path(tmp)),
            }
        )
        app.add_url_rule("/baseline", "baseline", lambda: "ok")
        pages = _consultation(app)
        client = app.test_client()
        baseline = median_seconds(lambda: client.get("/baseline"))
        figures = []
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url
            seconds = median_seconds(lambda url=url: client.get(url))
            verdict = "met" if seconds < TARGET_SECONDS else "NOT met"
            print(f"  {name}: {seconds * 1000:.1f} ms server time (target < {TARGET_SECONDS * 1000:.0f} ms: {verdict})")
            figures.append(Figure(name, seconds, "bare route", baseline))
        return figures

from datetime import date
from urllib.parse import urlsplit

from flask import current_app, render_template

from app.geo import current_country
from app.main import home
from app.main.blueprint import bp


@bp.route("/")
def index():
    country = current_country()
    return render_template(
        "main/index.html",
        country=country,
        consultations=home.open_consultations(),
        petitions=home.gathering_petitions(),
        answers=home.recent_answers(),
    )


@bp.route("/about")
def about():
    return render_template("main/about.html")


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")


#: When the accessibility statement was written, and when it was last checked against the tests' findings.
STATEMENT_PREPARED = date(2026, 12, 6)
STATEMENT_REVIEWED = date(2026, 12, 6)
#: The last axe-core crawl of the demo (tests/browser/test_axe_crawl.py prints these figures); update with the date.
LAST_CRAWL = {"date": date(2026, 12, 6), "pages": 232, "rules": 62, "violations": 0}


@bp.route("/accessibility")
def accessibility():
    return render_template(
        "main/accessibility.html",
        site=urlsplit(current_app.config["OVOZ_BASE_URL"]).netloc,  # the public address, not the Host header
        contact=current_app.config["OVOZ_CONTACT_EMAIL"],
        prepared=STATEMENT_PREPARED,
        reviewed=STATEMENT_REVIEWED,
        crawl=LAST_CRAWL,
    )

from flask import render_template

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

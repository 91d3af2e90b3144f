from flask import current_app, render_template

from app.geo import get_country
from app.main import bp


@bp.route("/")
def index():
    country = get_country(current_app.config["OVOZ_COUNTRY"])
    return render_template("main/index.html", country=country)


@bp.route("/about")
def about():
    return render_template("main/about.html")


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")

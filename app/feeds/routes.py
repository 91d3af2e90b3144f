"""Atom feeds of what is new, and a page that lists them: load -> read the sources -> write Atom."""

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.agencies.models import Agency
from app.core.forms import positive_int
from app.core.urls import external_url
from app.extensions import db
from app.feeds import atom, sources
from app.feeds.blueprint import bp
from app.petitions.labels import LISTS


def _page(endpoint: str, **values) -> str:
    return external_url(endpoint, lang_code=str(get_locale()), **values)


def _titled(title: str) -> str:
    return f"{title} · {_('Ovoz')}"  # as the petition feeds name themselves


@bp.route("/feeds")
def index():
    locale = str(get_locale())
    agencies = sorted(db.session.scalars(select(Agency)), key=lambda a: a.name(locale).lower())
    return render_template("feeds/index.html", agencies=agencies, lists=LISTS)


@bp.route("/feeds/consultations.atom")
def consultations():
    agency_id = request.args.get("agency", type=positive_int)
    page = _page("consultations.index")
    items = sources.consultations(agency_id)
    return atom.render(_page("feeds.consultations", agency=agency_id), _titled(_("New consultations")), page, items)


@bp.route("/feeds/versions.atom")
def versions():
    items = sources.versions()
    return atom.render(_page("feeds.versions"), _titled(_("New versions of drafts")), _page("feeds.index"), items)


@bp.route("/feeds/answers.atom")
def answers():
    items = atom.newest(sources.group_answers(), sources.petition_responses())
    return atom.render(_page("feeds.answers"), _titled(_("New answers")), _page("feeds.index"), items)


@bp.route("/agencies/<int:agency_id>/feed.atom")
def agency(agency_id):
    found = db.get_or_404(Agency, agency_id)
    items = atom.newest(
        sources.consultations(found.id),
        sources.versions(found.id),
        sources.group_answers(found.id),
        sources.petition_responses(found.id),
    )
    title = _titled(found.name(str(get_locale())))
    return atom.render(_page("feeds.agency", agency_id=found.id), title, _page("feeds.index"), items)

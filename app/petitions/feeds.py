"""Atom feeds of petition lists and of each petition's timeline."""

from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _

from app.core.urls import external_url
from app.feeds import atom
from app.petitions.labels import LISTS, TIMELINE


def listing_feed(filters, petitions) -> Response:
    """A list of petitions with the same filters as the page."""
    lang = str(get_locale())
    page = external_url("petitions.index", lang_code=lang, list=filters.listing)
    items = []
    for petition in petitions:
        link = external_url("petitions.show", lang_code=lang, petition_id=petition.id)
        updated = petition.opened_at or petition.created_at
        items.append(atom.Item(link, petition.title, link, updated, petition.request))
    return atom.render(page, f"{LISTS[filters.listing]} · {_('Ovoz')}", page, items)


def petition_feed(petition, events) -> Response:
    """The timeline of one petition, newest step first, with its response."""
    lang = str(get_locale())
    link = external_url("petitions.show", lang_code=lang, petition_id=petition.id)
    items = []
    for event in reversed(events):
        body = petition.response.body if event.kind == "responded" and petition.response is not None else ""
        step = f"{link}#event-{event.id}"
        items.append(atom.Item(step, str(TIMELINE.get(event.kind, event.kind)), step, event.created_at, body))
    return atom.render(link, petition.title, link, items)

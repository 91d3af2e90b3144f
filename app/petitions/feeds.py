"""Atom feeds of petition lists and of each petition's timeline (feedgen)."""

from feedgen.feed import FeedGenerator
from flask import Response, request
from flask_babel import get_locale
from flask_babel import gettext as _

from app.core.sanitize import render_markdown
from app.core.urls import external_url
from app.petitions.labels import LISTS, TIMELINE

ATOM = "application/atom+xml; charset=utf-8"


def _feed(feed_id: str, title: str, link: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=link, rel="alternate")
    feed.link(href=request.url, rel="self")
    feed.language(str(get_locale()))
    return feed


def _response(feed: FeedGenerator) -> Response:
    return Response(feed.atom_str(pretty=True), mimetype=ATOM)


def listing_feed(filters, petitions) -> Response:
    """A list of petitions with the same filters as the page."""
    lang = str(get_locale())
    page = external_url("petitions.index", lang_code=lang, list=filters.listing)
    feed = _feed(page, f"{LISTS[filters.listing]} · {_('Ovoz')}", page)
    for petition in reversed(petitions):
        link = external_url("petitions.show", lang_code=lang, petition_id=petition.id)
        entry = feed.add_entry()
        entry.id(link)
        entry.title(petition.title)
        entry.link(href=link)
        entry.content(str(render_markdown(petition.request)), type="html")
        entry.updated(petition.opened_at or petition.created_at)
    if not petitions:
        feed.updated(None)
    return _response(feed)


def petition_feed(petition, events) -> Response:
    """The timeline of one petition, with its response."""
    lang = str(get_locale())
    link = external_url("petitions.show", lang_code=lang, petition_id=petition.id)
    feed = _feed(link, petition.title, link)
    for event in events:
        entry = feed.add_entry()
        entry.id(f"{link}#event-{event.id}")
        entry.title(str(TIMELINE.get(event.kind, event.kind)))
        entry.link(href=f"{link}#event-{event.id}")
        entry.updated(event.created_at)
        if event.kind == "responded" and petition.response is not None:
            entry.content(str(render_markdown(petition.response.body)), type="html")
    return _response(feed)

"""Atom documents (feedgen), in the URL's locale: the one place where Ovoz writes a feed."""

from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import Response, request
from flask_babel import get_locale
from flask_babel import gettext as _

from app.core.sanitize import render_markdown
from app.core.text import xml_safe

ATOM = "application/atom+xml; charset=utf-8"
LIMIT = 50  # entries of a feed, and rows read from each of its sources


@dataclass(frozen=True)
class Item:
    """One entry: a stable id, where to read it, when it last changed, and its text as Markdown."""

    id: str
    title: str
    link: str
    updated: datetime
    markdown: str = ""
    published: datetime | None = None
    author: str = ""  # the agency, when there is one


def new_feed(feed_id: str, title: str, link: str) -> FeedGenerator:
    """An empty feed in the current locale, linked to its page and to itself."""
    feed = FeedGenerator()
    feed.id(xml_safe(feed_id))
    feed.title(xml_safe(title))
    feed.author({"name": _("Ovoz")})  # Atom wants an author; entries by an agency name it instead
    feed.link(href=xml_safe(link), rel="alternate")
    feed.link(href=xml_safe(request.url), rel="self")
    feed.language(str(get_locale()))
    return feed


def add_entry(feed: FeedGenerator, item: Item) -> None:
    """Append one entry, its Markdown made safe HTML."""
    entry = feed.add_entry(order="append")
    entry.id(xml_safe(item.id))
    entry.title(xml_safe(item.title))
    entry.link(href=xml_safe(item.link))
    entry.updated(item.updated)
    if item.published is not None:
        entry.published(item.published)
    if item.author:
        entry.author({"name": xml_safe(item.author)})
    if item.markdown:
        entry.content(xml_safe(str(render_markdown(item.markdown))), type="html")


def newest(*sources: list[Item]) -> list[Item]:
    """The newest LIMIT items of several sources, newest first."""
    merged = [item for source in sources for item in source]
    return sorted(merged, key=lambda item: item.published or item.updated, reverse=True)[:LIMIT]


def respond(feed: FeedGenerator) -> Response:
    """The feed as an Atom response; it was updated when its newest entry was (when empty: now)."""
    changed = [entry.updated() for entry in feed.entry()]
    if changed:
        feed.updated(max(changed))
    return Response(feed.atom_str(pretty=True), mimetype=ATOM)


def render(feed_id: str, title: str, link: str, items: list[Item]) -> Response:
    """A whole feed of `items`, in their order."""
    feed = new_feed(feed_id, title, link)
    for item in items:
        add_entry(feed, item)
    return respond(feed)

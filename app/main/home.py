"""What the home page shows of the living site: open consultations, petitions gathering signatures, new answers.

Each list reads at most a few rows, ordered in SQL, and only what public pages already show.
"""

from dataclasses import replace
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.consultations.models import Consultation, Phase
from app.extensions import db
from app.feeds import atom, sources
from app.petitions import search

#: Items in each list of the home page.
HOME_ITEMS = 4


def open_consultations(limit: int = HOME_ITEMS) -> list[Consultation]:
    """Consultations open for comments, the one closing first first."""
    query = (
        select(Consultation)
        .options(joinedload(Consultation.agency))
        .where(Consultation.phase == Phase.OPEN)
        .order_by(Consultation.closes_at, Consultation.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def gathering_petitions(limit: int = HOME_ITEMS) -> list:
    """Open petitions with the most signatures."""
    return search.gathering(limit)


def recent_answers(limit: int = HOME_ITEMS) -> list[atom.Item]:
    """The newest answers to groups and responses to petitions, as the answers feed lists them, linked on this site.

    The feed's links are absolute (for readers elsewhere); the page links to its own host.
    """
    items = atom.newest(sources.group_answers(limit=limit), sources.petition_responses(limit=limit))[:limit]
    return [_on_this_site(item) for item in items]


def _on_this_site(item: atom.Item) -> atom.Item:
    parts = urlsplit(item.link)
    link = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
    return replace(item, link=link)

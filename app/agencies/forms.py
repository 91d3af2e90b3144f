"""Choosing an agency in a form."""

from flask_babel import get_locale
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.agencies.models import Agency
from app.extensions import db


def agency_choices(empty_label) -> list[SelectChoice]:
    """Every agency by its name in the user's language, after an empty choice."""
    locale = str(get_locale())
    agencies = sorted(db.session.scalars(select(Agency)), key=lambda a: a.name(locale).lower())
    return [SelectChoice("", str(empty_label))] + [SelectChoice(str(a.id), a.name(locale)) for a in agencies]

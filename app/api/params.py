"""Parameters of the API: one spec each, read from the JSON schema that also documents it in OpenAPI."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.api.errors import invalid, unknown_parameter
from app.geo import current_country

ID_MAX = 2**31 - 1  # the largest id the database stores (see app.core.urls)
ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
DATE = {"type": "string", "format": "date"}
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Param:
    """A query (or path) parameter: its name, what it means, and its JSON schema."""

    name: str
    description: object  # a lazy string
    schema: dict | Callable[[], dict]  # a callable when it depends on the deployment (its regions)
    location: str = "query"

    def json_schema(self) -> dict:
        """The parameter's schema (computed for this deployment)."""
        return dict(self.schema()) if callable(self.schema) else dict(self.schema)

    def read(self, raw: str):
        """The value of `raw`, checked against the schema; raises ApiError naming the parameter."""
        schema = self.json_schema()
        if schema["type"] == "integer":
            return self._number(raw, schema)
        if schema.get("format") == "date":
            return self._day(raw)
        if "enum" in schema and raw not in schema["enum"]:
            raise invalid(self.name, _("Use one of: %(values)s.", values=", ".join(schema["enum"])))
        return raw

    def _number(self, raw: str, schema: dict) -> int:
        low, high = schema.get("minimum", 0), schema.get("maximum", ID_MAX)
        if not _WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
            raise invalid(self.name, _("Use a whole number from %(low)s to %(high)s.", low=low, high=high))
        return int(raw)

    def _day(self, raw: str) -> date:
        try:
            if _DAY.fullmatch(raw):
                return date.fromisoformat(raw)
        except ValueError:
            pass
        raise invalid(self.name, _("Use a date written as YYYY-MM-DD, e.g. 2025-03-01."))


def read_args(params: tuple[Param, ...], args) -> dict:
    """The values of the query parameters an operation takes (defaults included); refuses any other."""
    known = {param.name: param for param in params}
    for name in args:
        if name not in known:
            raise unknown_parameter(name)
        if len(args.getlist(name)) > 1:
            raise invalid(name, _("Give this parameter once."))
    values = {}
    for param in params:
        if param.name in args:
            values[param.name] = param.read(args[param.name])
        elif "default" in (schema := param.json_schema()):
            values[param.name] = schema["default"]
    return values


def day_window(args: dict) -> tuple[datetime | None, datetime | None]:
    """`since` and `until` as the first and last moments (UTC) of those days. A window that ends before it starts
    is a question with an empty answer, not an error: the document cannot say that one date must follow the other."""
    since, until = args.get("since"), args.get("until")
    return (
        datetime.combine(since, time.min, UTC) if since else None,
        datetime.combine(until, time.max, UTC) if until else None,
    )


def _regions() -> dict:
    codes = sorted(current_country().by_code)
    return {"type": "string", "enum": codes}


def _languages() -> dict:
    return {"type": "string", "enum": [*current_app.config["LOCALES"], "other"]}


def since(description) -> Param:
    """The start of a date filter, described for its resource."""
    return Param("since", description, DATE)


def until(description) -> Param:
    """The end of a date filter, described for its resource."""
    return Param("until", description, DATE)


PAGE = Param(
    "page", _l("The page to return, from 1."), {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}
)
PER_PAGE = Param("per_page", _l("Items per page."), {"type": "integer", "minimum": 1, "maximum": 100, "default": 50})
PAGING = (PAGE, PER_PAGE)
AGENCY = Param("agency", _l("Only those of this agency (its id)."), ID)
CONSULTATION = Param("consultation", _l("Only those of this consultation (its id)."), ID)
REGION = Param(
    "region",
    _l("Only those of this region or district (its ISO 3166-2 code); a region includes its districts."),
    _regions,
)
LANGUAGE = Param("language", _l("Only those in this language."), _languages)

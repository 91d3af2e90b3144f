"""What each resource of the API looks like in JSON, and its JSON schema for the OpenAPI document.

A resource that is the projection of an open dataset takes that dataset's columns (names, types and
descriptions) from app.opendata.datasets: the public columns are defined once, and a column added
there appears in the API and its documentation alike.
"""

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.consultations.models import Phase
from app.feedback.models import ReviewStatus
from app.opendata.datasets import AGENCY_FIGURES, BY_NAME
from app.petitions.models import PUBLISHED_STATES

#: JSON schemas of the open data column types; an unknown type is left unconstrained.
TYPES = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": {"type": "string"},
    "text": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "boolean": {"type": "boolean"},
}
DATETIME = TYPES["datetime"]
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


@dataclass(frozen=True)
class Field:
    name: str
    schema: "dict | Shape"  # a nested Shape's schema is made when asked for: its texts are translated
    description: object  # a lazy string
    nullable: bool = False
    many: bool = False  # an array of `schema`

    def json_schema(self) -> dict:
        """The field's schema, described, in the OpenAPI 3.0 dialect."""
        schema = self.schema.schema() if isinstance(self.schema, Shape) else dict(self.schema)
        if self.many:
            schema = {"type": "array", "items": schema}
        schema["description"] = str(self.description)
        if self.nullable:
            schema["nullable"] = True
        return schema


@dataclass(frozen=True)
class Shape:
    """A resource as a JSON object: every field is always present, null where `nullable`."""

    name: str
    description: object
    fields: tuple[Field, ...]

    def schema(self) -> dict:
        """The JSON schema (OpenAPI 3.0 dialect) of one such object."""
        properties = {item.name: item.json_schema() for item in self.fields}
        return {
            "type": "object",
            "description": str(self.description),
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def record(self, values) -> dict:
        """The JSON object of a mapping that has every field (a missing one is a bug: KeyError)."""
        return {item.name: jsonable(values[item.name]) for item in self.fields}

    def extended(self, name: str, description, *more: Field) -> "Shape":
        """This shape with more fields (a resource's detail view)."""
        return Shape(name, description, self.fields + more)


def jsonable(value):
    """A value as JSON has it: moments in UTC and days in ISO 8601, enums as their values."""
    if isinstance(value, datetime):  # PostgreSQL hands them back in its session's time zone
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    return value


def columns_of(dataset: str, not_null: set[str], schemas: dict | None = None) -> tuple[Field, ...]:
    """The fields of an open dataset's columns; a column not named in `not_null` may be null."""
    schemas = schemas or {}
    return tuple(
        Field(c.name, schemas.get(c.name, TYPES.get(c.type, {})), c.description, c.name not in not_null)
        for c in BY_NAME[dataset].columns
    )


def replacing(fields: tuple[Field, ...], *new: Field) -> tuple[Field, ...]:
    """`fields` with some replaced by fields of the same name (where the API says more than a file can)."""
    by_name = {item.name: item for item in new}
    return tuple(by_name.get(item.name, item) for item in fields)


def enum_of(values) -> dict:
    """The schema of a string that is one of `values`."""
    return {"type": "string", "enum": [str(value) for value in values]}


AGENCY = Shape(
    "Agency",
    _l("An agency, with how it answers consultations and petitions."),
    replacing(
        columns_of("agencies", {"id", "slug", "names", "consultations", "petitions"}),
        Field("names", {"type": "object", "additionalProperties": {"type": "string"}}, _l("Names by language.")),
    )
    + tuple(  # how it answers: app.tracker.ranking's figures, described as in the open data
        Field(
            column.name,
            TYPES[column.type],
            column.description,
            column.name in ("share_answered", "median_days_to_answer"),
        )
        for column in AGENCY_FIGURES
    ),
)

CONSULTATION = Shape(
    "Consultation",
    _l("A consultation on a draft."),
    columns_of(
        "consultations",
        {"id", "agency_id", "title", "summary", "phase", "opens_at", "closes_at"},
        {"phase": enum_of(Phase)},
    ),
)
VERSION = Shape(
    "Version",
    _l("A published version of the draft."),
    (
        Field("number", {"type": "integer"}, _l("The version of the draft (1, 2, ...).")),
        Field("published_at", DATETIME, _l("When it was published (UTC).")),
        Field("note", {"type": "string"}, _l("What changed and why (Markdown).")),
    ),
)
QUESTION = Shape(
    "Question",
    _l("A question of the consultation's questionnaire."),
    (
        Field("id", {"type": "integer"}, _l("The question's number on Ovoz.")),
        Field("text", {"type": "string"}, _l("The question.")),
    ),
)
CONSULTATION_DETAIL = CONSULTATION.extended(
    "ConsultationDetail",
    _l("A consultation with its text, versions, questions and report."),
    Field("body", {"type": "string"}, _l("Its description (Markdown).")),
    Field("report", {"type": "string"}, _l("The official report (Markdown); null until it is published."), True),
    Field("versions", VERSION, _l("The published versions of the draft."), many=True),
    Field("questions", QUESTION, _l("Its questionnaire."), many=True),
)
PROVISION = Shape(
    "Provision",
    _l("A chapter, article, part or item of a published version of a draft."),
    columns_of(
        "provisions", {"id", "consultation_id", "version", "key", "kind", "number", "heading", "text", "change"}
    ),
)
COMMENT = Shape(
    "Comment",
    _l("A published comment, amendment, reply or answer to a question; never its author."),
    columns_of("comments", {"id", "consultation_id", "language", "text", "agree", "disagree", "created_at"}),
)
GROUP = Shape(
    "Group",
    _l("A public group of comments or petitions that say the same thing, with its status and answer."),
    replacing(
        columns_of("clusters", {"id", "scope", "size", "languages", "status"}, {"status": enum_of(ReviewStatus)}),
        Field("languages", COUNTS, _l("Published members by language.")),
    )
    + (
        Field("consultation_id", {"type": "integer"}, _l("The consultation whose comments it groups, if any."), True),
        Field("created_at", DATETIME, _l("When the group was formed (UTC).")),
    ),
)
PETITION = Shape(
    "Petition",
    _l("A published petition."),
    columns_of(
        "petitions",
        {"id", "title", "request", "category", "language", "state", "signatures", "verified_signatures"},
        {"state": enum_of(PUBLISHED_STATES)},
    ),
)
THRESHOLD = Shape(
    "Threshold",
    _l("A number of signatures after which the agency must act, and when the petition reached it."),
    (
        Field("signatures", {"type": "integer"}, _l("Signatures needed.")),
        Field("reached_at", DATETIME, _l("When the petition reached it (UTC); null if not yet."), True),
    ),
)
RESPONSE = Shape(
    "Response",
    _l("The responsible agency's response to a petition."),
    (
        Field("agency_id", {"type": "integer"}, _l("The agency that responded."), True),
        Field("body", {"type": "string"}, _l("The response (Markdown).")),
        Field("published_at", DATETIME, _l("When it was published (UTC).")),
    ),
)
PETITION_DETAIL = PETITION.extended(
    "PetitionDetail",
    _l("A published petition with its thresholds, response and outcome."),
    Field("background", {"type": "string"}, _l("Background (Markdown).")),
    Field("closed_at", DATETIME, _l("When it closed (UTC); null while open."), True),
    Field("response_threshold", THRESHOLD, _l("The threshold for a response.")),
    Field("consideration_threshold", THRESHOLD, _l("The threshold for consideration.")),
    Field("response_due_at", DATETIME, _l("The agency's deadline to respond (UTC); null before the threshold."), True),
    Field("response", RESPONSE, _l("The agency's response; null until there is one."), True),
    Field("considered_at", DATETIME, _l("When it was considered (UTC); null if not yet."), True),
    Field("outcome", {"type": "string"}, _l("What the consideration decided (Markdown); null if not yet."), True),
)
REGION_COUNT = Shape(
    "RegionCount",
    _l("Signatures from one region or district."),
    (
        Field("region_code", {"type": "string"}, _l("The region or district signers gave; null if not given."), True),
        Field("signatures", {"type": "integer"}, _l("How many.")),
    ),
)
DAY_COUNT = Shape(
    "DayCount",
    _l("Signatures confirmed on one day."),
    (
        Field("day", TYPES["date"], _l("The day (UTC).")),
        Field("signatures", {"type": "integer"}, _l("How many.")),
    ),
)
SIGNATURES = Shape(
    "Signatures",
    _l("A petition's confirmed signatures counted by region and by day; no signer is named."),
    (
        Field("petition_id", {"type": "integer"}, _l("The petition.")),
        Field("signatures", {"type": "integer"}, _l("Confirmed signatures counted (within the filters).")),
        Field("by_region", REGION_COUNT, _l("By region, most first."), many=True),
        Field("by_day", DAY_COUNT, _l("By day, oldest first."), many=True),
    ),
)
SHAPES = (AGENCY, CONSULTATION, CONSULTATION_DETAIL, PROVISION, COMMENT, GROUP, PETITION, PETITION_DETAIL, SIGNATURES)

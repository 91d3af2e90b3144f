"""Operations of the JSON API: load -> check it is public -> read the filters -> answer with JSON."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.agencies.models import Agency
from app.api import openapi, queries, records, shapes
from app.api.errors import ApiError, not_found
from app.api.operations import operation, paged, single
from app.api.params import AGENCY, CONSULTATION, ID, LANGUAGE, PAGING, REGION, Param, since, until
from app.consultations.models import Consultation, Phase
from app.consultations.services import published_versions
from app.extensions import db
from app.feedback.models import ReviewStatus
from app.petitions.labels import CATEGORIES
from app.petitions.models import PUBLISHED_STATES, Petition
from app.submissions.models import Cluster

INDEX = {
    "type": "object",
    "properties": {"openapi": {"type": "string"}, "documentation": {"type": "string"}},
    "required": ["openapi", "documentation"],
    "additionalProperties": False,
}
DOCUMENT = {"type": "object", "required": ["openapi", "info", "paths"]}

PHASE = Param("phase", _l("Only consultations in this phase."), shapes.enum_of(Phase))
VERSION = Param(
    "version",
    _l("The number of a published version of the draft; the latest if not given."),
    {"type": "integer", "minimum": 1, "maximum": 10000},
)
PROVISION = Param("provision", _l("Only comments on this provision (its id)."), ID)
GROUP = Param("group", _l("Only comments in this group (its id)."), ID)
STATUS = Param("status", _l("Only groups with this review status."), shapes.enum_of(ReviewStatus))
STATE = Param("state", _l("Only petitions in this state."), shapes.enum_of(PUBLISHED_STATES))
CATEGORY = Param("category", _l("Only petitions on this topic."), shapes.enum_of(CATEGORIES))


@operation("/", "meta", _l("Where to start"), response=INDEX)
def index(args):
    return {
        "openapi": url_for(".openapi_document", _external=True),
        "documentation": url_for("api_docs.index", _external=True),
    }


@operation("/openapi.json", "meta", _l("This API, described in OpenAPI 3.0"), response=DOCUMENT)
def openapi_document(args):
    return openapi.document()


@operation("/agencies", "agencies", _l("Agencies"), params=PAGING, response=shapes.AGENCY, many=True)
def agencies(args):
    return paged(queries.agencies(), args, records.agencies_of)


@operation("/agencies/<api_id:agency_id>", "agencies", _l("One agency"), response=shapes.AGENCY)
def agency(args, agency_id):
    return single(queries.agencies().where(Agency.id == agency_id), records.agencies_of)


@operation(
    "/consultations",
    "consultations",
    _l("Consultations"),
    params=(
        AGENCY,
        REGION,
        PHASE,
        since(_l("Only consultations that open on or after this day (UTC).")),
        until(_l("Only consultations that open on or before this day (UTC).")),
        *PAGING,
    ),
    response=shapes.CONSULTATION,
    many=True,
)
def consultations(args):
    return paged(queries.consultations(args), args, records.consultations_of)


def _consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:  # every consultation is public from its announcement
        raise not_found()
    return consultation


@operation(
    "/consultations/<api_id:consultation_id>",
    "consultations",
    _l("One consultation, with its versions, questions and report"),
    response=shapes.CONSULTATION_DETAIL,
)
def consultation(args, consultation_id):
    found = _consultation(consultation_id)
    row = db.session.execute(queries.consultations({}).where(Consultation.id == found.id)).one()
    return {"data": records.consultation_detail(found, row)}


@operation(
    "/consultations/<api_id:consultation_id>/provisions",
    "consultations",
    _l("The provisions of a published version of the draft"),
    _l("Chapters, articles, parts and items in the order of the draft."),
    params=(VERSION, *PAGING),
    response=shapes.PROVISION,
    many=True,
)
def provisions(args, consultation_id):
    published = published_versions(_consultation(consultation_id))
    wanted = args.get("version")
    version = next((v for v in reversed(published) if wanted in (None, v.number)), None)
    if version is None:
        raise ApiError(404, "not_found", _("There is no such published version of the draft."), "version")
    return paged(queries.provisions(version), args, records.provisions_of)


@operation(
    "/comments",
    "consultations",
    _l("Published comments"),
    _l("Comments, amendments, replies and answers to questions, without their authors."),
    params=(
        CONSULTATION,
        AGENCY,
        PROVISION,
        GROUP,
        LANGUAGE,
        since(_l("Only comments written on or after this day (UTC).")),
        until(_l("Only comments written on or before this day (UTC).")),
        *PAGING,
    ),
    response=shapes.COMMENT,
    many=True,
)
def comments(args):
    return paged(queries.comments(args), args, records.comments_of)


@operation(
    "/groups",
    "groups",
    _l("Groups of feedback and their answers"),
    _l("Groups of comments or petitions that say the same thing, with their review status and official answer."),
    params=(
        CONSULTATION,
        AGENCY,
        STATUS,
        LANGUAGE,
        since(_l("Only groups formed on or after this day (UTC).")),
        until(_l("Only groups formed on or before this day (UTC).")),
        *PAGING,
    ),
    response=shapes.GROUP,
    many=True,
)
def groups(args):
    return paged(queries.groups(args), args, records.groups_of)


@operation("/groups/<api_id:group_id>", "groups", _l("One group and its answer"), response=shapes.GROUP)
def group(args, group_id):
    return single(queries.public_groups().where(Cluster.id == group_id), records.groups_of)


@operation(
    "/petitions",
    "petitions",
    _l("Published petitions"),
    params=(
        STATE,
        AGENCY,
        REGION,
        LANGUAGE,
        CATEGORY,
        since(_l("Only petitions opened on or after this day (UTC).")),
        until(_l("Only petitions opened on or before this day (UTC).")),
        *PAGING,
    ),
    response=shapes.PETITION,
    many=True,
)
def petitions(args):
    return paged(queries.petitions(args), args, records.petitions_of)


def _petition(petition_id: int) -> Petition:
    petition = db.session.get(Petition, petition_id)
    if petition is None or not petition.is_published:
        raise not_found()
    return petition


@operation(
    "/petitions/<api_id:petition_id>",
    "petitions",
    _l("One petition, with its thresholds, response and outcome"),
    response=shapes.PETITION_DETAIL,
)
def petition(args, petition_id):
    found = _petition(petition_id)
    row = db.session.execute(queries.petitions({}).where(Petition.id == found.id)).one()
    return {"data": records.petition_detail(found, row)}


@operation(
    "/petitions/<api_id:petition_id>/signatures",
    "petitions",
    _l("A petition's signatures by region and by day"),
    _l("Counts of confirmed signatures only: no signer is named."),
    params=(
        REGION,
        since(_l("Only signatures confirmed on or after this day (UTC).")),
        until(_l("Only signatures confirmed on or before this day (UTC).")),
    ),
    response=shapes.SIGNATURES,
)
def signatures(args, petition_id):
    return {"data": records.signatures_of(_petition(petition_id), args)}

"""The OpenAPI 3.0 document of the API, made from the declared operations, parameters and shapes.

Texts are in the language of the request (Accept-Language), like the API's error messages.
"""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from app.api.operations import OPERATIONS, Operation
from app.api.params import Param
from app.api.shapes import Shape
from app.opendata.files import LICENCE, LICENCE_URL

VERSION = "1.0.0"
OPENAPI = "3.0.3"
INTRO = _l(
    "Everything the public pages of Ovoz show, read-only, as JSON: agencies, consultations and their drafts, "
    "published comments, groups of feedback with their answers, and published petitions with their signatures "
    "counted by region and by day. No response holds a name, an e-mail address or an IP address."
)
PAGING_TEXT = _l(
    "Lists come in pages: 'page' (from 1) and 'per_page' (at most 100, 50 if not given). Each page says "
    "where it is in 'meta' (page, per_page, total) and links to the pages around it in 'links'."
)
ERRORS_TEXT = _l(
    "Errors are JSON too, in one shape: 'error' with 'status', a stable 'code' (such as invalid_parameter, "
    "unknown_parameter, not_found, method_not_allowed, rate_limited), a 'message' in the language of "
    "Accept-Language and, for a bad parameter, its name in 'parameter'."
)
TAGS = {
    "agencies": _l("Agencies and how they answer."),
    "consultations": _l("Consultations, their drafts and their comments."),
    "groups": _l("Groups of feedback and the official answers."),
    "petitions": _l("Petitions and their signatures."),
    "meta": _l("About this API."),
}
ERROR_STATUSES = {
    400: _l("A parameter is wrong or unknown ('parameter' names it)."),
    404: _l("There is no such item, or it is not public."),
    429: _l("Too many requests: wait as many seconds as Retry-After says."),
    500: _l("An error on the server."),
}
ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
            "required": ["status", "code", "message"],
            "additionalProperties": False,
        }
    },
    "required": ["error"],
    "additionalProperties": False,
}
PAGE_META = {
    "type": "object",
    "properties": {name: {"type": "integer", "minimum": 0} for name in ("page", "per_page", "total")},
    "required": ["page", "per_page", "total"],
    "additionalProperties": False,
}
LINK = {"type": "string", "format": "uri"}
PAGE_LINKS = {
    "type": "object",
    "properties": {"self": LINK, "next": dict(LINK, nullable=True), "prev": dict(LINK, nullable=True)},
    "required": ["self", "next", "prev"],
    "additionalProperties": False,
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def parameter(param: Param) -> dict:
    """The OpenAPI parameter object of a Param."""
    return {
        "name": param.name,
        "in": param.location,
        "required": param.location == "path",
        "description": str(param.description),
        "schema": param.json_schema(),
    }


def _body(declared: Operation) -> dict:
    if not isinstance(declared.response, Shape):
        return declared.response
    if not declared.many:
        return {"type": "object", "properties": {"data": _ref(declared.response.name)}, "required": ["data"]}
    return {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref(declared.response.name)},
            "meta": _ref("PageMeta"),
            "links": _ref("PageLinks"),
        },
        "required": ["data", "meta", "links"],
        "additionalProperties": False,
    }


def _json(description, schema: dict, headers: dict | None = None) -> dict:
    response = {"description": str(description), "content": {"application/json": {"schema": schema}}}
    return response | ({"headers": headers} if headers else {})


def _responses(declared: Operation) -> dict:
    statuses = [400, 429, 500] + ([404] if declared.path_params else [])
    responses = {"200": _json(declared.summary, _body(declared))}
    retry = {"Retry-After": {"description": str(ERROR_STATUSES[429]), "schema": {"type": "integer"}}}
    for status in sorted(statuses):
        responses[str(status)] = _json(ERROR_STATUSES[status], _ref("Error"), retry if status == 429 else None)
    return responses


def _operation(declared: Operation) -> dict:
    found = {
        "operationId": declared.endpoint,
        "tags": [declared.tag],
        "summary": str(declared.summary),
        "parameters": [parameter(param) for param in declared.path_params + declared.params],
        "responses": _responses(declared),
    }
    return found | ({"description": str(declared.description)} if declared.description else {})


def _schemas() -> dict:
    shapes = {op.response.name: op.response for op in OPERATIONS if isinstance(op.response, Shape)}
    found = {name: shape.schema() for name, shape in sorted(shapes.items())}
    return found | {"PageMeta": PAGE_META, "PageLinks": PAGE_LINKS, "Error": ERROR}


def document() -> dict:
    """The whole OpenAPI document, for this deployment (its regions and limits) and in the request's language."""
    return {
        "openapi": OPENAPI,
        "info": {
            "title": "Ovoz API",
            "version": VERSION,
            "description": "\n\n".join(str(text) for text in (INTRO, PAGING_TEXT, ERRORS_TEXT)),
            "license": {"name": LICENCE, "url": LICENCE_URL},
        },
        "servers": [{"url": url_for("api.index").rstrip("/")}],
        "tags": [{"name": name, "description": str(text)} for name, text in TAGS.items()],
        "paths": {op.path: {"get": _operation(op)} for op in OPERATIONS},
        "components": {"schemas": _schemas()},
        "x-rate-limit": current_app.config["OVOZ_RATELIMIT_API"],
    }

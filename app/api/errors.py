"""Errors of the API: always JSON, in one shape, whatever raised them (a view, routing, the rate limiter).

    {"error": {"status": 400, "code": "invalid_parameter", "message": "...", "parameter": "since"}}

`code` is stable English for programs; `message` is for people, in the language of Accept-Language.
"""

from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, default_exceptions

#: Stable codes and messages by HTTP status; a status not listed gets a code from its English name.
ERRORS = {
    400: ("bad_request", _l("The request could not be understood.")),
    404: ("not_found", _l("There is nothing at this address.")),
    405: ("method_not_allowed", _l("This API is read-only: use GET.")),
    429: ("rate_limited", _l("Too many requests from your address. Please wait and try again.")),
    500: ("server_error", _l("An error occurred on our side. It has been logged; please try again later.")),
}
OTHER_ERROR = _l("The request could not be handled.")


class ApiError(Exception):
    """A refusal with a status, a stable code, a message for people and, for a bad parameter, its name."""

    def __init__(self, status: int, code: str, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, message, parameter


def invalid(parameter: str, message: str) -> ApiError:
    """A 400 for one query parameter."""
    return ApiError(400, "invalid_parameter", message, parameter)


def unknown_parameter(name: str) -> ApiError:
    """A 400 for a query parameter the operation does not take (a typo would otherwise go unnoticed)."""
    return ApiError(400, "unknown_parameter", _("Unknown parameter: %(name)s.", name=name), name)


def not_found() -> ApiError:
    """A 404 in the API's shape."""
    code, message = ERRORS[404]
    return ApiError(404, code, str(message))


def error_response(error: ApiError):
    """The JSON response for an error."""
    body = {"status": error.status, "code": error.code, "message": error.message}
    if error.parameter is not None:
        body["parameter"] = error.parameter
    return jsonify(error=body), error.status


def _from_http(error: HTTPException) -> ApiError:
    status = error.code or 500
    code, message = ERRORS.get(status) or ((error.name or "error").lower().replace(" ", "_"), OTHER_ERROR)
    return ApiError(status, code, str(message))


def _handle_api_error(error: ApiError):
    return error_response(error)


def _handle_http_error(error: HTTPException):
    response, status = error_response(_from_http(error))
    allowed = dict(error.get_headers()).get("Allow")  # a 405 says which methods would do
    if allowed:
        response.headers["Allow"] = allowed
    return response, status


def register_api_errors(bp) -> None:
    """JSON for every error of the blueprint's requests, ahead of the site's HTML error pages.

    Registered per status code too: Flask looks for a handler by code before it looks by class, so an
    app-wide handler of a code (such as the site's 500 page) would otherwise win over this blueprint's.
    """
    bp.register_error_handler(ApiError, _handle_api_error)
    bp.register_error_handler(HTTPException, _handle_http_error)
    for status in default_exceptions:
        bp.register_error_handler(status, _handle_http_error)

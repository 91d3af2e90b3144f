"""Error pages in the user's language, for every status a visitor can meet."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have been moved or removed.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (
        _l("Too much text"),
        _l("What you sent is too large. Please shorten it and send again."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have done this too often in a short time. Please wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An error occurred on our side. It has been logged; please try again in a moment."),
    ),
}
CSRF_TEXT = _l(
    "This form has expired or was sent from another site. Go back, reload the page and send it again: "
    "what you typed is still in the form."
)


def render_error(code: int, message=None):
    """The error page for a status code, in the current locale."""
    title, default_message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return render_template("errors/error.html", code=code, title=title, message=message or default_message), code


def _handle_http_error(error: HTTPException):
    if error.code not in ERROR_TEXTS:
        return error
    page, code = render_error(error.code)
    allowed = dict(error.get_headers()).get("Allow")  # a 405 says which methods would do (RFC 9110)
    return page, code, {"Allow": allowed} if allowed else {}


def _handle_csrf_error(error: CSRFError):
    return render_error(400, CSRF_TEXT)


def _handle_unexpected(error: InternalServerError):
    return render_error(500)


def register_errorhandlers(app):
    """Custom pages for 400/403/404/405/413/429/500 and for a failed CSRF check."""
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(InternalServerError, _handle_unexpected)

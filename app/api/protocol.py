"""What every answer under /api/v1/ has in common: JSON errors for any path and method, one rate limit per
address, caching and CORS headers."""

from flask import current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, PathConverter

from app.extensions import csrf, limiter

READABLE = ["GET", "HEAD", "OPTIONS"]  # the methods of every address of the API
#: Every other method of the IANA registry (RFC 9110 and its extensions): the catch-all routes answer them with a
#: JSON 404 or 405. Werkzeug refuses a method no rule names while routing, before any blueprint is known, with the
#: site's HTML 405; an invented method (not HTTP) still gets that.
# fmt: off
OTHER_METHODS = [
    "ACL", "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "CONNECT", "COPY", "DELETE", "LABEL", "LINK", "LOCK",
    "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "ORDERPATCH", "PATCH",
    "POST", "PRI", "PROPFIND", "PROPPATCH", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "TRACE", "UNBIND",
    "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE", "UPDATEREDIRECTREF", "VERSION-CONTROL",
]
# fmt: on
CACHE_SECONDS = 60


class IdConverter(BaseConverter):
    """`<api_id:...>`: an id in an API path, any run of digits up to 12. Werkzeug answers a number its
    converter refuses (the site's `<int:>` stops at the largest database id) with a 404 before any blueprint
    is known, so as an HTML page; here the operation answers it, in JSON (see operations.operation)."""

    regex = r"[0-9]{1,12}"
    weight = 50  # as werkzeug's numbers: a path with an id ranks before the catch-all

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class AnyPathConverter(PathConverter):
    """`<any_path:...>`: what `<path:...>` matches, line breaks included (`.` stops at one, and /api/v1/1%0A2 would
    find no route of the API and get the site's HTML 404)."""

    regex = r"[^/][\s\S]*?"


def unknown(path: str):
    """Any other address or method under /api/v1/: a JSON 404, or a 405 where the address exists for GET."""
    if request.method != "GET" and _readable():
        raise MethodNotAllowed(valid_methods=READABLE)
    raise NotFound()


def _options():
    """OPTIONS, which Flask would answer for any address with an empty HTML page: which methods an address
    takes, or the JSON 404 of one that does not exist."""
    if request.method != "OPTIONS":
        return None
    if not _readable():
        raise NotFound()
    return "", 204, {"Allow": ", ".join(READABLE), "Content-Type": "application/json"}


def _readable() -> bool:
    """Whether an API operation answers GET at this address."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _values = adapter.match(method="GET")
    except HTTPException:  # no route, or only a redirect to one
        return False
    return endpoint != "api.unknown"


def _headers(response):
    # Public data: any site may read it, and caches may keep it a minute (never an error, above all a 429).
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Accept-Language")  # messages and descriptions follow it
    if response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        response.add_etag()
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def _api_limit() -> str:
    return current_app.config["OVOZ_RATELIMIT_API"]


def register_protocol(bp) -> None:
    """Bind the common behaviour to the API blueprint (before it is registered on the app)."""
    # First of the blueprint's deferred steps: the converter must be known before its rules are added.
    bp.record_once(lambda state: state.app.url_map.converters.setdefault("api_id", IdConverter))
    bp.record_once(lambda state: state.app.url_map.converters.setdefault("any_path", AnyPathConverter))
    csrf.exempt(bp)  # nothing to protect: the API only reads, and uses no cookie
    limiter.shared_limit(_api_limit, scope="api")(bp)  # one budget per address for the whole API
    bp.add_url_rule("/", "unknown", unknown, methods=OTHER_METHODS, defaults={"path": ""})
    bp.add_url_rule("/<any_path:path>", "unknown", unknown, methods=["GET", *OTHER_METHODS])
    bp.before_request(_options)
    bp.after_request(_headers)

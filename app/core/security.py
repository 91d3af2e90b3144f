"""Security headers, rate limits on writes, and trusting a reverse proxy when told to."""

import re

from flask import current_app, g, request, session
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import csrf, limiter

# Everything comes from Ovoz itself: no CDN, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store" if _is_private() else "no-cache")
    return response


def _is_private() -> bool:
    """Whether the page was made for a signed-in person. Asked of the session, not of the user
    object: after a commit that would cost a second database transaction on every write."""
    return bool(session.get("_user_id"))


def renew_session() -> None:
    """Empty the cookie session and drop its CSRF token, at sign-in: a session (and a token) an attacker
    planted or read before must not become a signed-in one (session fixation)."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF keeps the request's token here too


def limiter_storage_uri(redis_url: str) -> str:
    """Flask-Limiter names a Unix-socket Redis differently from redis-py."""
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url.removeprefix("unix://")
    return redis_url


def register_security(app):
    """CSRF on every form, security headers on every response, rate limits on every write."""
    if app.config.get("OVOZ_PROXY_HOPS"):
        hops = app.config["OVOZ_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    csrf.init_app(app)
    app.after_request(_add_security_headers)
    app.config["RATELIMIT_STORAGE_URI"] = limiter_storage_uri(app.config["REDIS_URL"])
    limiter.init_app(app)


def _submitted_email() -> str:
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


def _address_and_email() -> str:
    return f"{_submitted_email()}@{get_remote_address()}"


def _sign_in_failed(response) -> bool:
    """A sign-in that works redirects; a wrong password shows the form again."""
    return response.status_code != 302


def _spraying_limit() -> str:
    """The sign-in limit, five times over ("10 per minute; 60 per hour" -> "50 per minute; 300 per hour")."""
    limits = current_app.config["OVOZ_RATELIMIT_LOGIN"].split(";")
    return ";".join(re.sub(r"\d+", lambda count: str(int(count.group()) * 5), part, count=1) for part in limits)


#: Failed sign-ins are limited per account and address: someone guessing elsewhere cannot lock the owner out.
limit_login_per_account_and_address = limiter.limit(
    lambda: current_app.config["OVOZ_RATELIMIT_LOGIN"],
    methods=["POST"],
    key_func=_address_and_email,
    deduct_when=_sign_in_failed,
)
#: Looser limits hold against spraying: every attempt per address, failed ones per account from anywhere.
limit_login = limiter.limit(_spraying_limit, methods=["POST"], per_method=True)
limit_login_per_account = limiter.limit(
    _spraying_limit, methods=["POST"], key_func=_submitted_email, deduct_when=_sign_in_failed
)


def _not_searching() -> bool:
    return not (request.args.get("q", "").strip() or request.endpoint == "petitions.similar")


#: A search by meaning runs the model (about 50 ms, more for a long text): limited per address, like a write.
limit_search = limiter.limit(lambda: current_app.config["OVOZ_RATELIMIT_SEARCH"], exempt_when=_not_searching)
#: Creating accounts and sending links costs mail; limited more tightly than other writes.
limit_signup = limiter.limit(lambda: current_app.config["OVOZ_RATELIMIT_SIGNUP"], methods=["POST"])

"""Rate limits on starting and signing petitions, per address and per account."""

from flask import current_app, request
from flask_login import current_user

from app.extensions import limiter


def _account_key() -> str:
    """The signed-in account, else the e-mail address typed into the form."""
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return "email:" + (request.form.get("email") or "").strip().lower()[:254]


def _limited(setting: str):
    rate = lambda: current_app.config[setting]  # noqa: E731 - read per request, not at import

    def decorate(view):
        view = limiter.limit(rate, methods=["POST"], key_func=_account_key, scope=f"{setting}:account")(view)
        return limiter.limit(rate, methods=["POST"], scope=f"{setting}:address")(view)

    return decorate


limit_petition_start = _limited("OVOZ_RATELIMIT_PETITION")
limit_signing = _limited("OVOZ_RATELIMIT_SIGN")

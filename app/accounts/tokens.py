"""Signed, expiring links for confirming an address and resetting a password."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

CONFIRM = "ovoz-confirm-email"
RESET = "ovoz-reset-password"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict | None:
    """The payload of a valid, unexpired token; None otherwise."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None

"""Password hashing with Argon2id; parameters come from the settings (cheap ones in tests)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 256


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["OVOZ_ARGON2_TIME_COST"], memory_cost=config["OVOZ_ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time so that timing reveals no accounts."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def _dummy_hash(hasher: PasswordHasher) -> str:
    cache = current_app.extensions.setdefault("ovoz_dummy_hash", {})
    key = (hasher.time_cost, hasher.memory_cost)
    if key not in cache:
        cache[key] = hasher.hash("not a password of anyone")
    return cache[key]

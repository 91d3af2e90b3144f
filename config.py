"""Settings of Ovoz: defaults per environment, overridden by environment variables.

Nothing here is read at import time: `load_config()` is called by `create_app()`.
Ovoz's own variables start with ``OVOZ_``; the few that every deployment tool knows
(``DATABASE_URL``, ``REDIS_URL``, ``EMBEDDING_MODEL``) keep their usual names.
"""

import os
import secrets
from pathlib import Path

LOCALES = ("en", "ru", "tg", "uz", "az", "kk", "ky")
COUNTRIES = ("tj", "uz", "az", "kz", "kg")
#: The setting that turns each e-ID provider on (the first of its settings in app/identity/registry.py).
IDENTITY_PROVIDER_SWITCHES = ("OVOZ_OIDC_ISSUER", "OVOZ_ONEID_URL", "OVOZ_ASAN_URL", "OVOZ_DEMO_EID")


def parse_bool(value: str) -> bool:
    """Read a yes/no environment value."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def parse_list(value: str) -> tuple[str, ...]:
    """Read a comma-separated environment value."""
    return tuple(item.strip().lower() for item in value.split(",") if item.strip())


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "base"
    DEBUG = False
    TESTING = False
    OVOZ_COUNTRY = "tj"
    LOCALES = LOCALES
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    OVOZ_BASE_URL = "http://127.0.0.1:5000"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = ""
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024  # a 10 MB document and its form; drafts and fields have lower limits
    WTF_CSRF_TIME_LIMIT = None  # a citizen may take hours to write; the token lives with the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    RATELIMIT_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True  # Redis down must not stop citizens from writing
    RATELIMIT_HEADERS_ENABLED = True
    OVOZ_RATELIMIT_LOGIN = "10 per minute; 60 per hour"
    OVOZ_RATELIMIT_WRITE = "30 per minute; 500 per hour"
    OVOZ_RATELIMIT_SIGNUP = "5 per minute; 30 per hour"
    OVOZ_STAFF_2FA = "required"  # officials, moderators and admins set up two-step sign-in first; or "optional"
    OVOZ_ARGON2_TIME_COST = 3
    OVOZ_ARGON2_MEMORY_COST = 65536
    OVOZ_CONFIRM_MAX_AGE = 3 * 24 * 3600
    OVOZ_RESET_MAX_AGE = 3600
    OVOZ_MAIL_BACKEND = "outbox"
    OVOZ_MAIL_FROM = "Ovoz <no-reply@ovoz.example>"
    OVOZ_CONTACT_EMAIL = ""  # where people write about the site, e.g. an accessibility problem; unset: not shown
    OVOZ_SMTP_HOST = "localhost"
    OVOZ_SMTP_PORT = 587
    OVOZ_SMTP_USER = ""
    OVOZ_SMTP_PASSWORD = ""
    OVOZ_SMTP_STARTTLS = True
    OVOZ_JOB_TIMEOUT = 600
    OVOZ_SWEEP_INTERVAL = 60
    OVOZ_REFINE_INTERVAL = 900
    EMBEDDING_MODEL = ""
    OVOZ_EMBEDDING_THREADS = 0  # threads of the bundled model per process; 0: one per core
    OVOZ_PETITION_SPONSORS = 5  # signatures a petition needs before moderation
    OVOZ_PETITION_DAYS = 90  # how long an open petition gathers signatures
    OVOZ_PETITION_RESPONSE_THRESHOLD = 10_000  # signatures after which the agency must respond
    OVOZ_PETITION_CONSIDERATION_THRESHOLD = 100_000  # signatures after which it is considered
    OVOZ_RATELIMIT_PETITION = "3 per minute; 10 per day"  # starting petitions, per address and per account
    OVOZ_RATELIMIT_SIGN = "20 per minute; 200 per day"  # signing, per address and per account
    OVOZ_RATELIMIT_API = "120 per minute; 3000 per hour"  # the JSON API, per address
    OVOZ_RATELIMIT_SEARCH = "20 per minute; 300 per hour"  # searches by meaning, per address (each runs the model)
    OVOZ_BLOCKED_EMAIL_DOMAINS = ()  # disposable-mail domains whose signatures are refused
    OVOZ_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # a document attached to a consultation (PDF, DOCX)
    OVOZ_CLOSE_INTERVAL = 300  # how often petitions past their deadline close, and consultations open or close
    OVOZ_OPEN_DATA_INTERVAL = 3600  # how often the open data files are written again
    OVOZ_DIGEST_DAILY_CRON = "0 7 * * *"  # when daily digests go out (cron, the server's local time)
    OVOZ_DIGEST_WEEKLY_CRON = "0 7 * * 1"  # when weekly digests go out: Monday morning
    OVOZ_REVIEW_DAYS = 30  # a group of feedback is due for a decision this long after comments close
    OVOZ_REPORT_DAYS = 90  # a consultation's report is due this long after comments close
    OVOZ_PETITION_RESPONSE_DAYS = 30  # the agency responds this long after the response threshold
    OVOZ_REPORTS_TO_HIDE = 3  # weight of open reports that hides a comment until a moderator decides
    OVOZ_REPORT_REVIEW_DAYS = 3  # moderators decide within this; then a comment hidden by reports is shown again
    OVOZ_REPORT_NEW_ACCOUNT_DAYS = 7  # reports from accounts younger than this weigh half
    OVOZ_REPORTS_PER_DAY = 5  # an account's reports beyond this many in a day weigh half
    OVOZ_RATELIMIT_REPORT = "10 per minute; 50 per day"  # reporting comments, per account
    # Sign-in with a national e-ID through a generic OpenID Connect provider (app/identity/); off while unset.
    OVOZ_OIDC_ISSUER = ""  # e.g. https://esia.tunduk.kg: its /.well-known/openid-configuration is read
    OVOZ_OIDC_CLIENT_ID = ""
    OVOZ_OIDC_CLIENT_SECRET = ""
    OVOZ_OIDC_NAME = "e-ID"  # the button's label, e.g. "Tunduk ESIA"
    OVOZ_OIDC_ID_CLAIM = "pin"  # the claim that holds the national personal number
    OVOZ_OIDC_SCOPES = "openid profile email"
    OVOZ_OIDC_RESPONSE_MODE = ""  # "form_post" where the provider asks for it; else the code comes in the query
    # Sign-in with Uzbekistan's OneID (not OpenID Connect: one endpoint for the redirect and both exchanges).
    OVOZ_ONEID_URL = ""  # e.g. https://sso.egov.uz/sso/oauth/Authorization.do
    OVOZ_ONEID_CLIENT_ID = ""
    OVOZ_ONEID_CLIENT_SECRET = ""
    OVOZ_ONEID_SCOPE = ""  # issued by OneID with the client id
    OVOZ_ONEID_NAME = "OneID"  # the button's label
    # Sign-in with Azerbaijan's ASAN Login (app/identity/asan.py); off while unset.
    OVOZ_ASAN_URL = ""  # e.g. https://asanlogin.my.gov.az: its /auth page, and the token the browser fetches
    OVOZ_ASAN_API_URL = ""  # where tokens are checked, e.g. https://apiasanlogin.my.gov.az; default OVOZ_ASAN_URL
    OVOZ_ASAN_KEYS_URL = ""  # the JWK Set of ASAN's token-signing keys; default {api}/ssoauthz/api/v1/token/certs
    OVOZ_ASAN_NAME = "ASAN Login"  # the button's label
    OVOZ_IDENTITY_HASH_KEY = ""  # keys the hash of personal numbers; required in production with a provider
    OVOZ_DEMO_EID = False  # a demo e-ID service played by Ovoz itself (app/identity/demo.py); never in production
    OVOZ_SIGN_REQUIRES = "email"  # "eid": signing a petition needs a linked national e-ID, one signature per person


class DevelopmentConfig(Config):
    """`make run` on one machine: cookies over plain http, debug pages off, mail to the outbox."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    OVOZ_STAFF_2FA = "optional"  # the demo's staff share one password and have no authenticator app


class TestConfig(DevelopmentConfig):
    """The test suite: cheap hashing, generous limits, no real mail."""

    ENV_NAME = "testing"
    TESTING = True
    OVOZ_STAFF_2FA = "optional"  # tests of two-step sign-in turn it on
    OVOZ_ARGON2_TIME_COST = 1
    OVOZ_ARGON2_MEMORY_COST = 1024
    OVOZ_RATELIMIT_LOGIN = "1000 per minute"
    OVOZ_RATELIMIT_WRITE = "1000 per minute"
    OVOZ_RATELIMIT_SIGNUP = "1000 per minute"
    OVOZ_RATELIMIT_PETITION = "1000 per minute"
    OVOZ_RATELIMIT_SIGN = "1000 per minute"
    OVOZ_RATELIMIT_API = "100000 per minute"  # schemathesis sends thousands of requests
    OVOZ_RATELIMIT_SEARCH = "100000 per minute"  # the hostile query test searches on every page
    OVOZ_RATELIMIT_REPORT = "1000 per minute"


class ProductionConfig(Config):
    """Behind a reverse proxy with TLS: secure cookies, secret key required."""

    ENV_NAME = "production"


ENVIRONMENTS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestConfig, ProductionConfig)}

# Environment variables read, with the parser that types them.
_OVOZ_VARIABLES = {
    "OVOZ_COUNTRY": str,
    "OVOZ_TIMEZONE": str,
    "OVOZ_BASE_URL": str,
    "OVOZ_SECRET_KEY": str,
    "OVOZ_SECURE_COOKIES": parse_bool,
    "OVOZ_RATELIMIT_ENABLED": parse_bool,
    "OVOZ_RATELIMIT_LOGIN": str,
    "OVOZ_RATELIMIT_WRITE": str,
    "OVOZ_RATELIMIT_SIGNUP": str,
    "OVOZ_STAFF_2FA": str,
    "OVOZ_MAIL_BACKEND": str,
    "OVOZ_MAIL_OUTBOX": str,
    "OVOZ_MAIL_FROM": str,
    "OVOZ_CONTACT_EMAIL": str,
    "OVOZ_SMTP_HOST": str,
    "OVOZ_SMTP_PORT": int,
    "OVOZ_SMTP_USER": str,
    "OVOZ_SMTP_PASSWORD": str,
    "OVOZ_SMTP_STARTTLS": parse_bool,
    "OVOZ_JOB_TIMEOUT": int,
    "OVOZ_SWEEP_INTERVAL": int,
    "OVOZ_REFINE_INTERVAL": int,
    "OVOZ_PROXY_HOPS": int,
    "OVOZ_PETITION_SPONSORS": int,
    "OVOZ_PETITION_DAYS": int,
    "OVOZ_PETITION_RESPONSE_THRESHOLD": int,
    "OVOZ_PETITION_CONSIDERATION_THRESHOLD": int,
    "OVOZ_RATELIMIT_PETITION": str,
    "OVOZ_RATELIMIT_SIGN": str,
    "OVOZ_RATELIMIT_API": str,
    "OVOZ_BLOCKED_EMAIL_DOMAINS": parse_list,
    "OVOZ_CLOSE_INTERVAL": int,
    "OVOZ_REVIEW_DAYS": int,
    "OVOZ_REPORT_DAYS": int,
    "OVOZ_PETITION_RESPONSE_DAYS": int,
    "OVOZ_REPORTS_TO_HIDE": int,
    "OVOZ_REPORT_REVIEW_DAYS": int,
    "OVOZ_REPORT_NEW_ACCOUNT_DAYS": int,
    "OVOZ_REPORTS_PER_DAY": int,
    "OVOZ_RATELIMIT_REPORT": str,
    "OVOZ_UPLOADS": str,
    "OVOZ_OPEN_DATA": str,
    "OVOZ_OPEN_DATA_INTERVAL": int,
    "OVOZ_DIGEST_DAILY_CRON": str,
    "OVOZ_DIGEST_WEEKLY_CRON": str,
    "OVOZ_EMBEDDING_THREADS": int,
    "OVOZ_OIDC_ISSUER": str,
    "OVOZ_OIDC_CLIENT_ID": str,
    "OVOZ_OIDC_CLIENT_SECRET": str,
    "OVOZ_OIDC_NAME": str,
    "OVOZ_OIDC_ID_CLAIM": str,
    "OVOZ_OIDC_SCOPES": str,
    "OVOZ_OIDC_RESPONSE_MODE": str,
    "OVOZ_ONEID_URL": str,
    "OVOZ_ONEID_CLIENT_ID": str,
    "OVOZ_ONEID_CLIENT_SECRET": str,
    "OVOZ_ONEID_SCOPE": str,
    "OVOZ_ONEID_NAME": str,
    "OVOZ_ASAN_URL": str,
    "OVOZ_ASAN_API_URL": str,
    "OVOZ_ASAN_KEYS_URL": str,
    "OVOZ_ASAN_NAME": str,
    "OVOZ_IDENTITY_HASH_KEY": str,
    "OVOZ_DEMO_EID": parse_bool,
    "OVOZ_SIGN_REQUIRES": str,
}


def database_url(raw: str, instance_path: Path) -> str:
    """Turn DATABASE_URL into a SQLAlchemy URL; default to a SQLite file under instance/."""
    if not raw:
        return f"sqlite:///{instance_path / 'ovoz.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _secret_key(instance_path: Path, env_name: str) -> str:
    """Keep one random key per instance folder in development, so sessions survive a restart."""
    if env_name == "production":
        raise RuntimeError("OVOZ_SECRET_KEY must be set in production")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(instance_path: Path, environ=None) -> dict:
    """Build the settings for the environment named by OVOZ_ENV (development by default)."""
    environ = os.environ if environ is None else environ
    env_name = environ.get("OVOZ_ENV", "development")
    if env_name not in ENVIRONMENTS:
        raise RuntimeError(f"OVOZ_ENV must be one of {sorted(ENVIRONMENTS)}, not {env_name!r}")
    base = ENVIRONMENTS[env_name]
    settings = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    for name, parse in _OVOZ_VARIABLES.items():
        if name in environ:
            settings[name] = parse(environ[name])
    if "OVOZ_SECURE_COOKIES" in settings:
        secure = settings.pop("OVOZ_SECURE_COOKIES")
        settings["SESSION_COOKIE_SECURE"] = settings["REMEMBER_COOKIE_SECURE"] = secure
    if "OVOZ_RATELIMIT_ENABLED" in settings:
        settings["RATELIMIT_ENABLED"] = settings.pop("OVOZ_RATELIMIT_ENABLED")
    if "OVOZ_BASE_URL" not in environ and environ.get("PORT", "").isdigit():
        # `PORT=8000 make run`: links in e-mails and feeds must lead to the port Ovoz is served on.
        settings["OVOZ_BASE_URL"] = f"http://127.0.0.1:{int(environ['PORT'])}"
    settings["SECRET_KEY"] = environ.get("OVOZ_SECRET_KEY") or _secret_key(instance_path, env_name)
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(environ.get("DATABASE_URL", ""), instance_path)
    settings["REDIS_URL"] = environ.get("REDIS_URL", "")
    settings["EMBEDDING_MODEL"] = environ.get("EMBEDDING_MODEL", "")
    settings.setdefault("OVOZ_MAIL_OUTBOX", str(instance_path / "outbox"))
    settings.setdefault("OVOZ_UPLOADS", str(instance_path / "uploads"))
    settings.setdefault("OVOZ_OPEN_DATA", str(instance_path / "open-data"))
    if settings["OVOZ_COUNTRY"] not in COUNTRIES:
        raise RuntimeError(f"OVOZ_COUNTRY must be one of {COUNTRIES}")
    _check_identity(settings, env_name)
    return settings


def _check_identity(settings: dict, env_name: str) -> None:
    """An e-ID provider in production needs its own hash key: the hashes of personal numbers must not be
    recomputable by whoever learns the session key, and must survive its rotation."""
    if settings["OVOZ_SIGN_REQUIRES"] not in ("email", "eid"):
        raise RuntimeError("OVOZ_SIGN_REQUIRES must be email or eid")
    if settings["OVOZ_OIDC_RESPONSE_MODE"] not in ("", "query", "form_post"):
        raise RuntimeError("OVOZ_OIDC_RESPONSE_MODE must be query or form_post")
    if settings["OVOZ_DEMO_EID"] and env_name not in ("development", "testing"):
        raise RuntimeError("OVOZ_DEMO_EID signs anyone in as anyone: it is for trying Ovoz out, never in production")
    for name in ("OVOZ_ASAN_URL", "OVOZ_ASAN_API_URL", "OVOZ_ASAN_KEYS_URL"):
        if settings[name] and not settings[name].startswith(("https://", "http://")):
            raise RuntimeError(f"{name} must be an http(s) URL")
    if settings["OVOZ_ONEID_URL"]:
        _check_oneid(settings, env_name)
    provider_on = any(settings[name] for name in IDENTITY_PROVIDER_SWITCHES)
    if env_name == "production" and provider_on and not settings["OVOZ_IDENTITY_HASH_KEY"]:
        raise RuntimeError("OVOZ_IDENTITY_HASH_KEY must be set in production when an e-ID provider is configured")


def _check_oneid(settings: dict, env_name: str) -> None:
    """OneID answers only a client that sends its id, secret and scope; the secret travels only over https."""
    needed = ("OVOZ_ONEID_CLIENT_ID", "OVOZ_ONEID_CLIENT_SECRET", "OVOZ_ONEID_SCOPE")
    missing = [name for name in needed if not settings[name]]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} must be set with OVOZ_ONEID_URL")
    if env_name == "production" and not settings["OVOZ_ONEID_URL"].startswith("https://"):
        raise RuntimeError("OVOZ_ONEID_URL must be an https:// address in production")

"""Flask extensions, created unbound; `create_app()` binds them with `init_app`."""

from flask import current_app, request
from flask.globals import _cv_app, _cv_request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def session_scope() -> int:
    """One database session per request, else per app context (jobs, CLI).

    Flask reuses an app context that is already pushed for the requests made inside it (tests,
    nested requests); keying on the request keeps each request's unit of work its own.
    """
    return id(_cv_request.get(None) or _cv_app.get(None))


db = SQLAlchemy(model_class=Base, session_options={"scopefunc": session_scope})
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


def _write_limit() -> str:
    return current_app.config["OVOZ_RATELIMIT_WRITE"]


def _is_read_only() -> bool:
    return request.method in ("GET", "HEAD", "OPTIONS")


# Every write (POST and friends) is limited by default; routes with a limit of their own (sign-in,
# sign-up) use theirs instead. The limits are read from the current app at request time.
limiter = Limiter(key_func=get_remote_address, default_limits=[_write_limit], default_limits_exempt_when=_is_read_only)

"""The Ovoz application factory: a short list of register steps."""

import os
from pathlib import Path

from flask import Flask

from config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build an Ovoz app from the environment's settings, with `test_config` on top."""
    app = Flask(__name__, instance_path=os.environ.get("OVOZ_INSTANCE_PATH") or str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(load_config(Path(app.instance_path)))
    app.config["OVOZ_ROOT"] = ROOT
    if test_config:
        app.config.from_mapping(test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401 - every model, so that the metadata is complete
    from app.accounts.login import register_login
    from app.core.db import register_database
    from app.core.forms import register_forms
    from app.core.i18n import register_i18n
    from app.core.queue import register_queue
    from app.core.sanitize import register_templating
    from app.core.security import register_security
    from app.extensions import db, migrate

    register_forms(app)
    register_database(app, db)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    register_queue(app)
    register_security(app)
    register_i18n(app)
    register_login(app)
    register_templating(app)


def register_blueprints(app: Flask) -> None:
    from app.accounts import bp as accounts_bp
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.api.docs import bp as api_docs_bp
    from app.consultations import bp as consultations_bp
    from app.core.urls import DatabaseIdConverter
    from app.feedback import bp as feedback_bp
    from app.feeds import bp as feeds_bp
    from app.following import bp as following_bp
    from app.inbox import bp as inbox_bp
    from app.main import bp as main_bp
    from app.opendata import bp as opendata_bp
    from app.petitions import bp as petitions_bp
    from app.tracker import bp as tracker_bp

    app.url_map.converters["int"] = DatabaseIdConverter
    # Only the configured locales match, so /xx/... is a plain 404.
    locale_prefix = "/<any({}):lang_code>".format(",".join(app.config["LOCALES"]))
    blueprints = (main_bp, accounts_bp, admin_bp, inbox_bp, petitions_bp, consultations_bp, feedback_bp, opendata_bp)
    blueprints += (tracker_bp, feeds_bp, following_bp)
    blueprints += (api_docs_bp,)
    for blueprint in blueprints:
        app.register_blueprint(blueprint, url_prefix=locale_prefix)
    app.register_blueprint(api_bp, url_prefix="/api/v1")  # one address for machines, whatever the locale


def register_errorhandlers(app: Flask) -> None:
    from app.core.errors import register_errorhandlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register_cli

    register_cli(app)

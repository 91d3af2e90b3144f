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
    register_hooks(app)
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
    from app import pages  # noqa: F401 - every page module, attached to its blueprint
    from app.accounts.blueprint import bp as accounts
    from app.activity.blueprint import bp as activity
    from app.admin.blueprint import bp as admin
    from app.api.blueprint import bp as api
    from app.api.blueprint import docs_bp as api_docs
    from app.consultations.blueprint import bp as consultations
    from app.core.urls import DatabaseIdConverter
    from app.feedback.blueprint import bp as feedback
    from app.feeds.blueprint import bp as feeds
    from app.following.blueprint import bp as following
    from app.identity.blueprint import bp as identity
    from app.identity.blueprint import callback_bp as identity_callback
    from app.inbox.blueprint import bp as inbox
    from app.main.blueprint import bp as main
    from app.opendata.blueprint import bp as opendata
    from app.petitions.blueprint import bp as petitions
    from app.tracker.blueprint import bp as tracker

    app.url_map.converters["int"] = DatabaseIdConverter
    # Only the configured locales match, so /xx/... is a plain 404.
    locale_prefix = "/<any({}):lang_code>".format(",".join(app.config["LOCALES"]))
    blueprints = (main, accounts, activity, admin, inbox, petitions, consultations, feedback, opendata, tracker)
    blueprints += (feeds, following, identity)
    for blueprint in (*blueprints, api_docs):
        app.register_blueprint(blueprint, url_prefix=locale_prefix)
    app.register_blueprint(identity_callback)  # the address registered with an e-ID provider, whatever the locale
    app.register_blueprint(api, url_prefix="/api/v1")  # one address for machines, whatever the locale


def register_hooks(app: Flask) -> None:
    """Connect what features do when another feature signals: one visible list, not a side effect of an import."""
    from app.accounts.services import account_deleting, personal_data_requested
    from app.feedback import answers
    from app.following import organisations
    from app.following import services as following
    from app.identity import services as identity
    from app.inbox import services as inbox
    from app.petitions import notify, signing
    from app.submissions.services import clusters_gained

    for receiver in (inbox.personal_data, following.personal_data, signing.personal_data, identity.personal_data):
        personal_data_requested.connect(receiver)
    for receiver in (signing.forget_signer, organisations.hand_over):
        account_deleting.connect(receiver)
    clusters_gained.connect(answers.tell_joined)  # a group that gains members tells its new authors its answer
    for receiver in (answers.told_directly, notify.told_directly):  # one event, one notice (not a follower's too)
        following.told_directly.connect(receiver)


def register_errorhandlers(app: Flask) -> None:
    from app.core.errors import register_errorhandlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register_cli

    register_cli(app)

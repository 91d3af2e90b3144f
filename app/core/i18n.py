"""Locales in URLs: every page lives under /<lang_code>/, chosen and switched here."""

from babel import Locale
from flask import Blueprint, current_app, g, has_request_context, redirect, request, send_from_directory, url_for
from flask_babel import format_datetime, get_locale
from flask_login import current_user

from app.extensions import babel
from app.geo import current_country, get_country

#: Each locale named in itself (its endonym), as the language switcher shows it.
LOCALE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "tg": "Тоҷикӣ",
    "uz": "Oʻzbekcha",
    "az": "Azərbaycanca",
    "kk": "Қазақша",
    "ky": "Кыргызча",
}

root = Blueprint("root", __name__)


def offered_locales() -> list[str]:
    """The UI locales in the order this deployment's country offers them."""
    return list(current_country().locales)


def language_choices(but: str = "") -> list[tuple[str, str]]:
    """Every language of the app for a form's choice, each named in itself, the country's first (`but`: one left
    out): in Tajikistan a Tajik draft's second language is Russian before English."""
    offered = [code for code in offered_locales() if code in current_app.config["LOCALES"]]
    codes = offered + [code for code in current_app.config["LOCALES"] if code not in offered]
    return [(code, LOCALE_NAMES[code]) for code in codes if code != but]


def best_locale() -> str:
    """The locale for a request that names none: the user's choice, the browser's, the country's."""
    offered = offered_locales()
    if current_user.is_authenticated and current_user.locale in offered:
        return current_user.locale
    return request.accept_languages.best_match(offered) or offered[0]


def select_locale() -> str:
    """Flask-Babel's locale selector (outside a request, in jobs: the default locale)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    lang_code = g.get("lang_code") or request.path.strip("/").split("/", 1)[0]
    if lang_code in current_app.config["LOCALES"]:  # also for a 404 under /ky/...
        return lang_code
    if request.blueprint == "api":  # a program: the language it asks for, else English, never a person's choice
        return request.accept_languages.best_match(current_app.config["LOCALES"]) or "en"
    return best_locale()


def select_timezone() -> str:
    """Flask-Babel's timezone selector: the deployment's country."""
    return current_app.config["OVOZ_TIMEZONE"]


@root.route("/")
def index():
    """Send a visitor to the home page in their language."""
    return redirect(url_for("main.index", lang_code=best_locale()))


@root.route("/favicon.ico")
def favicon():
    """The icon browsers ask for at the root, whatever the page's <link rel="icon"> says."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)


def switch_locale_url(lang_code: str) -> str:
    """The URL of the current page in another locale (the home page where there is none)."""
    endpoint = request.endpoint
    if endpoint and request.url_rule and "lang_code" in request.url_rule.arguments:
        values = dict(request.view_args or {}, lang_code=lang_code)
        query = request.query_string.decode("utf-8", "replace")
        return url_for(endpoint, **values) + (f"?{query}" if query else "")
    return url_for("main.index", lang_code=lang_code)


def _pull_lang_code(endpoint, values):
    if values and "lang_code" in values:
        g.lang_code = values.pop("lang_code")


def _add_lang_code(endpoint, values):
    if "lang_code" in values or not current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        return
    values["lang_code"] = g.get("lang_code") or str(get_locale())


def _template_globals():
    return {
        "offered_locales": offered_locales,
        "locale_names": LOCALE_NAMES,
        "switch_locale_url": switch_locale_url,
        "current_locale": lambda: str(get_locale()),
    }


def file_size(size: int) -> str:
    """A file's size in the user's language and units (CLDR), e.g. "1,5 МБ"."""
    from babel.units import format_unit

    locale = str(get_locale())
    if size >= 1024 * 1024:
        return format_unit(round(size / 1024 / 1024, 1), "digital-megabyte", length="short", locale=locale)
    return format_unit(max(1, round(size / 1024)), "digital-kilobyte", length="short", locale=locale)


def date_and_time(value, width: str = "medium") -> str:
    """A moment as people read it, without seconds and with the month named, e.g. "6 December 2026, 14:05".

    Replaces Flask-Babel's `datetimeformat` filter, whose CLDR patterns show seconds ("14:05:33") and, when
    short, numeric dates that read differently across the region ("12/6/26"). `width` picks the date's
    length: "short" gives an abbreviated month, anything else the full one.
    """
    if value is None:
        return ""
    locale = Locale.parse(str(get_locale()))
    date = locale.date_formats["medium" if width == "short" else "long"].pattern
    time = locale.time_formats["short"].pattern
    pattern = locale.datetime_formats["medium"].replace("{1}", date).replace("{0}", time)
    return format_datetime(value, pattern)


def register_i18n(app):
    """Bind Flask-Babel and the locale URL handling to the app."""
    app.config.setdefault("OVOZ_TIMEZONE", get_country(app.config["OVOZ_COUNTRY"]).timezone)
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["OVOZ_TIMEZONE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(app.config["OVOZ_ROOT"] / "translations")
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.url_value_preprocessor(_pull_lang_code)
    app.url_defaults(_add_lang_code)
    app.context_processor(_template_globals)
    app.jinja_env.filters["filesize"] = file_size
    app.jinja_env.filters["datetimeformat"] = date_and_time  # after babel.init_app, which set its own
    app.register_blueprint(root)

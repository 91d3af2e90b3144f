"""The API's documentation page, in the user's language, made from the declarations that make the
OpenAPI document: what the page lists is what the API answers."""

from flask import current_app, render_template, url_for
from flask_babel import ngettext
from limits import parse_many

from app.api import openapi
from app.api.blueprint import docs_bp
from app.api.operations import OPERATIONS, Operation
from app.api.params import Param

ENUM_SHOWN = 12  # longer lists of values (the country's regions) are described, not listed


def _per(amount: int, unit: str) -> str | None:
    texts = {
        "second": lambda: ngettext("%(num)s request a second", "%(num)s requests a second", amount),
        "minute": lambda: ngettext("%(num)s request a minute", "%(num)s requests a minute", amount),
        "hour": lambda: ngettext("%(num)s request an hour", "%(num)s requests an hour", amount),
        "day": lambda: ngettext("%(num)s request a day", "%(num)s requests a day", amount),
    }
    return texts[unit]() if unit in texts else None


def limit_texts() -> list[str]:
    """The API's rate limit per address, in words (the setting as written where words are lacking)."""
    setting = current_app.config["OVOZ_RATELIMIT_API"]
    items = parse_many(setting)
    texts = [_per(item.amount, item.GRANULARITY.name) if item.multiples == 1 else None for item in items]
    return texts if all(texts) else [setting]


def type_of(param: Param) -> str:
    """A parameter's type and bounds, written as in the OpenAPI document (code, not words)."""
    schema = param.json_schema()
    if "enum" in schema:
        return " | ".join(schema["enum"]) if len(schema["enum"]) <= ENUM_SHOWN else schema["type"]
    if "minimum" in schema:
        return f"{schema['type']} {schema['minimum']}…{schema['maximum']}"
    return schema.get("format", schema["type"])


def _describe(declared: Operation, base: str) -> dict:
    return {
        "id": declared.endpoint,
        "path": base + declared.path,
        "summary": declared.summary,
        "description": declared.description,
        "params": declared.path_params + declared.params,
    }


@docs_bp.route("/api")
def index():
    base = url_for("api.index").rstrip("/")
    return render_template(
        "api/docs.html",
        operations=[_describe(declared, base) for declared in OPERATIONS],
        type_of=type_of,
        limits=limit_texts(),
        texts=openapi,
        base_url=url_for("api.index", _external=True).rstrip("/"),
    )

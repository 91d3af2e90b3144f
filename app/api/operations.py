"""Declaring an operation of the API: one decorator routes it, reads its parameters and documents it.

The OpenAPI document (app.api.openapi) and the documentation page are made from OPERATIONS, so what
is documented is what the code reads: a parameter is declared once, as a Param.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from flask import jsonify, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.api.blueprint import bp
from app.api.errors import not_found
from app.api.params import ID, ID_MAX, Param, read_args
from app.api.shapes import Shape
from app.extensions import db

_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")

#: Path parameters by name, with what they mean.
PATH_PARAMS = {
    "agency_id": Param("agency_id", _l("The agency's id."), ID, "path"),
    "consultation_id": Param("consultation_id", _l("The consultation's id."), ID, "path"),
    "group_id": Param("group_id", _l("The group's id."), ID, "path"),
    "petition_id": Param("petition_id", _l("The petition's id."), ID, "path"),
}


@dataclass(frozen=True)
class Operation:
    """A GET operation: where it is, what it takes and what it answers."""

    rule: str  # the Flask rule under /api/v1
    endpoint: str
    tag: str
    summary: object  # a lazy string
    description: object
    params: tuple[Param, ...]
    response: Shape | dict  # the data's shape, or the JSON schema of the whole body
    many: bool  # a page of `response`

    @property
    def path(self) -> str:
        """The path as OpenAPI writes it, e.g. /petitions/{petition_id}."""
        return _ARGUMENT.sub(r"{\1}", self.rule)

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(PATH_PARAMS[name] for name in _ARGUMENT.findall(self.rule))


OPERATIONS: list[Operation] = []


def operation(rule: str, tag: str, summary, description="", params=(), response=None, many=False) -> Callable:
    """Route a view at `rule` for GET, call it with the parsed query (a dict) and the path's values, and
    send what it returns as JSON; the operation is recorded for the OpenAPI document."""

    def register(view: Callable) -> Callable:
        declared = Operation(rule, view.__name__, tag, summary, description, tuple(params), response, many)
        OPERATIONS.append(declared)

        def run(**values):
            if any(value > ID_MAX for value in values.values()):  # ids beyond what the database stores
                raise not_found()
            return jsonify(view(read_args(declared.params, request.args), **values))

        bp.add_url_rule(rule, view.__name__, run, methods=["GET"])
        return view

    return register


def paged(query, args: dict, records: Callable) -> dict:
    """A page of a select's rows as `records` makes them, with the page's place in the whole."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {
        "data": records(rows),
        "meta": {"page": page, "per_page": per_page, "total": total},
        "links": _links(page, max(1, ceil(total / per_page))),
    }


def _links(page: int, last: int) -> dict:
    def at(number: int) -> str:
        query = request.args.to_dict() | {"page": number}
        return url_for(request.endpoint, **(request.view_args or {}), **query, _external=True)

    return {
        "self": at(page),
        "next": at(page + 1) if page < last else None,
        "prev": at(min(page - 1, last)) if page > 1 else None,
    }


def single(query, records: Callable) -> dict:
    """The one row of a select as `records` makes it; 404 when there is none."""
    rows = db.session.execute(query).all()
    if not rows:
        raise not_found()
    return {"data": records(rows)[0]}

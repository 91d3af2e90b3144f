"""The JSON objects of the API's resources, made from the rows app.api.queries selects."""

from datetime import date

from flask import current_app

from app.api import queries, shapes
from app.consultations import services as consultations
from app.consultations.models import Consultation
from app.feedback import publicity
from app.opendata.datasets import BY_NAME
from app.petitions.models import Petition
from app.submissions.scopes import consultation_id_of
from app.tracker import ranking, stats

ANSWERING = ("due", "answered", "voluntary", "share_answered", "median_days_to_answer", "overdue_now")


def named(dataset: str, rows) -> list[dict]:
    """Rows of an open dataset's select as mappings of its column names."""
    names = [column.name for column in BY_NAME[dataset].columns]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _of(shape: shapes.Shape, dataset: str):
    return lambda rows: [shape.record(values) for values in named(dataset, rows)]


consultations_of = _of(shapes.CONSULTATION, "consultations")
provisions_of = _of(shapes.PROVISION, "provisions")
comments_of = _of(shapes.COMMENT, "comments")
petitions_of = _of(shapes.PETITION, "petitions")


def agencies_of(rows) -> list[dict]:
    """Agencies with how they answer (app.tracker.ranking), computed for these agencies only."""
    found = named("agencies", rows)
    figures = {row.agency.id: row for row in ranking.agency_statistics([v["id"] for v in found])} if found else {}
    return [
        shapes.AGENCY.record(values | {name: getattr(figures[values["id"]], name) for name in ANSWERING})
        for values in found
    ]


def _attributes(shape: shapes.Shape, item) -> dict:
    return shape.record({field.name: getattr(item, field.name) for field in shape.fields})


def consultation_detail(consultation: Consultation, row) -> dict:
    """A consultation with its description, published versions, questions and (once published) report."""
    reported = consultation.report_published_at is not None
    versions = consultations.published_versions(consultation)
    return shapes.CONSULTATION_DETAIL.record(
        named("consultations", [row])[0]
        | {
            "body": consultation.body,
            "report": consultation.report if reported else None,
            "versions": [_attributes(shapes.VERSION, version) for version in versions],
            "questions": [_attributes(shapes.QUESTION, question) for question in consultations.questions(consultation)],
        }
    )


def groups_of(rows) -> list[dict]:
    """Groups as the public sees them (app.feedback.publicity): published members only, no names."""
    found = []
    for shown in publicity.describe([row[0] for row in rows], quotes=0):
        cluster, answer = shown.cluster, shown.answer
        values = {
            "id": cluster.id,
            "scope": cluster.scope,
            "consultation_id": consultation_id_of(cluster.scope),
            "size": shown.size,
            "languages": dict(shown.languages),
            "status": shown.status,
            "answer": answer.body if answer else None,
            "answered_at": answer.published_at if answer else None,
            "amended_at": answer.amended_at if answer else None,
            "created_at": cluster.created_at,
        }
        found.append(shapes.GROUP.record(values))
    return found


def _threshold(setting: str, reached_at) -> dict:
    return shapes.THRESHOLD.record({"signatures": current_app.config[setting], "reached_at": reached_at})


def petition_detail(petition: Petition, row) -> dict:
    """A published petition with its thresholds (the model's *_due_at say when each was reached), the
    agency's deadline, response and the outcome of its consideration."""
    response = petition.response
    return shapes.PETITION_DETAIL.record(
        named("petitions", [row])[0]
        | {
            "background": petition.background,
            "closed_at": petition.closed_at,
            "response_threshold": _threshold("OVOZ_PETITION_RESPONSE_THRESHOLD", petition.response_due_at),
            "consideration_threshold": _threshold(
                "OVOZ_PETITION_CONSIDERATION_THRESHOLD", petition.consideration_due_at
            ),
            "response_due_at": stats.response_due_at(petition),
            "response": _attributes(shapes.RESPONSE, response) if response else None,
            "considered_at": petition.considered_at,
            "outcome": petition.outcome if petition.considered_at else None,
        }
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite answers text


def signatures_of(petition: Petition, args: dict) -> dict:
    """Confirmed signatures of a petition by region (as signers gave it) and by UTC day, within the filters."""
    regions, days = queries.signature_counts(petition, args)
    return shapes.SIGNATURES.record(
        {
            "petition_id": petition.id,
            "signatures": sum(count for _, count in regions),
            "by_region": [
                shapes.REGION_COUNT.record({"region_code": code, "signatures": count})
                for code, count in sorted(regions, key=lambda row: (-row[1], row[0] or "~"))
            ],
            "by_day": [
                shapes.DAY_COUNT.record({"day": _as_date(value), "signatures": count}) for value, count in sorted(days)
            ],
        }
    )

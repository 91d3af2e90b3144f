"""Outcome statistics of one consultation or petition: deadlines, participation, signatures over time.

Every figure is an aggregate computed in SQL (GROUP BY): a petition with a million signatures costs one grouped
query. Only published comments and confirmed signatures of published petitions count. The agencies' figures
are app.tracker.ranking's, on the same deadlines.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import distinct, func, select

from app.accounts.models import User
from app.consultations import comments, services
from app.consultations.models import Comment, Consultation, Provision
from app.core.db import utcnow
from app.extensions import db
from app.feedback import answers
from app.geo import current_country
from app.petitions import signing
from app.petitions.models import Petition, Signature, SignatureState
from app.submissions.models import Submission

DAY = 86400


# -- deadlines ------------------------------------------------------------------------------------


def report_deadline(closes_at: datetime) -> datetime:
    """When a report is due for comments that close at `closes_at`: OVOZ_REPORT_DAYS later."""
    return closes_at + timedelta(days=current_app.config["OVOZ_REPORT_DAYS"])


def response_deadline(reached_at: datetime | None) -> datetime | None:
    """When a response is due for a threshold reached at `reached_at` (None: not reached)."""
    return reached_at + timedelta(days=current_app.config["OVOZ_PETITION_RESPONSE_DAYS"]) if reached_at else None


def days_between(start: datetime, end: datetime) -> float:
    """Days between two moments, to a tenth; never negative (an early answer took no time)."""
    return round(max((end - start).total_seconds(), 0) / DAY, 1)


def report_due_at(consultation: Consultation) -> datetime:
    """When the consultation's report is due: OVOZ_REPORT_DAYS after comments close."""
    return report_deadline(consultation.closes_at)


def report_on_time(consultation: Consultation, now: datetime | None = None) -> bool | None:
    """Whether the report came by its deadline; False once late, None while not yet due and not published."""
    due = report_due_at(consultation)
    if consultation.report_published_at is not None:
        return consultation.report_published_at <= due
    return False if (now or utcnow()) > due else None


def report_days(consultation: Consultation) -> float | None:
    """Days from comments closing to the report; None without a report."""
    if consultation.report_published_at is None:
        return None
    return days_between(consultation.closes_at, consultation.report_published_at)


def response_due_at(petition: Petition) -> datetime | None:
    """The agency's deadline to respond; None while the response threshold is not reached."""
    return response_deadline(petition.response_due_at)  # the column holds when the threshold was reached


def answered_at(petition: Petition) -> datetime | None:
    """When a petition was answered: by its own response or by its agency's answer to its group (None: not yet)."""
    grouped = answers.petition_answers()
    by_group = db.session.scalar(select(grouped.c.answered_at).where(grouped.c.petition_id == petition.id))
    found = [moment for moment in (petition.responded_at, by_group) if moment is not None]
    return min(found) if found else None


def response_days(petition: Petition) -> float | None:
    """Days from the response threshold to the answer; None unless both happened."""
    answered = answered_at(petition) if petition.response_due_at is not None else None
    return None if answered is None else days_between(petition.response_due_at, answered)


def response_overdue(petition: Petition, now: datetime | None = None) -> bool:
    """Past the response deadline without an answer (its own response, or its agency's answer to its group)."""
    if not petition.is_published or petition.response_due_at is None or petition.responded_at is not None:
        return False
    return response_deadline(petition.response_due_at) < (now or utcnow()) and answered_at(petition) is None


# -- series over time -----------------------------------------------------------------------------


def day_of(column):
    """The UTC calendar day of a timestamp column, in SQL that SQLite and PostgreSQL both run."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))  # not the session's time zone
    return func.date(column)  # SQLite stores UTCDateTime values in UTC


def _as_date(value) -> date:
    """SQLite answers date() with text, PostgreSQL with a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _per_day(query) -> list[tuple[date, int]]:
    return sorted((_as_date(day), count) for day, count in db.session.execute(query) if day is not None)


def running_totals(points: list[tuple]) -> list[tuple[date, int]]:
    """The cumulative total at the end of each point."""
    total, rows = 0, []
    for point in points:
        total += point[1]
        rows.append((point[0], total))
    return rows


# -- consultations --------------------------------------------------------------------------------


@dataclass
class Participation:
    """Who took part in a consultation, in numbers only."""

    comments: int
    people: int
    languages: list[tuple[str, int]]  # language code, comments; largest first
    regions: list[tuple[str | None, int]]  # region code of the authors (None: not given), comments; largest first
    provisions: list[tuple[Provision, int]]  # provisions of the current version with comments, most first
    per_day: list[tuple[date, int]]  # comments per UTC day, on the days that had some


def _published_comments(consultation: Consultation, *columns):
    return comments.counted(*columns).where(Comment.consultation_id == consultation.id)


def _by_region(rows) -> list[tuple[str | None, int]]:
    """Counts per division code, folded into their regions (a district counts in its region)."""
    country, totals = current_country(), Counter()
    for code, count in rows:
        region = country.region_of(code) if code else None
        totals[region.code if region else None] += count
    return sorted(totals.items(), key=lambda item: (-item[1], item[0] or "~"))


def _per_provision(consultation: Consultation) -> list[tuple[Provision, int]]:
    version = services.current_version(consultation)
    counts = comments.counts_by_lineage(consultation)
    rows = [(p, counts.get(p.lineage_id, 0)) for p in (version.provisions if version else [])]
    return sorted((row for row in rows if row[1]), key=lambda row: (-row[1], row[0].position))


def consultation_participation(consultation: Consultation) -> Participation:
    """Published comments of a consultation: how many, by whom (counted), in which languages, regions,
    on which provisions, and when."""
    total, people = db.session.execute(
        _published_comments(consultation, func.count(), func.count(distinct(Comment.author_id)))
    ).one()
    languages = _published_comments(consultation, Submission.language, func.count()).group_by(Submission.language)
    regions = _published_comments(consultation, User.region_code, func.count()).outerjoin(
        User, User.id == Comment.author_id
    )
    day = day_of(Comment.created_at)
    return Participation(
        comments=total,
        people=people,
        languages=sorted(((code, n) for code, n in db.session.execute(languages)), key=lambda row: (-row[1], row[0])),
        regions=_by_region(db.session.execute(regions.group_by(User.region_code)).all()),
        provisions=_per_provision(consultation),
        per_day=_per_day(_published_comments(consultation, day, func.count()).group_by(day)),
    )


# -- petitions ------------------------------------------------------------------------------------


@dataclass
class Threshold:
    kind: str  # "response" or "consideration"
    signatures: int
    reached_at: datetime | None


@dataclass
class Progress:
    """A published petition's signatures over time and by region, its thresholds and its response."""

    signatures: int
    per_day: list[tuple[date, int]]  # confirmed signatures per UTC day of confirmation
    cumulative: list[tuple[date, int]]
    regions: list[tuple[str | None, int]]  # region code (None: not given), signatures; largest first
    thresholds: list[Threshold]
    responded_at: datetime | None
    response_due: datetime | None  # the deadline, once the response threshold is reached
    response_days: float | None
    overdue: bool


def petition_progress(petition: Petition, now: datetime | None = None) -> Progress:
    """Confirmed signatures per day and in total, by region, the thresholds and when each was reached,
    and the response with how long it took."""
    day = day_of(Signature.confirmed_at)
    confirmed = select(day, func.count()).where(
        Signature.petition_id == petition.id,
        Signature.state == SignatureState.CONFIRMED,
        Signature.confirmed_at.is_not(None),
    )
    per_day = _per_day(confirmed.group_by(day))
    config = current_app.config
    return Progress(
        signatures=petition.signature_count,
        per_day=per_day,
        cumulative=running_totals(per_day),
        regions=signing.by_region(petition),
        thresholds=[
            Threshold("response", config["OVOZ_PETITION_RESPONSE_THRESHOLD"], petition.response_due_at),
            Threshold("consideration", config["OVOZ_PETITION_CONSIDERATION_THRESHOLD"], petition.consideration_due_at),
        ],
        responded_at=petition.responded_at,
        response_due=response_due_at(petition),
        response_days=response_days(petition),
        overdue=response_overdue(petition, now),
    )

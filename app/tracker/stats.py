"""Outcome statistics: the one place that says what was due, what was answered, how fast, and what is late.

Every figure is an aggregate computed in SQL (GROUP BY), or from a few columns of the few rows that need
an answer (petitions past the response threshold, consultations): a petition with a million signatures
costs one grouped query. Only published comments and confirmed signatures of published petitions count.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import distinct, func, select, true
from sqlalchemy.orm import load_only

from app.accounts.models import User
from app.agencies.models import Agency
from app.consultations import comments, services
from app.consultations.models import Comment, Consultation, Provision
from app.core.db import utcnow
from app.extensions import db
from app.feedback import reviews, scopes
from app.geo import current_country
from app.petitions import signing
from app.petitions.models import PUBLISHED_STATES, Petition, Signature, SignatureState
from app.submissions.models import Moderation, Submission
from app.submissions.scopes import PETITIONS

DAY = 86400


# -- deadlines ------------------------------------------------------------------------------------


def _report_deadline(closes_at: datetime) -> datetime:
    return closes_at + timedelta(days=current_app.config["OVOZ_REPORT_DAYS"])


def _response_deadline(reached_at: datetime | None) -> datetime | None:
    return reached_at + timedelta(days=current_app.config["OVOZ_PETITION_RESPONSE_DAYS"]) if reached_at else None


def _days(start: datetime, end: datetime) -> float:
    """Days between two moments, to a tenth; never negative (an early answer took no time)."""
    return round(max((end - start).total_seconds(), 0) / DAY, 1)


def report_due_at(consultation: Consultation) -> datetime:
    """When the consultation's report is due: OVOZ_REPORT_DAYS after comments close."""
    return _report_deadline(consultation.closes_at)


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
    return _days(consultation.closes_at, consultation.report_published_at)


def response_due_at(petition: Petition) -> datetime | None:
    """The agency's deadline to respond; None while the response threshold is not reached."""
    return _response_deadline(petition.response_due_at)  # the column holds when the threshold was reached


def response_days(petition: Petition) -> float | None:
    """Days from the response threshold to the response; None unless both happened."""
    if petition.response_due_at is None or petition.responded_at is None:
        return None
    return _days(petition.response_due_at, petition.responded_at)


def _petition_late(reached_at, responded_at, now: datetime) -> bool:
    return reached_at is not None and responded_at is None and _response_deadline(reached_at) < now


def _consultation_late(closes_at, reported_at, now: datetime) -> bool:
    return reported_at is None and _report_deadline(closes_at) < now


def response_overdue(petition: Petition, now: datetime | None = None) -> bool:
    """Past the response deadline without a response."""
    return petition.is_published and _petition_late(petition.response_due_at, petition.responded_at, now or utcnow())


# -- agencies -------------------------------------------------------------------------------------


@dataclass
class AgencyStats:
    """How one agency answers: what it held, what needed an answer, what it answered and how fast."""

    agency: Agency
    consultations: int = 0  # held (every consultation is public from its announcement)
    petitions: int = 0  # published petitions addressed to it
    due: int = 0  # petitions past the response threshold + consultations whose comments closed
    answered: int = 0  # of those, petitions responded + consultations with a published report
    share_answered: float | None = None  # answered / due, None when nothing was due
    median_days_to_answer: float | None = None
    overdue_now: int = 0  # late petitions + late reports + overdue feedback groups
    days: list[float] = field(default_factory=list, repr=False)  # each answer's delay, for the median


def _among(column, ids: list[int] | None):
    return column.in_(ids) if ids is not None else true()


def _count_consultations(stats: dict[int, AgencyStats], ids, now: datetime) -> list[Consultation]:
    """Count the consultations; returns them, so that finding a group's consultation costs no query."""
    dates = load_only(Consultation.agency_id, Consultation.closes_at, Consultation.report_published_at)
    held = db.session.scalars(select(Consultation).options(dates).where(_among(Consultation.agency_id, ids))).all()
    for consultation in held:
        row, closes_at, reported_at = (
            stats[consultation.agency_id],
            consultation.closes_at,
            consultation.report_published_at,
        )
        row.consultations += 1
        if closes_at <= now:
            row.due += 1
            if reported_at is not None:
                row.answered += 1
                row.days.append(_days(closes_at, reported_at))
        row.overdue_now += _consultation_late(closes_at, reported_at, now)
    return held


def _count_petitions(stats: dict[int, AgencyStats], ids, now: datetime) -> None:
    published = Petition.state.in_(PUBLISHED_STATES), Petition.agency_id.is_not(None), _among(Petition.agency_id, ids)
    counts = select(Petition.agency_id, func.count()).where(*published)
    for agency_id, count in db.session.execute(counts.group_by(Petition.agency_id)):
        stats[agency_id].petitions = count
    due = select(Petition.agency_id, Petition.response_due_at, Petition.responded_at)
    for agency_id, reached_at, responded_at in db.session.execute(
        due.where(*published, Petition.response_due_at.is_not(None))
    ):
        row = stats[agency_id]
        row.due += 1
        if responded_at is not None:
            row.answered += 1
            row.days.append(_days(reached_at, responded_at))
        row.overdue_now += _petition_late(reached_at, responded_at, now)


def _addressed(cluster_ids: list[int]) -> dict[int, set[int]]:
    """The agencies addressed by the published petitions of each of the pool's clusters."""
    found = defaultdict(set)
    if not cluster_ids:
        return found
    query = select(Submission.cluster_id, Petition.agency_id).join(Petition, Petition.submission_id == Submission.id)
    query = query.where(Submission.cluster_id.in_(cluster_ids), Submission.moderation == Moderation.PUBLISHED)
    for cluster_id, agency_id in db.session.execute(query.where(Petition.agency_id.is_not(None)).distinct()):
        found[cluster_id].add(agency_id)
    return found


def overdue_groups(agency_ids: list[int] | None = None, today: date | None = None) -> Counter:
    """Overdue feedback groups per agency id (feedback.reviews decides what is overdue)."""
    single = agency_ids[0] if agency_ids is not None and len(agency_ids) == 1 else None
    late = reviews.overdue(single, today)
    addressed = _addressed([row.cluster.id for row in late if row.cluster.scope == PETITIONS])
    found = Counter()
    for row in late:
        consultation = scopes.consultation_of(row.cluster)  # already loaded by reviews.overdue
        for agency_id in {consultation.agency_id} if consultation else addressed[row.cluster.id]:
            if agency_ids is None or agency_id in agency_ids:
                found[agency_id] += 1
    return found


def agency_statistics(agency_ids: list[int] | None = None, now: datetime | None = None) -> list[AgencyStats]:
    """The figures of the given agencies (all for None), in agency id order, in a handful of queries."""
    now = now or utcnow()
    agencies = db.session.scalars(select(Agency).where(_among(Agency.id, agency_ids)).order_by(Agency.id))
    stats = {agency.id: AgencyStats(agency) for agency in agencies}
    if not stats:
        return []
    ids = list(stats) if agency_ids is not None else None
    held = _count_consultations(stats, ids, now)
    _count_petitions(stats, ids, now)
    for agency_id, count in overdue_groups(ids, now.date()).items():
        if agency_id in stats:
            stats[agency_id].overdue_now += count
    del held  # kept until here: overdue_groups finds each group's consultation in the identity map, no query
    for row in stats.values():
        row.share_answered = row.answered / row.due if row.due else None
        row.median_days_to_answer = median(row.days) if row.days else None
    return list(stats.values())


def agency_statistics_of(agency: Agency, now: datetime | None = None) -> AgencyStats:
    """The figures of one agency."""
    return agency_statistics([agency.id], now)[0]


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
    query = select(*columns).select_from(Comment).join(Submission, Submission.id == Comment.submission_id)
    return query.where(Comment.consultation_id == consultation.id, Submission.moderation == Moderation.PUBLISHED)


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

"""What the outcome tracker's pages show, gathered in one place for the templates."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.agencies.models import Agency
from app.consultations import services as consultations
from app.consultations.labels import CHANGES, PHASES, TIMELINE
from app.consultations.models import Consultation
from app.core.db import utcnow
from app.extensions import db
from app.feedback import publicity, reviews
from app.geo import current_country
from app.petitions.labels import STATES
from app.petitions.models import PUBLISHED_STATES, Petition
from app.tracker import charts, ranking, stats

SORTS = {
    "share": _l("Share answered"),
    "median": _l("Median days to answer"),
    "overdue": _l("Overdue now"),
}
#: The ranking's figures as the pages name them (app.tracker.ranking.MEANINGS says what each means).
FIGURES = {
    "due": _l("Needed an answer"),
    "answered": _l("Answered"),
    "voluntary": _l("Answered without being due"),
    "share_answered": _l("Share answered"),
    "median_days_to_answer": _l("Median days to answer"),
    "overdue_now": _l("Overdue now"),
}
THRESHOLDS = {
    "response": _l("Signatures for a response"),
    "consideration": _l("Signatures for consideration"),
}
PETITIONS_PER_PAGE = 50


def _locale() -> str:
    return str(get_locale())


def _region_rows(rows: list[tuple[str | None, int]]) -> list[tuple[str | None, int]]:
    """Region codes as names in the reader's language (None: not given)."""
    country, locale = current_country(), _locale()
    return [(country.division(code).name(locale) if code and country.division(code) else None, n) for code, n in rows]


def ranked(sort: str) -> list[ranking.AgencyStats]:
    """Every agency's figures in the order asked for; agencies without the figure come last, those that answered
    more (due or not) before those that answered less, then by name."""
    locale = _locale()

    def rest(row):
        return -row.answers, row.agency.name(locale).casefold()

    keys = {
        "share": lambda row: (row.share_answered is None, -(row.share_answered or 0), *rest(row)),
        "median": lambda row: (row.median_days_to_answer is None, row.median_days_to_answer or 0, *rest(row)),
        "overdue": lambda row: (-row.overdue_now, *rest(row)),
    }
    return sorted(ranking.agency_statistics(), key=keys[sort])


def agencies_context(sort: str) -> dict:
    rows = ranked(sort)
    locale = _locale()
    answered = [row for row in rows if row.share_answered is not None]
    chart = [(row.agency.name(locale), round(row.share_answered * 100)) for row in answered]
    return {
        "rows": rows,
        "sort": sort,
        "sorts": SORTS,
        "chart": sorted(chart, key=lambda item: -item[1]),
        "labels": FIGURES,
        "meanings": ranking.MEANINGS,
    }


def _late_petitions(ids: list[int]) -> list[Petition]:
    """The petitions the ranking counts as late, the longest waiting first."""
    found = db.session.scalars(select(Petition).where(Petition.id.in_(ids))) if ids else []
    return sorted(found, key=lambda petition: (petition.response_due_at, petition.id))


def agency_context(agency: Agency, page: int) -> dict:
    """An agency's figures, its consultations, a page of the petitions addressed to it, and what is late now."""
    now = utcnow()
    figures = ranking.agency_statistics_of(agency, now)
    held = db.session.scalars(
        select(Consultation).where(Consultation.agency_id == agency.id).order_by(Consultation.closes_at.desc())
    ).all()
    addressed = select(Petition).where(Petition.agency_id == agency.id, Petition.state.in_(PUBLISHED_STATES))
    petitions = db.paginate(
        addressed.order_by(Petition.signature_count.desc(), Petition.id),
        page=page,
        per_page=PETITIONS_PER_PAGE,
        error_out=False,
    )
    return {
        "agency": agency,
        "figures": figures,
        "labels": FIGURES,
        "meanings": ranking.MEANINGS,
        "consultations": [(c, stats.report_on_time(c, now), stats.report_due_at(c)) for c in held],
        "petitions": petitions,
        "late_petitions": _late_petitions(figures.late_petitions),
        "late_reports": [c for c in held if c.id in figures.late_reports],
        "late_groups": reviews.overdue(agency.id, now.date()),
        "now": now,
        "stats": stats,
        "phases": PHASES,
        "states": STATES,
    }


def _versions(consultation: Consultation) -> list[tuple]:
    """Each published version with the one before it (None for the first), for the links to what changed."""
    published = consultations.published_versions(consultation)
    return list(zip(published, [None, *published[:-1]], strict=True))


def consultation_context(consultation: Consultation) -> dict:
    """A consultation's outcome: its timeline, participation, what we heard, its versions and its report."""
    now = utcnow()
    participation = stats.consultation_participation(consultation)
    groups, answered = publicity.heard_counts(consultation)
    return {
        "consultation": consultation,
        "timeline": consultations.timeline(consultation),
        "participation": participation,
        "per_period": charts.series(participation.per_day),
        "regions": _region_rows(participation.regions),
        "groups": groups,
        "answered_groups": answered,
        "versions": _versions(consultation),
        "report_due": stats.report_due_at(consultation),
        "report_on_time": stats.report_on_time(consultation, now),
        "report_days": stats.report_days(consultation),
        "labels": {"phases": PHASES, "timeline": TIMELINE, "changes": CHANGES},
    }


def petition_context(petition: Petition) -> dict:
    """A published petition's outcome: signatures over time and by region, thresholds, the response."""
    progress = stats.petition_progress(petition)
    return {
        "petition": petition,
        "progress": progress,
        "per_period": charts.series(progress.per_day),
        "regions": _region_rows(progress.regions),
        "thresholds": THRESHOLDS,
        "states": STATES,
    }

"""Outcome statistics on crafted data: deadlines, what was due and answered, medians, lateness, participation."""

import itertools
from datetime import UTC, date, datetime, timedelta

from app.consultations import comments
from app.consultations.models import Comment
from app.core.db import utcnow
from app.extensions import db
from app.petitions.models import SignatureState
from app.submissions.models import Moderation
from app.tracker import charts, stats
from tests.helpers import signature

NOW = utcnow()


def _days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _close(consultation, days_ago: float, reported_after: float | None = None):
    """Comments closed `days_ago` days ago; the report, if any, came `reported_after` days later."""
    consultation.opens_at = _days_ago(days_ago + 30)
    consultation.closes_at = _days_ago(days_ago)
    if reported_after is not None:
        consultation.report_published_at = consultation.closes_at + timedelta(days=reported_after)
    db.session.commit()
    return consultation


_SIGNERS = itertools.count(1)


def _sign(petition, when, region=None, state=SignatureState.CONFIRMED):
    db.session.add(signature(petition, next(_SIGNERS), when, region, state))


def test_report_is_due_ninety_days_after_comments_close(app, make_consultation):
    consultation, _, _ = make_consultation()
    _close(consultation, days_ago=10)
    assert stats.report_due_at(consultation) == consultation.closes_at + timedelta(days=90)
    assert stats.report_on_time(consultation) is None  # not yet due, not published
    _close(consultation, days_ago=91)
    assert stats.report_on_time(consultation) is False  # past its deadline without a report
    _close(consultation, days_ago=91, reported_after=89.5)
    assert stats.report_on_time(consultation) is True
    assert stats.report_days(consultation) == 89.5
    _close(consultation, days_ago=200, reported_after=95)
    assert stats.report_on_time(consultation) is False


def test_report_deadline_follows_the_setting(app, make_consultation, monkeypatch):
    consultation, _, _ = _close(make_consultation()[0], days_ago=20), None, None
    monkeypatch.setitem(app.config, "OVOZ_REPORT_DAYS", 14)
    assert stats.report_due_at(consultation) == consultation.closes_at + timedelta(days=14)
    assert stats.report_on_time(consultation) is False


def test_response_is_due_thirty_days_after_the_threshold(app, make_petition):
    reached = _days_ago(40)
    petition = make_petition(response_due_at=reached)
    assert stats.response_due_at(petition) == reached + timedelta(days=30)
    assert stats.response_days(petition) is None and stats.response_overdue(petition, NOW)
    petition.responded_at = reached + timedelta(days=12, hours=12)
    assert stats.response_days(petition) == 12.5 and not stats.response_overdue(petition, NOW)
    unreached = make_petition()
    assert stats.response_due_at(unreached) is None and stats.response_days(unreached) is None
    assert not stats.response_overdue(unreached, NOW)


def test_participation_counts_published_comments_only(app, make_consultation, make_user):
    consultation, article, first = make_consultation()
    first.created_at = datetime(2025, 3, 1, 9, tzinfo=UTC)
    first.submission.language = "en"
    writer = make_user(region_code="TJ-DU-SIN")  # a district of Dushanbe: counted in Dushanbe
    with app.test_request_context():
        written = [
            comments.add(consultation, writer, "Нужна ясность в статье.", article),
            comments.add(consultation, writer, "И ещё одно замечание."),
            comments.add(consultation, make_user(region_code="TJ-SU"), "Маъқул аст.", article),
            comments.add(consultation, make_user(region_code="TJ-KT"), "Hidden by a moderator.", article),
        ]
        db.session.commit()  # inside: the request context has a session of its own
        ids = [comment.id for comment in written]
    written = [db.session.get(Comment, comment_id) for comment_id in ids]
    days = [datetime(2025, 3, 1, 23, 59, tzinfo=UTC), datetime(2025, 3, 3, 8, tzinfo=UTC)]
    for comment, day, language in zip(written, [*days, days[1], days[1]], ["ru", "ru", "tg", "en"], strict=True):
        comment.created_at, comment.submission.language = day, language
    written[3].submission.moderation = Moderation.HIDDEN
    db.session.commit()

    found = stats.consultation_participation(consultation)
    assert (found.comments, found.people) == (4, 3)
    assert found.languages == [("ru", 2), ("en", 1), ("tg", 1)]
    assert found.regions == [("TJ-DU", 2), ("TJ-SU", 1), (None, 1)]
    assert found.per_day == [(date(2025, 3, 1), 2), (date(2025, 3, 3), 2)]
    assert [(p.id, count) for p, count in found.provisions] == [(article.id, 3)]  # the factory's comment too


def test_signatures_per_day_cumulative_and_by_region(app, make_petition):
    petition = make_petition(signature_count=3, response_due_at=datetime(2025, 5, 3, tzinfo=UTC))
    evening = datetime(2025, 5, 1, 19, 30, tzinfo=UTC)
    _sign(petition, evening, "TJ-DU-SIN")
    # 01:00 in Dushanbe (UTC+5) is still 1 May in UTC: days are counted in UTC.
    _sign(petition, datetime(2025, 5, 2, 1, 0, tzinfo=UTC) + timedelta(hours=-5), "TJ-SU")
    _sign(petition, datetime(2025, 5, 3, 8, tzinfo=UTC))
    _sign(petition, evening, "TJ-DU", state=SignatureState.PENDING)
    _sign(petition, evening, "TJ-DU", state=SignatureState.INVALID)
    db.session.commit()

    progress = stats.petition_progress(petition, now=datetime(2025, 6, 10, tzinfo=UTC))
    assert progress.per_day == [(date(2025, 5, 1), 2), (date(2025, 5, 3), 1)]
    assert progress.cumulative == [(date(2025, 5, 1), 2), (date(2025, 5, 3), 3)]
    assert progress.regions == [("TJ-DU", 1), ("TJ-SU", 1), (None, 1)]
    response, consideration = progress.thresholds
    assert (response.kind, response.signatures, response.reached_at) == ("response", 10_000, petition.response_due_at)
    assert consideration.reached_at is None
    assert progress.response_due == datetime(2025, 6, 2, tzinfo=UTC) and progress.overdue


def test_series_fills_quiet_days():
    points = charts.series([(date(2025, 1, 3), 4), (date(2025, 1, 1), 2)])
    assert [(p.start, p.value, p.total, p.unit) for p in points] == [
        (date(2025, 1, 1), 2, 2, "day"),
        (date(2025, 1, 2), 0, 2, "day"),
        (date(2025, 1, 3), 4, 6, "day"),
    ]
    assert charts.series([]) == []


def test_long_series_are_shown_by_week_then_by_month():
    start = date(2025, 1, 1)  # a Wednesday
    by_week = charts.series([(start, 1), (start + timedelta(days=4), 2), (start + timedelta(days=120), 5)])
    assert by_week[0].unit == "week" and by_week[0].start == date(2024, 12, 30)  # the Monday
    assert (by_week[0].value, by_week[-1].value, by_week[-1].total) == (1 + 2, 5, 8)
    assert all((b.start - a.start).days == 7 for a, b in itertools.pairwise(by_week))
    by_month = charts.series([(start, 1), (date(2027, 3, 15), 2)])
    assert by_month[0].unit == "month" and len(by_month) == 27 and by_month[-1].start == date(2027, 3, 1)

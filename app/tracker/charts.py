"""Points for the time charts: counts per day filled with the quiet days, by week or month over long spans.

A chart of a year of daily columns would be 365 slivers no one can read or tell apart, so a long series
is bucketed; the chart and its data table show the same buckets.
"""

from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

DAYS_AT_MOST = 90  # longer spans are shown by week
WEEKS_AT_MOST = 104  # longer still, by month


class Point(NamedTuple):
    """One column of a time chart: the first day of its period, its count and the period's unit."""

    start: date
    value: int
    unit: str  # day, week or month
    total: int = 0  # the running total at the end of the period


def unit_for(first: date, last: date) -> str:
    """The period a span of days is shown by."""
    days = (last - first).days + 1
    if days <= DAYS_AT_MOST:
        return "day"
    return "week" if days <= WEEKS_AT_MOST * 7 else "month"


def period_start(day: date, unit: str) -> date:
    """The first day of the period holding `day` (weeks start on Monday, as ISO 8601 says)."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day


def _next(start: date, unit: str) -> date:
    if unit == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if unit == "week" else 1)


def series(per_day: list[tuple[date, int]]) -> list[Point]:
    """Counts per day (in any order, quiet days left out) as consecutive periods from the first to the last."""
    if not per_day:
        return []
    days = sorted(day for day, _ in per_day)
    unit = unit_for(days[0], days[-1])
    sums = Counter()
    for day, count in per_day:
        sums[period_start(day, unit)] += count
    points, current, last, total = [], period_start(days[0], unit), period_start(days[-1], unit), 0
    while current <= last:
        total += sums[current]
        points.append(Point(current, sums[current], unit, total))
        current = _next(current, unit)
    return points

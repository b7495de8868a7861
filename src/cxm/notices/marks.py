"""Incident periods on charts (pure): which points of a chart an incident overlaps.

A chart has one point per period (day, week, month ...), each a range of local calendar days.
An incident runs from its start to its resolution (still open: to now), both read as local
days in the reporting time zone. The points it touches form a range of indexes; touching or
overlapping ranges merge into one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_days(
    start: datetime, end: datetime | None, now: datetime, zone: ZoneInfo
) -> tuple[date, date]:
    """The local days an incident covers (an open one: up to now)."""
    last = end if end is not None else now
    if last < start:
        last = start
    return start.astimezone(zone).date(), last.astimezone(zone).date()


def incident_ranges(
    period_starts: Sequence[date],
    period_ends: Sequence[date],
    spans: Sequence[tuple[date, date]],
) -> list[tuple[int, int]]:
    """The (first, last) index ranges of the points that incidents overlap, in order."""
    if len(period_starts) != len(period_ends):
        raise ValueError("one end per period start expected")
    touched = sorted(
        {
            i
            for first, last in spans
            for i, (a, b) in enumerate(zip(period_starts, period_ends, strict=True))
            if first <= b and last >= a
        }
    )
    ranges: list[tuple[int, int]] = []
    for i in touched:
        if ranges and ranges[-1][1] + 1 >= i:
            ranges[-1] = (ranges[-1][0], i)
        else:
            ranges.append((i, i))
    return ranges


def shade(ranges: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The range a chart shades (it shows one): the latest incident's."""
    return ranges[-1] if ranges else None


def period_bounds(
    periods: Sequence[str], next_start: Callable[[date], date], last: date
) -> tuple[list[date], list[date]]:
    """(first days, last days) of a chart's periods given as ISO first days; the last period
    ends at `last` at the latest."""
    starts = [date.fromisoformat(p) for p in periods]
    ends = [min(next_start(s) - timedelta(days=1), last) for s in starts]
    return starts, ends

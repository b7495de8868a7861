"""Reporting periods: calendar days, ISO weeks, months, quarters and years, in local dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO weeks, starting on Monday
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"  # the whole range as one period


@dataclass(frozen=True)
class Window:
    """One period, clipped to the requested range: [start, end)."""

    period: date  # the calendar period's first day: the row's key
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def period_start(day: date, period: Period) -> date:
    """The first day of the period holding `day`."""
    if period is Period.ALL:
        raise ValueError("the whole range has no calendar start")
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.MONTH:
        return day.replace(day=1)
    if period is Period.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_period(start: date, period: Period) -> date:
    """The first day of the period after the one starting on `start`."""
    if period is Period.DAY:
        return start + timedelta(days=1)
    if period is Period.WEEK:
        return start + timedelta(days=7)
    months = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[period]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def windows(first: date, last: date, period: Period) -> list[Window]:
    """The periods overlapping first..last (inclusive), each clipped to that range."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    if period is Period.ALL:
        return [Window(first, first, last + timedelta(days=1))]
    result = []
    p = period_start(first, period)
    stop = last + timedelta(days=1)
    while p < stop:
        nxt = next_period(p, period)
        result.append(Window(p, max(p, first), min(nxt, stop)))
        p = nxt
    return result

"""The simulated period: time units, month boundaries, the outage week and time-stamp text."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cxm.demo.columns import Bools, Ints
from cxm.demo.parameters import (
    OUTAGE_AFTERMATH_DAYS,
    OUTAGE_DAY_OF_MONTH,
    OUTAGE_DAYS,
    OUTAGE_MONTH_FRACTION,
)

MINUTE = 60
HOUR = 3_600
DAY = 86_400


def outage_week(start: date, months: int = 12) -> tuple[date, date]:
    """The demo outage for a period: its first day and the day after its last."""
    first = add_months(start, int(months * OUTAGE_MONTH_FRACTION))
    first += timedelta(days=OUTAGE_DAY_OF_MONTH - 1)
    return first, first + timedelta(days=OUTAGE_DAYS)


def add_months(day: date, count: int) -> date:
    year, month = divmod(day.month - 1 + count, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Calendar:
    """The simulated period; every time is in whole seconds since its start (UTC midnight)."""

    start: date
    months: int
    month_starts: tuple[int, ...]  # months + 1 boundaries
    outage: tuple[int, int]

    @classmethod
    def build(cls, start: date, months: int) -> Calendar:
        bounds = tuple((add_months(start, m) - start).days * DAY for m in range(months + 1))
        first, after = outage_week(start, months)
        outage = ((first - start).days * DAY, (after - start).days * DAY)
        return cls(start, months, bounds, outage)

    @property
    def end(self) -> int:
        return self.month_starts[-1]

    @property
    def days(self) -> int:
        return self.end // DAY

    def month_bounds(self, month: int) -> tuple[int, int]:
        """The first second of a month of the period and the first second after it."""
        return self.month_starts[month], self.month_starts[month + 1]

    def weekday(self, day: Ints) -> Ints:
        return (self.start.weekday() + day) % 7

    def calendar_month(self, day: Ints) -> Ints:
        """The month of the year (1-12) of each day index."""
        stamps = np.datetime64(self.start.isoformat(), "D") + day.astype("timedelta64[D]")
        return stamps.astype("datetime64[M]").astype(np.int64) % 12 + 1

    def in_outage(self, seconds: Ints) -> Bools:
        return (seconds >= self.outage[0]) & (seconds < self.outage[1])

    def after_outage(self, seconds: Ints) -> Bools:
        last = self.outage[1] + OUTAGE_AFTERMATH_DAYS * DAY
        return (seconds >= self.outage[0]) & (seconds < last)

    def timestamps(self, seconds: Ints) -> list[str]:
        base = np.datetime64(self.start.isoformat(), "s")
        text = np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")
        return [f"{t}Z" for t in text.tolist()]

    def dates(self, seconds: Ints) -> list[str]:
        base = np.datetime64(self.start.isoformat(), "D")
        text = np.datetime_as_string(base + (seconds // DAY).astype("timedelta64[D]"))
        return [str(day) for day in text]

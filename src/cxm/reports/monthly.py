"""What the monthly report says: every number is computed here once, by the metrics engine,
and each rendering (spreadsheet, HTML, PDF) only lays it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from cxm.metrics.changes import Change, changes
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.loyalty import LoyaltyMap, LoyaltyRules, loyalty_map
from cxm.metrics.periods import Period, next_period
from cxm.metrics.stages import StageReport, stage_csat

TRACKED_MONTHS = 12


@dataclass(frozen=True)
class MonthlyReport:
    month: date  # first day of the reported month
    company: str
    generated_at: datetime
    months: tuple[date, ...]  # the tracked months, oldest first, ending with `month`
    tracker: tuple[dict[str, Any], ...]  # one `compute_metrics` row (with counts) per month
    categories: tuple[str, ...]  # ticket categories, largest first over the tracked months
    volume: dict[str, tuple[int, ...]]  # tickets per category per tracked month
    channels: tuple[tuple[str, int], ...]  # the month's tickets per channel, largest first
    changes: dict[str, Change]  # each metric against the month before
    loyalty: LoyaltyMap  # as of the month's last day
    stages: StageReport  # CSAT per journey stage in the month
    by: str | None = None
    segments: tuple[dict[str, Any], ...] = ()  # the month's rows per value of `by`

    @property
    def current(self) -> dict[str, Any]:
        return self.tracker[-1]

    @property
    def last_day(self) -> date:
        return next_period(self.month, Period.MONTH) - timedelta(days=1)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def build_monthly(
    con: duckdb.DuckDBPyConnection,
    month: date,
    company: str,
    generated_at: datetime,
    by: str | None = None,
    months: int = TRACKED_MONTHS,
    loyalty_rules: LoyaltyRules = LoyaltyRules(),
) -> MonthlyReport:
    """The report of `month` (any day of it), tracking the `months` months up to it."""
    month = first_of_month(month)
    first = months_before(month, months - 1)
    last = next_period(month, Period.MONTH) - timedelta(days=1)
    tracker = compute_metrics(con, MetricsQuery(first, last, Period.MONTH), counts=True)
    tracked = tuple(date.fromisoformat(r["period"]) for r in tracker)
    by_category = compute_metrics(con, MetricsQuery(first, last, Period.MONTH, by="category"))
    per: dict[str, dict[date, int]] = {}
    for r in by_category:
        if r["ticket_volume"]:  # answers without a ticket have no category: not a category
            name = r["category"] or "(none)"
            per.setdefault(name, {})[date.fromisoformat(r["period"])] = r["ticket_volume"]
    categories = tuple(sorted(per, key=lambda c: (-sum(per[c].values()), c)))
    volume = {c: tuple(per[c].get(m, 0) for m in tracked) for c in categories}
    channel_rows = compute_metrics(con, MetricsQuery(month, last, Period.ALL, by="channel"))
    channels = tuple(
        sorted(
            (
                (r["channel"] or "(none)", r["ticket_volume"])
                for r in channel_rows
                if r["ticket_volume"]
            ),
            key=lambda c: (-c[1], c[0]),
        )
    )
    segments: tuple[dict[str, Any], ...] = ()
    if by:
        segments = tuple(compute_metrics(con, MetricsQuery(month, last, Period.ALL, by=by)))
    return MonthlyReport(
        month=month,
        company=company,
        generated_at=generated_at,
        months=tracked,
        tracker=tuple(tracker),
        categories=categories,
        volume=volume,
        channels=channels,
        changes=changes(tracker[-1], tracker[-2] if len(tracker) > 1 else None),
        loyalty=loyalty_map(con, last, loyalty_rules),
        stages=stage_csat(con, month, last),
        by=by,
        segments=segments,
    )

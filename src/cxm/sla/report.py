"""The share of SLA targets met, by period (of the tickets' creation, local days of
CXM_TIMEZONE) and by a segment, with the durations in business hours beside wall-clock.

A target counts once it is decided: met (its clock stopped within the target) or breached
(it went past the target, stopped or not). Targets still running, at risk or paused are
counted apart (`open`). Computed from the system of record, ticket by ticket.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from cxm.db.schema import tickets
from cxm.metrics.periods import Period, period_start
from cxm.sla.policies import TARGETS
from cxm.sla.service import TicketSla, load_clocks

SEGMENTS = ("channel", "agent", "team", "priority", "category", "policy", "plan")


@dataclass(frozen=True)
class SlaRow:
    period: date | None  # first day of the period; None for the whole range
    segment: str | None  # the value of the `by` segment (None: no segment, or empty)
    target: str
    met: int
    breached: int
    open: int
    met_pct: float | None  # met / (met + breached) x 100
    median_business_s: float | None  # of stopped clocks: time counted on the calendar
    median_wall_s: float | None  # of stopped clocks: wall-clock time from creation
    p90_business_s: float | None
    p90_wall_s: float | None

    @property
    def n(self) -> int:
        return self.met + self.breached

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat() if self.period else None,
            "segment": self.segment,
            "target": self.target,
            "n": self.n,
            "met": self.met,
            "breached": self.breached,
            "open": self.open,
            "met_pct": self.met_pct,
            "median_business_s": self.median_business_s,
            "median_wall_s": self.median_wall_s,
            "p90_business_s": self.p90_business_s,
            "p90_wall_s": self.p90_wall_s,
        }


class ReportError(ValueError):
    pass


def segment_of(item: TicketSla, by: str) -> str | None:
    if by == "policy":
        return item.policy.name
    if by == "plan":
        return item.plan
    value = item.ticket.get(by)
    return None if value is None else str(value)


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def sla_report(
    conn: Connection,
    zone: ZoneInfo,
    first: date,
    last: date,
    now: datetime,
    period: Period = Period.MONTH,
    by: str | None = None,
) -> list[SlaRow]:
    """Rows per period, segment and target for tickets created from `first` to `last`
    (inclusive, local days), evaluated as of `now`."""
    if by is not None and by not in SEGMENTS:
        raise ReportError(f"unknown segment {by!r}: choose one of {', '.join(SEGMENTS)}")
    if last < first:
        raise ReportError("the range ends before it starts")
    start = datetime.combine(first, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    items = load_clocks(conn, now, [tickets.c.created_at >= start, tickets.c.created_at < end])
    groups: dict[tuple[date | None, str | None, str], list[Any]] = {}
    for item in items:
        if item.clocks is None:
            continue
        local_day = item.clocks.created_at.astimezone(zone).date()
        key_period = None if period is Period.ALL else period_start(local_day, period)
        segment = segment_of(item, by) if by else None
        for clock in item.clocks.targets:
            groups.setdefault((key_period, segment, clock.target), []).append(clock)
    rows = []
    order = {t: i for i, t in enumerate(TARGETS)}
    for (p, segment, target), clocks in sorted(
        groups.items(),
        key=lambda kv: (kv[0][0] or date.min, kv[0][1] or "", order[kv[0][2]]),
    ):
        met = sum(c.state == "met" for c in clocks)
        breached = sum(c.state == "breached" for c in clocks)
        stopped = [c for c in clocks if c.stopped_at is not None]
        business = [c.elapsed_s for c in stopped]
        wall = [c.wall_s for c in stopped]
        rows.append(
            SlaRow(
                period=p,
                segment=segment,
                target=target,
                met=met,
                breached=breached,
                open=len(clocks) - met - breached,
                met_pct=100.0 * met / (met + breached) if met + breached else None,
                median_business_s=statistics.median(business) if business else None,
                median_wall_s=statistics.median(wall) if wall else None,
                p90_business_s=_quantile(business, 0.9),
                p90_wall_s=_quantile(wall, 0.9),
            )
        )
    return rows

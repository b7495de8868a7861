"""Metrics: the rows of `cxm metrics --format json`, from the same engine and analytics copy."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from cxm.analytics.replica import Replica
from cxm.metrics.engine import MetricsError, MetricsQuery, compute_metrics
from cxm.metrics.periods import Period, period_start, windows
from cxm.metrics.segments import Segments, UnknownSegment
from cxm.web.api.common import ApiRoute, invalid, text_query
from cxm.web.deps import state

router = APIRouter(tags=["metrics"], route_class=ApiRoute)
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
MAX_PERIODS = 3700  # ten years of days

First = Annotated[
    date | None,
    Query(alias="from", description="First day, YYYY-MM-DD (default: 12 months back)"),
]
Last = Annotated[
    date | None,
    Query(alias="to", description="Last day, included (default: the latest data)"),
]
By = text_query(64, "Split by a segment: channel, category, region, an attribute ...")
Filters = Annotated[
    list[str] | None,
    Query(
        alias="filter",
        description="Keep one segment value: DIMENSION:VALUE (repeatable; = works too)",
        examples=[["channel:email"]],
    ),
]


def _filters(pairs: list[str]) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        cut = min((i for i in (pair.find(":"), pair.find("=")) if i >= 0), default=-1)
        dim, value = (pair[:cut].strip(), pair[cut + 1 :].strip()) if cut >= 0 else ("", "")
        if not dim or "\x00" in pair:
            raise invalid(
                ("query", "filter"), f"{pair!r}: expected DIMENSION:VALUE, e.g. channel:email"
            )
        result[dim] = (*result.get(dim, ()), value)
    return result


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _default_range(con: Any, first: date | None, last: date | None, today: date) -> tuple:
    """--from / --to as the CLI reads them: the twelve months up to the latest data."""
    if first and last:
        return first, last
    row = con.execute(
        "SELECT min(d), max(d) FROM (SELECT min(created_day) d FROM tickets UNION ALL "
        "SELECT max(created_day) FROM tickets UNION ALL SELECT min(answered_day) FROM "
        "responses UNION ALL SELECT max(answered_day) FROM responses)"
    ).fetchone()
    end = last or (row[1] if row is not None and row[1] is not None else today)
    start = first or period_start(_months_back(end, 11), Period.MONTH)
    return start, end


def _check_days(**days: date | None) -> None:
    for name, day in days.items():
        if day is not None and not EARLIEST <= day <= LATEST:
            raise invalid(("query", name), f"{day} is outside {EARLIEST}..{LATEST}", str(day))


def _check_range(first: date, last: date, period: Period) -> None:
    _check_days(**{"from": first, "to": last})
    if last < first:
        raise invalid(("query", "to"), f"to {last} is before from {first}", str(last))
    if (last - first).days > MAX_PERIODS * 366 or len(windows(first, last, period)) > MAX_PERIODS:
        raise invalid(("query", "period"), f"more than {MAX_PERIODS} periods: take a longer period")


def _finite(row: dict[str, Any]) -> dict[str, Any]:
    return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()}


@router.get("/metrics", response_model=list[dict[str, Any]])
def get_metrics(
    request: Request,
    first: First = None,
    last: Last = None,
    period: Period = Period.MONTH,
    by: By = None,
    filters: Filters = None,
) -> Any:
    """Every metric, period by period (and segment by segment): `cxm metrics --format json`."""
    app = state(request)
    wanted = _filters(filters or [])
    today = app.clock.now().astimezone(app.settings.zone).date()
    _check_days(**{"from": first, "to": last})
    with Replica(app.settings).fresh() as con:
        try:
            start, end = _default_range(con, first, last, today)
        except ValueError as exc:  # data dated at the edge of the calendar
            raise invalid(("query", "from"), f"give from and to: {exc}") from None
        _check_range(start, end, period)
        segments = Segments(con)
        for loc, dims in (("by", [by] if by else []), ("filter", list(wanted))):
            for dim in dims:
                try:
                    segments.check(dim)
                except UnknownSegment as exc:
                    raise invalid(("query", loc), str(exc), dim) from None
        try:
            rows = compute_metrics(con, MetricsQuery(start, end, period, by, wanted))
        except MetricsError as exc:
            raise invalid(("query",), str(exc)) from None
    return [_finite(r) for r in rows]

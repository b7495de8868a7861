"""The overview: every metric of the view with n, interval, the move against the previous
period (and whether it is beyond noise), a sparkline, and the benchmark band."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import duckdb

from cxm.dashboard.cache import RESULTS
from cxm.dashboard.view import View
from cxm.metrics.changes import Change, change
from cxm.metrics.definitions import BREAKDOWNS, METRICS, Metric


@dataclass(frozen=True)
class Card:
    metric: Metric
    value: float | None
    n: int | None
    ci: tuple[float, float] | None
    change: Change
    spark: tuple[float | None, ...]
    spark_periods: tuple[str, ...]

    @property
    def band(self) -> str | None:
        """'poor', 'fair' or 'good' against the metric's benchmark, if it has one."""
        if self.metric.benchmark is None or self.value is None:
            return None
        low, high = self.metric.benchmark
        return "poor" if self.value < low else "good" if self.value > high else "fair"

    @property
    def direction(self) -> str | None:
        """'better', 'worse' or None (no move, or a metric without a better side)."""
        d = self.change.delta
        if d is None or d == 0 or self.metric.higher_is_better is None:
            return None
        return "better" if (d > 0) == self.metric.higher_is_better else "worse"


@dataclass(frozen=True)
class Share:
    value: str
    count: int
    share: float | None


@dataclass(frozen=True)
class Overview:
    view: View
    cards: tuple[Card, ...]
    breakdowns: dict[str, tuple[Share, ...]]  # ticket categories, channels
    current: dict[str, Any]


def _count(row: dict[str, Any], key: str | None) -> int | None:
    if key is None:
        return None
    value = row.get(key)
    if value is None:
        value = row.get("counts", {}).get(key)
    return None if value is None else int(value)


def overview(con: duckdb.DuckDBPyConnection, view: View) -> Overview:
    trend = RESULTS.metrics(con, view.trend(), counts=True)
    if view.aligned() and len(trend) >= 2:
        # the view is the trend's last period: one query answers both
        current, previous = trend[-1], trend[-2]
    else:
        (current,) = RESULTS.metrics(con, view.query(), counts=True)
        (previous,) = RESULTS.metrics(con, view.previous().query(), counts=True)
    cards = []
    for metric in METRICS:
        low = current.get(f"{metric.key}_ci_low")
        high = current.get(f"{metric.key}_ci_high")
        cards.append(
            Card(
                metric=metric,
                value=current.get(metric.value_key),
                n=_count(current, metric.n_key),
                ci=(low, high) if low is not None and high is not None else None,
                change=change(metric, current, previous),
                spark=tuple(r.get(metric.value_key) for r in trend),
                spark_periods=tuple(r["period"] for r in trend),
            )
        )
    total = current.get("ticket_volume") or 0
    breakdowns = {}
    for b in BREAKDOWNS:
        rows = RESULTS.metrics(con, replace(view.query(by=b.dimension), metrics=(b.of,)))
        shares = [
            Share(r[b.dimension] or "", r[b.of], 100 * r[b.of] / total if total else None)
            for r in rows
            if r[b.of]
        ]
        breakdowns[b.key] = tuple(sorted(shares, key=lambda s: (-s.count, s.value)))
    return Overview(view, tuple(cards), breakdowns, current)

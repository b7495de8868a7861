"""Trends of a view: survey scores with their intervals, ticket volume by category with the
spikes called out, response and resolution times, the channel mix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

import duckdb

from cxm.dashboard.cache import RESULTS
from cxm.dashboard.view import View
from cxm.metrics.engine import MetricsQuery
from cxm.metrics.periods import windows

SPIKE_Z = 3.5  # modified z-score above which a period is a spike (Iglewicz and Hoaglin)
MAD_SCALE = 0.6745  # makes the median absolute deviation comparable to a standard deviation


def spikes(values: Sequence[float | None]) -> list[int]:
    """Indexes of values far above the series' usual level (robust: one outlier does not
    hide another, unlike a mean and standard deviation)."""
    known = [v for v in values if v is not None]
    if len(known) < 4:
        return []
    mid = median(known)
    mad = median(abs(v - mid) for v in known)
    if mad == 0:
        # a flat series: anything clearly above it stands out
        return [i for i, v in enumerate(values) if v is not None and v > mid * 1.5 and v - mid > 5]
    return [
        i for i, v in enumerate(values) if v is not None and MAD_SCALE * (v - mid) / mad > SPIKE_Z
    ]


@dataclass(frozen=True)
class Trends:
    first: date  # the range charted (the view's, or the periods up to it)
    last: date
    periods: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]  # one engine row per period
    categories: dict[str, tuple[int, ...]]  # tickets per category per period, largest first
    category_spikes: dict[str, tuple[int, ...]]
    channels: dict[str, tuple[int, ...]]

    def series(self, key: str) -> tuple[float | None, ...]:
        return tuple(r.get(key) for r in self.rows)

    def band(self, key: str) -> tuple[tuple[float | None, float | None], ...]:
        return tuple((r.get(f"{key}_ci_low"), r.get(f"{key}_ci_high")) for r in self.rows)


def _split(
    con: duckdb.DuckDBPyConnection, query: MetricsQuery, dim: str, periods: Sequence[str]
) -> dict[str, tuple[int, ...]]:
    per: dict[str, dict[str, int]] = {}
    split = MetricsQuery(
        query.first, query.last, query.period, dim, query.filters, ("ticket_volume",)
    )
    for r in RESULTS.metrics(con, split):
        if r["ticket_volume"]:
            per.setdefault(r[dim] or "", {})[r["period"]] = r["ticket_volume"]
    ordered = sorted(per, key=lambda k: (-sum(per[k].values()), k))
    return {k: tuple(per[k].get(p, 0) for p in periods) for k in ordered}


MIN_PERIODS = 3  # a shorter view shows the periods leading up to it instead


def trends(con: duckdb.DuckDBPyConnection, view: View) -> Trends:
    query = view.query(view.grain)
    if len(windows(view.first, view.last, view.grain)) < MIN_PERIODS:
        query = view.trend()
    # with counts, as the overview asks: both pages share one computation
    rows = RESULTS.metrics(con, query, counts=True)
    periods = tuple(r["period"] for r in rows)
    categories = _split(con, query, "category", periods)
    return Trends(
        first=query.first,
        last=query.last,
        periods=periods,
        rows=tuple(rows),
        categories=categories,
        category_spikes={k: tuple(spikes(v)) for k, v in categories.items()},
        channels=_split(con, query, "channel", periods),
    )

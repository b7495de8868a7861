"""Exact quantiles of a duration column in two short passes instead of one sort per period.

Sorting every value of a period is what makes a median over millions of tickets slow, and
the dashboard asks for many periods at once (a year by month, and the year itself). The
analytics copy keeps beside each duration its *bucket*: a small integer that grows with the
value (about 2 % wide). Then:

1. counts per (day, bucket): one cheap grouped scan, shared by every period of the range;
2. from those counts, the bucket (and the rank within it) of each value a quantile needs;
3. the values of only those buckets are read back, and selected exactly.

The result is exactly DuckDB's `quantile_cont` (same ranks, same interpolation, in the
column's 4-byte floats), which a property test checks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

STEPS_PER_DOUBLING = 32  # buckets per power of two: each spans about 2.2 % of its values
EPOCH = date(1970, 1, 1).toordinal()


def bucket_column(column: str) -> str:
    """The analytics copy's column holding the bucket of each value of `column`."""
    return f"{column}_bucket"


def bucket_sql(value: str) -> str:
    """SQL of a value's bucket; never decreasing in the value, as the selection needs.

    Below 1 s everything shares two buckets (negative, and 0 to 1 s); from 1 s on, the
    bucket grows with log2 of the value.
    """
    return (
        f"CASE WHEN {value} >= 1 THEN CAST(floor(log2({value}) * {STEPS_PER_DOUBLING}) AS "
        f"SMALLINT) + 1 WHEN {value} >= 0 THEN CAST(0 AS SMALLINT) "
        f"WHEN {value} < 0 THEN CAST(-1 AS SMALLINT) END"
    )


@dataclass(frozen=True)
class Histogram:
    """Non-null values per local day and bucket over a range of days."""

    days: np.ndarray[Any, np.dtype[np.int64]]  # days since 1970-01-01
    buckets: np.ndarray[Any, np.dtype[np.int64]]
    counts: np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class Target:
    """A value a quantile needs: the `rank`-th smallest (from 0) of `bucket` in `group`."""

    group: int
    bucket: int
    rank: int


@dataclass(frozen=True)
class Plan:
    """What to read back for the quantiles of each group (period) of a histogram."""

    qs: tuple[float, ...]
    n: tuple[int, ...]  # non-null values per group
    targets: tuple[Target, ...]
    # per group and quantile: the targets of the lower and upper ranks, and the weight
    picks: tuple[tuple[tuple[Target, Target, float] | None, ...], ...]


def plan(hist: Histogram, starts: Sequence[date], end: date, qs: Sequence[float]) -> Plan:
    """The values to read for quantiles `qs` of each group of days [starts[i], starts[i+1])
    (the last group ends before `end`)."""
    edges = np.array([d.toordinal() - EPOCH for d in (*starts, end)], np.int64)
    group = np.searchsorted(edges, hist.days, side="right") - 1
    inside = (group >= 0) & (group < len(starts))
    lowest = int(hist.buckets.min()) if len(hist.buckets) else 0
    width = int(hist.buckets.max()) - lowest + 1 if len(hist.buckets) else 1
    cells = np.bincount(
        group[inside] * width + (hist.buckets[inside] - lowest),
        weights=hist.counts[inside],
        minlength=len(starts) * width,
    ).reshape(len(starts), width)
    cumulative = np.cumsum(cells, axis=1)
    totals = cumulative[:, -1].astype(np.int64) if width else np.zeros(len(starts), np.int64)
    targets: dict[tuple[int, int, int], Target] = {}

    def target(g: int, rank: int) -> Target:
        # the first bucket whose running count passes the rank holds that value
        b = int(np.searchsorted(cumulative[g], rank, side="right"))
        before = int(cumulative[g, b - 1]) if b else 0
        key = (g, b + lowest, rank - before)
        return targets.setdefault(key, Target(*key))

    picks = []
    for g, n in enumerate(totals.tolist()):
        row: list[tuple[Target, Target, float] | None] = []
        for q in qs:
            if n == 0:
                row.append(None)
                continue
            position = (n - 1) * q  # as DuckDB's quantile_cont places it
            low, high = math.floor(position), math.ceil(position)
            row.append((target(g, low), target(g, high), position - low))
        picks.append(tuple(row))
    return Plan(tuple(qs), tuple(totals.tolist()), tuple(targets.values()), tuple(picks))


def select(
    plan_: Plan,
    groups: np.ndarray[Any, Any],
    buckets: np.ndarray[Any, Any],
    values: np.ndarray[Any, Any],
) -> list[tuple[float, ...] | None]:
    """The quantiles of each group, from the values of the planned buckets (with their group
    and bucket), as DuckDB's quantile_cont computes them on 4-byte floats."""
    values = values.astype(np.float32, copy=False)
    found: dict[Target, np.float32] = {}
    by_cell: dict[tuple[int, int], list[Target]] = {}
    for t in plan_.targets:
        by_cell.setdefault((t.group, t.bucket), []).append(t)
    for (g, b), wanted in by_cell.items():
        cell = values[(groups == g) & (buckets == b)]
        ranks = sorted({t.rank for t in wanted})
        if len(ranks) and ranks[-1] >= len(cell):
            raise RuntimeError("the analytics copy changed while a quantile was computed")
        cell = np.partition(cell, ranks)
        for t in wanted:
            found[t] = cell[t.rank]
    out: list[tuple[float, ...] | None] = []
    for row in plan_.picks:
        if not row or row[0] is None:
            out.append(None)
            continue
        out.append(tuple(_interpolate(found[lo], found[hi], d) for lo, hi, d in row))  # type: ignore[misc]
    return out


def _interpolate(lo: np.float32, hi: np.float32, d: float) -> float:
    if d == 0:
        return float(lo)
    # as DuckDB: in doubles, rounded back to the column's 4-byte float
    return float(np.float32(float(lo) + (float(hi) - float(lo)) * d))

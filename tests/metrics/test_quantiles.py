"""Exact quantiles from bucket counts (cxm.metrics.quantiles) against DuckDB's quantile_cont,
value for value, and the engine's two ways to them (by bucket, by sorting per segment)."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxm.analytics.replica import Replica
from cxm.metrics import quantiles
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.periods import Period, windows

FIRST = date(2025, 1, 1)

durations = st.one_of(
    st.floats(-10_000, 10_000_000, width=32, allow_nan=False),
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 59.0, 60.0, 3600.0, -1.0]),  # ties and edges
    st.integers(0, 86_400 * 30).map(float),
)
rows = st.lists(st.tuples(st.integers(0, 45), st.one_of(st.none(), durations)), max_size=300)
qs = st.lists(st.floats(0, 1), min_size=1, max_size=4).map(tuple)


def _table(data: list[tuple[int, float | None]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (day DATE, v FLOAT)")
    if data:
        con.executemany(
            "INSERT INTO t VALUES (?, ?)", [(FIRST + timedelta(days=d), v) for d, v in data]
        )
    con.execute("ALTER TABLE t ADD COLUMN b SMALLINT")
    con.execute(f"UPDATE t SET b = {quantiles.bucket_sql('v')}")
    return con


def _ours(
    con: duckdb.DuckDBPyConnection, period: Period, q: tuple[float, ...]
) -> list[tuple[float, ...] | None]:
    found = con.execute(
        "SELECT date_diff('day', DATE '1970-01-01', day), b, count(*) FROM t "
        "WHERE b IS NOT NULL GROUP BY ALL"
    ).fetchnumpy()
    hist = quantiles.Histogram(*(np.asarray(v, np.int64) for v in found.values()))
    wins = windows(FIRST, FIRST + timedelta(days=45), period)
    plan = quantiles.plan(hist, [w.start for w in wins], wins[-1].end, q)
    # read back every value with its group, as the engine's second pass does for the cells
    values = con.execute("SELECT day, b, v FROM t WHERE v IS NOT NULL").fetchall()
    starts = [w.start for w in wins]
    groups = np.array([sum(s <= d for s in starts) - 1 for d, _, _ in values], np.int64)
    return quantiles.select(
        plan,
        groups,
        np.array([b for _, b, _ in values], np.int64),
        np.array([v for _, _, v in values], np.float32),
    )


def _duckdb(
    con: duckdb.DuckDBPyConnection, period: Period, q: tuple[float, ...]
) -> list[tuple[float, ...] | None]:
    wins = windows(FIRST, FIRST + timedelta(days=45), period)
    out: list[tuple[float, ...] | None] = []
    for w in wins:
        (found,) = con.execute(
            f"SELECT quantile_cont(v, {list(q)}) FROM t WHERE day >= ? AND day < ?",
            [w.start, w.end],
        ).fetchone()  # type: ignore[misc]
        out.append(None if found is None else tuple(found))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rows, period=st.sampled_from([Period.WEEK, Period.MONTH, Period.ALL]), q=qs)
def test_exactly_duckdbs_quantile_cont(data, period, q):
    con = _table(data)
    assert _ours(con, period, q) == _duckdb(con, period, q)


@given(a=durations, b=durations)
def test_buckets_never_disagree_with_the_order_of_values(a, b):
    con = duckdb.connect()
    lo, hi = sorted([np.float32(a), np.float32(b)])
    got = con.execute(
        f"SELECT {quantiles.bucket_sql('x')}, {quantiles.bucket_sql('y')} "
        "FROM (SELECT CAST(? AS FLOAT) AS x, CAST(? AS FLOAT) AS y)",
        [float(lo), float(hi)],
    ).fetchone()
    assert got is not None and got[0] <= got[1]


def test_a_copy_changed_under_the_selection_is_reported():
    con = _table([(0, 10.0), (1, 20.0), (2, 30.0)])
    found = con.execute(
        "SELECT date_diff('day', DATE '1970-01-01', day), b, count(*) FROM t GROUP BY ALL"
    ).fetchnumpy()
    hist = quantiles.Histogram(*(np.asarray(v, np.int64) for v in found.values()))
    plan = quantiles.plan(hist, [FIRST], FIRST + timedelta(days=3), (1.0,))
    empty = np.zeros(0, np.int64)
    with pytest.raises(RuntimeError, match="changed"):
        quantiles.select(plan, empty, empty, np.zeros(0, np.float32))


def test_the_engine_by_bucket_and_by_segment_agree(settings, tmp_path):
    """The unsegmented path (buckets) for one channel equals that channel's row of the
    segmented path (sorting), on the demo data and both databases."""
    from helpers.demo import load_demo

    load_demo(settings, tmp_path, customers=300)
    with Replica(settings).fresh() as con:
        year = (date(2025, 1, 1), date(2025, 12, 31), Period.MONTH)
        split = compute_metrics(con, MetricsQuery(*year, by="channel"))
        keys = [
            f"{p}_{k}"
            for p in ("first_response_time", "resolution_time")
            for k in ("median_s", "p90_s")
        ]
        compared = 0
        for channel in sorted({r["channel"] for r in split if r["channel"]}):
            alone = compute_metrics(con, MetricsQuery(*year, filters={"channel": (channel,)}))
            mine = {r["period"]: r for r in split if r["channel"] == channel}
            for row in alone:
                if row["period"] in mine:
                    assert [row[k] for k in keys] == [mine[row["period"]][k] for k in keys]
                    compared += row["resolution_time_median_s"] is not None
        assert compared >= 12

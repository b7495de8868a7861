"""Asking for some metrics computes them exactly as when all are asked for."""

from __future__ import annotations

from datetime import date

import pytest

from cxm.analytics.replica import Replica
from cxm.metrics.definitions import METRICS, selected
from cxm.metrics.engine import MetricsError, MetricsQuery, compute_metrics
from cxm.metrics.periods import Period
from helpers.demo import load_demo


def test_each_metric_alone_equals_the_full_computation(settings, tmp_path):
    load_demo(settings, tmp_path / "demo", customers=300)
    with Replica(settings).fresh() as con:
        for by in (None, "channel"):
            query = MetricsQuery(date(2025, 3, 1), date(2025, 8, 31), Period.MONTH, by)
            full = compute_metrics(con, query)
            for metric in METRICS:
                alone = compute_metrics(
                    con,
                    MetricsQuery(query.first, query.last, query.period, by, {}, (metric.key,)),
                )
                assert len(alone) == len(full) if by is None else len(alone) <= len(full)
                index = {(r["period"], r.get(by)): r for r in full}
                for row in alone:
                    other = index[(row["period"], row.get(by))]
                    for key in metric.outputs:
                        assert row[key] == pytest.approx(other[key]), (metric.key, key)


def test_required_metrics_come_along():
    assert [m.key for m in selected(("resolution_rate",))] == ["ticket_volume", "resolution_rate"]
    assert {m.key for m in selected(("clv",))} == {"cac", "clv"}
    assert selected(()) == METRICS
    with pytest.raises(ValueError, match="unknown metric"):
        selected(("happiness",))


def test_unknown_metric_is_refused(sqlite_settings, tmp_path):
    load_demo(sqlite_settings, tmp_path / "demo", customers=50)
    with Replica(sqlite_settings).fresh() as con, pytest.raises(MetricsError, match="happiness"):
        compute_metrics(
            con, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), metrics=("happiness",))
        )

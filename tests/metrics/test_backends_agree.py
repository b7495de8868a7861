"""The same data gives the same numbers whether the database is SQLite or PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from cxm.analytics.replica import Replica
from cxm.db import open_database
from cxm.demo.generator import write_demo_files
from cxm.importers.service import import_file
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.loyalty import loyalty_map
from cxm.metrics.periods import Period
from helpers.databases import make_settings, new_database


def test_sqlite_and_postgresql_agree_on_the_demo_data(tmp_path, request):
    files = write_demo_files(tmp_path / "demo", customers=600)
    results = {}
    for kind in ("sqlite", "postgresql"):
        folder = tmp_path / kind
        folder.mkdir()
        settings = make_settings(
            new_database(kind, folder, request), folder, CXM_TIMEZONE="Asia/Phnom_Penh"
        )
        open_database(settings)
        for entity in ("customers", "tickets", "responses", "revenue", "spend"):
            import_file(settings, entity, files[entity])
        with Replica(settings).fresh() as con:
            results[kind] = {
                "month": compute_metrics(con, MetricsQuery(date(2025, 1, 1), date(2025, 12, 31))),
                "week_by_channel": compute_metrics(
                    con, MetricsQuery(date(2025, 5, 1), date(2025, 7, 31), Period.WEEK, "channel")
                ),
                "by_region": compute_metrics(
                    con,
                    MetricsQuery(date(2025, 1, 1), date(2025, 12, 31), Period.QUARTER, "region"),
                ),
                "loyalty": loyalty_map(con, date(2025, 12, 31)).counts,
            }
    sqlite, postgres = results["sqlite"], results["postgresql"]
    assert sqlite["loyalty"] == postgres["loyalty"]
    for key in ("month", "week_by_channel", "by_region"):
        assert len(sqlite[key]) == len(postgres[key]) > 0
        for a, b in zip(sqlite[key], postgres[key], strict=True):
            assert a.keys() == b.keys()
            for k in a:
                if isinstance(a[k], float):
                    assert a[k] == pytest.approx(b[k], rel=1e-9), (key, a["period"], k)
                else:
                    assert a[k] == b[k], (key, a["period"], k)
    assert sum(r["ticket_volume"] for r in sqlite["month"]) > 1000

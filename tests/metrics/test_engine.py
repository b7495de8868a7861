"""The engine on real databases (SQLite and PostgreSQL): worked examples, segments, periods."""

from __future__ import annotations

from datetime import date
from statistics import median

import numpy as np
import pytest

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.db import open_database
from cxm.metrics.definitions import OUTPUT_KEYS
from cxm.metrics.engine import MetricsError, MetricsQuery, compute_metrics
from cxm.metrics.periods import Period
from helpers.databases import BACKENDS, make_settings, new_database
from metrics.scenario import load_scenario


def run(settings: Settings, query: MetricsQuery) -> list[dict]:
    with Replica(settings).fresh() as con:
        return compute_metrics(con, query)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The scenario, imported once per backend for the whole module."""
    folder = tmp_path_factory.mktemp("scenario")
    settings = make_settings(new_database(request.param, folder, request), folder)
    open_database(settings)
    load_scenario(settings, folder)
    return settings


def january(rows: list[dict]) -> dict:
    (row,) = [r for r in rows if r["period"] == "2025-01-01"]
    return row


def test_worked_examples_month_by_month(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 3, 31)))
    assert [r["period"] for r in rows] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    jan = january(rows)
    assert round(jan["csat"]) == 71 and jan["csat_n"] == 112
    assert jan["csat_ci_low"] < jan["csat"] < jan["csat_ci_high"]
    assert jan["nps"] == pytest.approx(65) and jan["nps_n"] == 100
    assert jan["nps_ci_low"] < 65 < jan["nps_ci_high"]
    assert jan["ces"] == pytest.approx(60) and jan["ces_n"] == 10
    assert (jan["customers_start"], jan["customers_end"], jan["customers_acquired"]) == (
        100,
        90,
        15,
    )
    assert jan["retention_rate"] == pytest.approx(75)
    assert jan["churn_rate"] == pytest.approx(25) and jan["customers_lost"] == 25
    march = rows[2]
    assert march["customers_acquired"] == 20_000
    assert march["cac"] == pytest.approx(0.50)
    assert set(OUTPUT_KEYS) <= set(jan)


def test_ticket_metrics(loaded):
    jan = january(run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31))))
    assert jan["ticket_volume"] == 4
    frt = [600, 1200, 60]
    assert jan["first_response_time_n"] == 3
    assert jan["first_response_time_avg_s"] == pytest.approx(sum(frt) / 3)
    assert jan["first_response_time_median_s"] == pytest.approx(median(frt))
    assert jan["first_response_time_p90_s"] == pytest.approx(np.percentile(frt, 90))
    assert jan["resolution_time_median_s"] == pytest.approx(3600)
    assert jan["resolution_time_p90_s"] == pytest.approx(np.percentile([3600, 7200, 600], 90))
    assert jan["resolution_rate"] == pytest.approx(75) and jan["resolution_rate_n"] == 4
    assert jan["resolved_to_unresolved"] == pytest.approx(3)
    # resolved by one agent: T1, T3 of the three resolved
    assert jan["fcr_rate"] == pytest.approx(200 / 3) and jan["fcr_rate_n"] == 3


def test_clv_of_january(loaded):
    jan = january(run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31))))
    assert jan["revenue"] == pytest.approx(1000)
    days = 31
    yearly_churn = 1 - (1 - 0.25) ** (365.25 / days)
    expected = 1000 / ((100 + 90) / 2) * 365.25 / days / yearly_churn  # no spend in January
    assert jan["clv"] == pytest.approx(expected)


def test_empty_periods_are_listed_with_nothing_to_measure(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 5, 1), date(2025, 5, 31)))
    assert len(rows) == 1
    row = rows[0]
    assert row["ticket_volume"] == 0 and row["csat_n"] == 0
    assert row["csat"] is None and row["nps"] is None and row["first_response_time_avg_s"] is None


def test_by_channel_splits_each_source_by_its_own_channel(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), by="channel"))
    by = {r["channel"]: r for r in rows}
    assert {"email", "live_chat", "phone"} <= set(by)
    assert by["email"]["ticket_volume"] == 2 and by["phone"]["ticket_volume"] == 1
    assert by["email"]["csat_n"] + by["live_chat"]["csat_n"] == 112
    # customers have no channel: the customer-base metrics cannot be split by it
    assert by["email"]["retention_rate"] is None and by["email"]["customers_start"] is None


def test_by_a_customer_column_reaches_tickets_and_answers_through_the_customer(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), by="region"))
    by = {r["region"]: r for r in rows}
    assert by["Cambodia"]["customers_start"] == 50 and by["Thailand"]["customers_start"] == 50
    assert by["Vietnam"]["customers_acquired"] == 15
    # tickets of C002 and C004 (even: Cambodia), C001 and C003 (odd: Thailand)
    assert by["Cambodia"]["ticket_volume"] == 2 and by["Thailand"]["ticket_volume"] == 2
    assert sum(r["csat_n"] or 0 for r in rows) == 112


def test_filters_combine_with_splits(loaded):
    rows = run(
        loaded,
        MetricsQuery(
            date(2025, 1, 1), date(2025, 1, 31), by="category", filters={"channel": ("email",)}
        ),
    )
    by = {r["category"]: r for r in rows}
    assert by["billing"]["ticket_volume"] == 1 and by["technical_issue"]["ticket_volume"] == 1
    # responses have no category: their metrics are not split
    assert by["billing"]["csat"] is None


def test_stage_split(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), Period.ALL, by="stage"))
    by = {r["stage"]: r for r in rows}
    assert by["support"]["csat_n"] == 100 and by["onboarding"]["csat_n"] == 12
    assert by["onboarding"]["csat"] == 0  # the last 12 answers were 1s and 2s


def test_unknown_segment_is_refused_with_the_choices(loaded):
    with pytest.raises(MetricsError, match=r"unknown segment 'colour'.*channel"):
        run(loaded, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), by="colour"))


def test_reversed_range_is_refused(loaded):
    with pytest.raises(MetricsError):
        run(loaded, MetricsQuery(date(2025, 2, 1), date(2025, 1, 1)))


def test_partial_periods_are_clipped_to_the_range(loaded):
    rows = run(loaded, MetricsQuery(date(2025, 1, 5), date(2025, 1, 5), Period.MONTH))
    assert len(rows) == 1 and rows[0]["period"] == "2025-01-01"
    # only the NPS answers of 5 January count
    assert rows[0]["nps_n"] == 100 and rows[0]["csat_n"] == 0


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.DAY, ["2025-01-04", "2025-01-05", "2025-01-06"]),
        (Period.WEEK, ["2024-12-30", "2025-01-06"]),
        (Period.QUARTER, ["2025-01-01"]),
        (Period.YEAR, ["2025-01-01"]),
    ],
)
def test_period_keys(loaded, period, expected):
    rows = run(loaded, MetricsQuery(date(2025, 1, 4), date(2025, 1, 6), period))
    assert [r["period"] for r in rows] == expected


def test_period_boundaries_follow_the_reporting_time_zone(database_url, tmp_path):
    from cxm.importers.service import import_file
    from helpers.files import write_csv

    path = write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "created_at"],
        [("late", "2025-01-31T20:00:00Z"), ("early", "2025-01-31T16:00:00Z")],
    )
    utc = make_settings(database_url, tmp_path)
    open_database(utc)
    import_file(utc, "tickets", path)
    rows = run(utc, MetricsQuery(date(2025, 1, 1), date(2025, 2, 28)))
    assert [r["ticket_volume"] for r in rows] == [2, 0]
    # 20:00 UTC is 03:00 on 1 February in Bangkok; 16:00 UTC is 23:00 on 31 January
    bangkok = make_settings(
        database_url, tmp_path, CXM_TIMEZONE="Asia/Bangkok", CXM_ANALYTICS_PATH=utc.analytics_path
    )
    rows = run(bangkok, MetricsQuery(date(2025, 1, 1), date(2025, 2, 28)))
    assert [r["ticket_volume"] for r in rows] == [1, 1]


def test_answers_about_a_ticket_split_by_the_tickets_agent(settings, tmp_path):
    from cxm.importers.service import import_file
    from helpers.files import write_csv

    write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "agent", "team", "created_at"],
        [
            ("T1", "ann", "tier1", "2025-01-02T00:00:00Z"),
            ("T2", "bob", "tier2", "2025-01-02T00:00:00Z"),
        ],
    )
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "ticket_id", "survey", "scale", "score", "answered_at"],
        [
            ("R1", "T1", "csat", "1-5", 5, "2025-01-03T00:00:00Z"),
            ("R2", "T1", "csat", "1-5", 4, "2025-01-03T00:00:00Z"),
            ("R3", "T2", "csat", "1-5", 1, "2025-01-03T00:00:00Z"),
            ("R4", None, "csat", "1-5", 5, "2025-01-03T00:00:00Z"),
        ],
    )
    import_file(settings, "tickets", tmp_path / "t.csv")
    import_file(settings, "responses", tmp_path / "r.csv")
    rows = run(settings, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), by="agent"))
    by = {r["agent"]: r for r in rows}
    assert (by["ann"]["csat"], by["ann"]["csat_n"]) == (100, 2)
    assert (by["bob"]["csat"], by["bob"]["csat_n"]) == (0, 1)
    assert by[None]["csat_n"] == 1 and by[None]["ticket_volume"] == 0
    assert by["ann"]["ticket_volume"] == 1
    filtered = run(
        settings,
        MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), filters={"team": ("tier2",)}),
    )
    assert filtered[0]["csat_n"] == 1 and filtered[0]["ticket_volume"] == 1

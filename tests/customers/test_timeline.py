"""One customer's timeline and its trend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cxm.customers.timeline import CustomerNotFound, customer_timeline, satisfaction, trend
from cxm.db.engine import get_engine
from cxm.importers.service import import_file
from helpers.files import write_csv

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def test_trend_directions():
    up = [(T0 + timedelta(days=d), y) for d, y in [(0, 0.2), (10, 0.4), (20, 0.9)]]
    down = [(t, 1 - y) for t, y in up]
    flat = [(T0 + timedelta(days=d), 0.5 + 0.01 * (d % 2)) for d in range(5)]
    assert trend(up)[0] == "up"
    assert trend(down)[0] == "down"
    assert trend(flat)[0] == "flat"
    assert trend(up[:2]) == (None, None)


def test_satisfaction_is_comparable_across_scales():
    assert satisfaction("1-5", 5, "high_is_good") == 1.0
    assert satisfaction("0-10", 0, "high_is_good") == 0.0
    assert satisfaction("1-7", 1, "high_is_bad") == 1.0
    assert satisfaction("binary", 1, "high_is_good") == 1.0


def test_timeline_from_the_database(settings, tmp_path):
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "name", "signup_at", "tier"],
        [("C1", "Lina", "2024-12-01T00:00:00Z", "gold")],
    )
    write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "customer_id", "category", "created_at"],
        [
            ("T1", "C1", "billing", "2025-01-02T00:00:00Z"),
            ("T2", "C2", "billing", "2025-01-02T00:00:00Z"),
        ],
    )
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "customer_id", "survey", "scale", "score", "comment", "answered_at"],
        [
            ("R1", "C1", "csat", "1-5", 2, "slow <script>", "2025-01-03T00:00:00Z"),
            ("R2", "C1", "csat", "1-5", 4, "", "2025-02-03T00:00:00Z"),
            ("R3", "C1", "nps", "0-10", 10, "great", "2025-03-03T00:00:00Z"),
        ],
    )
    for entity, name in (("customers", "c"), ("tickets", "t"), ("responses", "r")):
        import_file(settings, entity, tmp_path / f"{name}.csv")
    tl = customer_timeline(get_engine(settings.database_url), "C1")
    assert tl.customer["name"] == "Lina" and tl.customer["attributes"] == {"tier": "gold"}
    assert [(e.kind, e.data.get("ticket_id") or e.data.get("response_id")) for e in tl.events] == [
        ("ticket", "T1"),
        ("response", "R1"),
        ("response", "R2"),
        ("response", "R3"),
    ]
    assert tl.events[1].data["comment"] == "slow <script>"
    assert tl.trend == "up"
    with pytest.raises(CustomerNotFound):
        customer_timeline(get_engine(settings.database_url), "nobody")
    # a customer known only from their tickets still has a timeline
    assert len(customer_timeline(get_engine(settings.database_url), "C2").events) == 1

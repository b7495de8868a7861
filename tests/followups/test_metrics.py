"""Loop metrics: share closed, time to close (median, p90), how the next answer moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from cxm.config import Settings
from cxm.db import open_database
from cxm.followups import metrics, service
from followups.support import NOW, add_answer, add_customer, add_ticket


def test_percentile() -> None:
    assert metrics.percentile([], 50) is None
    assert metrics.percentile([4.0], 90) == 4.0
    assert metrics.percentile([1.0, 2.0, 3.0, 10.0], 50) == 2.5
    assert metrics.percentile(list(map(float, range(1, 11))), 90) == pytest.approx(9.1)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    return open_database(settings)


def _resolve(engine: Engine, settings: Settings, task_id: int, hours: float) -> None:
    at = NOW + timedelta(hours=hours)
    with engine.begin() as conn:
        service.change_status(conn, settings, task_id, "contacted", "ana", at)
        service.change_status(conn, settings, task_id, "resolved", "ana", at, root_cause="other")


def test_loop_metrics(engine: Engine, settings: Settings) -> None:
    for c in ("a", "b", "c", "d"):
        add_customer(engine, c)
    add_ticket(engine, "t-a", "a", agent="Dara", team="hosting")
    add_answer(engine, "a1", "csat", 1, customer_id="a", ticket_id="t-a")
    add_answer(engine, "b1", "csat", 2, customer_id="b")
    add_answer(engine, "c1", "nps", 2, customer_id="c")
    add_answer(engine, "d1", "nps", 6, customer_id="d")
    service.scan(engine, settings, NOW)
    with engine.connect() as conn:
        ids = {t.response_id: t.id for t in service.list_tasks(conn, service.Filters(), NOW)}
    _resolve(engine, settings, ids["a1"], 2)
    _resolve(engine, settings, ids["b1"], 10)
    _resolve(engine, settings, ids["c1"], 30)
    # next answers of the same kind after the resolution: a better, c the same band but higher
    add_answer(engine, "a2", "csat", 5, customer_id="a", answered_at=NOW + timedelta(days=3))
    add_answer(engine, "c2", "nps", 5, customer_id="c", answered_at=NOW + timedelta(days=3))
    # an answer of another kind does not count as b's next one
    add_answer(engine, "b2", "nps", 10, customer_id="b", answered_at=NOW + timedelta(days=3))
    now = NOW + timedelta(days=4)
    with engine.connect() as conn:
        [total] = metrics.loop_stats(conn, NOW - timedelta(days=1), now, now)
        by_team = metrics.loop_stats(conn, NOW - timedelta(days=1), now, now, by="team")
        by_reason = metrics.loop_stats(conn, NOW - timedelta(days=1), now, now, by="reason")
        empty = metrics.loop_stats(conn, now, now + timedelta(days=1), now)
    assert (total.opened, total.resolved, total.overdue) == (4, 3, 1)
    assert total.closed_share == pytest.approx(75.0)
    assert total.median_hours == pytest.approx(10.0)
    assert total.p90_hours == pytest.approx(26.0)  # 10 + (30 - 10) x 0.8
    assert (total.next_answers, total.better, total.same, total.worse) == (2, 1, 1, 0)
    assert total.mean_change == pytest.approx((4 + 3) / 2)
    assert [(s.group, s.opened, s.resolved) for s in by_team] == [
        ("hosting", 1, 1),
        ("support", 3, 2),
    ]
    assert {s.group: s.opened for s in by_reason} == {"detractor": 2, "unsatisfied": 2}
    assert empty[0].opened == 0 and empty[0].closed_share is None
    with engine.connect() as conn, pytest.raises(ValueError, match="grouping"):
        metrics.loop_stats(conn, NOW, now, now, by="planet")

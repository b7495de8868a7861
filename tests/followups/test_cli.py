"""`cxm followups list|open-due|stats` as a user runs them (a real process, real database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from cxm.config import Settings
from cxm.db import open_database
from cxm.followups import service
from followups.support import add_answer, add_customer, add_ticket


def cxm(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CXM_DATABASE_URL": settings.database_url,
        "CXM_ANALYTICS_PATH": settings.analytics_path,
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "cxm", "followups", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def loaded(sqlite_settings: Settings) -> Settings:
    engine = open_database(sqlite_settings)
    now = datetime.now(UTC)
    add_customer(engine, "c1")
    add_ticket(engine, "t1", "c1", agent="Dara", team="hosting")
    add_answer(engine, "late", "nps", 1, answered_at=now - timedelta(days=3))
    add_answer(engine, "soon", "csat", 2, ticket_id="t1", answered_at=now - timedelta(hours=23))
    add_answer(engine, "fresh", "ces", 1, answered_at=now - timedelta(hours=1))
    add_answer(engine, "done", "csat", 1, answered_at=now - timedelta(days=2))
    service.scan(engine, sqlite_settings, now)
    with engine.begin() as conn:
        tasks = service.list_tasks(conn, service.Filters(), now)
        done = next(t for t in tasks if t.response_id == "done")
        service.change_status(conn, sqlite_settings, done.id, "contacted", "ana", now)
        service.change_status(
            conn, sqlite_settings, done.id, "resolved", "ana", now, root_cause="billing"
        )
    # an answer the worker has not seen yet: the commands look for new ones first
    add_answer(engine, "unseen", "nps", 0, answered_at=now - timedelta(minutes=5))
    return sqlite_settings


def test_list_open_due_and_stats(loaded: Settings) -> None:
    listed = cxm(loaded, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {r["customer_id"] for r in rows} == {"c1"}
    by_due = [r["due_at"] for r in rows]
    assert by_due == sorted(by_due)  # no VIP here: earliest due first
    assert len(rows) == 4  # late, soon, fresh, unseen; the resolved one is not active
    hosting = json.loads(cxm(loaded, "list", "--team", "hosting", "--format", "json").stdout)
    assert [(r["agent"], r["reason"]) for r in hosting] == [("Dara", "unsatisfied")]
    # past due (3 days old, due after 24 h), and due within the next 2 hours
    soon = json.loads(cxm(loaded, "open-due", "--within", "2", "--format", "json").stdout)
    assert [(r["reason"], r["overdue"]) for r in soon] == [
        ("detractor", True),
        ("unsatisfied", False),
    ]
    stats = cxm(loaded, "stats", "--by", "team", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    by_team = {r["group"]: r for r in json.loads(stats.stdout)}
    assert {g: (r["opened"], r["resolved"]) for g, r in by_team.items()} == {
        "hosting": (1, 0),
        "support": (4, 1),
    }
    assert by_team["support"]["closed_pct"] == 25.0
    assert by_team["support"]["median_hours"] == pytest.approx(48.0, abs=0.5)
    wrong = cxm(loaded, "stats", "--by", "planet")
    assert wrong.returncode != 0 and "--by" in wrong.stderr

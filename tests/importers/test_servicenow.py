"""The ServiceNow incident event log (real, public data) folded into tickets."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from cxm.db.engine import get_engine
from cxm.db.schema import tickets
from cxm.importers.service import ImportFailed, ImportOptions, import_file

LOG = Path(__file__).resolve().parents[1] / "data" / "incident_event_log.csv"


def parse(text: str) -> datetime | None:
    return None if text == "?" else datetime.strptime(text, "%d-%m-%Y %H:%M").replace(tzinfo=UTC)


def latest(rows: list[dict], column: str) -> str | None:
    """The last known value of a column over an incident's updates."""
    known = [r for r in rows if r[column] != "?"]
    return max(known, key=lambda r: int(r["sys_mod_count"]))[column] if known else None


def expected() -> dict[str, dict]:
    """The same folding done independently, with the csv module."""
    events: dict[str, list[dict]] = {}
    with LOG.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            events.setdefault(row["number"], []).append(row)
    result = {}
    for number, rows in events.items():
        last = max(rows, key=lambda r: int(r["sys_mod_count"]))
        opened = parse(last["opened_at"])
        acted = [
            parse(r["sys_updated_at"])
            for r in rows
            if r["incident_state"] != "New" and parse(r["sys_updated_at"]) >= opened
        ]
        result[number] = {
            "status": last["incident_state"].lower(),
            "created_at": opened,
            "resolved_at": parse(last["resolved_at"]),
            "first_response_at": min(acted) if acted else None,
            "agents_involved": max(int(r["reassignment_count"]) for r in rows) + 1,
            "priority": last["priority"].split(" - ", 1)[1].lower(),
            "agent": latest(rows, "assigned_to") or latest(rows, "resolved_by"),
        }
    return result


def test_event_log_becomes_one_ticket_per_incident(settings):
    result = import_file(settings, "tickets", LOG, ImportOptions(format="servicenow", tz="UTC"))
    assert result.inserted == 890 and result.rejected == 0
    want = expected()
    with get_engine(settings.database_url).connect() as conn:
        stored = {r.ticket_id: r for r in conn.execute(select(tickets))}
    assert set(stored) == set(want)
    for number, w in want.items():
        got = stored[number]
        assert got.status == w["status"], number
        assert got.created_at == w["created_at"], number
        assert got.resolved_at == w["resolved_at"], number
        assert got.first_response_at == w["first_response_at"], number
        assert got.agents_involved == w["agents_involved"], number
        assert got.priority == w["priority"], number
        assert got.agent == w["agent"], number
        assert got.channel == "phone"
    # importing the log again changes nothing
    again = import_file(settings, "tickets", LOG, ImportOptions(format="servicenow", tz="UTC"))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 890)


def test_the_log_needs_a_time_zone(sqlite_settings, tmp_path):
    errors = tmp_path / "errors.csv"
    with pytest.raises(ImportFailed) as failed:
        import_file(
            sqlite_settings, "tickets", LOG, ImportOptions(format="servicenow", errors_path=errors)
        )
    assert failed.value.errors_path == errors and errors.is_file()
    assert "has no time zone" in failed.value.errors[0].reason


def test_the_log_holds_tickets_only(sqlite_settings):
    with pytest.raises(ImportFailed, match="servicenow holds tickets"):
        import_file(sqlite_settings, "customers", LOG, ImportOptions(format="servicenow", tz="UTC"))


def test_another_file_is_not_taken_for_a_log(sqlite_settings, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,created_at\nT1,2025-01-01T00:00:00Z\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a ServiceNow incident event log"):
        import_file(sqlite_settings, "tickets", path, ImportOptions(format="servicenow", tz="UTC"))

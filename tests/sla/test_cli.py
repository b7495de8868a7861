"""`cxm sla` on a real SQLite database (in-process, to keep the suite fast; the command
line itself is the one `cxm` runs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cxm.cli.app import app
from helpers.files import write_csv


def cxm(env: dict[str, str], *args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={**env, "COLUMNS": "200"})
    result.returncode = result.exit_code
    return result


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CXM_DATABASE_URL": f"sqlite:///{tmp_path / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(tmp_path / "a.duckdb"),
        "CXM_TIMEZONE": "Asia/Bangkok",
    }


def test_policies_calendar_report_and_override(env, tmp_path):
    header = ["ticket_id", "priority", "team", "status", "created_at", "first_response_at",
              "resolved_at"]  # fmt: skip
    rows = [
        # Friday 16:00 in Bangkok; answered Monday 9:10, resolved Monday 10:00
        ["T1", "normal", "web", "resolved", "2025-06-06T16:00:00+07:00",
         "2025-06-09T09:10:00+07:00", "2025-06-09T10:00:00+07:00"],
        ["T2", "critical", "mail", "resolved", "2025-06-10T10:00:00+07:00",
         "2025-06-10T10:05:00+07:00", "2025-06-10T12:00:00+07:00"],
    ]  # fmt: skip
    done = cxm(env, "import", "tickets", str(write_csv(tmp_path / "t.csv", header, rows)))
    assert done.returncode == 0, done.stderr
    shown = cxm(env, "sla", "policies", "--format", "json")
    assert [p["name"] for p in json.loads(shown.stdout)] == ["critical", "standard"]

    made = cxm(env, "sla", "calendar", "office", "--tz", "Asia/Bangkok", "--hours",
               "mon-fri 09:00-17:00", "--holiday", "2025-06-03")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "mon 09:00-17:00" in made.stdout
    made = cxm(env, "sla", "policy", "office", "--first-response", "2h", "--resolution", "1d",
               "--calendar", "office")  # fmt: skip
    assert made.returncode == 0, made.stderr

    report = cxm(env, "sla", "report", "--from", "2025-06-01", "--to", "2025-06-30",
                 "--by", "team", "--format", "json")  # fmt: skip
    assert report.returncode == 0, report.stderr
    rows_out = {(r["segment"], r["target"]): r for r in json.loads(report.stdout)}
    web = rows_out[("web", "first_response")]
    # 1 h on Friday + 10 minutes on Monday in business hours, against 65 h 10 m on the wall
    assert web["met"] == 1 and web["median_business_s"] == 70 * 60
    assert web["median_wall_s"] == (65 * 60 + 10) * 60
    assert rows_out[("mail", "resolution")]["met_pct"] == 100.0

    table = cxm(env, "sla", "report", "--from", "2025-06-01", "--to", "2025-06-30", "--by", "team")
    assert "met %" in table.stdout and "web" in table.stdout

    moved = cxm(env, "sla", "override", "T2", "critical", "--by", "lead@example.com")
    assert moved.returncode == 0, moved.stderr
    one = json.loads(cxm(env, "sla", "ticket", "T2", "--format", "json").stdout)
    assert one["policy"] == "critical" and one["override_by"] == "lead@example.com"
    assert cxm(env, "sla", "report", "--by", "colour").returncode == 1

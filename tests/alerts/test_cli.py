"""`cxm alerts` as a user runs it, on a real SQLite database (in-process: the commands start
in milliseconds instead of seconds)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxm.cli.app import app
from helpers.files import write_csv


def cxm(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env={**env, "COLUMNS": "200"})


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "CXM_DATABASE_URL": f"sqlite:///{tmp_path / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(tmp_path / "a.duckdb"),
        "CXM_TIMEZONE": "Asia/Bangkok",
        "CXM_ALERT_RECIPIENTS": "",
    }


def test_rules_check_list_and_false_alarms(env, tmp_path):
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = lambda t: t.isoformat().replace("+00:00", "Z")  # noqa: E731
    write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "priority", "created_at", "first_response_at", "resolved_at"],
        [
            ("OPEN-1", "high", stamp(now - timedelta(hours=30)), None, None),
            # left open for weeks: history, not news, so no alert
            ("OLD-1", "high", stamp(now - timedelta(days=40)), None, None),
            ("DONE-1", "low", stamp(now - timedelta(hours=5)), stamp(now - timedelta(hours=4)),
             stamp(now - timedelta(hours=3))),
        ],
    )  # fmt: skip
    assert cxm(env, "import", "tickets", str(tmp_path / "t.csv")).exit_code == 0

    rules = cxm(env, "alerts", "rules", "--format", "json")
    assert rules.exit_code == 0, rules.output
    by_key = {r["key"]: r for r in json.loads(rules.stdout)}
    assert by_key["csat_below_60"]["value"] == 60.0 and by_key["csat_below_60"]["active"]
    table = cxm(env, "alerts", "rules").stdout
    assert "csat value < 60 per week" in table and "(CXM_ALERT_RECIPIENTS)" in table

    off = cxm(env, "alerts", "rules", "--disable", str(by_key["sla_at_risk"]["id"]))
    assert off.exit_code == 0
    assert "no alert rule 999" in cxm(env, "alerts", "rules", "--disable", "999").stderr

    checked = cxm(env, "alerts", "check")
    assert checked.exit_code == 0, checked.output
    assert "checked 6 rules" in checked.stdout
    # the unresolved ticket is past the 24-hour target of the default SLA policy
    assert "[critical] SLA breached: Ticket OPEN-1" in checked.stdout

    listed = json.loads(cxm(env, "alerts", "list", "--format", "json").stdout)
    assert [(a["rule"], a["state"]) for a in listed] == [("SLA breached", "open")]
    assert "OPEN-1" in cxm(env, "alerts", "list", "--state", "open").stdout
    assert "open or resolved" in cxm(env, "alerts", "list", "--state", "closed").stderr

    replay = cxm(env, "alerts", "false-alarms", "--from", stamp(now)[:10], "--to",
                 stamp(now)[:10], "--format", "json")  # fmt: skip
    assert replay.exit_code == 0, replay.output
    assert json.loads(replay.stdout)["hours"] == 24

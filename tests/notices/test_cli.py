"""`cxm notices` as a user runs it: a real process on a real SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cxm.config import Settings
from notices.support import write_customers

CXM = [sys.executable, "-m", "cxm"]


def cxm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CXM, "notices", *args],
        env={**os.environ, **env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_create_update_resolve_and_list(tmp_path: Path):
    env = {
        "CXM_DATABASE_URL": f"sqlite:///{tmp_path / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(tmp_path / "a.duckdb"),
    }
    write_customers(Settings.from_env(env), tmp_path)
    counted = cxm(env, "create", "x", "--audience", "plan=vps", "--dry-run")
    assert counted.returncode == 0, counted.stderr
    assert "5 customers affected, 3 would receive an e-mail" in counted.stdout
    made = cxm(env, "create", "Bangkok outage", "--kind", "incident", "--audience", "region=TH",
               "--title-in", "th=ระบบขัดข้องที่กรุงเทพฯ", "--ends", "2030-01-01T00:00:00Z")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "notice 1 published (in_progress); 1 e-mails queued" in made.stdout
    updated = cxm(env, "update", "1", "Power is back.", "--status", "monitoring")
    assert updated.returncode == 0, updated.stderr
    assert cxm(env, "resolve", "1", "All good.").returncode == 0
    again = cxm(env, "resolve", "1")
    assert again.returncode == 1 and "resolved already" in again.stderr
    bad = cxm(env, "create", "x", "--audience", "plan")
    assert bad.returncode == 1 and "key=value" in bad.stderr
    (row,) = json.loads(cxm(env, "list", "--format", "json").stdout)
    assert (row["title"], row["status"], row["queued"]) == ("Bangkok outage", "resolved", 3)
    assert row["missing"].startswith("km:title,update 1,update 2;th:update 1,update 2;vi:")

"""The `cxm` command as a user runs it: a real process, real files, real databases."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cxm.metrics.definitions import OUTPUT_KEYS
from helpers.databases import BACKENDS, new_database
from metrics.scenario import write_scenario

CXM = [sys.executable, "-m", "cxm"]


def cxm(
    env: dict[str, str], *args: str, cwd: Path | None = None, clean: bool = False
) -> subprocess.CompletedProcess:
    """Run cxm; `clean` runs it with `env` alone instead of on top of this environment."""
    return subprocess.run(
        [*CXM, *args],
        env={**({} if clean else os.environ), **env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def env(database_url, tmp_path) -> dict[str, str]:
    return {"CXM_DATABASE_URL": database_url, "CXM_ANALYTICS_PATH": str(tmp_path / "a.duckdb")}


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The worked-example scenario imported with the CLI, once per backend for the module."""
    folder = tmp_path_factory.mktemp("cli")
    env = {
        "CXM_DATABASE_URL": new_database(request.param, folder, request),
        "CXM_ANALYTICS_PATH": str(folder / "a.duckdb"),
    }
    for entity, path in write_scenario(folder).items():
        done = cxm(env, "import", entity, str(path))
        assert done.returncode == 0, done.stderr
    return env


def test_metrics_json_has_every_documented_key(loaded):
    done = cxm(loaded, "metrics", "--from", "2025-01-01", "--to", "2025-03-31", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["period"] for r in rows] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    for row in rows:
        assert set(OUTPUT_KEYS) <= set(row)
    assert round(rows[0]["csat"]) == 71 and rows[0]["nps"] == 65
    assert rows[2]["cac"] == pytest.approx(0.5)


def test_metrics_csv_by_segment(loaded):
    done = cxm(
        loaded,
        "metrics",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--by",
        "region",
        "--format",
        "csv",
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["region"] for r in rows} == {"Cambodia", "Thailand", "Vietnam"}
    assert list(rows[0])[:2] == ["period", "region"]


def test_metrics_table(loaded):
    done = cxm(loaded, "metrics", "--from", "2025-01-01", "--to", "2025-01-31")
    assert done.returncode == 0, done.stderr
    assert "2025-01-01" in done.stdout and "71.4 (112)" in done.stdout


def test_default_range_follows_the_data(loaded):
    done = cxm(loaded, "metrics", "--format", "json")
    rows = json.loads(done.stdout)
    # the latest answer or ticket is in January 2025: twelve months up to it
    assert rows[0]["period"] == "2024-02-01" and rows[-1]["period"] == "2025-01-01"


def test_errors_are_clear_and_exit_non_zero(loaded):
    done = cxm(loaded, "metrics", "--by", "colour")
    assert done.returncode == 1
    assert "unknown segment 'colour'" in done.stderr and "channel" in done.stderr
    done = cxm(loaded, "metrics", "--from", "2025-13-01")
    assert done.returncode == 1 and "YYYY-MM-DD" in done.stderr
    done = cxm({**loaded, "CXM_TIMEZONE": "Mars/Olympus"}, "metrics")
    assert done.returncode == 1 and "CXM_TIMEZONE" in done.stderr
    done = cxm(loaded, "import", "invoices", "x.csv")
    assert done.returncode == 1 and "unknown entity" in done.stderr


def test_breakdown_loyalty_stages_customer(loaded):
    done = cxm(
        loaded,
        "breakdown",
        "channel",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--format",
        "json",
    )
    rows = json.loads(done.stdout)
    assert {r["channel"]: r["tickets"] for r in rows} == {"email": 2, "live_chat": 1, "phone": 1}
    assert sum(r["share"] for r in rows) == pytest.approx(100)

    done = cxm(loaded, "loyalty", "--at", "2025-01-31", "--format", "json")
    data = json.loads(done.stdout)
    assert data["placed"] > 0 and set(data["quadrants"]) == {
        "advocates",
        "vip_support",
        "wildcards",
        "churners",
    }

    done = cxm(loaded, "stages", "--from", "2025-01-01", "--to", "2025-01-31", "--format", "json")
    stages = {s["stage"]: s for s in json.loads(done.stdout)["stages"]}
    assert stages["support"]["n"] == 100

    done = cxm(loaded, "customer", "C001", "--format", "json")
    data = json.loads(done.stdout)
    assert data["customer"]["region"] == "Thailand"
    assert any(e["kind"] == "ticket" for e in data["events"])


def test_customer_text_is_printed_literally(env, tmp_path):
    comment = "[bold red]pwned[/] <script>alert(1)</script>"
    path = tmp_path / "r.csv"
    path.write_text(
        "response_id,customer_id,survey,scale,score,comment,answered_at\n"
        f'R1,C9,csat,1-5,1,"{comment}",2025-01-01T00:00:00Z\n',
        encoding="utf-8",
    )
    assert cxm(env, "import", "responses", str(path)).returncode == 0
    done = cxm(env, "customer", "C9")
    assert done.returncode == 0, done.stderr
    assert comment in done.stdout


def test_db_commands(env):
    from cxm.db.migrate import HEAD

    done = cxm(env, "db", "upgrade")
    assert done.returncode == 0 and f"revision {HEAD}" in done.stdout
    done = cxm(env, "db", "current")
    assert f"database: {HEAD}; newest: {HEAD}" in done.stdout


def test_demo_runs_on_the_default_database(tmp_path):
    # no CXM_* variables: the zero-configuration SQLite file in the working directory
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXM_")}
    done = cxm(env, "demo", "--customers", "300", "--no-serve", cwd=tmp_path, clean=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cxm.db").is_file() and (tmp_path / "cxm.analytics.duckdb").is_file()
    assert "2025-06-01" in done.stdout and "2025-12-01" in done.stdout
    # the queue of follow-ups shows the loop at work on the last days' unhappy answers
    assert re.search(r"[1-9]\d* follow-up tasks opened", done.stdout), done.stdout
    # running it again re-imports the same files: nothing changes
    again = cxm(env, "demo", "--customers", "300", "--no-serve", cwd=tmp_path, clean=True)
    assert again.returncode == 0 and " 0 new, 0 updated" in again.stdout

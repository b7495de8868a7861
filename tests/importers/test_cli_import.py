"""`cxm import` as a user runs it: a real process, its exit code and what it prints."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxm.config import Settings
from helpers.files import write_csv
from importers.support import T0, stored

CXM = str(Path(sys.executable).with_name("cxm"))


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "CXM_DATABASE_URL": f"sqlite:///{tmp_path / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(tmp_path / "analytics.duckdb"),
        "COLUMNS": "250",  # long messages on one line each
    }


def cxm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CXM, "import", *args], env=env, capture_output=True, text=True, timeout=120
    )


def database(env: dict[str, str]) -> Settings:
    return Settings.from_env(env)


def test_a_bad_file_exits_1_and_lists_its_problems(env, tmp_path):
    path = write_csv(
        tmp_path / "tickets.csv",
        ["ticket_id", "created_at", "resolved_at"],
        [["T1", T0, ""], ["T2", "03-04-2025", ""], ["T3", T0, "2025-01-01T00:00:00Z"]],
    )
    done = cxm(env, "tickets", str(path))
    assert done.returncode == 1, done.stdout
    lines = done.stderr.splitlines()
    assert lines[0].startswith("  row 3, created_at: ambiguous date '03-04-2025'")
    assert lines[1].startswith("  row 4, resolved_at: resolved before created")
    assert lines[2].startswith("error: tickets.csv: 2 of 3 rows are invalid (2 problems); ")
    assert "nothing was imported" in lines[2]
    assert done.stdout == ""
    assert stored(database(env), "tickets") == {}


def test_a_good_file_exits_0_with_a_summary_and_again_unchanged(env, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Ticket No,Opened,Channel\nT1,06/01/2025 16:00,chat\nT2,2025-01-06T09:00:00Z,email\n",
        encoding="utf-8",
    )
    args = [
        "tickets",
        str(path),
        "--map",
        "Ticket No=ticket_id",
        "--map",
        "opened=created_at",
        "--tz",
        "Asia/Bangkok",
        "--date-format",
        "%d/%m/%Y %H:%M",
    ]
    done = cxm(env, *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "export.csv: 2 rows read, 2 new, 0 updated, 0 unchanged"
    rows = stored(database(env), "tickets")
    assert rows["T1"]["created_at"] == rows["T2"]["created_at"]  # 16:00 in Bangkok is 09:00Z
    again = cxm(env, *args)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        "export.csv: 2 rows read, 0 new, 0 updated, 2 unchanged"
    )


def test_skip_invalid_exits_0_and_writes_the_rejects(env, tmp_path):
    path = write_csv(
        tmp_path / "responses.csv",
        ["response_id", "survey", "scale", "score", "answered_at"],
        [["R1", "nps", "0-10", "10", T0], ["R2", "nps", "0-10", "11", T0]],
    )
    rejects = tmp_path / "rejected.csv"
    done = cxm(env, "responses", str(path), "--skip-invalid", "--rejects", str(rejects))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "responses.csv: 2 rows read, 1 new, 0 updated, 0 unchanged, 1 invalid"
    )
    assert "  row 3, score: score 11 is out of range for scale 0-10 (0..10)" in done.stderr
    assert f"the invalid rows were written to {rejects}" in done.stderr
    with rejects.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["row"], r["response_id"], r["score"]) for r in rows] == [("3", "R2", "11")]
    assert rows[0]["errors"] == "score: score 11 is out of range for scale 0-10 (0..10)"
    assert set(stored(database(env), "responses")) == {"R1"}


def test_bad_arguments_exit_1(env, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["ticket_id", "created_at"], [["T1", T0]])
    done = cxm(env, "agents", str(path))
    assert done.returncode == 1 and "error: unknown entity 'agents'" in done.stderr
    done = cxm(env, "tickets", str(path), "--map", "ticket_id")
    assert done.returncode == 1 and "expected SOURCE=CANONICAL" in done.stderr
    done = cxm(env, "tickets", str(path), "--map", "Number=ticket_id")
    assert done.returncode == 1 and "--map names column(s) not in the file: number" in done.stderr
    headless = write_csv(tmp_path / "h.csv", ["ticket_id", "opened"], [["T1", T0]])
    done = cxm(env, "tickets", str(headless))
    assert done.returncode == 1
    assert "error: h.csv: required column(s) missing: created_at" in done.stderr


def test_two_processes_import_tickets_into_one_sqlite_database_at_once(env, tmp_path):
    assert subprocess.run([CXM, "db", "upgrade"], env=env, capture_output=True).returncode == 0
    files = [
        write_csv(
            tmp_path / f"{name}.csv",
            ["ticket_id", "channel", "created_at"],
            [[f"{name}{i}", "chat", T0] for i in range(3000)],
        )
        for name in ("a", "b")
    ]
    procs = [
        subprocess.Popen(
            [CXM, "import", "tickets", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for proc, path in zip(procs, files, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith(f"{path.name}: 3,000 rows read, 3,000 new, 0 updated"), out
    rows = stored(database(env), "tickets")
    assert len(rows) == 6000
    assert {r["revision"] for r in rows.values()} == {1, 2}

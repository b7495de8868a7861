"""Shared fixtures: a real SQLite file and a real PostgreSQL server for every storage test.

The PostgreSQL server is the Debian package's, started here in a temporary directory for the
test session (scripts/install.sh installs it). CXM_TEST_POSTGRES_URL points the tests at
another server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxm.config import Settings
from cxm.db import open_database
from helpers.databases import BACKENDS, make_settings, new_database


def _pg_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if candidates:
        return Path(candidates[-1])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    pytest.fail("PostgreSQL is not installed: run scripts/install.sh (Debian package postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL server for this test session (no database part)."""
    external = os.environ.get("CXM_TEST_POSTGRES_URL")
    if external:
        yield external.rstrip("/")
        return
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="cxm-pg-"))
    owner = "postgres" if os.geteuid() == 0 else None  # the server refuses to run as root
    if owner:
        shutil.chown(root, user=owner)
    data = root / "data"
    port = _free_port()
    subprocess.run(
        _as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "cxm",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            owner,
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_owner(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "start",
            ],
            owner,
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://cxm@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return new_database(backend, tmp_path, request)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings of a migrated, empty database (SQLite and PostgreSQL in turn)."""
    s = make_settings(database_url, tmp_path)
    open_database(s)
    return s


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """Settings of a migrated, empty SQLite database, for tests that need only one backend."""
    s = make_settings(f"sqlite:///{tmp_path / 'cxm.db'}", tmp_path)
    open_database(s)
    return s


def wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)

"""Fresh databases for tests: SQLite files and databases on the test PostgreSQL server.

Test modules import these from here (not from conftest.py, which is not a module one can
rely on importing: there are several conftest files).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cxm.config import Settings
from cxm.db.engine import get_engine

BACKENDS = ["sqlite", "postgresql"]


def new_database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of the given kind; dropped after the test."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'cxm.db'}"
    server = request.getfixturevalue("postgres_url")
    name = "t_" + uuid.uuid4().hex[:16]
    admin = create_engine(
        f"{server}/postgres".replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = f"{server}/{name}"

    def drop() -> None:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return url


def make_settings(database_url: str, tmp_path: Path, **overrides: str) -> Settings:
    env = {
        "CXM_DATABASE_URL": database_url,
        "CXM_ANALYTICS_PATH": str(tmp_path / f"analytics-{uuid.uuid4().hex[:8]}.duckdb"),
        "CXM_TIMEZONE": "UTC",
        **overrides,
    }
    return Settings.from_env(env)

"""Fixtures of the API tests (a plugin: `pytest_plugins = ["api.fixtures"]`): the API on a
real database (SQLite and PostgreSQL in turn), with a frozen clock.

Not a conftest.py: tests elsewhere import the root conftest as `conftest`, which a second
conftest module would shadow.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.support import T0
from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db import open_database
from cxm.users.service import create_api_key
from cxm.web.app import create_app


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    return open_database(settings)


@pytest.fixture
def api_key(engine: Engine) -> str:
    with engine.begin() as conn:
        return create_api_key(conn, "tests", T0)


@pytest.fixture
def anonymous(settings: Settings, clock: FrozenClock) -> Iterator[TestClient]:
    """A client without an API key."""
    with TestClient(create_app(settings, clock=clock)) as client:
        yield client


@pytest.fixture
def api(anonymous: TestClient, api_key: str) -> TestClient:
    """A client sending a valid API key."""
    anonymous.headers["Authorization"] = f"Bearer {api_key}"
    return anonymous

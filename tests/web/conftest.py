"""A running application on the test database, with a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.surveys.service import install_templates
from cxm.web.app import create_app

START = datetime(2025, 3, 3, 5, 0, tzinfo=UTC)  # 12:00 in Phnom Penh: outside quiet hours


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def app(settings: Settings, clock: FrozenClock):  # type: ignore[no-untyped-def]
    application = create_app(settings, clock)
    with application.state.cxm.engine.begin() as conn:
        install_templates(conn, clock.now())
    return application


@pytest.fixture
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, follow_redirects=False)

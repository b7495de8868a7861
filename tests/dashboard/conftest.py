"""The dashboard on the demo company's data, with a signed-in user of each role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.users.service import create_user
from cxm.web.app import create_app
from helpers.demo import load_demo

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


@pytest.fixture
def demo_settings(settings: Settings, tmp_path: Path) -> Settings:
    load_demo(settings, tmp_path / "demo")
    return settings


@pytest.fixture
def dashboard_app(demo_settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app(demo_settings, FrozenClock(NOW))
    with app.state.cxm.engine.begin() as conn:
        for role in ("viewer", "agent", "admin"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, NOW)
    return app


@pytest.fixture
def sign_in(dashboard_app) -> Callable[[str], TestClient]:  # type: ignore[no-untyped-def]
    def signed_in(role: str = "viewer") -> TestClient:
        client = TestClient(dashboard_app, follow_redirects=False)
        done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD})
        assert done.status_code == 303, done.text
        return client

    return signed_in

"""Customers of a hosting company in four languages, a real SMTP server on loopback, a clock
the test moves."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db import open_database
from cxm.notices import service
from cxm.notices.service import SendReport
from helpers.smtp import Mailbox, serving
from notices.support import write_customers

# Monday 2 June 2025, 03:00 UTC = 10:00 in Phnom Penh and Bangkok
NOW = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)


@dataclass
class World:
    settings: Settings
    clock: FrozenClock
    engine: Engine
    mailbox: Mailbox

    def send(self) -> SendReport:
        return service.send_due(self.engine, self.settings, self.clock)

    def received(self) -> list[EmailMessage]:
        return self.mailbox.messages()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received() if m["To"] == address]


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    """On SQLite and PostgreSQL."""
    yield from _world(settings, tmp_path)


@pytest.fixture
def web_world(sqlite_settings: Settings, tmp_path: Path) -> Iterator[World]:
    """On SQLite only: for the pages, whose storage is the same as above."""
    yield from _world(sqlite_settings, tmp_path)


def _world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    mailbox = Mailbox()
    with serving(mailbox) as controller:
        s = dataclasses.replace(
            settings,
            smtp_host="127.0.0.1",
            smtp_port=controller.port,
            smtp_tls="none",
            smtp_sender="Example Hosting <status@example.com>",
            base_url="http://cxm.test",
            notice_lead_hours=24,
        )
        engine = open_database(s)
        write_customers(s, tmp_path)
        yield World(s, FrozenClock(NOW), engine, mailbox)


PASSWORD = "a long enough password"


@pytest.fixture
def sign_in(web_world: World):  # type: ignore[no-untyped-def]
    """A signed-in client of the application on the world's database, per role."""
    from fastapi.testclient import TestClient

    from cxm.users.service import create_user
    from cxm.web.app import create_app

    world = web_world
    app = create_app(world.settings, world.clock)
    with world.engine.begin() as conn:
        for role in ("viewer", "agent"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, world.clock.now())

    def signed_in(role: str | None = "agent") -> TestClient:
        client = TestClient(app, follow_redirects=False)
        if role is not None:
            done = client.post(
                "/login", data={"email": f"{role}@example.com", "password": PASSWORD}
            )
            assert done.status_code == 303, done.text
        return client

    return signed_in

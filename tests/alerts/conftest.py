"""Alerting against real things: a database, an SMTP server and a webhook receiver on
loopback, and a clock the test moves."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db.engine import get_engine
from helpers.smtp import Mailbox, serving

# Wednesday 15 October 2025, 03:00 UTC = 10:00 in Bangkok: outside the quiet hours
MORNING = datetime(2025, 10, 15, 3, 0, tzinfo=UTC)


class Receiver:
    """A webhook receiver on loopback: keeps each POST; answers the statuses it is given
    (then 200)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(size)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.posts.append(
                    {"headers": dict(self.headers), "json": json.loads(body), "status": status}
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def delivered(self) -> list[dict[str, Any]]:
        return [p for p in self.posts if 200 <= p["status"] < 300]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.thread.start()
    try:
        yield r
    finally:
        r.server.shutdown()
        r.server.server_close()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler = Mailbox()
    with serving(handler) as controller:
        yield handler, controller.port


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MORNING)


@pytest.fixture
def with_smtp(settings: Settings):  # type: ignore[no-untyped-def]
    """Settings for alerting: SMTP on `port` of loopback, Bangkok time, quiet 22:00-07:00."""
    return lambda port, **changes: _configured(settings, port, **changes)


def _configured(settings: Settings, port: int, **changes: Any) -> Settings:
    return dataclasses.replace(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        smtp_sender="cxm <alerts@example.com>",
        base_url="http://cxm.test",
        timezone="Asia/Bangkok",
        **{"alert_quiet_hours": "22:00-07:00", **changes},
    )


@pytest.fixture
def engine(settings: Settings):  # type: ignore[no-untyped-def]
    return get_engine(settings.database_url)

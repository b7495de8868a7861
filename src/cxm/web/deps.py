"""What every request handler needs: settings, clock, database."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from starlette.requests import Request

from cxm.clock import Clock
from cxm.config import Settings
from cxm.web.ratelimit import Limits


@dataclass(frozen=True)
class AppState:
    settings: Settings
    clock: Clock
    engine: Engine
    limits: Limits = field(default_factory=Limits)


def state(request: Request) -> AppState:
    return request.app.state.cxm  # type: ignore[no-any-return]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"

"""What every request handler needs: settings, clock, database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from starlette.requests import Request

from cxm.clock import Clock
from cxm.config import Settings


@dataclass(frozen=True)
class AppState:
    settings: Settings
    clock: Clock
    engine: Engine


def state(request: Request) -> AppState:
    return request.app.state.cxm  # type: ignore[no-any-return]

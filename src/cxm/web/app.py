"""The web application: survey pages now; the API and admin pages mount here too."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db import open_database
from cxm.web.deps import AppState
from cxm.web.pages import survey

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings, clock: Clock = SYSTEM) -> FastAPI:
    """The application for these settings (the database is migrated if allowed)."""
    settings.check_production()
    engine = open_database(settings)
    app = FastAPI(
        title="cxm",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.cxm = AppState(settings=settings, clock=clock, engine=engine)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(survey.router)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

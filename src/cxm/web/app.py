"""The web application: survey pages now; the API and admin pages mount here too."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db import open_database
from cxm.web.api import router as api_router
from cxm.web.auth import SignInRequired
from cxm.web.deps import AppState
from cxm.web.pages import admin, dashboard, survey, widget
from cxm.web.pages import alerts as alert_pages
from cxm.web.pages import followups as followup_pages
from cxm.web.pages import notices as notice_pages
from cxm.web.pages import sla as sla_pages

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
    app.include_router(admin.router)
    app.include_router(dashboard.router)
    app.include_router(widget.router)
    app.include_router(followup_pages.router)
    app.include_router(notice_pages.router)
    app.include_router(sla_pages.router)
    app.include_router(alert_pages.router)
    app.include_router(api_router)

    @app.exception_handler(SignInRequired)
    def sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/login?{urlencode({'next': request.url.path})}", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

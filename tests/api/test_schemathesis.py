"""Generated requests against the published OpenAPI document never get a server error.

The schema is loaded when the module is collected (schemathesis parametrizes one test per
operation from it), so the app runs on a SQLite database made here for the session.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.support import API, T0
from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db import open_database
from cxm.surveys import service as surveys
from cxm.users.service import create_api_key
from cxm.web.app import create_app

FOLDER = Path(tempfile.mkdtemp(prefix="cxm-schemathesis-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
SETTINGS = Settings.from_env(
    {
        "CXM_DATABASE_URL": f"sqlite:///{FOLDER / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(FOLDER / "analytics.duckdb"),
        "CXM_TIMEZONE": "UTC",
    }
)


def _key() -> str:
    with open_database(SETTINGS).begin() as conn:
        surveys.create(
            conn,
            key="csat",
            name="CSAT",
            kind="csat",
            scale="1-5",
            touchpoint="ticket_resolved",
            now=T0,
        )
        return create_api_key(conn, "schemathesis", T0)


AUTH = {"Authorization": f"Bearer {_key()}"}
APP = create_app(SETTINGS, clock=FrozenClock(T0))
schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", APP).include(path_regex=f"^{API}/")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error(case):
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

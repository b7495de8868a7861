"""Helpers of the API tests: request bodies, revisions, the fields named by a 422."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from cxm.db.schema import data_revisions

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
API = "/api/v1"


def revisions(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {e: r for e, r in conn.execute(select(data_revisions)).all()}


def error_locs(response: Any) -> list[tuple[Any, ...]]:
    """The `loc` of each field error of a 422 answer."""
    assert response.status_code == 422, response.text
    return [tuple(e["loc"]) for e in response.json()["detail"]]


def customer(**fields: Any) -> dict[str, Any]:
    return {"signup_at": "2025-01-15T08:00:00+07:00", **fields}


def ticket(**fields: Any) -> dict[str, Any]:
    return {"created_at": "2025-06-01T10:00:00Z", **fields}


def answer(response_id: str = "ext-1", **fields: Any) -> dict[str, Any]:
    return {
        "response_id": response_id,
        "survey": "csat",
        "scale": "1-5",
        "score": 5,
        "answered_at": "2025-06-01T12:00:00+07:00",
        **fields,
    }

"""The follow-up API: list with filters and pages, one task with its history, PATCH along the
status flow with 422 on the field at fault."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db import open_database
from cxm.followups import service
from cxm.users.service import create_api_key
from cxm.web.app import create_app
from followups.support import NOW, add_answer, add_customer, add_ticket

API = "/api/v1/followups"


@pytest.fixture
def engine(settings: Settings) -> Engine:
    engine = open_database(settings)
    add_customer(engine, "c1")
    add_ticket(engine, "t1", "c1", agent="Dara", team="hosting")
    add_answer(engine, "r1", "csat", 1, ticket_id="t1", comment="<b>down again</b>")
    add_answer(engine, "r2", "nps", 2, answered_at=NOW - timedelta(days=2))
    add_answer(engine, "r3", "ces", 1)
    service.scan(engine, settings, NOW)
    return engine


@pytest.fixture
def api(settings: Settings, engine: Engine) -> TestClient:
    with engine.begin() as conn:
        key = create_api_key(conn, "tests", NOW)
    client = TestClient(create_app(settings, clock=FrozenClock(NOW + timedelta(hours=1))))
    client.headers["Authorization"] = f"Bearer {key}"
    return client


def _id(api: TestClient, response_id: str) -> int:
    rows = api.get(API, params={"status": "all"}).json()["data"]
    return next(r["id"] for r in rows if r["response_id"] == response_id)


def test_list_filter_and_pages(api: TestClient) -> None:
    assert TestClient(api.app).get(API).status_code == 401
    body = api.get(API).json()
    assert [r["response_id"] for r in body["data"]] == ["r2", "r1", "r3"]  # id order
    assert body["next_after"] is None
    by_id = {r["response_id"]: r for r in body["data"]}
    assert by_id["r2"]["overdue"] and not by_id["r1"]["overdue"]
    assert (by_id["r1"]["agent"], by_id["r1"]["team"], by_id["r1"]["reason"]) == (
        "Dara",
        "hosting",
        "unsatisfied",
    )
    first = api.get(API, params={"limit": 2}).json()
    assert len(first["data"]) == 2 and first["next_after"] == str(first["data"][1]["id"])
    rest = api.get(API, params={"limit": 2, "after": first["next_after"]}).json()
    assert [r["response_id"] for r in rest["data"]] == ["r3"] and rest["next_after"] is None
    assert [r["response_id"] for r in api.get(API, params={"team": "hosting"}).json()["data"]] == [
        "r1"
    ]
    assert [r["response_id"] for r in api.get(API, params={"overdue": True}).json()["data"]] == [
        "r2"
    ]
    assert api.get(API, params={"status": "resolved"}).json()["data"] == []
    assert api.get(API, params={"status": "closed"}).status_code == 422


def test_get_and_patch_along_the_flow(api: TestClient) -> None:
    task_id = _id(api, "r1")
    one = api.get(f"{API}/{task_id}").json()
    assert one["comment"] == "<b>down again</b>"
    assert [n["event"] for n in one["notes"]] == ["opened"]
    assert api.get(f"{API}/999999").status_code == 404
    early = api.patch(f"{API}/{task_id}", json={"status": "resolved", "root_cause": "outage"})
    assert early.status_code == 422
    assert early.json()["detail"][0]["loc"] == ["body", "status"]
    contacted = api.patch(
        f"{API}/{task_id}", json={"status": "contacted", "note": "Called", "author": "Ana"}
    )
    assert contacted.status_code == 200, contacted.text
    assert contacted.json()["status"] == "contacted"
    no_cause = api.patch(f"{API}/{task_id}", json={"status": "resolved"})
    assert no_cause.status_code == 422
    assert no_cause.json()["detail"][0]["loc"] == ["body", "root_cause"]
    bad_cause = api.patch(f"{API}/{task_id}", json={"status": "resolved", "root_cause": "moon"})
    assert bad_cause.json()["detail"][0]["loc"] == ["body", "root_cause"]
    noted = api.patch(f"{API}/{task_id}", json={"note": "Fix deployed"})
    assert noted.status_code == 200 and noted.json()["notes"][-1]["author"] == "api"
    assert api.patch(f"{API}/{task_id}", json={}).status_code == 422
    assert api.patch(f"{API}/{task_id}", json={"colour": "red"}).status_code == 422
    done = api.patch(
        f"{API}/{task_id}", json={"status": "resolved", "root_cause": "outage", "ask_fixed": True}
    ).json()
    assert (done["status"], done["root_cause"], done["resolved_by"]) == (
        "resolved",
        "outage",
        "api",
    )
    assert done["check_requested"] and done["check_invitation_id"] is not None
    assert [n["event"] for n in done["notes"]] == [
        "opened",
        "contacted",
        "note",
        "resolved",
        "check",
    ]
    assert api.patch(f"{API}/{task_id}", json={"status": "open"}).json()["status"] == "open"

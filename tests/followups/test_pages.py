"""The follow-up pages: the queue (VIP first, overdue marked, filters), one task with its
history, and the buttons agents use; viewers only see; customer text is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db.schema import invitations
from cxm.followups import service
from cxm.i18n.catalogue import LANGUAGES
from cxm.i18n.followups import FOLLOWUPS
from cxm.users.service import create_user
from cxm.web.app import create_app
from followups.support import NOW, add_answer, add_customer, add_ticket

PASSWORD = "a long enough password"
EVIL = "<script>alert('x')</script> still broken"


@pytest.fixture
def app(sqlite_settings: Settings):  # type: ignore[no-untyped-def]
    application = create_app(sqlite_settings, FrozenClock(NOW + timedelta(days=2)))
    engine = application.state.cxm.engine
    with engine.begin() as conn:
        for role in ("viewer", "agent"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, NOW)
    add_customer(engine, "fan")
    add_customer(engine, "c&o")
    add_ticket(engine, "t1", "c&o", agent="Dara", team="hosting")
    add_answer(engine, "fan-nps", "nps", 10, customer_id="fan", answered_at=NOW - timedelta(days=9))
    add_answer(
        engine, "fan-csat", "csat", 2, customer_id="fan", answered_at=NOW + timedelta(hours=47)
    )
    add_answer(engine, "co-csat", "csat", 1, customer_id="c&o", ticket_id="t1", comment=EVIL)
    service.scan(engine, sqlite_settings, NOW + timedelta(days=2))
    return application


@pytest.fixture
def sign_in(app) -> Callable[[str], TestClient]:  # type: ignore[no-untyped-def]
    def signed_in(role: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD})
        assert done.status_code == 303, done.text
        return client

    return signed_in


def _task_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-id="(\d+)"', html)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _id_of(app, response_id: str) -> int:  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.connect() as conn:
        tasks = service.list_tasks(conn, service.Filters(status="all"), NOW)
    return next(t.id for t in tasks if t.response_id == response_id)


def test_catalogue_is_complete() -> None:
    for lang in LANGUAGES:
        assert FOLLOWUPS.missing(lang) == []


def test_queue_lists_vip_first_and_marks_overdue(app, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in("viewer").get("/followups")
    assert page.status_code == 200
    html = page.text
    assert 'href="/followups" aria-current="page"' in html  # in the navigation
    vip, late = _id_of(app, "fan-csat"), _id_of(app, "co-csat")
    assert _task_ids(html) == [str(vip), str(late)]
    assert re.search(rf'<tr data-id="{vip}" class="vip">', html)  # due in 4 h: not late yet
    assert re.search(rf'<tr data-id="{late}" class=" overdue">', html)  # due a day ago
    assert "Dara · hosting" in html
    assert EVIL not in html  # comments are on the task page only, escaped
    filtered = sign_in("viewer").get("/followups", params={"team": "hosting"}).text
    assert _task_ids(filtered) == [str(late)]
    only_late = sign_in("viewer").get("/followups", params={"overdue": "1"}).text
    assert _task_ids(only_late) == [str(late)]
    resolved = sign_in("viewer").get("/followups", params={"status": "resolved"}).text
    assert _task_ids(resolved) == []


def test_queue_in_thai(sign_in) -> None:  # type: ignore[no-untyped-def]
    html = sign_in("viewer").get("/followups", params={"lang": "th"}).text
    assert "การติดตามผล" in html and "ลูกค้าVIP" in html


def test_task_page_escapes_customer_text(app, sign_in) -> None:  # type: ignore[no-untyped-def]
    task_id = _id_of(app, "co-csat")
    html = sign_in("viewer").get(f"/followups/{task_id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; still broken" in html
    assert "<script>" not in html
    assert 'href="/dashboard/customers/c%26o"' in html
    assert "t1" in html
    assert 'id="actions"' not in html  # a viewer sees no buttons
    assert sign_in("viewer").get("/followups/99999").status_code == 404


def test_viewers_cannot_act_and_forms_need_their_token(app, sign_in) -> None:  # type: ignore[no-untyped-def]
    task_id = _id_of(app, "co-csat")
    viewer = sign_in("viewer")
    csrf = _csrf(viewer.get(f"/followups/{task_id}").text)
    refused = viewer.post(
        f"/followups/{task_id}/status", data={"csrf": csrf, "status": "contacted"}
    )
    assert refused.status_code == 403
    agent = sign_in("agent")
    forged = agent.post(f"/followups/{task_id}/status", data={"csrf": "x", "status": "contacted"})
    assert forged.status_code == 400
    assert (
        sign_in("viewer").post(f"/followups/{task_id}/note", data={"text": "hi"}).status_code == 403
    )
    with app.state.cxm.engine.connect() as conn:
        assert service.get(conn, task_id).status == "open"


def test_agent_contacts_resolves_and_asks_if_fixed(app, sign_in) -> None:  # type: ignore[no-untyped-def]
    task_id = _id_of(app, "co-csat")
    agent = sign_in("agent")
    html = agent.get(f"/followups/{task_id}").text
    csrf = _csrf(html)
    assert 'id="contact-form"' in html and 'id="resolve-form"' not in html
    early = agent.post(
        f"/followups/{task_id}/status",
        data={"csrf": csrf, "status": "resolved", "root_cause": "outage"},
    )
    assert early.status_code == 303 and "error=transition" in early.headers["location"]
    assert "contact the customer first" in agent.get(early.headers["location"]).text
    note = agent.post(f"/followups/{task_id}/note", data={"csrf": csrf, "text": "<b>called</b>"})
    assert note.headers["location"].endswith("saved=1")
    agent.post(
        f"/followups/{task_id}/status", data={"csrf": csrf, "status": "contacted", "note": "ok"}
    )
    no_cause = agent.post(f"/followups/{task_id}/status", data={"csrf": csrf, "status": "resolved"})
    assert "error=root_cause" in no_cause.headers["location"]
    done = agent.post(
        f"/followups/{task_id}/status",
        data={"csrf": csrf, "status": "resolved", "root_cause": "outage", "ask_fixed": "1"},
    )
    assert done.status_code == 303
    html = agent.get(f"/followups/{task_id}").text
    assert '<td id="status">Resolved</td>' in html
    assert '<td id="root-cause">Outage</td>' in html
    assert "&lt;b&gt;called&lt;/b&gt;" in html
    assert 'id="reopen-form"' in html
    with app.state.cxm.engine.connect() as conn:
        task = service.get(conn, task_id)
        queued = conn.execute(
            select(invitations.c.status).where(invitations.c.id == task.check_invitation_id)
        ).scalar()
    assert task.resolved_by == "agent@example.com" and queued == "queued"

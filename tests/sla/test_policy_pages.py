"""The page of SLA policies and business-hours calendars: viewers see them, admins add,
change and remove them (role and form token checked), bad settings are refused naming the
field, a new policy applies to tickets created afterwards through the API while older
tickets keep theirs, and names typed in are escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cxm.clock import FrozenClock
from cxm.db.schema import sla_calendars, sla_policies
from cxm.i18n.sla import SLA
from cxm.users.service import create_api_key, create_user
from cxm.web.app import create_app

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # a Monday, 16:00 in Bangkok
PASSWORD = "a long enough password"
API = "/api/v1"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


@pytest.fixture
def app(settings, clock):  # type: ignore[no-untyped-def]
    application = create_app(settings, clock)
    with application.state.cxm.engine.begin() as conn:
        for role in ("viewer", "agent", "admin"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, T0)
    return application


@pytest.fixture
def api(app):  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.begin() as conn:
        key = create_api_key(conn, "tests", T0)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    return client


def signed_in(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD})
    assert done.status_code == 303, done.text
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def counts(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.connect() as conn:
        calendars = conn.execute(select(func.count()).select_from(sla_calendars)).scalar()
        policies = conn.execute(select(func.count()).select_from(sla_policies)).scalar()
    return calendars, policies


def new_ticket(api: TestClient, ticket_id: str, clock: FrozenClock, **fields):  # type: ignore[no-untyped-def]
    created = clock.now().isoformat().replace("+00:00", "Z")
    body = {"created_at": created, "priority": "normal", "status": "open", **fields}
    made = api.put(f"{API}/tickets/{ticket_id}", json=body)
    assert made.status_code == 201, made.text
    return made


OFFICE = {
    "name": "office",
    "timezone": "Asia/Bangkok",
    "hours": "mon-fri 09:00-17:00",
    "holidays": "2025-06-03",
}
GOLD = {
    "name": "gold",
    "plan": "",
    "priority": "high",
    "channel": "",
    "first_response_minutes": "2h",
    "resolution_minutes": "480",
    "calendar": "office",
    "pause_statuses": "pending",
    "at_risk_share": "75",
    "position": "10",
}


def test_a_viewer_sees_the_policies_but_cannot_change_them(app):
    viewer = signed_in(app, "viewer")
    overview = viewer.get("/sla").text
    assert 'href="/sla/policies"' in overview and SLA.text("en", "policies_link") in overview
    page = viewer.get("/sla/policies")
    assert page.status_code == 200
    # the seed's defaults while none is stored, most specific first
    assert re.findall(r'data-policy="([^"]+)"', page.text) == ["critical", "standard"]
    assert 'id="policy-form"' not in page.text and 'id="calendar-form"' not in page.text
    csrf = csrf_of(page.text)
    for path, form in (("/sla/policies", GOLD), ("/sla/calendars", OFFICE)):
        assert viewer.post(path, data={**form, "csrf": csrf}).status_code == 403
    agent = signed_in(app, "agent")
    agent_csrf = csrf_of(agent.get("/sla/policies").text)
    refused = agent.post("/sla/policies/remove", data={"name": "standard", "csrf": agent_csrf})
    assert refused.status_code == 403
    assert counts(app) == (0, 0)
    assert TestClient(app, follow_redirects=False).get("/sla/policies").status_code == 303


def test_a_post_without_the_form_token_is_refused(app):
    admin = signed_in(app, "admin")
    assert admin.post("/sla/calendars", data=OFFICE).status_code == 400
    assert admin.post("/sla/policies", data={**GOLD, "calendar": ""}).status_code == 400
    assert admin.post("/sla/policies", data={**GOLD, "csrf": "forged"}).status_code == 400
    assert admin.post("/sla/policies/defaults", data={}).status_code == 400
    assert counts(app) == (0, 0)


def test_an_admins_calendar_and_policy_apply_to_new_tickets_only(app, api, clock):
    new_ticket(api, "before", clock, priority="high")  # under the default policy "standard"
    admin = signed_in(app, "admin")
    csrf = csrf_of(admin.get("/sla/policies").text)

    saved = admin.post("/sla/calendars", data={**OFFICE, "csrf": csrf})
    assert saved.status_code == 303, saved.text
    page = admin.get(saved.headers["location"]).text
    assert SLA.text("en", "calendar_saved", name="office") in page
    row = re.search(r'<tr data-calendar="office">(.*?)</tr>', page, re.S)
    assert row is not None
    assert "Asia/Bangkok" in row.group(1) and "mon 09:00-17:00; tue 09:00-17:00" in row.group(1)

    saved = admin.post("/sla/policies", data={**GOLD, "csrf": csrf})
    assert saved.status_code == 303, saved.text
    page = admin.get(saved.headers["location"]).text
    assert SLA.text("en", "policy_saved", name="gold") in page
    assert re.findall(r'data-policy="([^"]+)"', page) == ["gold"]
    assert "office (Asia/Bangkok)" in page and "75" in page
    edit = admin.get("/sla/policies?policy=gold").text
    assert 'name="first_response_minutes" value="120"' in edit
    assert 'name="at_risk_share" value="75"' in edit
    edit = admin.get("/sla/policies?calendar=office").text
    assert 'name="hours" value="mon 09:00-17:00;' in edit

    # Monday 16:00 in Bangkok: two business hours of first response end on Wednesday at
    # 10:00 (one hour on Monday until 17:00, Tuesday a holiday, one on Wednesday from 9:00)
    new_ticket(api, "after", clock, priority="high")
    after = api.get(f"{API}/sla/tickets/after").json()
    assert after["policy"]["name"] == "gold"
    first = next(t for t in after["targets"] if t["target"] == "first_response")
    assert first["due_at"].startswith("2025-06-04T03:00:00")
    before = api.get(f"{API}/sla/tickets/before").json()
    assert before["policy"]["name"] == "standard" and before["policy_kept"] is True

    # changing the policy again leaves the ticket with the snapshot it opened with
    changed = admin.post(
        "/sla/policies", data={**GOLD, "first_response_minutes": "30", "csrf": csrf}
    )
    assert changed.status_code == 303
    kept = api.get(f"{API}/sla/tickets/after").json()
    assert next(t for t in kept["targets"] if t["target"] == "first_response")["minutes"] == 120
    assert counts(app) == (1, 1)


@pytest.mark.parametrize(
    ("path", "change", "field", "words"),
    [
        ("/sla/calendars", {"timezone": "Mars/Olympus"}, "timezone", "IANA time zone"),
        ("/sla/calendars", {"hours": "mon-fri 9-5"}, "hours", "09:00-17:00"),
        ("/sla/calendars", {"holidays": "christmas"}, "holidays", "2025-12-25"),
        ("/sla/calendars", {"name": " "}, "name", "needs a name"),
        ("/sla/policies", {"first_response_minutes": "-5"}, "first_response_minutes", "0 min"),
        ("/sla/policies", {"resolution_minutes": "soon"}, "resolution_minutes", "duration"),
        ("/sla/policies", {"at_risk_share": "150"}, "at_risk_share", "100 %"),
        ("/sla/policies", {"calendar": "nowhere"}, "calendar", "no calendar"),
        ("/sla/policies", {"pause_statuses": "resolved"}, "pause_statuses", "resolved"),
        ("/sla/policies", {"position": "first"}, "position", "whole number"),
    ],
)
def test_bad_settings_name_the_field_and_store_nothing(app, path, change, field, words):
    admin = signed_in(app, "admin")
    csrf = csrf_of(admin.get("/sla/policies").text)
    form = {**(OFFICE if path == "/sla/calendars" else {**GOLD, "calendar": ""}), **change}
    refused = admin.post(path, data={**form, "csrf": csrf})
    assert refused.status_code == 422
    error = re.search(r'id="sla-error" data-field="([^"]*)">([^<]*)<', refused.text)
    assert error is not None, refused.text
    assert error.group(1) == field
    assert error.group(2).startswith(SLA.text("en", f"field_{field}") + ":")
    assert words in error.group(2).replace("&#39;", "'")
    # the form keeps what was typed, the field marked
    assert 'aria-invalid="true"' in refused.text
    assert counts(app) == (0, 0)


def test_removing_a_policy_and_storing_the_defaults(app):
    admin = signed_in(app, "admin")
    csrf = csrf_of(admin.get("/sla/policies").text)
    stored = admin.post("/sla/policies/defaults", data={"csrf": csrf})
    assert stored.status_code == 303
    assert counts(app) == (0, 2)
    removed = admin.post("/sla/policies/remove", data={"name": "critical", "csrf": csrf})
    assert removed.status_code == 303
    page = admin.get(removed.headers["location"]).text
    assert SLA.text("en", "policy_removed", name="critical") in page
    assert re.findall(r'data-policy="([^"]+)"', page) == ["standard"]
    missing = admin.post("/sla/policies/remove", data={"name": "critical", "csrf": csrf})
    assert missing.status_code == 422 and "no policy called" in missing.text
    assert counts(app) == (0, 1)


def test_names_typed_in_are_escaped(app):
    admin = signed_in(app, "admin")
    csrf = csrf_of(admin.get("/sla/policies").text)
    evil = "<script>alert(1)</script>"
    assert (
        admin.post("/sla/calendars", data={**OFFICE, "name": evil, "csrf": csrf}).status_code == 303
    )
    data = {**GOLD, "name": f"<b>{evil}</b>", "calendar": evil, "channel": "<i>chat</i>"}
    assert admin.post("/sla/policies", data={**data, "csrf": csrf}).status_code == 303
    page = signed_in(app, "viewer").get("/sla/policies").text
    assert "<script>" not in page and "<b>" not in page and "<i>chat" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;chat&lt;/i&gt;" in page


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_the_page_speaks_the_chosen_language(app, lang):
    page = signed_in(app, "admin").get(f"/sla/policies?lang={lang}").text
    assert SLA.text(lang, "policies_title") in page
    assert SLA.text(lang, "field_timezone") in page

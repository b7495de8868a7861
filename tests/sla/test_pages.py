"""The SLA pages: unresolved tickets with their states and a filter, the share met, one
ticket's clocks, an admin's change of its policy; roles, CSRF, escaping, languages."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from cxm.clock import FrozenClock
from cxm.db.records import upsert_row
from cxm.db.schema import tickets
from cxm.i18n.catalogue import LANGUAGES
from cxm.i18n.sla import SLA
from cxm.i18n.ui import UI
from cxm.sla import service
from cxm.users.service import create_user
from cxm.web.app import create_app

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


def ticket(conn, ticket_id: str, **fields) -> None:  # type: ignore[no-untyped-def]
    row = {
        "ticket_id": ticket_id,
        "priority": "normal",
        "status": "open",
        "created_at": T0,
        "team": "web",
        **fields,
    }
    upsert_row(conn, tickets, "ticket_id", row)
    service.record_ticket_change(conn, ticket_id, None, row, T0)


@pytest.fixture
def app(sqlite_settings):  # type: ignore[no-untyped-def]
    application = create_app(sqlite_settings, FrozenClock(T0 + timedelta(minutes=50)))
    with application.state.cxm.engine.begin() as conn:
        for role in ("viewer", "agent", "admin"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, T0)
        ticket(conn, "late", created_at=T0 - timedelta(minutes=30))  # no answer in 80 minutes
        ticket(conn, "risky", priority="critical", first_response_at=T0 + timedelta(minutes=2))
        ticket(conn, "calm", first_response_at=T0 + timedelta(minutes=2), team="<b>mail</b>")
        ticket(conn, "waiting", status="pending", first_response_at=T0 + timedelta(minutes=1))
        ticket(
            conn,
            "done",
            status="resolved",
            first_response_at=T0 + timedelta(minutes=1),
            resolved_at=T0 + timedelta(minutes=20),
        )
    return application


def signed_in(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD})
    assert done.status_code == 303, done.text
    return client


def worst(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-ticket="([^"]+)" data-worst="([^"]*)"', html))


def test_unresolved_tickets_most_urgent_first_with_a_filter(app):
    viewer = signed_in(app, "viewer")
    page = viewer.get("/sla")
    assert page.status_code == 200
    assert list(worst(page.text).items()) == [
        ("late", "breached"),
        ("risky", "at_risk"),
        ("calm", "running"),
        ("waiting", "paused"),
    ]
    assert "&lt;b&gt;mail&lt;/b&gt;" in page.text and "<b>mail" not in page.text
    assert 'href="/sla" aria-current="page"' in page.text
    only = viewer.get("/sla?state=at_risk")
    assert list(worst(only.text)) == ["risky"]
    assert list(worst(viewer.get("/sla?priority=critical").text)) == ["risky"]
    # the share met: "done" met both targets; "late" breached its first response
    table = viewer.get("/sla?by=team&period=month").text
    assert 'data-period="2025-06-01" data-segment="web" data-target="first_response"' in table


def test_a_ticket_page_and_an_admins_change_of_policy(app):
    viewer = signed_in(app, "viewer")
    page = viewer.get("/sla/tickets/risky")
    assert page.status_code == 200
    assert 'data-target="resolution" data-state="at_risk"' in page.text
    assert "change-policy" not in page.text
    assert viewer.get("/sla/tickets/nope").status_code == 404
    agent = signed_in(app, "agent")
    csrf = re.search(r'name="csrf" value="([^"]+)"', agent.get("/sla").text).group(1)
    refused = agent.post("/sla/tickets/risky/policy", data={"policy": "standard", "csrf": csrf})
    assert refused.status_code == 403

    admin = signed_in(app, "admin")
    form = admin.get("/sla/tickets/risky").text
    assert 'id="change-policy"' in form
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert admin.post("/sla/tickets/risky/policy", data={"policy": "standard"}).status_code == 400
    bad = admin.post("/sla/tickets/risky/policy", data={"policy": "gold", "csrf": csrf})
    assert bad.status_code == 303 and bad.headers["location"].endswith("?error=1")
    done = admin.post("/sla/tickets/risky/policy", data={"policy": "standard", "csrf": csrf})
    assert done.status_code == 303
    after = admin.get(done.headers["location"]).text
    assert SLA.text("en", "changed", policy="standard") in after
    assert "admin@example.com" in after
    assert 'data-target="resolution" data-state="running"' in after


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_the_pages_speak_the_chosen_language(app, lang):
    viewer = signed_in(app, "viewer")
    page = viewer.get(f"/sla?lang={lang}")
    assert f'<html lang="{lang}">' in page.text
    assert SLA.text(lang, "state_breached") in page.text
    assert UI.text(lang, "nav_sla") in page.text
    assert SLA.text(lang, "target_resolution") in viewer.get("/sla/tickets/late").text


def test_every_language_has_every_text_with_the_same_placeholders():
    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for lang in LANGUAGES:
        assert SLA.missing(lang) == [], lang
        assert UI.missing(lang) == [], lang
        for key, english in SLA.texts["en"].items():
            assert names(SLA.text(lang, key)) == names(english), (lang, key)


def test_signing_in_is_required(app):
    anonymous = TestClient(app, follow_redirects=False)
    assert anonymous.get("/sla").status_code == 303

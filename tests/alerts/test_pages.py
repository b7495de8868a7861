"""The alert pages: the history for every signed-in role, the rules edited by admins only,
with CSRF tokens, escaping and the four interface languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cxm.alerts import service
from cxm.alerts.service import Finding
from cxm.clock import FrozenClock
from cxm.db.schema import alert_rules
from cxm.i18n.alerts import ALERTS
from cxm.users.service import create_user
from cxm.web.app import create_app

NOW = datetime(2025, 10, 15, 3, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


@pytest.fixture
def site(sqlite_settings):  # type: ignore[no-untyped-def]
    app = create_app(sqlite_settings, FrozenClock(NOW))
    engine = app.state.cxm.engine
    with engine.begin() as conn:
        for role in ("viewer", "agent", "admin"):
            create_user(conn, f"{role}@example.com", PASSWORD, role, NOW)
        service.install_builtin(conn, NOW)
        rules = {r.key: r for r in service.list_rules(conn)}
    service.record(
        engine,
        rules["csat_below_60"],
        [Finding("2025-10-06", "CSAT <script>alert(1)</script> was 52.0 %", 52.0, 60.0,
                 "/dashboard?from=2025-10-06&to=2025-10-12&grain=week", {})],
        sqlite_settings,
        NOW,
    )  # fmt: skip
    service.record(engine, rules["sla_breached"], [], sqlite_settings, NOW)
    spike = rules["ticket_spike"]
    service.record(
        engine, spike, [Finding("2025-10-15T09:00", "72 tickets", 72, 2, "/dashboard", {})],
        sqlite_settings, NOW,
    )  # fmt: skip
    service.record(engine, spike, [], sqlite_settings, NOW)  # resolved
    return app


def signed_in(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    done = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD})
    assert done.status_code == 303
    return client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_the_history_lists_alerts_escaped_with_filters(site):
    viewer = signed_in(site, "viewer")
    page = viewer.get("/alerts")
    assert page.status_code == 200
    assert 'href="/alerts"' in page.text  # in the navigation
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert" not in page.text
    assert 'href="/dashboard?from=2025-10-06&amp;to=2025-10-12&amp;grain=week"' in page.text
    assert page.text.count('class="alert-') == 2 and "1 open" in page.text
    open_only = viewer.get("/alerts?state=open").text
    assert "72 tickets" not in open_only and "was 52.0 %" in open_only
    resolved = viewer.get("/alerts?state=resolved&severity=critical").text
    assert "72 tickets" in resolved and "was 52.0 %" not in resolved
    assert viewer.get("/alerts?state=closed").status_code == 422
    assert TestClient(site, follow_redirects=False).get("/alerts").status_code == 303


@pytest.mark.parametrize(
    ("lang", "title", "rule"),
    [
        ("km", "ការជូនដំណឹងព្រមាន", "CSAT ក្រោម 60 %"),
        ("th", "การแจ้งเตือน", "CSAT ต่ำกว่า 60 %"),
        ("vi", "Cảnh báo", "CSAT dưới 60 %"),
    ],
)
def test_pages_speak_the_chosen_language(site, lang, title, rule):
    viewer = signed_in(site, "viewer")
    viewer.get(f"/dashboard/language?lang={lang}&next=/alerts")
    page = viewer.get("/alerts", headers={"Accept-Language": lang}).text
    assert f"<h1>{title}</h1>" in page and rule in page
    assert ALERTS.missing(lang) == []


def test_viewers_see_the_rules_and_only_admins_change_them(site):
    viewer = signed_in(site, "viewer")
    page = viewer.get("/alerts/rules")
    assert page.status_code == 200 and "CSAT below 60 %" in page.text
    assert 'action="/alerts/rules"' not in page.text
    token = csrf_of(page.text)
    form = {"csrf": token, "name": "x", "kind": "threshold", "metric": "csat", "value": "1"}
    assert viewer.post("/alerts/rules", data=form).status_code == 403
    assert (
        signed_in(site, "agent").post("/alerts/rules/1/active", data={"csrf": token}).status_code
        == 403
    )


def test_an_admin_adds_edits_and_switches_off_rules(site):
    admin = signed_in(site, "admin")
    token = csrf_of(admin.get("/alerts/rules").text)
    new = {
        "csrf": token, "name": "Email CSAT low", "kind": "threshold", "metric": "csat",
        "comparator": "<", "value": "70", "period": "month", "min_n": "30",
        "segment": "channel=email", "severity": "critical",
        "recipients": "cx@example.com, https://hooks.example.com/T1", "active": "on",
    }  # fmt: skip
    done = admin.post("/alerts/rules", data=new)
    assert done.status_code == 303 and done.headers["location"] == "/alerts/rules?notice=saved"
    engine = site.state.cxm.engine
    with engine.connect() as conn:
        (rule,) = [r for r in service.list_rules(conn) if r.name == "Email CSAT low"]
    assert (rule.value, rule.period, rule.min_n, rule.severity) == (70.0, "month", 30, "critical")
    assert rule.segment == {"channel": ("email",)} and rule.key is None
    assert rule.recipients == ("cx@example.com", "https://hooks.example.com/T1")

    bad = admin.post("/alerts/rules", data={**new, "segment": "channel"})
    assert bad.status_code == 422 and 'data-field="segment"' in bad.text
    assert admin.post("/alerts/rules", data={**new, "csrf": "forged"}).status_code == 400
    wrong = admin.post(f"/alerts/rules/{rule.id}", data={**new, "metric": "nothing"})
    assert wrong.status_code == 422 and 'data-field="metric"' in wrong.text

    edited = admin.post(f"/alerts/rules/{rule.id}", data={**new, "value": "65", "active": ""})
    assert edited.status_code == 303
    with engine.connect() as conn:
        changed = service.get_rule(conn, rule.id)
        builtin = conn.execute(
            select(alert_rules.c.id).where(alert_rules.c.key == "csat_below_60")
        ).scalar_one()
    assert changed is not None and changed.value == 65.0 and not changed.active
    off = admin.post(f"/alerts/rules/{builtin}/active", data={"csrf": token})
    assert off.status_code == 303
    with engine.connect() as conn:
        assert not service.get_rule(conn, builtin).active  # type: ignore[union-attr]
        # switching a rule off resolves what it had raised
        assert service.list_alerts(conn, state="open") == []
    on = admin.post(f"/alerts/rules/{builtin}/active", data={"csrf": token, "active": "on"})
    assert on.status_code == 303
    assert admin.post("/alerts/rules/999/active", data={"csrf": token}).status_code == 404


def test_rule_kinds_need_their_metric(site):
    admin = signed_in(site, "admin")
    token = csrf_of(admin.get("/alerts/rules").text)
    spike = {"csrf": token, "name": "Phone spike", "kind": "spike", "metric": "ticket_volume",
             "segment": "channel=phone", "severity": "warning", "active": "on"}  # fmt: skip
    assert admin.post("/alerts/rules", data=spike).status_code == 303
    bad = admin.post("/alerts/rules", data={**spike, "metric": "csat"})
    assert bad.status_code == 422

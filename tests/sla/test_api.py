"""The SLA API: a ticket's clocks driven by ticket updates through the API and a frozen
clock, the list of open tickets, a policy changed for one ticket, the share met."""

from __future__ import annotations

from datetime import timedelta

from api.support import API, T0, error_locs

pytest_plugins = ["api.fixtures"]


def iso(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def test_a_tickets_clocks_follow_its_updates(api, clock):
    made = api.put(
        f"{API}/tickets/t1",
        json={"created_at": iso(0), "priority": "critical", "status": "open", "team": "web"},
    )
    assert made.status_code == 201, made.text
    clock.advance(timedelta(minutes=10))
    api.patch(f"{API}/tickets/t1", json={"first_response_at": iso(10)})
    clock.advance(timedelta(minutes=40))
    sla = api.get(f"{API}/sla/tickets/t1").json()
    assert sla["policy"]["name"] == "critical" and sla["policy_kept"] is True
    states = {t["target"]: t["state"] for t in sla["targets"]}
    assert states == {"first_response": "met", "resolution": "at_risk"}
    assert [t["ticket_id"] for t in api.get(f"{API}/sla/tickets?state=at_risk").json()] == ["t1"]
    assert api.get(f"{API}/sla/tickets?state=breached").json() == []

    api.patch(f"{API}/tickets/t1", json={"status": "pending"})  # waiting on the customer
    clock.advance(timedelta(hours=3))
    paused = api.get(f"{API}/sla/tickets/t1").json()["targets"][1]
    assert paused["state"] == "paused" and paused["business_seconds"] == 50 * 60
    assert paused["wall_seconds"] == 230 * 60
    api.patch(f"{API}/tickets/t1", json={"status": "open"})
    clock.advance(timedelta(minutes=11))
    assert api.get(f"{API}/sla/tickets/t1").json()["worst"] == "breached"

    changed = api.put(f"{API}/sla/tickets/t1/policy", json={"policy": "standard"})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["policy"]["name"] == "standard" and body["override_by"].startswith("api key")
    assert body["worst"] == "running"
    missing = api.put(f"{API}/sla/tickets/t1/policy", json={"policy": "gold"})
    assert error_locs(missing) == [("body", "policy")]
    assert api.put(f"{API}/sla/tickets/nope/policy", json={"policy": "standard"}).status_code == 404

    api.patch(f"{API}/tickets/t1", json={"status": "resolved"})
    report = api.get(f"{API}/sla/report?from=2025-06-01&to=2025-06-30&by=team").json()
    assert [(r["segment"], r["target"], r["met"], r["breached"]) for r in report] == [
        ("web", "first_response", 1, 0),
        ("web", "resolution", 1, 0),
    ]
    assert report[1]["median_business_s"] == (50 + 11) * 60
    assert report[1]["median_wall_s"] == (50 + 180 + 11) * 60


def test_policies_and_bad_queries(api):
    policies = api.get(f"{API}/sla/policies").json()
    assert [(p["name"], p["resolution_minutes"]) for p in policies] == [
        ("critical", 60),
        ("standard", 1440),
    ]
    assert policies[0]["calendar"]["hours"] == "24/7"
    assert error_locs(api.get(f"{API}/sla/report?by=colour")) == [("query", "by")]
    assert error_locs(api.get(f"{API}/sla/report?from=2025-02-01&to=2025-01-01")) == [
        ("query", "to")
    ]
    assert api.get(f"{API}/sla/tickets/none").status_code == 404


def test_the_sla_api_needs_a_key(anonymous):
    assert anonymous.get(f"{API}/sla/policies").status_code == 401

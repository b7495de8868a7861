"""Customers: PUT creates or replaces (idempotent), PATCH changes some fields, lists page."""

from __future__ import annotations

import pytest

from api.support import API, customer, error_locs, revisions

pytest_plugins = ["api.fixtures"]


def test_put_creates_then_replaces_and_get_reads_back(api, engine):
    created = api.put(
        f"{API}/customers/c1",
        json=customer(name=" Sokha ", email="s@example.com", language="KM", plan="vps"),
    )
    assert created.status_code == 201
    body = created.json()
    assert body["customer_id"] == "c1"
    assert body["name"] == "Sokha"
    assert body["language"] == "km"
    assert body["signup_at"] == "2025-01-15T01:00:00Z"  # UTC out
    assert api.get(f"{API}/customers/c1").json() == body

    replaced = api.put(f"{API}/customers/c1", json=customer(region="Cambodia"))
    assert replaced.status_code == 200
    assert replaced.json()["region"] == "Cambodia"
    assert replaced.json()["email"] is None  # a PUT replaces the whole customer


def test_put_again_with_the_same_body_changes_nothing(api, engine):
    body = customer(email="a@example.com", attributes={"segment": "smb"})
    assert api.put(f"{API}/customers/c1", json=body).status_code == 201
    before = revisions(engine)["customers"]
    again = api.put(f"{API}/customers/c1", json=body)
    assert again.status_code == 200
    assert again.json()["attributes"] == {"segment": "smb"}
    assert revisions(engine)["customers"] == before


def test_patch_sets_churned_at_and_keeps_the_rest(api):
    api.put(f"{API}/customers/c1", json=customer(email="a@example.com"))
    patched = api.patch(f"{API}/customers/c1", json={"churned_at": "2025-05-01T00:00:00Z"})
    assert patched.status_code == 200
    assert patched.json()["churned_at"] == "2025-05-01T00:00:00Z"
    assert patched.json()["email"] == "a@example.com"
    cleared = api.patch(f"{API}/customers/c1", json={"churned_at": None})
    assert cleared.json()["churned_at"] is None


def test_unknown_customers_are_404(api):
    for response in (
        api.get(f"{API}/customers/nobody"),
        api.patch(f"{API}/customers/nobody", json={"name": "x"}),
    ):
        assert response.status_code == 404
        assert "nobody" in response.json()["detail"]


def test_list_pages_by_id(api):
    for i in range(5):
        api.put(f"{API}/customers/c{i}", json=customer())
    first = api.get(f"{API}/customers", params={"limit": 2}).json()
    assert [c["customer_id"] for c in first["data"]] == ["c0", "c1"]
    assert first["next_after"] == "c1"
    second = api.get(f"{API}/customers", params={"limit": 2, "after": "c1"}).json()
    assert [c["customer_id"] for c in second["data"]] == ["c2", "c3"]
    last = api.get(f"{API}/customers", params={"limit": 2, "after": "c3"}).json()
    assert [c["customer_id"] for c in last["data"]] == ["c4"]
    assert last["next_after"] is None
    assert error_locs(api.get(f"{API}/customers", params={"limit": 501})) == [("query", "limit")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"signup_at": "2025-01-15T08:00:00"}, "signup_at"),  # no offset
        ({}, "signup_at"),  # required
        (customer(churned_at="2025-01-01T00:00:00Z"), "churned_at"),  # before signing up
        (customer(email="not-an-address"), "email"),
        (customer(language="english!"), "language"),
        (customer(timezone="Mars/Olympus"), "timezone"),
        (customer(customer_id="other"), "customer_id"),
        (customer(sign_up="x"), "sign_up"),  # unknown field
        (customer(attributes={"bad key": "x"}), "attributes"),
    ],
)
def test_bad_customers_are_422_naming_the_field(api, engine, body, field):
    before = revisions(engine)
    locs = error_locs(api.put(f"{API}/customers/c1", json=body))
    assert ("body", field) in locs
    assert revisions(engine) == before


def test_patch_is_checked_against_the_stored_customer(api):
    api.put(f"{API}/customers/c1", json=customer())
    locs = error_locs(api.patch(f"{API}/customers/c1", json={"churned_at": "2024-01-01T00:00Z"}))
    assert locs == [("body", "churned_at")]
    assert error_locs(api.patch(f"{API}/customers/c1", json={"signup_at": None})) == [
        ("body", "signup_at")
    ]
    assert api.get(f"{API}/customers/c1").json()["churned_at"] is None

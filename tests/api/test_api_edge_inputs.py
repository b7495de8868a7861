"""Inputs a database would choke on are refused as 422 on both backends, never a 500."""

from __future__ import annotations

import pytest

from api.support import API, answer, customer, error_locs, ticket

pytest_plugins = ["api.fixtures"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/customers/c1", customer(name="nul\x00byte"), "name"),
        ("/customers/c1", customer(attributes={"segment": "a\x00b"}), "attributes"),
        ("/customers/c1", customer(language="en-" + "-".join(["abcdefgh"] * 4)), "language"),
        ("/customers/c1", customer(signup_at="0001-01-01T00:00:00+01:00"), "signup_at"),
        ("/customers/c1", customer(signup_at=1717318800), "signup_at"),
        ("/tickets/t1", ticket(agents_involved=2**31), "agents_involved"),
        ("/tickets/t1", ticket(customer_id="c" * 201), "customer_id"),
    ],
)
def test_values_no_column_can_hold_are_422(api, path, body, field):
    assert ("body", field) in error_locs(api.put(API + path, json=body))


def test_a_lone_surrogate_is_422(api):
    raw = '{"signup_at": "2025-01-01T00:00:00Z", "name": "\\ud800"}'
    response = api.put(
        f"{API}/customers/c1", content=raw, headers={"Content-Type": "application/json"}
    )
    assert ("body", "name") in error_locs(response)


def test_nul_in_paths_and_filters_is_422(api):
    assert error_locs(api.get(f"{API}/customers/a%00b")) == [("path", "customer_id")]
    assert error_locs(api.get(f"{API}/tickets", params={"customer_id": "a\x00"})) == [
        ("query", "customer_id")
    ]
    assert error_locs(api.get(f"{API}/surveys/a%00")) == [("path", "key")]


def test_out_of_range_ids_are_422(api):
    assert error_locs(api.get(f"{API}/invitations/{2**40}")) == [("path", "invitation_id")]
    assert error_locs(api.delete(f"{API}/webhooks/{2**40}")) == [("path", "webhook_id")]


def test_ids_are_trimmed_like_imported_keys(api):
    assert api.put(f"{API}/customers/%20c1%20", json=customer()).status_code == 201
    assert api.get(f"{API}/customers/c1").status_code == 200
    assert api.post(f"{API}/responses", json=answer(" r1 ")).json()["response_id"] == "r1"


def test_nul_in_a_survey_key_is_422(api):
    body = {"survey": "csat\x00", "customer_id": "c1", "channel": "link"}
    assert error_locs(api.post(f"{API}/invitations", json=body)) == [("body", "survey")]

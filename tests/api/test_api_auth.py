"""Every endpoint needs a valid API key: 401 with a JSON error and WWW-Authenticate without."""

from __future__ import annotations

import pytest

from api.support import API, T0
from cxm.users.service import revoke_api_key

pytest_plugins = ["api.fixtures"]

ENDPOINTS = [
    ("GET", "/customers"),
    ("GET", "/customers/c1"),
    ("PUT", "/customers/c1"),
    ("PATCH", "/customers/c1"),
    ("GET", "/tickets"),
    ("GET", "/tickets/t1"),
    ("PUT", "/tickets/t1"),
    ("PATCH", "/tickets/t1"),
    ("GET", "/responses"),
    ("GET", "/responses/r1"),
    ("POST", "/responses"),
    ("GET", "/surveys"),
    ("GET", "/surveys/csat"),
    ("GET", "/invitations"),
    ("GET", "/invitations/1"),
    ("POST", "/invitations"),
    ("GET", "/metrics"),
    ("GET", "/webhooks"),
    ("POST", "/webhooks"),
    ("DELETE", "/webhooks/1"),
]


def assert_401(response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str)


def test_every_endpoint_refuses_a_request_without_a_key(anonymous):
    for method, path in ENDPOINTS:
        assert_401(anonymous.request(method, API + path, json={}))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cxm_deadbeef_notakeyatall",
        "Bearer nonsense",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
    ],
)
def test_a_bad_key_is_refused(anonymous, api_key, header):
    assert_401(anonymous.get(f"{API}/customers", headers={"Authorization": header}))


def test_a_key_with_a_wrong_secret_is_refused(anonymous, api_key):
    forged = api_key[:-4] + ("AAAA" if not api_key.endswith("AAAA") else "BBBB")
    assert_401(anonymous.get(f"{API}/customers", headers={"Authorization": f"Bearer {forged}"}))


def test_a_valid_key_works_until_it_is_revoked(anonymous, api_key, engine):
    headers = {"Authorization": f"Bearer {api_key}"}
    assert anonymous.get(f"{API}/customers", headers=headers).status_code == 200
    with engine.begin() as conn:
        assert revoke_api_key(conn, api_key.split("_")[1], T0)
    assert_401(anonymous.get(f"{API}/customers", headers=headers))


def test_the_openapi_document_is_public_and_declares_the_bearer_scheme(anonymous):
    doc = anonymous.get(f"{API}/openapi.json").json()
    assert doc["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    paths = [p for p in doc["paths"] if p.startswith(API)]
    assert f"{API}/customers/{{customer_id}}" in paths
    assert f"{API}/metrics" in paths
    for path in paths:
        for operation in doc["paths"][path].values():
            assert operation["security"] == [{"apiKey": []}]
            assert "401" in operation["responses"]

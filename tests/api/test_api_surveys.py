"""Surveys and invitations: definitions with their missing texts, invitations and their log."""

from __future__ import annotations

import pytest

from api.support import API, T0, customer, error_locs
from cxm.surveys import service as surveys

pytest_plugins = ["api.fixtures"]


@pytest.fixture
def nps(engine):
    with engine.begin() as conn:
        surveys.create(
            conn,
            key="nps_relationship",
            name="Relationship NPS",
            kind="nps",
            scale="0-10",
            touchpoint="signup",
            texts={
                "en": {"question": "How likely are you to recommend us?", "thanks": "Thanks!"},
                "km": {"question": "តើអ្នកនឹងណែនាំយើងទេ?"},
            },
            now=T0,
        )
        retired = surveys.create(
            conn, key="old_csat", name="Old CSAT", kind="csat", scale="1-3", now=T0
        )
        surveys.set_active(conn, retired, False, T0)
    return "nps_relationship"


def test_surveys_are_listed_and_read_with_their_missing_texts(api, nps):
    listed = api.get(f"{API}/surveys").json()
    assert [s["key"] for s in listed] == ["nps_relationship", "old_csat"]
    assert listed[1]["active"] is False
    detail = api.get(f"{API}/surveys/nps_relationship").json()
    assert detail["kind"] == "nps"
    assert detail["scale"] == "0-10"
    assert detail["texts"]["km"]["question"] == "តើអ្នកនឹងណែនាំយើងទេ?"
    missing = detail["missing_texts"]
    assert "question" not in missing["km"]
    assert "thanks" in missing["km"]
    assert "thanks" not in missing["en"]
    assert api.get(f"{API}/surveys/nope").status_code == 404


def test_a_link_invitation_returns_its_link_and_logs_events(api, settings, nps):
    api.put(f"{API}/customers/c1", json=customer(language="km"))
    made = api.post(
        f"{API}/invitations",
        json={"survey": "nps_relationship", "customer_id": "c1", "channel": "link"},
    )
    assert made.status_code == 201
    inv = made.json()
    assert inv["link"].startswith(f"{settings.base_url}/s/")
    assert inv["status"] == "sent"
    assert inv["language"] == "km"
    got = api.get(f"{API}/invitations/{inv['id']}").json()
    assert [e["event"] for e in got["events"]] == ["created", "sent"]
    assert got["events"][0]["at"] == "2025-06-02T09:00:00Z"
    assert got["link"] == inv["link"]
    assert api.get(f"{API}/invitations/999").status_code == 404


def test_an_email_invitation_is_queued_for_send_at(api, nps):
    api.put(f"{API}/customers/c1", json=customer(email="c1@example.com"))
    inv = api.post(
        f"{API}/invitations",
        json={
            "survey": "nps_relationship",
            "customer_id": "c1",
            "channel": "email",
            "language": "en",
            "send_at": "2025-06-03T09:00:00+07:00",
        },
    ).json()
    assert inv["status"] == "queued"
    assert inv["scheduled_at"] == "2025-06-03T02:00:00Z"
    assert inv["recipient"] == "c1@example.com"
    assert inv["link"] is None


def test_invitations_are_listed_with_filters(api, nps):
    for c in ("c1", "c2", "c3"):
        api.put(f"{API}/customers/{c}", json=customer(email=f"{c}@example.com"))
    api.post(f"{API}/invitations", json={"survey": "nps_relationship", "customer_id": "c1"})
    api.post(
        f"{API}/invitations",
        json={"survey": "nps_relationship", "customer_id": "c2", "channel": "link"},
    )
    api.post(f"{API}/invitations", json={"survey": "nps_relationship", "customer_id": "c3"})

    def customers(**params):
        page = api.get(f"{API}/invitations", params=params).json()
        return [i["customer_id"] for i in page["data"]]

    assert customers() == ["c1", "c2", "c3"]
    assert customers(status="queued") == ["c1", "c3"]
    assert customers(customer_id="c2") == ["c2"]
    assert customers(survey="nps_relationship", limit=1) == ["c1"]
    assert customers(survey="other") == []
    first = api.get(f"{API}/invitations", params={"limit": 2}).json()
    assert customers(after=first["next_after"]) == ["c3"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"survey": "nope", "customer_id": "c1"}, "survey"),
        ({"survey": "old_csat", "customer_id": "c1"}, "survey"),  # not active
        ({"survey": "nps_relationship", "customer_id": "c1", "channel": "fax"}, "channel"),
        ({"survey": "nps_relationship", "customer_id": "c1", "channel": "sms"}, "customer_id"),
        ({"survey": "nps_relationship"}, "customer_id"),
        (
            {"survey": "nps_relationship", "customer_id": "c1", "send_at": "2025-06-03 09:00"},
            "send_at",
        ),
    ],
)
def test_bad_invitations_are_422_naming_the_field(api, nps, body, field):
    api.put(f"{API}/customers/c1", json=customer(email="c1@example.com"))
    assert ("body", field) in error_locs(api.post(f"{API}/invitations", json=body))
    assert api.get(f"{API}/invitations").json()["data"] == []

"""Tickets: resolving one sets resolved_at and queues the post-support survey once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from api.support import API, T0, customer, error_locs, revisions, ticket
from cxm.db.schema import invitations
from cxm.surveys import service as surveys

pytest_plugins = ["api.fixtures"]


@pytest.fixture
def support_survey(engine):
    with engine.begin() as conn:
        return surveys.create(
            conn,
            key="csat_support",
            name="Support CSAT",
            kind="csat",
            scale="1-5",
            touchpoint="ticket_resolved",
            texts={"en": {"question": "How satisfied were you with our support?"}},
            now=T0,
        )


def invitation_count(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(invitations)).scalar_one())


def test_put_get_and_list_with_filters(api):
    assert api.put(f"{API}/tickets/t1", json=ticket(customer_id="c1", status="Open")).status_code
    api.put(f"{API}/tickets/t2", json=ticket(customer_id="c1", status="pending"))
    api.put(f"{API}/tickets/t3", json=ticket(customer_id="c2", status="open", channel="Email"))
    got = api.get(f"{API}/tickets/t3").json()
    assert got["status"] == "open"
    assert got["channel"] == "email"
    assert got["created_at"] == "2025-06-01T10:00:00Z"

    def ids(**params):
        return [t["ticket_id"] for t in api.get(f"{API}/tickets", params=params).json()["data"]]

    assert ids() == ["t1", "t2", "t3"]
    assert ids(customer_id="c1") == ["t1", "t2"]
    assert ids(status="open") == ["t1", "t3"]
    assert ids(customer_id="c1", status="open") == ["t1"]
    assert ids(limit=1, after="t1") == ["t2"]
    assert api.get(f"{API}/tickets/nope").status_code == 404


def test_put_creates_201_then_200(api):
    assert api.put(f"{API}/tickets/t1", json=ticket()).status_code == 201
    assert api.put(f"{API}/tickets/t1", json=ticket(priority="High")).status_code == 200
    assert api.get(f"{API}/tickets/t1").json()["priority"] == "high"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (ticket(resolved_at="2025-05-31T10:00:00Z"), "resolved_at"),
        (ticket(first_response_at="2025-06-01T09:59:59Z"), "first_response_at"),
        ({"created_at": "2025-06-01 10:00"}, "created_at"),
        ({"status": "open"}, "created_at"),
        (ticket(agents_involved=-1), "agents_involved"),
        (ticket(ticket_id="t2"), "ticket_id"),
    ],
)
def test_bad_tickets_are_422_naming_the_field(api, engine, body, field):
    before = revisions(engine)
    assert ("body", field) in error_locs(api.put(f"{API}/tickets/t1", json=body))
    assert revisions(engine) == before


def test_resolving_queues_the_survey_once(api, engine, clock, support_survey):
    api.put(f"{API}/customers/c1", json=customer(email="c1@example.com"))
    api.put(f"{API}/tickets/t1", json=ticket(customer_id="c1", status="open"))
    assert invitation_count(engine) == 0

    clock.advance(timedelta(hours=1))
    resolved = api.patch(f"{API}/tickets/t1", json={"status": "Resolved"})
    assert resolved.status_code == 200
    body = resolved.json()
    assert body["status"] == "resolved"
    assert body["resolved_at"] == "2025-06-02T10:00:00Z"  # the app clock's now
    [queued] = body["invitations_queued"]
    assert queued["survey"] == "csat_support"
    assert queued["customer_id"] == "c1"
    assert queued["ticket_id"] == "t1"
    assert queued["channel"] == "email"
    assert queued["recipient"] == "c1@example.com"
    assert queued["status"] == "queued"
    assert queued["link"] is None
    assert invitation_count(engine) == 1

    clock.advance(timedelta(hours=1))
    for change in ({"status": "resolved"}, {"status": "closed"}, {"agent": "Dara"}):
        again = api.patch(f"{API}/tickets/t1", json=change)
        assert again.json()["invitations_queued"] == []
        assert again.json()["resolved_at"] == "2025-06-02T10:00:00Z"
    assert invitation_count(engine) == 1


def test_a_given_resolved_at_is_kept(api, engine, support_survey):
    api.put(f"{API}/customers/c1", json=customer(email="c1@example.com"))
    api.put(f"{API}/tickets/t1", json=ticket(customer_id="c1"))
    body = api.patch(
        f"{API}/tickets/t1", json={"status": "closed", "resolved_at": "2025-06-01T18:00:00+07:00"}
    ).json()
    assert body["resolved_at"] == "2025-06-01T11:00:00Z"
    assert len(body["invitations_queued"]) == 1


def test_reopening_clears_resolved_at(api):
    api.put(f"{API}/tickets/t1", json=ticket(status="resolved"))
    assert api.get(f"{API}/tickets/t1").json()["resolved_at"] == "2025-06-02T09:00:00Z"
    reopened = api.patch(f"{API}/tickets/t1", json={"status": "open"}).json()
    assert reopened["resolved_at"] is None


def test_no_invitation_without_an_address(api, engine, support_survey):
    api.put(f"{API}/customers/c1", json=customer())
    api.put(f"{API}/tickets/t1", json=ticket(customer_id="c1"))
    body = api.patch(f"{API}/tickets/t1", json={"status": "resolved"}).json()
    assert body["invitations_queued"] == []
    assert invitation_count(engine) == 0


def test_a_refused_patch_leaves_everything_as_it_was(api, engine, support_survey):
    api.put(f"{API}/customers/c1", json=customer(email="c1@example.com"))
    # created after the app clock's now: resolving it now would be resolving before creation
    api.put(f"{API}/tickets/t1", json=ticket(customer_id="c1", created_at="2025-06-03T00:00:00Z"))
    stored = api.get(f"{API}/tickets/t1").json()
    before = revisions(engine)
    locs = error_locs(api.patch(f"{API}/tickets/t1", json={"status": "resolved"}))
    assert locs == [("body", "resolved_at")]
    assert api.get(f"{API}/tickets/t1").json() == stored
    assert revisions(engine) == before
    assert invitation_count(engine) == 0
    assert api.patch(f"{API}/tickets/nope", json={"status": "resolved"}).status_code == 404

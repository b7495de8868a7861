"""Stored policies and calendars, the policy each ticket keeps, overrides, the worker's
record of states reached, and the share of targets met (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from cxm.db.engine import get_engine
from cxm.db.records import upsert_row
from cxm.db.schema import customers, sla_changes, ticket_events, ticket_slas, tickets
from cxm.metrics.periods import Period
from cxm.sla import service
from cxm.sla.report import sla_report
from cxm.sla.service import SlaError

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def put(conn, ticket_id, before=None, now=T0, **fields):  # type: ignore[no-untyped-def]
    """Create or change a ticket as the API does, recording its SLA events."""
    row = {
        "ticket_id": ticket_id,
        "customer_id": "C1",
        "channel": "email",
        "category": "technical",
        "priority": "normal",
        "status": "open",
        "created_at": T0,
        "first_response_at": None,
        "resolved_at": None,
        "agent": "ann",
        "team": "tier1",
        "agents_involved": 1,
        "attributes": None,
        **(before or {}),
        **fields,
    }
    upsert_row(conn, tickets, "ticket_id", row)
    service.record_ticket_change(conn, ticket_id, before, row, now)
    return row


@pytest.fixture
def engine(settings):  # type: ignore[no-untyped-def]
    engine = get_engine(settings.database_url)
    with engine.begin() as conn:
        upsert_row(
            conn,
            customers,
            "customer_id",
            {"customer_id": "C1", "plan": "vps", "signup_at": T0 - timedelta(days=90)},
        )
    return engine


def test_defaults_apply_until_policies_are_stored(engine):
    with engine.begin() as conn:
        assert [p.name for p in service.load_policies(conn)] == ["critical", "standard"]
        put(conn, "T1", priority="critical")
        service.save_calendar(conn, "office", "Asia/Bangkok", "mon-fri 09:00-18:00", "", T0)
        service.save_policy(
            conn,
            "vps",
            T0,
            first_response_minutes=5,
            resolution_minutes=120,
            plan="VPS",
            calendar="office",
        )
        assert [p.name for p in service.load_policies(conn)] == ["vps"]
        put(conn, "T2")
        with pytest.raises(SlaError):
            service.save_policy(
                conn, "x", T0, first_response_minutes=5, resolution_minutes=None, calendar="nowhere"
            )
    with engine.connect() as conn:
        one = service.ticket_clocks(conn, "T1", at(30))
        two = service.ticket_clocks(conn, "T2", at(30))
    assert one.policy.name == "critical" and one.stored
    assert two.policy.name == "vps" and two.policy.calendar.timezone == "Asia/Bangkok"
    assert two.clocks.get("first_response").state == "breached"  # 15:00 in Bangkok, open


def test_a_ticket_keeps_its_policy_when_the_policy_changes_and_an_admin_can_change_it(engine):
    with engine.begin() as conn:
        service.install_defaults(conn, T0)
        put(conn, "T1")
        service.save_policy(
            conn, "standard", at(1), first_response_minutes=15, resolution_minutes=4 * 60
        )
        put(conn, "T2", created_at=at(2), now=at(2))
    with engine.connect() as conn:
        assert service.ticket_clocks(conn, "T1", at(300)).policy.resolution_minutes == 24 * 60
        assert service.ticket_clocks(conn, "T2", at(300)).policy.resolution_minutes == 4 * 60
    with engine.begin() as conn:
        service.set_policy(conn, "T1", "critical", "boss@example.com", at(10))
        with pytest.raises(SlaError):
            service.set_policy(conn, "T1", "nonesuch", "boss@example.com", at(10))
    with engine.connect() as conn:
        t1 = service.ticket_clocks(conn, "T1", at(30))
    assert t1.policy.name == "critical"
    assert (t1.override_by, t1.override_at) == ("boss@example.com", at(10))


def test_events_of_a_ticket_through_its_life(engine):
    with engine.begin() as conn:
        first = put(conn, "T1")
        second = put(conn, "T1", first, now=at(5), first_response_at=at(5), status="pending")
        third = put(conn, "T1", second, now=at(60), status="open")
        fourth = put(conn, "T1", third, now=at(90), status="resolved", resolved_at=at(90))
        put(conn, "T1", fourth, now=at(200), status="open", resolved_at=None)
        kinds = conn.execute(
            select(ticket_events.c.kind, ticket_events.c.status).order_by(ticket_events.c.id)
        ).all()
    assert [tuple(k) for k in kinds] == [
        ("created", "open"),
        ("first_response", None),
        ("status", "pending"),
        ("status", "open"),
        ("resolved", "resolved"),
        ("reopened", "open"),
    ]
    with engine.connect() as conn:
        clocks = service.ticket_clocks(conn, "T1", at(230)).clocks
    assert clocks.reopened == 1
    assert clocks.get("resolution").elapsed_s == (5 + 30 + 30) * 60  # pending and resolved out


def test_an_imported_ticket_changed_later_gets_its_history_first(engine):
    with engine.begin() as conn:
        row = {
            "ticket_id": "I1",
            "customer_id": "C1",
            "priority": "critical",
            "status": "open",
            "created_at": T0,
            "first_response_at": at(3),
            "resolved_at": None,
        }
        upsert_row(conn, tickets, "ticket_id", row)
        service.record_ticket_change(conn, "I1", row, {**row, "status": "pending"}, at(20))
        kinds = conn.execute(select(ticket_events.c.kind)).scalars().all()
    assert kinds == ["created", "first_response", "status"]


def test_the_worker_records_each_state_once_and_a_reopening_starts_a_round(engine):
    with engine.begin() as conn:
        created = put(conn, "T1", priority="critical")
    assert service.check(engine, at(30)).recorded == 2  # first response at risk, breached
    assert service.check(engine, at(50)).recorded == 1  # resolution at risk at 48 min
    assert service.check(engine, at(50)).recorded == 0
    with engine.begin() as conn:
        done = put(conn, "T1", created, now=at(55), status="resolved", resolved_at=at(55))
    assert service.check(engine, at(56)).recorded == 1  # resolution met
    assert service.check(engine, at(90)).checked == 0  # resolved: no longer watched
    with engine.begin() as conn:
        put(conn, "T1", done, now=at(100), status="open", resolved_at=None)
    service.check(engine, at(110))  # round 1: 55 + 10 minutes counted, over the hour
    with engine.connect() as conn:
        changes = [
            (c["target"], c["state"], c["round"], c["at"]) for c in service.changes_since(conn)
        ]
    assert sorted(changes, key=lambda c: (c[3], c[0], c[1])) == [
        ("first_response", "at_risk", 0, at(12)),
        ("first_response", "breached", 0, at(15)),
        ("resolution", "at_risk", 0, at(48)),
        ("resolution", "met", 0, at(55)),
        ("resolution", "at_risk", 1, at(100)),
        ("resolution", "breached", 1, at(105)),
    ]


def test_several_workers_record_a_state_once(engine):
    with engine.begin() as conn:
        for i in range(20):
            put(conn, f"T{i:02d}", priority="critical")
    errors = []

    def work() -> None:
        try:
            service.check(engine, at(70))
        except Exception as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(sla_changes)).scalar()
    assert count == 20 * 4  # first response at risk + breached, resolution at risk + breached


def test_imported_tickets_get_the_policy_of_the_time_they_are_first_seen(engine):
    with engine.begin() as conn:
        for i, resolved in enumerate((None, at(30))):
            upsert_row(
                conn,
                tickets,
                "ticket_id",
                {
                    "ticket_id": f"I{i}",
                    "priority": "low",
                    "status": "resolved" if resolved else "open",
                    "created_at": T0,
                    "first_response_at": at(10),
                    "resolved_at": resolved,
                },
            )
    report = service.check(engine, at(60))
    assert report.assigned == 2
    with engine.connect() as conn:
        watching = dict(conn.execute(select(ticket_slas.c.ticket_id, ticket_slas.c.watching)).all())
    assert watching == {"I0": True, "I1": False}


def test_at_risk_and_breached(engine):
    with engine.begin() as conn:
        put(conn, "A", priority="critical", first_response_at=at(1))  # at risk at 50 min
        put(conn, "B", priority="normal", first_response_at=at(1))  # running
        put(conn, "C", priority="normal", created_at=at(-30))  # no response: breached
        put(
            conn,
            "D",
            priority="critical",
            status="resolved",
            first_response_at=at(1),
            resolved_at=at(20),
        )
    found = service.at_risk_and_breached(engine, at(50))
    assert [(t.ticket_id, t.worst) for t in found] == [("C", "breached"), ("A", "at_risk")]
    assert found[1].clocks.get("resolution").due_at == at(60)


def test_share_met_by_period_and_team(engine):
    bangkok = ZoneInfo("Asia/Bangkok")
    with engine.begin() as conn:
        put(conn, "A", team="web", first_response_at=at(5), status="resolved", resolved_at=at(60))
        put(conn, "B", team="web", first_response_at=at(30), status="resolved", resolved_at=at(120))
        put(conn, "C", team="mail", created_at=T0 + timedelta(days=40), first_response_at=None)
    with engine.connect() as conn:
        rows = sla_report(
            conn,
            bangkok,
            date(2025, 6, 1),
            date(2025, 7, 31),
            at(60 * 24 * 41),
            Period.MONTH,
            "team",
        )
    table = {(r.period, r.segment, r.target): r for r in rows}
    june_first = table[(date(2025, 6, 1), "web", "first_response")]
    assert (june_first.met, june_first.breached, june_first.met_pct) == (1, 1, 50.0)
    june_res = table[(date(2025, 6, 1), "web", "resolution")]
    assert june_res.met_pct == 100.0 and june_res.median_wall_s == 90 * 60
    july = table[(date(2025, 7, 1), "mail", "resolution")]
    assert (july.met, july.breached, july.open) == (0, 0, 1)


def test_the_worker_runs_the_sla_pass(engine, settings):
    from cxm.clock import FrozenClock
    from cxm.worker import JOBS

    assert service.job in JOBS
    with engine.begin() as conn:
        put(conn, "T1", priority="critical")
    service.job(engine, settings, FrozenClock(at(61)), {})
    with engine.connect() as conn:
        states = {(c["target"], c["state"]) for c in service.changes_since(conn)}
    assert ("resolution", "breached") in states

"""Sending invitations with a real SMTP server and a clock the test moves: triggers, quiet
hours, contact limits, reminders, crash recovery, and the whole way to the metrics."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from cxm.analytics.replica import Replica
from cxm.channels.registry import senders
from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db.engine import get_engine
from cxm.db.schema import invitations, responses, surveys
from cxm.importers.service import import_file
from cxm.invitations import dispatch, triggers
from cxm.invitations import service as invitation_service
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.surveys.service import install_templates
from cxm.web.app import create_app
from helpers.files import write_csv
from helpers.smtp import Mailbox, serving

# Monday 3 March 2025, 05:00 UTC = 12:00 in Phnom Penh (UTC+7)
NOON = datetime(2025, 3, 3, 5, 0, tzinfo=UTC)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler = Mailbox()
    with serving(handler) as controller:
        yield handler, controller.port


@pytest.fixture
def world(settings: Settings, mailbox, tmp_path):  # type: ignore[no-untyped-def]
    """Customers in Phnom Penh and Bangkok, the built-in surveys, SMTP on loopback."""
    _, port = mailbox
    s = dataclasses.replace(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        base_url="http://cxm.test",
        quiet_hours="21:00-08:00",
        contact_days=7,
    )
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "email", "language", "timezone", "signup_at"],
        [
            ("C1", "sokha@example.com", "km", "Asia/Phnom_Penh", "2024-01-01T00:00:00Z"),
            ("C2", "somchai@example.com", "th", "Asia/Bangkok", "2024-01-01T00:00:00Z"),
            ("C3", "lan@example.com", "vi", "Asia/Ho_Chi_Minh", "2025-03-01T00:00:00Z"),
        ],
    )
    import_file(s, "customers", tmp_path / "c.csv")
    clock = FrozenClock(NOON)
    engine = get_engine(s.database_url)
    with engine.begin() as conn:
        install_templates(conn, clock.now())
        # the NPS cadence is tested on its own
        conn.execute(update(surveys).where(surveys.c.key == "nps_onboarding").values(active=False))
    return s, clock, engine


def run(world):  # type: ignore[no-untyped-def]
    s, clock, engine = world
    return dispatch.run_once(engine, s, clock, senders(s))


def resolve(world, ticket: str, customer: str):  # type: ignore[no-untyped-def]
    s, clock, engine = world
    with engine.begin() as conn:
        return triggers.on_ticket_resolved(conn, s, ticket, customer, clock.now())


def status(world, invitation_id: int) -> str:  # type: ignore[no-untyped-def]
    with world[2].connect() as conn:
        return str(
            conn.execute(
                select(invitations.c.status).where(invitations.c.id == invitation_id)
            ).scalar_one()
        )


def events(world, invitation_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    with world[2].connect() as conn:
        return invitation_service.history(conn, invitation_id)


def links_in(message) -> list[str]:  # type: ignore[no-untyped-def]
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"http://cxm\.test/s/\S+", text)


def test_resolved_ticket_to_metrics(world, mailbox):
    """The mail arrives, opening its link records nothing, submitting records the answer."""
    s, clock, engine = world
    box, _ = mailbox
    (inv,) = resolve(world, "T1", "C1")
    report = run(world)
    assert report.sent == 1 and status(world, inv.id) == "sent"
    (mail,) = box.messages()
    assert mail["To"] == "sokha@example.com"
    assert "km" in mail["Content-Language"]
    score_link = next(u for u in links_in(mail) if u.endswith("score=5"))
    client = TestClient(create_app(s, clock), follow_redirects=False)
    path = urlsplit(score_link)
    page = client.get(f"{path.path}?{path.query}")
    assert page.status_code == 200
    with engine.connect() as conn:
        assert conn.execute(select(responses)).first() is None
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    assert client.post(path.path, data={"score": "5", "csrf": csrf}).status_code == 303
    with Replica(s).fresh() as con:
        (row,) = compute_metrics(con, MetricsQuery(NOON.date(), NOON.date()))
    assert (row["csat_n"], row["csat"]) == (1, 100)
    assert status(world, inv.id) == "answered"
    # answered: no reminder, ever
    clock.advance(timedelta(days=10))
    assert run(world).reminded == 0 and len(box.messages()) == 1


def test_delay_after_resolution(world, mailbox):
    s, clock, engine = world
    world = (dataclasses.replace(s, csat_delay_minutes=30), clock, engine)
    (_inv,) = resolve(world, "T1", "C1")
    assert run(world).sent == 0
    clock.advance(timedelta(minutes=29))
    assert run(world).sent == 0
    clock.advance(timedelta(minutes=1))
    assert run(world).sent == 1
    assert len(mailbox[0].messages()) == 1
    # the same ticket resolved again (reopened, resolved) is not surveyed twice
    assert resolve(world, "T1", "C1") == []


def test_quiet_hours_in_the_customers_zone(world, mailbox):
    _s, clock, _engine = world
    clock.set(datetime(2025, 3, 3, 15, 0, tzinfo=UTC))  # 22:00 in Phnom Penh
    (inv,) = resolve(world, "T1", "C1")
    assert run(world).delayed == 1 and status(world, inv.id) == "queued"
    clock.set(datetime(2025, 3, 4, 0, 59, tzinfo=UTC))  # 07:59 there
    assert run(world).sent == 0
    clock.set(datetime(2025, 3, 4, 1, 0, tzinfo=UTC))  # 08:00 there
    assert run(world).sent == 1
    names = [e["event"] for e in events(world, inv.id)]
    assert names == ["created", "delayed", "sent"]


def test_contact_limit_across_surveys(world, mailbox):
    _s, clock, _engine = world
    (_first,) = resolve(world, "T1", "C1")
    run(world)
    clock.advance(timedelta(days=2))
    (second,) = resolve(world, "T2", "C1")
    report = run(world)
    assert report.suppressed == 1 and status(world, second.id) == "suppressed"
    detail = events(world, second.id)[-1]["detail"]
    assert "contact limit" in detail
    # another customer is not affected, and after the limit C1 can be asked again
    (other,) = resolve(world, "T3", "C2")
    clock.advance(timedelta(days=6))
    (third,) = resolve(world, "T4", "C1")
    assert run(world).sent == 2
    assert {status(world, other.id), status(world, third.id)} == {"sent"}


def test_one_reminder_to_non_responders(world, mailbox):
    _s, clock, _engine = world
    box, _ = mailbox
    (_inv,) = resolve(world, "T1", "C1")
    run(world)
    clock.advance(timedelta(days=2, hours=23))
    assert run(world).reminded == 0
    clock.advance(timedelta(hours=1))
    assert run(world).reminded == 1
    mails = box.messages()
    assert len(mails) == 2 and mails[0]["Message-ID"] != mails[1]["Message-ID"]
    assert links_in(mails[0])[0] == links_in(mails[1])[0]  # the same link, not a new survey
    clock.advance(timedelta(days=5))
    assert run(world).reminded == 0 and len(box.messages()) == 2


def test_a_crash_while_sending_loses_nothing_and_sends_nothing_twice(world, mailbox):
    _s, clock, engine = world
    box, _ = mailbox
    (stuck,) = resolve(world, "T1", "C1")
    (waiting,) = resolve(world, "T2", "C2")
    # a worker claimed one invitation and died before it could record the outcome
    with engine.begin() as conn:
        assert invitation_service.claim(conn, stuck.id, clock.now(), timedelta(minutes=5))
    clock.advance(timedelta(minutes=6))
    report = run(world)
    assert report.recovered == 1 and report.sent == 1
    assert status(world, stuck.id) == "failed" and status(world, waiting.id) == "sent"
    assert [m["To"] for m in box.messages()] == ["somchai@example.com"]
    assert run(world).sent == 0 and len(box.messages()) == 1


def test_two_workers_never_send_the_same_invitation(world, mailbox):
    _s, clock, engine = world
    (inv,) = resolve(world, "T1", "C1")
    with engine.begin() as conn:
        assert invitation_service.claim(conn, inv.id, clock.now(), timedelta(minutes=5))
        assert not invitation_service.claim(conn, inv.id, clock.now(), timedelta(minutes=5))


def test_nps_cadence(world, mailbox):
    _s, clock, engine = world
    with engine.begin() as conn:
        conn.execute(update(surveys).where(surveys.c.key == "nps_onboarding").values(active=True))
    # C3 signed up on 1 March: first NPS 3 days later; C1 and C2 long ago: at once
    report = run(world)
    assert report.scheduled == 2
    clock.set(datetime(2025, 3, 4, 5, tzinfo=UTC))
    assert run(world).scheduled == 1
    assert run(world).scheduled == 0
    # C1 and C2 were asked on 3 March, C3 on 4 March: every 180 days after that
    clock.advance(timedelta(days=178))
    assert run(world).scheduled == 0
    clock.advance(timedelta(days=1))
    assert run(world).scheduled == 2
    clock.advance(timedelta(days=1))
    assert run(world).scheduled == 1


def test_a_failed_delivery_is_logged(world, mailbox):
    s, clock, engine = world
    broken = (dataclasses.replace(s, smtp_port=1), clock, engine)
    (inv,) = resolve(broken, "T1", "C1")
    report = run(broken)
    assert report.failed == 1 and status(world, inv.id) == "failed"
    with engine.connect() as conn:
        error = conn.execute(select(invitations.c.error).where(invitations.c.id == inv.id)).scalar()
    assert "127.0.0.1:1" in error


def test_suppressed_when_the_survey_is_switched_off(world, mailbox):
    _s, _clock, engine = world
    (inv,) = resolve(world, "T1", "C1")
    with engine.begin() as conn:
        conn.execute(update(surveys).where(surveys.c.key == "csat_support").values(active=False))
    assert run(world).suppressed == 1 and status(world, inv.id) == "suppressed"

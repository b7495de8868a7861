"""Alerts reach a real SMTP server and a webhook receiver on loopback: grouped into one
message per recipient, never twice, held in the quiet hours unless critical, retried."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from cxm.alerts import delivery, service
from cxm.alerts.rules import Rule
from cxm.alerts.service import Finding
from cxm.db.schema import alert_notifications


def make_rule(engine, clock, severity="warning", recipients=(), name="CSAT below 60 %"):
    with engine.begin() as conn:
        return service.save_rule(
            conn,
            Rule(
                None,
                name,
                "threshold",
                "csat",
                "<",
                60.0,
                "week",
                severity=severity,
                recipients=tuple(recipients),
            ),
            clock.now(),
        )


def finding(subject: str, value: float = 52.0) -> Finding:
    return Finding(
        subject,
        f"CSAT was {value} % in the week of {subject} (n = 75), < 60.0 %",
        value,
        60.0,
        f"/dashboard?from={subject}&to={subject}&grain=week",
        {"n": 75},
    )


def statuses(engine) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(alert_notifications.c.status).order_by(alert_notifications.c.id)
            ).scalars()
        )


def test_alerts_of_one_pass_reach_each_recipient_in_one_message_once(
    with_smtp, settings, engine, clock, mailbox, receiver
):
    box, port = mailbox
    s = with_smtp(port, alert_recipients=f"ops@example.com,{receiver.url}")
    low = make_rule(engine, clock)
    spike = make_rule(
        engine,
        clock,
        severity="critical",
        name="Ticket volume spike",
        recipients=("oncall@example.com",),
    )
    new, _ = service.record(
        engine, low, [finding("2025-10-06"), finding("2025-09-29", 55.0)], s, clock.now()
    )
    assert len(new) == 2
    service.record(engine, spike, [finding("2025-10-15T09:00", 70)], s, clock.now())

    sent = delivery.deliver_due(engine, s, clock)
    assert sorted(sent.sent) == sorted(
        [("oncall@example.com", 1), ("ops@example.com", 2), (receiver.url, 2)]
    )
    messages = {m["To"]: m for m in box.messages()}
    assert set(messages) == {"ops@example.com", "oncall@example.com"}
    ops = messages["ops@example.com"]
    assert ops["Subject"] == "[cxm] 2 alerts (2 warning)"
    text = ops.get_body(preferencelist=("plain",)).get_content()
    assert "CSAT was 52.0 % in the week of 2025-10-06 (n = 75)" in text
    assert "http://cxm.test/dashboard?from=2025-10-06&to=2025-10-06&grain=week" in text
    html = ops.get_body(preferencelist=("html",)).get_content()
    assert "CSAT below 60 %" in html and 'href="http://cxm.test/dashboard?from=' in html
    assert messages["oncall@example.com"]["Subject"] == "[cxm] Critical alert: Ticket volume spike"

    (post,) = receiver.posts
    body = post["json"]
    assert body["text"].startswith("2 alerts (2 warning)")
    assert body["blocks"][0]["type"] == "header"
    assert "<http://cxm.test/dashboard?from=2025-10-06" in body["blocks"][1]["text"]["text"]
    assert [a["summary"][:11] for a in body["alerts"]] == ["CSAT was 52", "CSAT was 55"]
    assert post["headers"]["X-Cxm-Delivery"]

    # checked again: the same findings are the same alerts, and nothing is sent again
    again, _ = service.record(
        engine, low, [finding("2025-10-06"), finding("2025-09-29", 55.0)], s, clock.now()
    )
    assert again == []
    clock.advance(timedelta(minutes=10))
    assert delivery.deliver_due(engine, s, clock).sent == []
    assert len(box.messages()) == 2 and len(receiver.posts) == 1
    assert set(statuses(engine)) == {"sent"}


def test_quiet_hours_hold_all_but_critical_alerts_until_morning(
    with_smtp, settings, engine, clock, mailbox
):
    box, port = mailbox
    s = with_smtp(port, alert_recipients="ops@example.com")
    clock.set(clock.now().replace(hour=16))  # 23:00 in Bangkok
    warning = make_rule(engine, clock)
    critical = make_rule(engine, clock, severity="critical", name="SLA breached")
    service.record(engine, warning, [finding("2025-10-06")], s, clock.now())
    service.record(engine, critical, [finding("T-1 breached #0")], s, clock.now())
    delivery.deliver_due(engine, s, clock)
    assert [m["Subject"] for m in box.messages()] == ["[cxm] Critical alert: SLA breached"]
    clock.advance(timedelta(hours=7, minutes=59))  # 06:59
    assert delivery.deliver_due(engine, s, clock).sent == []
    clock.advance(timedelta(minutes=1))  # 07:00: the quiet hours are over
    assert delivery.deliver_due(engine, s, clock).sent == [("ops@example.com", 1)]
    assert box.messages()[-1]["Subject"] == "[cxm] Warning alert: CSAT below 60 %"


def test_a_failing_receiver_is_retried_with_back_off_and_gets_it_once(
    with_smtp, settings, engine, clock, receiver
):
    s = with_smtp(1, alert_recipients=receiver.url)
    receiver.statuses = [500, 503]
    rule = make_rule(engine, clock)
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    first = delivery.deliver_due(engine, s, clock)
    assert first.failed and "HTTP 500" in first.failed[0][1]
    assert delivery.deliver_due(engine, s, clock).failed == []  # waiting: 1 minute
    clock.advance(timedelta(minutes=1))
    assert "HTTP 503" in delivery.deliver_due(engine, s, clock).failed[0][1]
    clock.advance(timedelta(minutes=4))
    assert delivery.deliver_due(engine, s, clock).sent == []  # 5 minutes after the 2nd
    clock.advance(timedelta(minutes=1))
    assert delivery.deliver_due(engine, s, clock).sent == [(receiver.url, 1)]
    assert [p["status"] for p in receiver.posts] == [500, 503, 200]
    assert len(receiver.delivered()) == 1 and statuses(engine) == ["sent"]
    clock.advance(timedelta(hours=5))
    delivery.deliver_due(engine, s, clock)
    assert len(receiver.posts) == 3


def test_an_smtp_refusal_is_retried_and_then_given_up(with_smtp, settings, engine, clock):
    s = with_smtp(1, alert_recipients="ops@example.com")  # nothing listens on port 1
    rule = make_rule(engine, clock)
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    for wait in (*delivery.BACKOFF, None):
        report = delivery.deliver_due(engine, s, clock)
        assert report.failed and "could not connect" in report.failed[0][1]
        if wait:
            clock.advance(wait)
    assert statuses(engine) == ["failed"]
    clock.advance(timedelta(days=1))
    assert delivery.deliver_due(engine, s, clock).failed == []


def test_a_worker_stopping_mid_send_never_sends_twice_and_two_workers_split_the_work(
    with_smtp, settings, engine, clock, mailbox
):
    box, port = mailbox
    s = with_smtp(port, alert_recipients="ops@example.com")
    rule = make_rule(engine, clock)
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    # a worker took the notification into its batch, then stopped
    items, _ = delivery._claim(engine, s, "ops@example.com", "a" * 32, clock.now())
    assert len(items) == 1
    # another worker finds nothing left to take
    assert delivery._claim(engine, s, "ops@example.com", "b" * 32, clock.now()) == ([], 0)
    assert delivery.deliver_due(engine, s, clock).sent == []
    clock.advance(delivery.LEASE + timedelta(seconds=1))
    report = delivery.deliver_due(engine, s, clock)
    assert report.interrupted == 1 and report.sent == []
    assert statuses(engine) == ["unknown"] and box.messages() == []


def test_resolved_and_reopened_alerts_and_switched_off_rules(with_smtp, settings, engine, clock):
    s = with_smtp(1)
    rule = make_rule(engine, clock)
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    clock.advance(timedelta(hours=1))
    new, resolved = service.record(engine, rule, [], s, clock.now())
    assert (new, resolved) == ([], 1)
    with engine.connect() as conn:
        (alert,) = service.list_alerts(conn)
    assert alert.state == "resolved" and alert.resolved_at == clock.now()
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    with engine.begin() as conn:
        assert service.list_alerts(conn, state="open")[0].id == alert.id
        service.set_active(conn, rule.id, False, clock.now())
        assert service.list_alerts(conn, state="open") == []


def test_built_in_rules_are_installed_once_and_stay_as_edited(settings, engine, clock):
    with engine.begin() as conn:
        assert service.install_builtin(conn, clock.now()) == 7
        rules = {r.key: r for r in service.list_rules(conn)}
        service.set_active(conn, rules["csat_drop"].id, False, clock.now())
        edited = rules["csat_below_60"]
        service.save_rule(conn, Rule(**{**edited.__dict__, "value": 70.0}), clock.now())
        assert service.install_builtin(conn, clock.now()) == 0
        again = {r.key: r for r in service.list_rules(conn)}
    assert not again["csat_drop"].active and again["csat_below_60"].value == 70.0
    assert len(again) == 7


def test_notifications_are_due_now_outside_quiet_hours(with_smtp, settings, clock):
    s = with_smtp(1)
    assert service.notify_at("warning", clock.now(), s) == clock.now()
    night = clock.now().replace(hour=20)  # 03:00 in Bangkok
    assert service.notify_at("critical", night, s) == night
    assert service.notify_at("warning", night, s) == night + timedelta(hours=4)  # 07:00 local
    with_none = with_smtp(1, alert_quiet_hours="")
    assert service.notify_at("info", night, with_none) == night


def test_notifications_not_yet_due_wait(with_smtp, settings, engine, clock):
    s = with_smtp(1, alert_recipients="ops@example.com")
    rule = make_rule(engine, clock)
    service.record(engine, rule, [finding("2025-10-06")], s, clock.now())
    with engine.begin() as conn:
        conn.execute(update(alert_notifications).values(due_at=clock.now() + timedelta(days=1)))
    assert delivery.deliver_due(engine, s, clock).sent == []

"""Rules on the demo company's data (2025, times in Bangkok): an injected spike is found, a
normal week raises nothing, the outage week's CSAT fires the seed's threshold."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from cxm.alerts import service
from cxm.alerts.rules import BUILT_IN, Rule
from cxm.analytics.replica import Replica
from cxm.channels.registry import senders
from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db.engine import get_engine
from cxm.importers.service import import_file
from cxm.worker import run_jobs
from helpers.databases import make_settings
from helpers.demo import load_demo
from helpers.files import write_csv

BUILT = {r.key: r for r in BUILT_IN}
# Wednesday 15 October 2025, 10:00-11:00 in Bangkok (03:00-04:00 UTC), a usual working hour
SPIKE_HOUR = datetime(2025, 10, 15, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo data once for the module (SQLite; the rules' storage is tested on both)."""
    tmp = tmp_path_factory.mktemp("demo")
    s = make_settings(f"sqlite:///{tmp / 'cxm.db'}", tmp, CXM_TIMEZONE="Asia/Bangkok")
    load_demo(s, tmp / "files")
    return s


def spikes_between(s: Settings, first: datetime, last: datetime) -> list[service.Finding]:
    """Every spike the built-in rule finds checking each hour from `first` to `last`."""
    found: dict[str, service.Finding] = {}
    rule = dataclasses.replace(BUILT["ticket_spike"], id=1)
    with Replica(s).fresh() as con:
        now = first
        while now <= last:
            for f in service.spike_findings(con, rule, s, now):
                found[f.subject] = f
            now += timedelta(hours=service.LOOKBACK_HOURS)
    return list(found.values())


def test_a_normal_week_raises_no_spike(demo):
    # Monday 6 to Sunday 12 October 2025, every hour
    start = datetime(2025, 10, 5, 17, 0, tzinfo=UTC)  # Monday 00:00 in Bangkok
    assert spikes_between(demo, start, start + timedelta(days=7)) == []


def test_the_outage_is_a_spike(demo):
    # the June outage begins on Monday 9 June: the first hours bring a surge of tickets
    start = datetime(2025, 6, 8, 17, 0, tzinfo=UTC)
    found = spikes_between(demo, start, start + timedelta(days=2))
    assert found, "the outage's first day should stand out"
    assert all(f.subject.startswith("2025-06-") for f in found)


def test_an_injected_spike_is_found_alerted_once_and_resolved(demo, tmp_path):
    s = dataclasses.replace(demo, database_url=demo.database_url)
    write_csv(
        tmp_path / "surge.csv",
        ["ticket_id", "customer_id", "channel", "category", "priority", "created_at"],
        [
            (
                f"SURGE-{i}",
                "",
                "live_chat",
                "technical",
                "high",
                (SPIKE_HOUR + timedelta(seconds=55 * i)).isoformat().replace("+00:00", "Z"),
            )
            for i in range(60)
        ],
    )
    import_file(s, "tickets", tmp_path / "surge.csv")
    engine = get_engine(s.database_url)
    clock = FrozenClock(SPIKE_HOUR + timedelta(hours=1, minutes=2))
    with engine.begin() as conn:
        service.install_builtin(conn, clock.now())
        for rule in service.list_rules(conn):
            if rule.key != "ticket_spike":
                service.set_active(conn, rule.id, False, clock.now())
        # a rule on the chat channel only finds it too
        service.save_rule(
            conn,
            Rule(None, "Chat spike", "spike", "ticket_volume", segment={"channel": ("live_chat",)}),
            clock.now(),
        )
    first = service.evaluate(engine, s, clock)
    assert sorted(first.checked) == ["Chat spike", "Ticket volume spike"]
    assert len(first.raised) == 2
    with engine.connect() as conn:
        alerts = service.list_alerts(conn, state="open")
    assert {a.subject for a in alerts} == {"2025-10-15T10:00"}
    whole = next(a for a in alerts if a.rule_name == "Ticket volume spike")
    assert whole.value >= 60 and whole.reference < 5
    assert "between 10:00 and 11:00 on Wed 2025-10-15" in whole.summary
    assert whole.link == "/dashboard/trends?from=2025-10-15&to=2025-10-15&grain=day"
    chat = next(a for a in alerts if a.rule_name == "Chat spike")
    assert chat.link.endswith("&channel=live_chat")

    # the next checks: nothing new; a rule is checked once per interval
    clock.advance(timedelta(minutes=1))
    assert service.evaluate(engine, s, clock).checked == []
    clock.advance(timedelta(minutes=5))
    assert service.evaluate(engine, s, clock).raised == []
    # three hours later the hour is history: its alerts are resolved
    clock.advance(timedelta(hours=3))
    later = service.evaluate(engine, s, clock)
    assert later.raised == [] and later.resolved == 2


def test_the_outage_week_breaks_the_csat_threshold_and_a_normal_week_does_not(demo, tmp_path):
    s = make_settings(demo.database_url, tmp_path, CXM_TIMEZONE="Asia/Bangkok")
    rule = dataclasses.replace(BUILT["csat_below_60"], id=1)
    drop = dataclasses.replace(BUILT["csat_drop"], id=2, period="month")
    with Replica(s).fresh() as con:
        # checked on Monday 16 June: the last complete week is the outage week (9-15 June)
        outage = service.findings(con, rule, s, datetime(2025, 6, 16, 3, tzinfo=UTC))
        # June against May, checked on 1 July
        fell = service.findings(con, drop, s, datetime(2025, 7, 1, 3, tzinfo=UTC))
        steady = service.findings(con, drop, s, datetime(2025, 10, 1, 3, tzinfo=UTC))
        normal = service.findings(con, rule, s, datetime(2025, 10, 13, 3, tzinfo=UTC))
    (f,) = outage
    assert f.subject == "2025-06-09" and f.value < 60 and f.details["n"] >= 20
    assert f.link == "/dashboard?from=2025-06-09&to=2025-06-15&grain=week"
    assert "Customer satisfaction (CSAT) was 5" in f.summary
    (moved,) = fell
    assert moved.subject == "2025-06-01" and moved.details["z"] < -1.96
    assert moved.reference > moved.value
    assert normal == [] and steady == []


def test_loyalty_shares_against_the_seeds_thresholds(demo, tmp_path):
    s = make_settings(demo.database_url, tmp_path, CXM_TIMEZONE="Asia/Bangkok")
    churners = dataclasses.replace(BUILT["churners_above_5"], id=1)
    wildcards = dataclasses.replace(BUILT["wildcards_above_80"], id=2)
    with Replica(s).fresh() as con:
        # 21 June 2025: 7 % of the placed customers are churners after the outage
        found = service.findings(con, churners, s, datetime(2025, 6, 21, 3, tzinfo=UTC))
        assert service.findings(con, wildcards, s, datetime(2025, 6, 21, 3, tzinfo=UTC)) == []
    (f,) = found
    assert 5 < f.value < 10 and f.details["placed"] > 100
    assert f.subject == "week of 2025-06-16"
    assert f.summary.startswith("Churners are ")


def test_a_rule_on_an_unknown_segment_is_reported_and_others_still_run(demo, tmp_path):
    s = make_settings(demo.database_url, tmp_path, CXM_TIMEZONE="Asia/Bangkok")
    engine = get_engine(s.database_url)
    clock = FrozenClock(datetime(2025, 6, 16, 3, tzinfo=UTC))
    with engine.begin() as conn:
        service.install_builtin(conn, clock.now())
        for rule in service.list_rules(conn):  # as installed, whatever other tests did
            service.set_active(conn, rule.id, rule.key is not None, clock.now())
        service.save_rule(
            conn,
            Rule(None, "Bad", "threshold", "csat", "<", 90.0, segment={"nothing": ("x",)}),
            clock.now(),
        )
    report = service.evaluate(engine, s, clock, force=True)
    assert any(e.startswith("Bad: ") for e in report.errors)
    assert "CSAT below 60 %" in report.checked
    assert report.raised


def test_the_worker_checks_the_rules_and_mails_the_spike(demo, tmp_path, mailbox):
    box, port = mailbox
    s = dataclasses.replace(
        demo,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        base_url="http://cxm.test",
        alert_recipients="oncall@example.com",
    )
    hour = datetime(2025, 11, 12, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Bangkok
    write_csv(
        tmp_path / "surge.csv",
        ["ticket_id", "channel", "created_at"],
        [(f"NOV-{i}", "email", (hour + timedelta(seconds=50 * i)).isoformat()) for i in range(60)],
    )
    import_file(s, "tickets", tmp_path / "surge.csv")
    engine = get_engine(s.database_url)
    clock = FrozenClock(hour + timedelta(hours=1, minutes=1))
    with engine.begin() as conn:
        service.install_builtin(conn, clock.now())
        for rule in service.list_rules(conn):
            service.set_active(conn, rule.id, rule.key == "ticket_spike", clock.now())
    run_jobs(engine, s, clock, senders(s))
    (mail,) = [m for m in box.messages() if m["To"] == "oncall@example.com"]
    assert mail["Subject"] == "[cxm] Critical alert: Ticket volume spike"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "between 10:00 and 11:00 on Wed 2025-11-12" in text
    assert "http://cxm.test/dashboard/trends?from=2025-11-12&to=2025-11-12&grain=day" in text
    clock.advance(timedelta(minutes=10))
    run_jobs(engine, s, clock, senders(s))
    assert len([m for m in box.messages() if m["To"] == "oncall@example.com"]) == 1

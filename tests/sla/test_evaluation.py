"""The clocks of a ticket's targets: met, at risk, breached, paused; reopening; the default
policy of the hosting seed; business hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cxm.sla.calendars import Calendar, parse_holidays, parse_hours
from cxm.sla.evaluation import Event, derived_events, evaluate
from cxm.sla.policies import DEFAULT_POLICIES, Policy, Snapshot, choose

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
CRITICAL, STANDARD = (p.snapshot() for p in DEFAULT_POLICIES)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_seeds_default_policy():
    assert choose(DEFAULT_POLICIES, "critical", "email", None).name == "critical"
    assert choose(DEFAULT_POLICIES, "low", None, None).name == "standard"
    assert (CRITICAL.first_response_minutes, CRITICAL.resolution_minutes) == (15, 60)
    assert (STANDARD.first_response_minutes, STANDARD.resolution_minutes) == (15, 24 * 60)


def test_a_critical_ticket_goes_at_risk_then_breached():
    events = [Event(T0, "created", "open"), Event(at(10), "first_response")]
    early = evaluate(events, CRITICAL, at(30))
    assert early.get("first_response").state == "met"
    assert early.get("first_response").elapsed_s == 600
    resolution = early.get("resolution")
    assert resolution.state == "running"
    assert resolution.due_at == at(60)
    assert resolution.at_risk_at == at(48)  # 80 % of the hour
    assert evaluate(events, CRITICAL, at(48)).get("resolution").state == "at_risk"
    late = evaluate(events, CRITICAL, at(61)).get("resolution")
    assert late.state == "breached" and late.breached_at == at(60)
    # resolving it later does not undo the breach
    done = evaluate([*events, Event(at(70), "resolved", "resolved")], CRITICAL, at(200))
    assert done.get("resolution").state == "breached"
    assert done.get("resolution").stopped_at == at(70)


def test_an_unanswered_ticket_breaches_its_first_response():
    clocks = evaluate([Event(T0, "created", "open")], STANDARD, at(16))
    assert clocks.get("first_response").state == "breached"
    assert clocks.get("resolution").state == "running"
    assert clocks.worst == "breached"


def test_waiting_on_the_customer_pauses_the_resolution_clock():
    events = [
        Event(T0, "created", "open"),
        Event(at(5), "first_response"),
        Event(at(120), "status", "pending"),
        Event(at(30 * 60), "status", "open"),
    ]
    paused = evaluate(events, STANDARD, at(20 * 60)).get("resolution")
    assert paused.state == "paused" and paused.elapsed_s == 2 * 3600
    assert paused.due_at is None
    assert paused.wall_s == 20 * 3600
    resumed = evaluate(events, STANDARD, at(31 * 60)).get("resolution")
    assert resumed.state == "running" and resumed.elapsed_s == 3 * 3600
    assert resumed.due_at == at(30 * 60 + 22 * 60)  # the 22 hours left, from the resumption


def test_a_resolved_ticket_keeps_its_time_and_a_reopened_one_resumes():
    events = [
        Event(T0, "created", "open"),
        Event(at(5), "first_response"),
        Event(at(5 * 60), "resolved", "resolved"),
    ]
    done = evaluate(events, STANDARD, at(40 * 60))
    assert done.resolved and done.get("resolution").state == "met"
    assert done.get("resolution").elapsed_s == 5 * 3600  # stopped at resolution
    assert done.get("resolution").wall_s == 5 * 3600
    reopened = [*events, Event(at(40 * 60), "reopened", "open")]
    again = evaluate(reopened, STANDARD, at(50 * 60))
    assert again.reopened == 1 and not again.resolved
    assert again.get("resolution").state == "running"
    assert again.get("resolution").elapsed_s == 15 * 3600  # the resolved time not counted
    assert again.get("first_response").state == "met"  # answered once, it stays answered
    assert evaluate(reopened, STANDARD, at(60 * 60)).get("resolution").state == "breached"


def test_resolved_without_a_response_counts_as_answered_then():
    events = [Event(T0, "created", "open"), Event(at(12), "status", "resolved")]
    clocks = evaluate(events, STANDARD, at(100))
    assert clocks.get("first_response").state == "met"
    assert clocks.get("first_response").stopped_at == at(12)


def test_events_after_now_are_not_known_yet():
    events = [Event(T0, "created", "open"), Event(at(10), "first_response")]
    assert evaluate(events, STANDARD, at(5)).get("first_response").state == "running"


def test_derived_events_of_an_imported_ticket():
    events = derived_events(T0, at(20), at(600), "closed")
    clocks = evaluate(events, STANDARD, at(5000))
    assert clocks.get("first_response").state == "breached"
    assert clocks.get("resolution").state == "met"


def test_business_hours_policy_across_a_weekend_and_dst():
    ny = ZoneInfo("America/New_York")
    cal = Calendar("America/New_York", parse_hours("mon-fri 09:00-17:00"), name="office")
    snap = Policy("office", 60, 8 * 60, calendar=cal).snapshot()
    opened = datetime(2025, 10, 31, 16, 30, tzinfo=ny)  # Friday, half an hour before closing
    events = [Event(opened.astimezone(UTC), "created", "open")]
    saturday = evaluate(events, snap, datetime(2025, 11, 1, 12, tzinfo=ny))
    first = saturday.get("first_response")
    assert first.state == "running" and first.elapsed_s == 1800
    assert first.wall_s == 19.5 * 3600
    # Sunday 2 November the clocks went back; Monday opens at 9:00 EST
    assert first.due_at == datetime(2025, 11, 3, 9, 30, tzinfo=ny).astimezone(UTC)
    monday = evaluate(events, snap, datetime(2025, 11, 3, 9, 20, tzinfo=ny))
    assert monday.get("first_response").state == "at_risk"  # 50 of 60 minutes used


def test_a_holiday_is_not_counted():
    berlin = ZoneInfo("Europe/Berlin")
    cal = Calendar(
        "Europe/Berlin", parse_hours("mon-fri 09:00-17:00"), parse_holidays("2025-12-25")
    )
    snap = Policy("office", 60, 16 * 60, calendar=cal).snapshot()
    opened = datetime(2025, 12, 24, 16, 0, tzinfo=berlin)
    events = [
        Event(opened, "created", "open"),
        Event(opened + timedelta(minutes=5), "first_response"),
    ]
    clocks = evaluate(events, snap, datetime(2025, 12, 26, 10, 0, tzinfo=berlin))
    assert clocks.get("resolution").elapsed_s == 2 * 3600  # Wednesday 1 h + Friday 1 h


def test_snapshot_survives_storage():
    cal = Calendar("Asia/Bangkok", parse_hours("mon-sat 08:00-20:00"), parse_holidays("2025-04-14"))
    snap = Policy("vip", 10, 120, plan="vip", calendar=cal, at_risk_share=0.5).snapshot()
    assert Snapshot.from_json(snap.to_json()) == snap


def test_most_specific_policy_wins():
    policies = [
        Policy("any", 15, 1440, position=1),
        Policy("chat", 5, 1440, channel="chat", position=2),
        Policy("chat vip", 2, 240, channel="chat", plan="vip", position=3),
        Policy("critical", 15, 60, priority="critical", position=1),
    ]
    assert choose(policies, "normal", "chat", "VIP").name == "chat vip"
    assert choose(policies, "normal", "chat", "basic").name == "chat"
    assert choose(policies, "critical", "chat", None).name == "critical"  # same, lower position
    assert choose(policies, None, None, None).name == "any"


def test_durations_of_targets_are_read_like_people_write_them():
    import pytest

    from cxm.sla.policies import PolicyError, parse_duration

    assert [parse_duration(t) for t in ("15m", "1h", "1h30m", "2d", "90")] == [
        15,
        60,
        90,
        2880,
        90,
    ]
    for bad in ("soon", "0m", "1x", "-5"):
        with pytest.raises(PolicyError):
            parse_duration(bad)


def test_an_answer_stamped_before_the_creation_counts_at_the_creation():
    events = [Event(at(0), "created", "open"), Event(at(-2), "first_response")]
    first = evaluate(events, STANDARD, at(30)).get("first_response")
    assert first.state == "met" and first.elapsed_s == 0


def test_a_ticket_stamped_ahead_of_now_has_its_clocks_at_their_start():
    # another system's clock runs ahead: the ticket arrives "created" in five minutes
    clocks = evaluate([Event(at(5), "created", "open")], CRITICAL, T0)
    assert [(c.target, c.state, c.elapsed_s) for c in clocks.targets] == [
        ("first_response", "running", 0),
        ("resolution", "running", 0),
    ]
    assert clocks.get("resolution").due_at == at(65)

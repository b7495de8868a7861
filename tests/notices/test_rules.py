"""The pure parts: who is affected, what is due when, which chart points an incident covers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cxm.notices import marks, schedule
from cxm.notices.audience import Audience, AudienceError, address_of, opted_out

T = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)


def test_audience_filters_columns_and_attributes():
    who = Audience.parse("plan=vps, dedicated\nattributes.datacenter = BKK1 ; region=TH")
    assert who.filters == {
        "plan": ("vps", "dedicated"),
        "datacenter": ("BKK1",),
        "region": ("TH",),
    }
    assert Audience.from_json(who.to_json()) == who
    row = {"plan": " VPS ", "region": "th", "attributes": '{"datacenter": "bkk1"}'}
    assert who.matches(row)
    assert not who.matches({**row, "attributes": '{"datacenter": "SGP1"}'})
    assert not who.matches({**row, "attributes": None})
    assert Audience.parse("product=vps").matches({"attributes": '{"product": ["web", "vps"]}'})
    everyone = Audience.parse(" everyone ")
    assert everyone.everyone and everyone.matches({}) and everyone.describe() == "everyone"
    for bad in ("plan", "=vps", "plan=", "bad key=1"):
        with pytest.raises(AudienceError):
            Audience.parse(bad)


def test_opt_out_and_addresses():
    assert opted_out({"attributes": '{"notices": "Off"}'})
    assert opted_out({"attributes": {"unsubscribed": "yes"}})
    assert not opted_out({"attributes": '{"notices": "yes"}'})
    assert not opted_out({"attributes": "not json"})
    assert address_of({"email": " a@example.com "}) == "a@example.com"
    assert address_of({"email": "a@example.com, b@example.com"}) is None
    assert address_of({"email": None}) is None


def test_reminder_is_due_from_start_minus_lead_until_the_start():
    lead = timedelta(hours=24)
    start = T + timedelta(days=2)

    def due(now: datetime, created: datetime = T, status: str = "scheduled") -> bool:
        return schedule.reminder_due(
            status=status,
            created_at=created,
            starts_at=start,
            reminder_queued=False,
            now=now,
            lead=lead,
        )

    assert not due(start - lead - timedelta(seconds=1))
    assert due(start - lead)
    assert due(start - timedelta(seconds=1))
    assert not due(start)
    assert not due(start - lead, created=start - lead)  # published inside the lead time
    assert not due(start - lead, status="in_progress")
    assert schedule.reminder_missed(
        status="scheduled", created_at=start - timedelta(hours=1), starts_at=start, now=T, lead=lead
    )


def test_statuses_retries_and_languages():
    assert schedule.initial_status("maintenance", T + timedelta(hours=1), T) == "scheduled"
    assert schedule.initial_status("maintenance", T, T) == "in_progress"
    assert schedule.initial_status("incident", T + timedelta(hours=1), T) == "in_progress"
    assert schedule.effective_status("scheduled", T, T) == "in_progress"
    assert schedule.check_status("In progress") == "in_progress"
    with pytest.raises(schedule.NoticeError):
        schedule.check_change("resolved", "monitoring")
    with pytest.raises(schedule.NoticeError):
        schedule.check_times(T, T - timedelta(minutes=1))
    delays = [schedule.retry_at(n, T) for n in range(1, schedule.MAX_ATTEMPTS + 1)]
    assert [d - T for d in delays[:3] if d] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert delays[-1] is None
    texts = {"en": 1, "km": 2}
    assert schedule.text_language("km-KH", texts, "en") == "km"
    assert schedule.text_language("th", texts, "en") == "en"
    assert schedule.text_language(None, {"vi": 1}, "en") == "vi"
    assert schedule.update_id_of(schedule.update_stage(12)) == 12
    assert schedule.update_id_of("resolved") is None
    recent = timedelta(days=7)
    assert schedule.listing("monitoring", None, T, recent) == schedule.Listed(True, False)
    assert schedule.listing("resolved", T - timedelta(days=6), T, recent) == schedule.Listed(
        False, True
    )
    assert schedule.listing("resolved", T - timedelta(days=8), T, recent) is None


def test_incident_ranges_on_chart_periods():
    days = [date(2025, 6, d) for d in range(1, 11)]
    # an incident from 23:30 UTC on 3 June = 4 June in Bangkok, to 5 June
    zone = ZoneInfo("Asia/Bangkok")
    span = marks.local_days(
        datetime(2025, 6, 3, 23, 30, tzinfo=UTC), datetime(2025, 6, 5, 2, tzinfo=UTC), T, zone
    )
    assert span == (date(2025, 6, 4), date(2025, 6, 5))
    assert marks.incident_ranges(days, days, [span]) == [(3, 4)]
    later = (date(2025, 6, 6), date(2025, 6, 6))
    far = (date(2025, 6, 9), date(2025, 6, 20))
    assert marks.incident_ranges(days, days, [far, span, later]) == [(3, 5), (8, 9)]
    assert marks.shade(marks.incident_ranges(days, days, [span, far])) == (8, 9)
    assert marks.shade([]) is None
    months = ["2025-05-01", "2025-06-01", "2025-07-01"]
    starts, ends = marks.period_bounds(
        months, lambda d: date(d.year, d.month + 1, 1), date(2025, 7, 15)
    )
    assert ends == [date(2025, 5, 31), date(2025, 6, 30), date(2025, 7, 15)]
    assert marks.incident_ranges(starts, ends, [span]) == [(1, 1)]
    open_span = marks.local_days(datetime(2025, 7, 10, tzinfo=UTC), None, T, zone)
    assert open_span == (date(2025, 7, 10), date(2025, 7, 10))  # never before its start


def test_every_text_is_translated():
    from cxm.i18n.catalogue import LANGUAGES
    from cxm.i18n.notices import NOTICES
    from cxm.notices.messages import MAIL

    for lang in LANGUAGES:
        assert NOTICES.missing(lang) == [], lang
        assert MAIL.missing(lang) == [], lang

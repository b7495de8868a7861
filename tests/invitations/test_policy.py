"""Quiet hours and contact limits (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.invitations.policy import ContactHistory, QuietHours, suppression_reason

BANGKOK = ZoneInfo("Asia/Bangkok")  # UTC+7, no DST
BERLIN = ZoneInfo("Europe/Berlin")  # DST


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_parse():
    q = QuietHours.parse("21:00-08:00")
    assert q == QuietHours(time(21), time(8))
    assert QuietHours.parse("") is None
    with pytest.raises(ValueError, match="HH:MM"):
        QuietHours.parse("9pm to 8am")


def test_overnight_window_moves_to_the_morning():
    q = QuietHours(time(21), time(8))
    # 15:00 UTC = 22:00 in Bangkok: quiet until 08:00 the next morning = 01:00 UTC
    assert q.next_allowed(utc(2025, 3, 3, 15), BANGKOK) == utc(2025, 3, 4, 1)
    # 20:00 UTC = 03:00 in Bangkok, after midnight: same morning
    assert q.next_allowed(utc(2025, 3, 3, 20), BANGKOK) == utc(2025, 3, 4, 1)
    # 05:00 UTC = 12:00 in Bangkok: no wait
    assert q.next_allowed(utc(2025, 3, 3, 5), BANGKOK) == utc(2025, 3, 3, 5)


def test_daytime_window():
    q = QuietHours(time(12), time(13))
    assert q.next_allowed(utc(2025, 3, 3, 5, 30), BANGKOK) == utc(2025, 3, 3, 6)


def test_quiet_hours_across_a_dst_change():
    q = QuietHours(time(21), time(8))
    # the night of 29-30 March 2025 in Berlin: clocks go from 02:00 to 03:00
    # 21:30 local (20:30 UTC, CET) -> 08:00 local CEST = 06:00 UTC
    assert q.next_allowed(utc(2025, 3, 29, 20, 30), BERLIN) == utc(2025, 3, 30, 6)


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 1)))
def test_next_allowed_is_never_quiet_and_never_earlier(naive):
    q = QuietHours(time(21), time(8))
    when = naive.replace(tzinfo=UTC)
    allowed = q.next_allowed(when, BERLIN)
    assert allowed >= when
    assert not q.contains(allowed.astimezone(BERLIN).time())
    assert allowed - when <= timedelta(hours=12)


def test_contact_limit_and_recontact_period():
    now = utc(2025, 3, 10)
    assert suppression_reason(now, ContactHistory(None, None), 7, 30) is None
    recent = ContactHistory(utc(2025, 3, 5), None)
    assert "contact limit" in suppression_reason(now, recent, 7, None)
    assert suppression_reason(now, recent, 3, None) is None
    same = ContactHistory(utc(2025, 2, 20), utc(2025, 2, 20))
    assert "recontact period" in suppression_reason(now, same, 7, 30)
    assert suppression_reason(now, same, 7, 14) is None

"""Business-hours arithmetic across weekends, holidays, midnight and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cxm.sla.calendars import (
    ALWAYS,
    Calendar,
    CalendarError,
    format_hours,
    parse_holidays,
    parse_hours,
)

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
BANGKOK = ZoneInfo("Asia/Bangkok")
HOUR = 3600.0


def office(zone: str, holidays: str = "") -> Calendar:
    return Calendar(zone, parse_hours("mon-fri 09:00-17:00"), parse_holidays(holidays), "office")


def test_always_open_counts_every_second():
    start = datetime(2025, 3, 9, 5, 0, tzinfo=UTC)
    assert ALWAYS.seconds_between(start, start + timedelta(hours=30)) == 30 * HOUR
    assert ALWAYS.add(start, 90 * 60) == start + timedelta(minutes=90)
    assert ALWAYS.seconds_between(start, start - timedelta(hours=1)) == 0


def test_friday_afternoon_to_monday_across_the_spring_change_in_new_york():
    cal = office("America/New_York")
    opened = datetime(2025, 3, 7, 16, 0, tzinfo=NY)  # Friday 16:00 EST, 1 hour left
    due = cal.add(opened, 2 * HOUR)
    # Sunday 9 March the clocks went forward; Monday opens at 9:00 EDT (13:00 UTC)
    assert due == datetime(2025, 3, 10, 10, 0, tzinfo=NY).astimezone(UTC)
    assert due == datetime(2025, 3, 10, 14, 0, tzinfo=UTC)
    assert cal.seconds_between(opened, due) == 2 * HOUR


def test_a_local_day_has_23_and_25_hours_on_the_change_days():
    cal = Calendar("America/New_York", None, frozenset({date(2025, 1, 1)}), "24/7 NY")
    spring = datetime(2025, 3, 9, tzinfo=NY), datetime(2025, 3, 10, tzinfo=NY)
    autumn = datetime(2025, 11, 2, tzinfo=NY), datetime(2025, 11, 3, tzinfo=NY)
    assert cal.seconds_between(*spring) == 23 * HOUR
    assert cal.seconds_between(*autumn) == 25 * HOUR
    weekend = Calendar("America/New_York", parse_hours("sat-sun 00:00-24:00"), name="we")
    assert weekend.seconds_between(datetime(2025, 11, 1, tzinfo=NY), autumn[1]) == 49 * HOUR


def test_berlin_night_hours_lose_the_skipped_hour():
    cal = Calendar("Europe/Berlin", parse_hours("sun 01:00-04:00"), name="night")
    day = datetime(2025, 3, 30, tzinfo=BERLIN)
    assert cal.seconds_between(day, day + timedelta(days=1)) == 2 * HOUR  # 2:00-3:00 skipped
    october = datetime(2025, 10, 26, tzinfo=BERLIN)
    assert cal.seconds_between(october, october + timedelta(days=1)) == 4 * HOUR  # 2-3 twice
    # an hour of target from 01:30 local lands at 03:30 local, an hour of real time later
    start = datetime(2025, 3, 30, 1, 30, tzinfo=BERLIN)
    assert cal.add(start, HOUR) - start.astimezone(UTC) == timedelta(hours=1)
    assert cal.add(start, HOUR).astimezone(BERLIN).hour == 3


def test_holidays_are_closed_all_day():
    cal = office("Europe/Berlin", "2025-12-24, 2025-12-25 2025-12-26")
    opened = datetime(2025, 12, 23, 16, 0, tzinfo=BERLIN)  # Tuesday, 1 hour before closing
    due = cal.add(opened, 4 * HOUR)
    assert due.astimezone(BERLIN) == datetime(2025, 12, 29, 12, 0, tzinfo=BERLIN)
    assert cal.seconds_between(opened, datetime(2025, 12, 27, tzinfo=BERLIN)) == HOUR


def test_a_night_shift_across_midnight():
    cal = Calendar("Asia/Bangkok", parse_hours("mon-fri 22:00-24:00; tue-sat 00:00-06:00"))
    opened = datetime(2025, 6, 2, 23, 30, tzinfo=BANGKOK)  # Monday 23:30
    assert cal.add(opened, HOUR).astimezone(BANGKOK) == datetime(2025, 6, 3, 0, 30, tzinfo=BANGKOK)
    assert cal.seconds_between(opened, datetime(2025, 6, 3, 12, tzinfo=BANGKOK)) == 6.5 * HOUR


def test_opened_after_closing_starts_counting_next_morning():
    cal = office("Asia/Bangkok")
    opened = datetime(2025, 6, 2, 23, 0, tzinfo=BANGKOK)
    assert cal.seconds_between(opened, datetime(2025, 6, 3, 8, 59, tzinfo=BANGKOK)) == 0
    assert cal.add(opened, 15 * 60).astimezone(BANGKOK) == datetime(
        2025, 6, 3, 9, 15, tzinfo=BANGKOK
    )
    # a target that ends exactly at closing time is due at closing, not the next morning
    assert cal.add(opened, 8 * HOUR).astimezone(BANGKOK).hour == 17


def test_hours_are_written_back_as_read():
    hours = parse_hours("mon-fri 08:00-12:00,13:00-17:00; sat 10:00-14:00")
    assert format_hours(hours) == (
        "mon 08:00-12:00,13:00-17:00; tue 08:00-12:00,13:00-17:00; "
        "wed 08:00-12:00,13:00-17:00; thu 08:00-12:00,13:00-17:00; "
        "fri 08:00-12:00,13:00-17:00; sat 10:00-14:00"
    )
    assert parse_hours(format_hours(hours)) == hours
    assert parse_hours("24/7") is None and format_hours(None) == "24/7"


@pytest.mark.parametrize(
    "text",
    ["mon-fri", "mon-fri 17:00-09:00", "funday 09:00-17:00", "mon 9-5", "mon 25:00-26:00"],
)
def test_bad_hours_are_refused(text):
    with pytest.raises(CalendarError):
        parse_hours(text)


def test_bad_zone_and_holiday_are_refused():
    with pytest.raises(CalendarError):
        Calendar("Mars/Olympus")
    with pytest.raises(CalendarError):
        parse_holidays("2025-13-01")


def test_day_ranges_wrap_over_the_weekend():
    hours = parse_hours("fri-mon 10:00-12:00")
    assert [bool(day) for day in hours] == [True, False, False, False, True, True, True]

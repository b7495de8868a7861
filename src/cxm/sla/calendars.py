"""Business-hours calendars: when the clock of an SLA may run, and time counted on it.

A calendar is a time zone, opening hours per weekday (local time) and holidays (local dates,
closed all day). Without opening hours it is 24/7: every second counts. Opening hours are
local wall-clock times, so a business day keeps its hours across a daylight-saving change:
9:00-17:00 is 9:00-17:00 on both sides, and a 24-hour day that loses an hour counts 23.

Every function takes and returns timezone-aware datetimes; results are in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
# the farthest a due time is looked for: a calendar open one hour a year still ends somewhere
HORIZON_DAYS = 2 * 366

Span = tuple[int, int]  # minutes from local midnight, start < end <= 1440


class CalendarError(ValueError):
    """A calendar that cannot be used as written."""


@dataclass(frozen=True)
class Calendar:
    """When an SLA clock runs. `hours[i]`: open spans of weekday i (0 = Monday)."""

    timezone: str = "UTC"
    hours: tuple[tuple[Span, ...], ...] | None = None  # None: 24/7
    holidays: frozenset[date] = field(default_factory=frozenset)
    name: str = "24/7"

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise CalendarError(f"{self.timezone!r} is not an IANA time zone") from exc
        if self.hours is not None:
            if len(self.hours) != 7:
                raise CalendarError("opening hours need an entry for each of the 7 weekdays")
            if not any(self.hours):
                raise CalendarError("a business-hours calendar must be open at some time")
            for spans in self.hours:
                for start, end in spans:
                    if not 0 <= start < end <= MINUTES_PER_DAY:
                        raise CalendarError(f"invalid opening span {start}-{end} (minutes)")

    @property
    def always_open(self) -> bool:
        return self.hours is None and not self.holidays

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def open_spans(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open periods (UTC) that overlap [start, end), in time order, clipped to it."""
        _aware(start, end)
        if end <= start:
            return
        if self.always_open:
            yield start.astimezone(UTC), end.astimezone(UTC)
            return
        zone = self.zone
        day = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date()
        while day <= last:
            for a, b in self._day_spans(day, zone):
                lo, hi = max(a, start), min(b, end)
                if lo < hi:
                    yield lo.astimezone(UTC), hi.astimezone(UTC)
            day += timedelta(days=1)

    def _day_spans(self, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
        if day in self.holidays:
            return []
        if self.hours is None:
            spans: tuple[Span, ...] = ((0, MINUTES_PER_DAY),)
        else:
            spans = self.hours[day.weekday()]
        return [(_local(day, a, zone), _local(day, b, zone)) for a, b in spans]

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Open time between two instants, in seconds (0 when end is not after start)."""
        return sum((b - a).total_seconds() for a, b in self.open_spans(start, end))

    def add(self, start: datetime, seconds: float) -> datetime:
        """The instant at which `seconds` of open time have passed since `start`.

        With seconds = 0 it is the first open instant at or after `start`; a time that ends
        exactly at closing is the closing time, not the next opening."""
        _aware(start)
        if self.always_open:
            return (start + timedelta(seconds=seconds)).astimezone(UTC)
        left = max(seconds, 0.0)
        horizon = start + timedelta(days=HORIZON_DAYS)
        for a, b in self.open_spans(start, horizon):
            span = (b - a).total_seconds()
            if left <= span:
                return (a + timedelta(seconds=left)).astimezone(UTC)
            left -= span
        raise CalendarError(f"calendar {self.name!r} has no open time in {HORIZON_DAYS} days")

    def describe_hours(self) -> str:
        """The opening hours as written in a calendar's settings (`24/7` when always open)."""
        return format_hours(self.hours)


def _aware(*values: datetime) -> None:
    for v in values:
        if v.tzinfo is None:
            raise ValueError(f"a timezone-aware datetime is required, got {v!r}")


def _local(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    """Local wall-clock time `minutes` after midnight of `day`, as an aware datetime.

    24:00 is the next midnight. A time skipped by a daylight-saving change (2:30 on the
    spring-forward night) is read with the offset before the change, i.e. as the instant the
    clocks jumped over it; a repeated time (the autumn night) is its first occurrence."""
    if minutes >= MINUTES_PER_DAY:
        day, minutes = day + timedelta(days=1), minutes - MINUTES_PER_DAY
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    # normalise through UTC so that a skipped local time becomes a real instant
    return local.astimezone(UTC)


_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def parse_hours(text: str) -> tuple[tuple[Span, ...], ...] | None:
    """Opening hours from text: `mon-fri 09:00-17:00; sat 10:00-14:00`, several spans of a
    day separated by commas (`mon-fri 08:00-12:00,13:00-17:00`), `24:00` for midnight at the
    end of a day. Empty or `24/7`: always open (None). A night shift crossing midnight is two
    spans: `mon-fri 22:00-24:00; tue-sat 00:00-06:00`."""
    text = text.strip()
    if text.lower() in ("", "24/7", "24x7"):
        return None
    week: list[list[Span]] = [[] for _ in DAYS]
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        days_text, _, spans_text = part.partition(" ")
        if not spans_text.strip():
            raise CalendarError(f"{part!r}: expected days and hours, e.g. 'mon-fri 09:00-17:00'")
        days = _days(days_text.lower())
        for span_text in spans_text.replace(" ", "").split(","):
            match = _SPAN.match(span_text)
            if match is None:
                raise CalendarError(f"{span_text!r}: expected hours like 09:00-17:00")
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
                raise CalendarError(f"{span_text!r}: not a time of day")
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if end <= start:
                raise CalendarError(
                    f"{span_text!r}: ends before it starts; write a night across midnight "
                    "as two spans (22:00-24:00 and 00:00-06:00 of the next day)"
                )
            for d in days:
                week[d].append((start, end))
    merged = tuple(_merge(spans) for spans in week)
    if not any(merged):
        raise CalendarError("the opening hours open on no day")
    return merged


def _days(text: str) -> list[int]:
    result: list[int] = []
    for piece in text.split(","):
        first, sep, last = piece.partition("-")
        if first not in DAYS or (sep and last not in DAYS):
            raise CalendarError(f"{piece!r}: expected days like mon, mon-fri or sat,sun")
        a = DAYS.index(first)
        b = DAYS.index(last) if sep else a
        i = a
        while True:  # mon-fri, or a range across the week's end such as fri-mon
            result.append(i)
            if i == b:
                break
            i = (i + 1) % 7
    return result


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def format_hours(hours: tuple[tuple[Span, ...], ...] | None) -> str:
    if hours is None:
        return "24/7"
    parts = []
    for d, spans in enumerate(hours):
        if spans:
            text = ",".join(f"{_hm(a)}-{_hm(b)}" for a, b in spans)
            parts.append(f"{DAYS[d]} {text}")
    return "; ".join(parts)


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_holidays(values: list[str] | str) -> frozenset[date]:
    """Holidays from ISO dates (a list, or text separated by commas or spaces)."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[,\s]+", values) if v]
    days = set()
    for v in values:
        try:
            days.add(date.fromisoformat(v.strip()))
        except ValueError as exc:
            raise CalendarError(f"holiday {v!r}: expected a date like 2025-12-25") from exc
    return frozenset(days)


ALWAYS = Calendar()

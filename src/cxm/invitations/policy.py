"""When a survey may be sent (pure functions): quiet hours and contact limits.

Quiet hours are local to the customer (their `timezone`, else the reporting zone). Contact
limits are kept on the server, over every survey and channel: a person who was sent a survey
in the last N days is not sent another one; a survey's own recontact period keeps one person
from getting the same survey again too soon. Both are reported as the reason an invitation
was suppressed, so admins can see which rule applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    start: time  # e.g. 21:00
    end: time  # e.g. 08:00 (the next morning when end < start)

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """'21:00-08:00' -> QuietHours; '' -> None (no quiet hours)."""
        text = text.strip()
        if not text:
            return None
        try:
            a, b = (part.strip() for part in text.split("-"))
            return cls(time.fromisoformat(a), time.fromisoformat(b))
        except ValueError as exc:
            raise ValueError(
                f"quiet hours {text!r}: expected HH:MM-HH:MM, e.g. 21:00-08:00"
            ) from exc

    def contains(self, local: time) -> bool:
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, when: datetime, zone: ZoneInfo) -> datetime:
        """`when` if outside quiet hours, else the end of the quiet period (in UTC)."""
        local = when.astimezone(zone)
        if not self.contains(local.time().replace(tzinfo=None)):
            return when
        end_day = local.date()
        if self.start > self.end and local.time() >= self.start:
            end_day += timedelta(days=1)
        # a wall-clock time in the zone: ZoneInfo settles the DST gaps and repeats
        end = datetime.combine(end_day, self.end, tzinfo=zone)
        return end.astimezone(when.tzinfo)


@dataclass(frozen=True)
class ContactHistory:
    last_any: datetime | None  # the last survey sent to this person, any survey
    last_same: datetime | None  # the last time this survey was sent to them


def suppression_reason(
    now: datetime, history: ContactHistory, contact_days: int, recontact_days: int | None
) -> str | None:
    """Why this invitation must not be sent now, or None when it may be."""
    if (
        recontact_days
        and history.last_same
        and now - history.last_same < timedelta(days=recontact_days)
    ):
        return (
            f"recontact period: this survey was sent to them on {history.last_same:%Y-%m-%d} "
            f"(survey's period: {recontact_days} days)"
        )
    if contact_days and history.last_any and now - history.last_any < timedelta(days=contact_days):
        return (
            f"contact limit: they were sent a survey on {history.last_any:%Y-%m-%d} "
            f"(at most one every {contact_days} days)"
        )
    return None

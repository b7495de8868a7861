"""SLA policies: the targets a ticket must meet, and which policy a ticket falls under.

A policy names its targets (minutes to the first response, minutes to resolution; either may
be absent), the calendar on which they are counted, the statuses that pause the clock and
the share of a target after which a ticket is "at risk". It applies to tickets of a priority,
a channel and a customer plan; a criterion left empty matches anything. Of the policies that
match a ticket, the most specific wins (the one with most criteria), then the lower position.

A ticket keeps a snapshot of its policy from the moment it opened (`Snapshot`), so editing a
policy later changes only the tickets that open afterwards.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from cxm.sla.calendars import ALWAYS, Calendar, CalendarError, format_hours, parse_hours

TARGETS = ("first_response", "resolution")
DEFAULT_PAUSE_STATUSES = ("pending", "waiting")
DEFAULT_AT_RISK_SHARE = 0.8


class PolicyError(ValueError):
    """A policy that cannot be used as written; `field` names the setting at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Policy:
    name: str
    first_response_minutes: float | None
    resolution_minutes: float | None
    priority: str | None = None
    channel: str | None = None
    plan: str | None = None
    calendar: Calendar = ALWAYS
    pause_statuses: tuple[str, ...] = DEFAULT_PAUSE_STATUSES
    at_risk_share: float = DEFAULT_AT_RISK_SHARE
    position: int = 100
    id: int | None = None  # its row in sla_policies; None for a built-in default

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PolicyError("a policy needs a name", "name")
        for target in TARGETS:
            minutes = self.target_minutes(target)
            if minutes is not None and not minutes > 0:
                raise PolicyError(
                    f"policy {self.name!r}: a target must be more than 0 minutes",
                    f"{target}_minutes",
                )
        if self.first_response_minutes is None and self.resolution_minutes is None:
            raise PolicyError(
                f"policy {self.name!r}: give at least one target", "first_response_minutes"
            )
        if not 0 < self.at_risk_share < 1:
            raise PolicyError(
                f"policy {self.name!r}: the at-risk share must be more than 0 % and less than "
                "100 % of a target",
                "at_risk_share",
            )

    @property
    def specificity(self) -> int:
        return sum(c is not None for c in (self.priority, self.channel, self.plan))

    def matches(self, priority: str | None, channel: str | None, plan: str | None) -> bool:
        pairs = ((self.priority, priority), (self.channel, channel), (self.plan, plan))
        return all(
            want is None or (have is not None and want == have.strip().lower())
            for want, have in pairs
        )

    def target_minutes(self, target: str) -> float | None:
        if target == "first_response":
            return self.first_response_minutes
        return self.resolution_minutes

    def snapshot(self) -> Snapshot:
        return Snapshot(
            policy_id=self.id,
            name=self.name,
            first_response_minutes=self.first_response_minutes,
            resolution_minutes=self.resolution_minutes,
            calendar=self.calendar,
            pause_statuses=self.pause_statuses,
            at_risk_share=self.at_risk_share,
        )


# The seed's service (domain.md section 4): every issue acknowledged at once (a first
# response within 15 minutes), a critical issue resolved within 1 hour, nothing left
# unresolved for more than 24 hours, support around the clock.
DEFAULT_POLICIES: tuple[Policy, ...] = (
    Policy("critical", 15, 60, priority="critical", position=10),
    Policy("standard", 15, 24 * 60, position=100),
)


def choose(
    policies: tuple[Policy, ...] | list[Policy],
    priority: str | None,
    channel: str | None,
    plan: str | None,
) -> Policy | None:
    """The policy of a ticket: the most specific match, then the lowest position."""
    found = [p for p in policies if p.matches(priority, channel, plan)]
    if not found:
        return None
    return min(found, key=lambda p: (-p.specificity, p.position, p.name))


@dataclass(frozen=True)
class Snapshot:
    """The policy a ticket keeps: its targets, calendar and pause statuses as they were."""

    name: str
    first_response_minutes: float | None
    resolution_minutes: float | None
    calendar: Calendar = ALWAYS
    pause_statuses: tuple[str, ...] = DEFAULT_PAUSE_STATUSES
    at_risk_share: float = DEFAULT_AT_RISK_SHARE
    policy_id: int | None = None

    def target_minutes(self, target: str) -> float | None:
        if target == "first_response":
            return self.first_response_minutes
        return self.resolution_minutes

    def to_json(self) -> str:
        cal = self.calendar
        return json.dumps(
            {
                "name": self.name,
                "policy_id": self.policy_id,
                "first_response_minutes": self.first_response_minutes,
                "resolution_minutes": self.resolution_minutes,
                "pause_statuses": list(self.pause_statuses),
                "at_risk_share": self.at_risk_share,
                "calendar": {
                    "name": cal.name,
                    "timezone": cal.timezone,
                    "hours": format_hours(cal.hours),
                    "holidays": sorted(d.isoformat() for d in cal.holidays),
                },
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        data = json.loads(text)
        cal = data["calendar"]
        try:
            calendar = Calendar(
                timezone=cal["timezone"],
                hours=parse_hours(cal["hours"]),
                holidays=frozenset(date.fromisoformat(d) for d in cal["holidays"]),
                name=cal["name"],
            )
        except CalendarError as exc:
            raise PolicyError(f"stored policy snapshot has a bad calendar: {exc}") from exc
        return cls(
            name=data["name"],
            policy_id=data.get("policy_id"),
            first_response_minutes=data["first_response_minutes"],
            resolution_minutes=data["resolution_minutes"],
            calendar=calendar,
            pause_statuses=tuple(data["pause_statuses"]),
            at_risk_share=float(data["at_risk_share"]),
        )


def parse_duration(text: str) -> float:
    """Minutes from `15m`, `1h`, `1h30m`, `2d`, or a plain number of minutes."""
    raw = text.strip().lower()
    if raw.startswith("-"):
        raise PolicyError(f"{text!r}: a target must be more than 0 minutes")
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        minutes = float(raw)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([dhm])", raw)
        if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([dhm])", "", raw).strip():
            raise PolicyError(f"{text!r}: expected a duration like 15m, 1h, 1h30m or 2d")
        unit = {"d": 1440.0, "h": 60.0, "m": 1.0}
        minutes = sum(float(n) * unit[u] for n, u in parts)
    if minutes <= 0:
        raise PolicyError(f"{text!r}: a target must be more than 0 minutes")
    return minutes

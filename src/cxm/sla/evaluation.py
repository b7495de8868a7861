"""The clocks of a ticket's SLA targets, from its events, its policy snapshot and `now`.

Pure: no database, no system clock. The rules (docs/sla.md):

- Both clocks start when the ticket is created, and count only open time of the policy's
  calendar.
- First response: stops at the first response; a ticket resolved before any response counts
  as answered at its resolution. It is not paused by a waiting status (a ticket cannot wait
  on a customer who has not been answered).
- Resolution: runs while the ticket is neither resolved nor in a pause status (waiting on
  the customer); stops at resolution; a reopened ticket's clock resumes from the time it had
  counted, and the time it spent resolved does not count.
- A target is breached once its counted time goes past the target, met when its clock
  stopped within it, at risk when a running clock has used the policy's at-risk share,
  paused while paused, else running. Events after `now` are not yet known and are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cxm.sla.policies import TARGETS, Snapshot

RESOLVED_STATUSES = ("resolved", "closed")
KINDS = ("created", "status", "first_response", "resolved", "reopened")
STATES = ("met", "breached", "at_risk", "running", "paused")
OPEN_STATES = ("at_risk", "running", "paused")


@dataclass(frozen=True)
class Event:
    """Something that happened to a ticket: created, status (changed to `status`),
    first_response, resolved, reopened (to `status`)."""

    at: datetime
    kind: str
    status: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown ticket event {self.kind!r}")
        if self.at.tzinfo is None:
            raise ValueError("a ticket event needs a timezone-aware time")


@dataclass(frozen=True)
class TargetClock:
    """One target of one ticket, as of `now`."""

    target: str  # first_response or resolution
    minutes: float  # the target
    state: str  # met, breached, at_risk, running, paused
    elapsed_s: float  # counted time: open hours of the calendar, pauses left out
    wall_s: float  # wall-clock time from creation to the stop (or now), pauses included
    due_at: datetime | None  # when the target is (or was) used up, if the clock kept running
    at_risk_at: datetime | None  # when the at-risk share is (or was) reached
    breached_at: datetime | None  # when it was breached
    stopped_at: datetime | None  # when the clock stopped (response, resolution)
    used: float  # share of the target used, 1.0 = all of it

    @property
    def decided(self) -> bool:
        """Met or breached: counts in the share of targets met."""
        return self.state in ("met", "breached")


@dataclass(frozen=True)
class TicketClocks:
    created_at: datetime
    resolved: bool
    status: str | None
    reopened: int  # how many times the ticket was reopened
    targets: tuple[TargetClock, ...]
    reopened_at: datetime | None = None  # the last reopening

    def get(self, target: str) -> TargetClock | None:
        return next((t for t in self.targets if t.target == target), None)

    @property
    def worst(self) -> str | None:
        """The state that needs attention first, over the targets."""
        order = ("breached", "at_risk", "running", "paused", "met")
        states = [t.state for t in self.targets]
        return next((s for s in order if s in states), None)


def derived_events(
    created_at: datetime,
    first_response_at: datetime | None,
    resolved_at: datetime | None,
    status: str | None = None,
) -> list[Event]:
    """Events of a ticket that has none recorded (an import): creation, first response and
    resolution at their times. When it is in a pause status now, it is not known since when:
    its clock is counted as running (docs/sla.md)."""
    events = [Event(created_at, "created", "open")]
    if first_response_at is not None:
        events.append(Event(first_response_at, "first_response"))
    if resolved_at is not None:
        events.append(Event(resolved_at, "resolved", status or "resolved"))
    return events


def _ordered(events: Iterable[Event], now: datetime) -> list[Event]:
    known = [e for e in events if e.at <= now]
    # stable: events at the same instant keep the order in which they were recorded
    return sorted(known, key=lambda e: e.at)


def evaluate(events: Sequence[Event], snapshot: Snapshot, now: datetime) -> TicketClocks:
    """The clocks of every target of the snapshot, as of `now`."""
    if not events:
        raise ValueError("a ticket's clocks need at least its creation")
    first = min(e.at for e in events)
    if first > now:
        # stamped later than now (another system's clock runs ahead): its clocks stand at
        # their start until then
        now = first
    ordered = _ordered(events, now)
    created = next((e.at for e in ordered if e.kind == "created"), None)
    if created is None:
        created = ordered[0].at
    # running intervals of each clock
    response: list[list[datetime | None]] = [[created, None]]
    resolution: list[list[datetime | None]] = [[created, None]]
    responded = False
    resolved = False
    status: str | None = "open"
    reopened = 0
    reopened_at: datetime | None = None
    pauses = set(snapshot.pause_statuses)

    def set_running(intervals: list[list[datetime | None]], running: bool, at: datetime) -> None:
        is_running = intervals and intervals[-1][1] is None
        if running and not is_running:
            intervals.append([at, None])
        elif not running and is_running:
            intervals[-1][1] = at

    resolution_stopped_at: datetime | None = None
    for e in ordered:
        if e.at < created:  # recorded before the creation (clocks out of step): at creation
            e = Event(created, e.kind, e.status)
        if e.kind == "created":
            status = e.status or status
        elif e.kind == "first_response":
            if not responded:
                responded = True
                set_running(response, False, e.at)
        elif e.kind == "resolved" or (e.kind == "status" and e.status in RESOLVED_STATUSES):
            if not responded:  # resolved without an answer: answered by the resolution
                responded = True
                set_running(response, False, e.at)
            if not resolved:
                resolution_stopped_at = e.at
            resolved = True
            status = e.status or "resolved"
        elif e.kind == "reopened" or (e.kind == "status" and resolved):
            if resolved:
                reopened += 1
                reopened_at = e.at
                resolution_stopped_at = None
            resolved = False
            status = e.status or "open"
        else:  # a status change of an unresolved ticket
            status = e.status
        set_running(resolution, not resolved and status not in pauses, e.at)

    clocks = []
    for target in TARGETS:
        minutes = snapshot.target_minutes(target)
        if minutes is None:
            continue
        if target == "first_response":
            intervals, stopped = response, responded
            stopped_at = response[0][1] if responded else None
            paused = False
        else:
            intervals, stopped = resolution, resolved
            stopped_at = resolution_stopped_at
            paused = not resolved and status in pauses
        clocks.append(
            _clock(target, minutes, intervals, stopped, stopped_at, paused, created, snapshot, now)
        )
    return TicketClocks(created, resolved, status, reopened, tuple(clocks), reopened_at)


def _clock(
    target: str,
    minutes: float,
    intervals: list[list[datetime | None]],
    stopped: bool,
    stopped_at: datetime | None,
    paused: bool,
    created: datetime,
    snapshot: Snapshot,
    now: datetime,
) -> TargetClock:
    cal = snapshot.calendar
    goal = minutes * 60.0
    risk = goal * snapshot.at_risk_share
    elapsed = 0.0
    breached_at = at_risk_at = None
    for a, b in intervals:
        assert a is not None
        end = now if b is None else b
        span = cal.seconds_between(a, end)
        if at_risk_at is None and elapsed + span >= risk and span > 0:
            at_risk_at = cal.add(a, risk - elapsed)
        if breached_at is None and elapsed + span > goal:
            breached_at = cal.add(a, goal - elapsed)
        elapsed += span
    running = intervals[-1][1] is None and not stopped and not paused
    due_at = breached_at
    if due_at is None and running:
        due_at = cal.add(now, goal - elapsed)
        if at_risk_at is None:
            at_risk_at = cal.add(now, risk - elapsed)
    if elapsed > goal:
        state = "breached"
    elif stopped:
        state = "met"
    elif paused:
        state = "paused"
    elif elapsed >= risk:
        state = "at_risk"
    else:
        state = "running"
    wall_end = stopped_at if stopped and stopped_at is not None else now
    return TargetClock(
        target=target,
        minutes=minutes,
        state=state,
        elapsed_s=elapsed,
        wall_s=max((wall_end - created).total_seconds(), 0.0),
        due_at=due_at,
        at_risk_at=at_risk_at,
        breached_at=breached_at,
        stopped_at=stopped_at if stopped else None,
        used=elapsed / goal,
    )

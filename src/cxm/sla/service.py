"""SLA storage: calendars, policies, ticket events, the policy each ticket keeps, and the
states its targets reach.

- `record_ticket_change` is called by the tickets API whenever a ticket is created or
  changed: it writes the ticket's events and, for a new ticket, the policy in force now.
- `ticket_clocks` / `load_clocks` evaluate tickets (`cxm.sla.evaluation`) as of a time.
- `at_risk_and_breached(engine, now)` lists the unresolved tickets with a target at risk or
  breached, most urgent first (for alerts and escalations).
- `check(engine, now)` is the worker's pass: it gives every ticket its policy, evaluates the
  unresolved ones and records in `sla_changes` each state a target reaches (at_risk,
  breached, met), once per ticket, target and round (a reopening starts a new round), so
  anyone can react to new rows of `sla_changes` in id order without acting twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.db.schema import (
    customers,
    sla_calendars,
    sla_changes,
    sla_policies,
    ticket_events,
    ticket_slas,
    tickets,
)
from cxm.sla.calendars import (
    ALWAYS,
    Calendar,
    CalendarError,
    format_hours,
    parse_holidays,
    parse_hours,
)
from cxm.sla.evaluation import RESOLVED_STATUSES, Event, TicketClocks, derived_events, evaluate
from cxm.sla.policies import (
    DEFAULT_AT_RISK_SHARE,
    DEFAULT_PAUSE_STATUSES,
    DEFAULT_POLICIES,
    Policy,
    PolicyError,
    Snapshot,
    choose,
    parse_duration,
)

log = logging.getLogger("cxm.sla")
CHUNK = 500  # ids per IN list
ASSIGN_BATCH = 5000  # tickets given their policy per pass of the worker
NO_POLICY = Snapshot("none", None, None)  # a ticket no policy matches has no targets


class SlaError(ValueError):
    """A calendar, policy or override that cannot be stored as asked; `field` names the
    setting at fault when one is: name, timezone, hours or holidays of a calendar; name,
    first_response_minutes, resolution_minutes, calendar, pause_statuses, at_risk_share or
    position of a policy."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@contextmanager
def _setting(field: str | None) -> Iterator[None]:
    """A setting that cannot be read, as an SlaError naming it."""
    try:
        yield
    except SlaError as exc:
        exc.field = exc.field or field
        raise
    except (CalendarError, PolicyError) as exc:
        raise SlaError(str(exc), getattr(exc, "field", None) or field) from exc


def _insert(conn: Connection) -> Any:
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert


# -- calendars and policies --------------------------------------------------------------------


def _calendar(row: Any) -> Calendar:
    return Calendar(
        timezone=row.timezone,
        hours=parse_hours(row.hours),
        holidays=parse_holidays(row.holidays),
        name=row.name,
    )


MAX_POSITION = 1_000_000
NAME_LENGTH = 100  # of a calendar's or a policy's name (sla_calendars.name, sla_policies.name)


def load_calendars(conn: Connection) -> dict[int, Calendar]:
    return {row.id: _calendar(row) for row in conn.execute(select(sla_calendars))}


def save_calendar(
    conn: Connection,
    name: str,
    timezone: str,
    hours: str,
    holidays: str | Sequence[str],
    now: datetime,
) -> Calendar:
    """Create or change the calendar called `name`; policies using it follow it for tickets
    opened from now on (tickets already open keep the calendar they opened with). Refuses
    (SlaError naming the setting) a bad name, time zone, hours or holiday."""
    name = name.strip()
    if not name:
        raise SlaError("a calendar needs a name", "name")
    if len(name) > NAME_LENGTH:
        raise SlaError(f"a name has at most {NAME_LENGTH} characters", "name")
    with _setting("holidays"):
        days = parse_holidays(list(holidays) if not isinstance(holidays, str) else holidays)
    with _setting("hours"):
        opening = parse_hours(hours)
    with _setting("timezone"):
        calendar = Calendar(timezone.strip(), opening, days, name)
    values = {
        "timezone": calendar.timezone,
        "hours": format_hours(calendar.hours),
        "holidays": ",".join(sorted(d.isoformat() for d in days)),
        "updated_at": now,
    }
    stmt = _insert(conn)(sla_calendars).values(name=name, created_at=now, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=[sla_calendars.c.name], set_=values))
    return calendar


def _policy(row: Any, calendars: dict[int, Calendar]) -> Policy:
    return Policy(
        id=row.id,
        name=row.name,
        position=row.position,
        priority=row.priority,
        channel=row.channel,
        plan=row.plan,
        first_response_minutes=row.first_response_minutes,
        resolution_minutes=row.resolution_minutes,
        calendar=calendars.get(row.calendar_id, ALWAYS) if row.calendar_id else ALWAYS,
        pause_statuses=tuple(s for s in row.pause_statuses.split(",") if s),
        at_risk_share=row.at_risk_share,
    )


def stored_policies(conn: Connection, active_only: bool = True) -> list[Policy]:
    calendars = load_calendars(conn)
    query = select(sla_policies).order_by(sla_policies.c.position, sla_policies.c.name)
    if active_only:
        query = query.where(sla_policies.c.active == true())
    return [_policy(row, calendars) for row in conn.execute(query)]


def load_policies(conn: Connection) -> list[Policy]:
    """The policies in force: the active stored ones; the seed's defaults while none is
    stored at all (an inactive policy counts: switching every policy off means no SLA)."""
    stored = stored_policies(conn)
    if stored:
        return stored
    if conn.execute(select(sla_policies.c.id).limit(1)).first() is not None:
        return []
    return list(DEFAULT_POLICIES)


def in_match_order(policies: Iterable[Policy]) -> list[Policy]:
    """Policies in the order they are tried: the most specific first, then by position."""
    return sorted(policies, key=lambda p: (-p.specificity, p.position, p.name))


def policy_list(conn: Connection) -> list[tuple[Policy, bool]]:
    """Every stored policy in match order with whether it is active; the seed's defaults
    (active) while none is stored."""
    active = dict(conn.execute(select(sla_policies.c.name, sla_policies.c.active)).all())
    stored = stored_policies(conn, active_only=False)
    if not stored:
        return [(p, True) for p in in_match_order(DEFAULT_POLICIES)]
    return [(p, bool(active.get(p.name, True))) for p in in_match_order(stored)]


def _criterion(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


def save_policy(
    conn: Connection,
    name: str,
    now: datetime,
    *,
    first_response_minutes: float | None,
    resolution_minutes: float | None,
    priority: str | None = None,
    channel: str | None = None,
    plan: str | None = None,
    calendar: str | None = None,
    pause_statuses: Iterable[str] = DEFAULT_PAUSE_STATUSES,
    at_risk_share: float = DEFAULT_AT_RISK_SHARE,
    position: int = 100,
    active: bool | None = None,
) -> Policy:
    """Create or change the policy called `name` (tickets already open keep theirs).
    `active` None: a new policy is active, a changed one stays as it was. Refuses
    (SlaError naming the setting) what the policy cannot be."""
    if len(name.strip()) > NAME_LENGTH:
        raise SlaError(f"a name has at most {NAME_LENGTH} characters", "name")
    calendar_id = None
    cal = ALWAYS
    if calendar:
        row = conn.execute(select(sla_calendars).where(sla_calendars.c.name == calendar)).first()
        if row is None:
            raise SlaError(f"no calendar called {calendar!r}", "calendar")
        calendar_id, cal = row.id, _calendar(row)
    pauses = tuple(dict.fromkeys(s.strip().lower() for s in pause_statuses if s.strip()))
    if any(s in RESOLVED_STATUSES for s in pauses):
        raise SlaError(
            "a resolved status cannot pause the clock: resolution stops it", "pause_statuses"
        )
    with _setting(None):
        policy = Policy(
            name=name.strip(),
            first_response_minutes=first_response_minutes,
            resolution_minutes=resolution_minutes,
            priority=_criterion(priority),
            channel=_criterion(channel),
            plan=_criterion(plan),
            calendar=cal,
            pause_statuses=pauses,
            at_risk_share=at_risk_share,
            position=position,
        )  # checks the name, targets and share
    values: dict[str, Any] = {
        "position": position,
        "priority": policy.priority,
        "channel": policy.channel,
        "plan": policy.plan,
        "first_response_minutes": first_response_minutes,
        "resolution_minutes": resolution_minutes,
        "calendar_id": calendar_id,
        "pause_statuses": ",".join(pauses),
        "at_risk_share": at_risk_share,
        "updated_at": now,
    }
    if active is not None:
        values["active"] = active
    stmt = _insert(conn)(sla_policies).values(
        name=policy.name, created_at=now, **{"active": True, **values}
    )
    conn.execute(stmt.on_conflict_do_update(index_elements=[sla_policies.c.name], set_=values))
    return policy


def save_policy_text(
    conn: Connection,
    name: str,
    now: datetime,
    *,
    first_response: str = "",
    resolution: str = "",
    priority: str | None = None,
    channel: str | None = None,
    plan: str | None = None,
    calendar: str | None = None,
    pause_statuses: str = ",".join(DEFAULT_PAUSE_STATUSES),
    at_risk_percent: str | float = DEFAULT_AT_RISK_SHARE * 100,
    position: str | int = 100,
    active: bool | None = None,
) -> Policy:
    """`save_policy` from settings as people write them (the command line, the staff page):
    targets as durations (`90` minutes, `15m`, `1h30m`, `2d`; empty: no such target), pause
    statuses separated by commas, the at-risk share as a percentage of a target."""
    with _setting("first_response_minutes"):
        first = parse_duration(first_response) if first_response.strip() else None
    with _setting("resolution_minutes"):
        resolve = parse_duration(resolution) if resolution.strip() else None
    share = _number(at_risk_percent, "at_risk_share", "a percentage such as 80") / 100
    order = _number(position, "position", "a whole number such as 100")
    if order != int(order) or abs(order) > MAX_POSITION:
        raise SlaError(f"{position!r}: expected a whole number such as 100", "position")
    return save_policy(
        conn,
        name,
        now,
        first_response_minutes=first,
        resolution_minutes=resolve,
        priority=priority,
        channel=channel,
        plan=plan,
        calendar=calendar or None,
        pause_statuses=pause_statuses.split(","),
        at_risk_share=share,
        position=int(order),
        active=active,
    )


def _number(value: str | float, field: str, expected: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise SlaError(f"{value!r}: expected {expected}", field) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise SlaError(f"{value!r}: expected {expected}", field)
    return number


def delete_policy(conn: Connection, name: str) -> bool:
    return conn.execute(delete(sla_policies).where(sla_policies.c.name == name)).rowcount > 0


def install_defaults(conn: Connection, now: datetime) -> None:
    """Store the seed's default policies, to edit them (nothing changes while none is
    stored: they apply anyway)."""
    for p in DEFAULT_POLICIES:
        if conn.execute(select(sla_policies.c.id).where(sla_policies.c.name == p.name)).first():
            continue
        save_policy(
            conn,
            p.name,
            now,
            first_response_minutes=p.first_response_minutes,
            resolution_minutes=p.resolution_minutes,
            priority=p.priority,
            position=p.position,
        )


# -- tickets -------------------------------------------------------------------------------------

TICKET_COLUMNS = (
    tickets.c.ticket_id,
    tickets.c.customer_id,
    tickets.c.channel,
    tickets.c.category,
    tickets.c.priority,
    tickets.c.status,
    tickets.c.created_at,
    tickets.c.first_response_at,
    tickets.c.resolved_at,
    tickets.c.agent,
    tickets.c.team,
)


@dataclass(frozen=True)
class TicketSla:
    """One ticket's SLA as of a time."""

    ticket: dict[str, Any]  # ticket_id, customer_id, channel, priority, status, team ...
    plan: str | None
    policy: Snapshot
    stored: bool  # the policy is kept for the ticket (else: the one that would apply now)
    override_by: str | None
    override_at: datetime | None
    clocks: TicketClocks | None  # None: no target applies

    @property
    def ticket_id(self) -> str:
        return str(self.ticket["ticket_id"])

    @property
    def worst(self) -> str | None:
        return self.clocks.worst if self.clocks else None


def _plan(conn: Connection, customer_id: str | None) -> str | None:
    if customer_id is None:
        return None
    return conn.execute(
        select(customers.c.plan).where(customers.c.customer_id == customer_id)
    ).scalar()


def _snapshot_for(policies: Sequence[Policy], ticket: dict[str, Any], plan: str | None) -> Snapshot:
    chosen = choose(list(policies), ticket.get("priority"), ticket.get("channel"), plan)
    return chosen.snapshot() if chosen is not None else NO_POLICY


def _assign(
    conn: Connection,
    ticket: dict[str, Any],
    plan: str | None,
    policies: Sequence[Policy],
    now: datetime,
) -> bool:
    """Keep for the ticket the policy that applies to it now, unless it has one."""
    snapshot = _snapshot_for(policies, ticket, plan)
    done = conn.execute(
        _insert(conn)(ticket_slas)
        .values(
            ticket_id=ticket["ticket_id"],
            policy_id=snapshot.policy_id,
            policy=snapshot.to_json(),
            assigned_at=now,
            watching=ticket.get("resolved_at") is None,
        )
        .on_conflict_do_nothing(index_elements=[ticket_slas.c.ticket_id])
        .returning(ticket_slas.c.ticket_id)
    ).first()
    return done is not None


def _events(conn: Connection, ticket_ids: Sequence[str]) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for i in range(0, len(ticket_ids), CHUNK):
        rows = conn.execute(
            select(ticket_events)
            .where(ticket_events.c.ticket_id.in_(ticket_ids[i : i + CHUNK]))
            .order_by(ticket_events.c.id)
        )
        for r in rows:
            found.setdefault(r.ticket_id, []).append(Event(r.at, r.kind, r.status))
    return found


def _add_events(conn: Connection, ticket_id: str, events: Iterable[Event], now: datetime) -> None:
    rows = [
        {"ticket_id": ticket_id, "at": e.at, "kind": e.kind, "status": e.status, "recorded_at": now}
        for e in events
    ]
    if rows:
        conn.execute(ticket_events.insert(), rows)


def _is_resolved(row: dict[str, Any]) -> bool:
    return row.get("status") in RESOLVED_STATUSES or (
        row.get("status") is None and row.get("resolved_at") is not None
    )


def record_ticket_change(
    conn: Connection,
    ticket_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    now: datetime,
) -> None:
    """Write what a create (`before` None) or an update of a ticket changed, as its events;
    a new ticket keeps the policy in force now. Runs in the caller's transaction."""
    if before is None:
        status = after.get("status") if not _is_resolved(after) else "open"
        events = [Event(after["created_at"], "created", status or "open")]
        if after.get("first_response_at") is not None:
            events.append(Event(after["first_response_at"], "first_response"))
        if _is_resolved(after):
            events.append(Event(after.get("resolved_at") or now, "resolved", after.get("status")))
        _add_events(conn, ticket_id, events, now)
    else:
        known = conn.execute(
            select(ticket_events.c.id).where(ticket_events.c.ticket_id == ticket_id).limit(1)
        ).first()
        if known is None:  # imported: its history so far, from its timestamps
            _add_events(
                conn,
                ticket_id,
                derived_events(
                    before["created_at"],
                    before.get("first_response_at"),
                    before.get("resolved_at"),
                    before.get("status"),
                ),
                now,
            )
        events = []
        if before.get("first_response_at") is None and after.get("first_response_at"):
            events.append(Event(min(after["first_response_at"], now), "first_response"))
        was, is_ = _is_resolved(before), _is_resolved(after)
        if is_ and not was:
            events.append(Event(after.get("resolved_at") or now, "resolved", after.get("status")))
        elif was and not is_:
            events.append(Event(now, "reopened", after.get("status") or "open"))
        elif before.get("status") != after.get("status"):
            events.append(Event(now, "status", after.get("status")))
        _add_events(conn, ticket_id, events, now)
    has = conn.execute(
        select(ticket_slas.c.ticket_id).where(ticket_slas.c.ticket_id == ticket_id)
    ).first()
    if has is None:
        _assign(conn, after, _plan(conn, after.get("customer_id")), load_policies(conn), now)
    elif not _is_resolved(after):
        conn.execute(
            update(ticket_slas).where(ticket_slas.c.ticket_id == ticket_id).values(watching=True)
        )


def set_policy(
    conn: Connection, ticket_id: str, policy_name: str, by: str, now: datetime
) -> Snapshot:
    """Change the policy of one ticket (an admin's decision, recorded with who and when); the
    ticket keeps the policy as it is now."""
    ticket = conn.execute(select(*TICKET_COLUMNS).where(tickets.c.ticket_id == ticket_id)).first()
    if ticket is None:
        raise SlaError(f"no ticket {ticket_id!r}")
    policy = next((p for p in stored_policies(conn, False) if p.name == policy_name), None)
    if policy is None:
        policy = next((p for p in DEFAULT_POLICIES if p.name == policy_name), None)
    if policy is None:
        raise SlaError(f"no policy called {policy_name!r}")
    snapshot = policy.snapshot()
    values = {
        "policy_id": snapshot.policy_id,
        "policy": snapshot.to_json(),
        "override_by": by,
        "override_at": now,
        "watching": ticket.resolved_at is None,
    }
    stmt = _insert(conn)(ticket_slas).values(ticket_id=ticket_id, assigned_at=now, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=[ticket_slas.c.ticket_id], set_=values))
    return snapshot


# -- evaluation --------------------------------------------------------------------------------


def _query() -> Any:
    return (
        select(
            *TICKET_COLUMNS,
            customers.c.plan,
            ticket_slas.c.policy,
            ticket_slas.c.override_by,
            ticket_slas.c.override_at,
        )
        .select_from(tickets)
        .outerjoin(customers, customers.c.customer_id == tickets.c.customer_id)
        .outerjoin(ticket_slas, ticket_slas.c.ticket_id == tickets.c.ticket_id)
    )


def load_clocks(conn: Connection, now: datetime, where: Sequence[Any] = ()) -> list[TicketSla]:
    """Every ticket selected by `where` (conditions on tickets, customers, ticket_slas)
    with its clocks as of `now`; tickets not given a policy yet get the one in force."""
    rows = conn.execute(_query().where(*where).order_by(tickets.c.created_at)).all()
    events = _events(conn, [r.ticket_id for r in rows])
    policies: list[Policy] | None = None
    result = []
    for r in rows:
        ticket = {c.name: getattr(r, c.name) for c in TICKET_COLUMNS}
        if r.policy is not None:
            snapshot, stored = Snapshot.from_json(r.policy), True
        else:
            if policies is None:
                policies = load_policies(conn)
            snapshot, stored = _snapshot_for(policies, ticket, r.plan), False
        history = events.get(r.ticket_id) or derived_events(
            r.created_at, r.first_response_at, r.resolved_at, r.status
        )
        clocks = None
        if snapshot.first_response_minutes or snapshot.resolution_minutes:
            clocks = evaluate(history, snapshot, now)
        result.append(
            TicketSla(ticket, r.plan, snapshot, stored, r.override_by, r.override_at, clocks)
        )
    return result


def ticket_clocks(conn: Connection, ticket_id: str, now: datetime) -> TicketSla | None:
    found = load_clocks(conn, now, [tickets.c.ticket_id == ticket_id])
    return found[0] if found else None


def unresolved(conn: Connection, now: datetime, where: Sequence[Any] = ()) -> list[TicketSla]:
    """The tickets not resolved, with their clocks, most urgent first."""
    open_ = or_(tickets.c.resolved_at.is_(None), tickets.c.status.notin_(RESOLVED_STATUSES))
    items = [
        t for t in load_clocks(conn, now, [open_, *where]) if t.clocks and not t.clocks.resolved
    ]
    return sorted(items, key=_urgency)


def _urgency(item: TicketSla) -> tuple[int, datetime]:
    order = {"breached": 0, "at_risk": 1, "running": 2, "paused": 3, "met": 4}
    assert item.clocks is not None
    due = [t.due_at for t in item.clocks.targets if t.due_at is not None and t.state != "met"]
    return order.get(item.worst or "met", 5), min(due) if due else datetime.max.replace(
        tzinfo=item.clocks.created_at.tzinfo
    )


def at_risk_and_breached(engine: Engine, now: datetime) -> list[TicketSla]:
    """Unresolved tickets with a target at risk or breached as of `now`, breached first,
    then by the time their target is (was) due. Each item has the ticket's fields (ticket,
    plan), its policy and, per target, the state, due time and time counted."""
    with engine.connect() as conn:
        return [t for t in unresolved(conn, now) if t.worst in ("breached", "at_risk")]


# -- the worker's pass ---------------------------------------------------------------------------


@dataclass
class CheckReport:
    assigned: int = 0
    checked: int = 0
    recorded: int = 0


def check(engine: Engine, now: datetime) -> CheckReport:
    """Give tickets their policy, evaluate those being watched, record the states their
    targets reached. Safe with several workers at once: each write is an insert that only
    one of them makes."""
    report = CheckReport()
    with engine.begin() as conn:
        missing = conn.execute(
            select(*TICKET_COLUMNS, customers.c.plan)
            .select_from(tickets)
            .outerjoin(customers, customers.c.customer_id == tickets.c.customer_id)
            .outerjoin(ticket_slas, ticket_slas.c.ticket_id == tickets.c.ticket_id)
            .where(ticket_slas.c.ticket_id.is_(None))
            .limit(ASSIGN_BATCH)
        ).all()
        if missing:
            policies = load_policies(conn)
            for r in missing:
                ticket = {c.name: getattr(r, c.name) for c in TICKET_COLUMNS}
                report.assigned += _assign(conn, ticket, r.plan, policies, now)
    with engine.connect() as conn:
        watched = load_clocks(
            conn,
            now,
            [
                ticket_slas.c.ticket_id.is_not(None),
                or_(ticket_slas.c.watching == true(), tickets.c.resolved_at.is_(None)),
            ],
        )
    for item in watched:
        report.checked += 1
        report.recorded += _record_states(engine, item, now)
    return report


def job(engine: Engine, settings: Any, clock: Any, channels: Any) -> None:
    """The worker's SLA pass (cxm.worker.JOBS)."""
    report = check(engine, clock.now())
    if report.assigned or report.recorded:
        log.info(
            "SLA: %d tickets given their policy, %d states reached",
            report.assigned,
            report.recorded,
        )


def _record_states(engine: Engine, item: TicketSla, now: datetime) -> int:
    rows = []
    if item.clocks is not None:
        for t in item.clocks.targets:
            round_ = item.clocks.reopened if t.target == "resolution" else 0
            reached = [("at_risk", t.at_risk_at), ("breached", t.breached_at)]
            if t.state == "met":
                reached.append(("met", t.stopped_at))
            for state, at in reached:
                if at is not None and at <= now:
                    if round_ and item.clocks.reopened_at is not None:
                        at = max(at, item.clocks.reopened_at)  # reached again when reopened
                    rows.append((t.target, state, round_, at))
    resolved = item.clocks is None or item.clocks.resolved
    recorded = 0
    with engine.begin() as conn:
        for target, state, round_, at in rows:
            done = conn.execute(
                _insert(conn)(sla_changes)
                .values(
                    ticket_id=item.ticket_id,
                    target=target,
                    state=state,
                    round=round_,
                    at=at,
                    recorded_at=now,
                )
                .on_conflict_do_nothing(
                    index_elements=[
                        sla_changes.c.ticket_id,
                        sla_changes.c.target,
                        sla_changes.c.state,
                        sla_changes.c.round,
                    ]
                )
                .returning(sla_changes.c.id)
            ).first()
            recorded += done is not None
        conn.execute(
            update(ticket_slas)
            .where(ticket_slas.c.ticket_id == item.ticket_id)
            .values(watching=not resolved, checked_at=now)
        )
    return recorded


def changes_since(conn: Connection, after_id: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    """States reached since the change `after_id` (ids only grow): ticket_id, target, state,
    round, at, recorded_at."""
    rows = conn.execute(
        select(sla_changes)
        .where(sla_changes.c.id > after_id)
        .order_by(sla_changes.c.id)
        .limit(limit)
    ).mappings()
    return [dict(r) for r in rows]


__all__ = [
    "CheckReport",
    "PolicyError",
    "SlaError",
    "TicketSla",
    "at_risk_and_breached",
    "changes_since",
    "check",
    "load_clocks",
    "load_policies",
    "record_ticket_change",
    "save_calendar",
    "save_policy",
    "save_policy_text",
    "set_policy",
    "ticket_clocks",
]

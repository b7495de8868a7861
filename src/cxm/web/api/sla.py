"""SLAs: the policies in force, each ticket's targets (met, at risk, breached, running,
paused), a ticket's policy changed by hand, and the share of targets met (docs/sla.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from cxm.metrics.periods import Period
from cxm.sla import service
from cxm.sla.policies import Policy, Snapshot
from cxm.sla.report import SEGMENTS, ReportError, sla_report
from cxm.sla.service import SlaError, TicketSla
from cxm.web.api.auth import require_key
from cxm.web.api.common import ApiRoute, PathId, invalid, not_found
from cxm.web.deps import state

router = APIRouter(tags=["sla"], route_class=ApiRoute)
MAX_DAYS = 3700


class CalendarOut(BaseModel):
    name: str
    timezone: str
    hours: str = Field(description="`24/7`, or opening hours like `mon-fri 09:00-17:00`")
    holidays: list[date]


class PolicyOut(BaseModel):
    name: str
    priority: str | None = None
    channel: str | None = None
    plan: str | None = None
    position: int | None = None
    first_response_minutes: float | None
    resolution_minutes: float | None
    pause_statuses: list[str]
    at_risk_share: float
    calendar: CalendarOut


class TargetOut(BaseModel):
    target: Literal["first_response", "resolution"]
    minutes: float
    state: Literal["met", "breached", "at_risk", "running", "paused"]
    business_seconds: float = Field(description="Time counted: the calendar's open hours")
    wall_seconds: float = Field(description="Wall-clock time from creation to stop or now")
    used: float = Field(description="Share of the target used (1 = all)")
    due_at: datetime | None
    at_risk_at: datetime | None
    breached_at: datetime | None
    stopped_at: datetime | None


class TicketSlaOut(BaseModel):
    ticket_id: str
    status: str | None
    priority: str | None
    channel: str | None
    team: str | None
    agent: str | None
    created_at: datetime
    policy: PolicyOut
    policy_kept: bool = Field(description="false: no policy kept yet; the one in force shown")
    override_by: str | None
    override_at: datetime | None
    reopened: int
    worst: str | None
    targets: list[TargetOut]


class PolicyChange(BaseModel):
    policy: str = Field(min_length=1, max_length=100, description="Name of a policy")
    by: str | None = Field(None, max_length=320, description="Who decided (default: the key)")


class ReportRowOut(BaseModel):
    period: date | None
    segment: str | None
    target: str
    n: int
    met: int
    breached: int
    open: int
    met_pct: float | None
    median_business_s: float | None
    median_wall_s: float | None
    p90_business_s: float | None
    p90_wall_s: float | None


def _calendar_out(snap: Snapshot | Policy) -> CalendarOut:
    cal = snap.calendar
    return CalendarOut(
        name=cal.name,
        timezone=cal.timezone,
        hours=cal.describe_hours(),
        holidays=sorted(cal.holidays),
    )


def policy_out(p: Snapshot | Policy) -> PolicyOut:
    extra: dict[str, Any] = {}
    if isinstance(p, Policy):
        extra = {"priority": p.priority, "channel": p.channel, "plan": p.plan}
        extra["position"] = p.position
    return PolicyOut(
        name=p.name,
        first_response_minutes=p.first_response_minutes,
        resolution_minutes=p.resolution_minutes,
        pause_statuses=list(p.pause_statuses),
        at_risk_share=p.at_risk_share,
        calendar=_calendar_out(p),
        **extra,
    )


def ticket_sla_out(item: TicketSla) -> TicketSlaOut:
    t = item.ticket
    targets = []
    if item.clocks is not None:
        for c in item.clocks.targets:
            targets.append(
                TargetOut(
                    target=c.target,  # type: ignore[arg-type]
                    minutes=c.minutes,
                    state=c.state,  # type: ignore[arg-type]
                    business_seconds=c.elapsed_s,
                    wall_seconds=c.wall_s,
                    used=c.used,
                    due_at=c.due_at,
                    at_risk_at=c.at_risk_at,
                    breached_at=c.breached_at,
                    stopped_at=c.stopped_at,
                )
            )
    return TicketSlaOut(
        ticket_id=item.ticket_id,
        status=t["status"],
        priority=t["priority"],
        channel=t["channel"],
        team=t["team"],
        agent=t["agent"],
        created_at=t["created_at"],
        policy=policy_out(item.policy),
        policy_kept=item.stored,
        override_by=item.override_by,
        override_at=item.override_at,
        reopened=item.clocks.reopened if item.clocks else 0,
        worst=item.worst,
        targets=targets,
    )


@router.get("/sla/policies", response_model=list[PolicyOut])
def list_policies(request: Request) -> Any:
    """The policies in force, in match order (the seed's defaults while none is stored)."""
    with state(request).engine.connect() as conn:
        policies = service.load_policies(conn)
    policies.sort(key=lambda p: (-p.specificity, p.position, p.name))
    return [policy_out(p) for p in policies]


StateFilter = Annotated[
    list[Literal["met", "breached", "at_risk", "running", "paused"]] | None,
    Query(description="Keep tickets with a target in one of these states (repeatable)"),
]


@router.get("/sla/tickets", response_model=list[TicketSlaOut])
def open_tickets(
    request: Request,
    state_: Annotated[StateFilter, Query(alias="state")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """Unresolved tickets with their SLA targets, the most urgent first."""
    app = state(request)
    with app.engine.connect() as conn:
        items = service.unresolved(conn, app.clock.now())
    if state_:
        wanted = set(state_)
        items = [i for i in items if i.clocks and wanted & {c.state for c in i.clocks.targets}]
    return [ticket_sla_out(i) for i in items[:limit]]


@router.get("/sla/tickets/{ticket_id}", response_model=TicketSlaOut)
def ticket_sla(ticket_id: PathId, request: Request) -> Any:
    """One ticket's policy and targets, as of now."""
    app = state(request)
    with app.engine.connect() as conn:
        item = service.ticket_clocks(conn, ticket_id, app.clock.now())
    if item is None:
        raise not_found("ticket", ticket_id)
    return ticket_sla_out(item)


@router.put("/sla/tickets/{ticket_id}/policy", response_model=TicketSlaOut)
def change_policy(
    ticket_id: PathId,
    change: PolicyChange,
    request: Request,
    key_id: Annotated[int, Depends(require_key)],
) -> Any:
    """Put one ticket under another policy (as that policy is now), recording who did."""
    app = state(request)
    now = app.clock.now()
    with app.engine.begin() as conn:
        if service.ticket_clocks(conn, ticket_id, now) is None:
            raise not_found("ticket", ticket_id)
        try:
            service.set_policy(
                conn, ticket_id, change.policy, change.by or f"api key {key_id}", now
            )
        except SlaError as exc:
            raise invalid(("body", "policy"), str(exc), change.policy) from None
        item = service.ticket_clocks(conn, ticket_id, now)
    assert item is not None
    return ticket_sla_out(item)


@router.get("/sla/report", response_model=list[ReportRowOut])
def report(
    request: Request,
    first: Annotated[
        date | None, Query(alias="from", description="First day (default: 12 months back)")
    ] = None,
    last: Annotated[
        date | None, Query(alias="to", description="Last day, included (default: today)")
    ] = None,
    period: Period = Period.MONTH,
    by: Annotated[str | None, Query(description=f"One of {', '.join(SEGMENTS)}")] = None,
) -> Any:
    """The share of SLA targets met per period of the tickets' creation (local days of
    CXM_TIMEZONE) and segment, with business-hours and wall-clock durations."""
    app = state(request)
    now = app.clock.now()
    today = now.astimezone(app.settings.zone).date()
    last = last or today
    first = first or (last - timedelta(days=365))
    if last < first:
        raise invalid(("query", "to"), f"to {last} is before from {first}", str(last))
    if (last - first).days > MAX_DAYS:
        raise invalid(("query", "from"), f"at most {MAX_DAYS} days at once", str(first))
    if by is not None and by not in SEGMENTS:
        raise invalid(("query", "by"), f"choose one of {', '.join(SEGMENTS)}", by)
    with app.engine.connect() as conn:
        try:
            rows = sla_report(conn, app.settings.zone, first, last, now, period, by)
        except ReportError as exc:
            raise invalid(("query",), str(exc)) from None
    return [r.as_dict() for r in rows]

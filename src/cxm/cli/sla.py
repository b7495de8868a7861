"""`cxm sla`: policies and calendars, each open ticket's targets, one ticket's policy changed
by hand, and the share of targets met by period and segment (docs/sla.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer
from rich.text import Text

from cxm.cli import output
from cxm.cli.output import Format, console
from cxm.clock import SYSTEM, iso
from cxm.metrics.periods import Period

sla_app = typer.Typer(
    help="Service-level agreements: policies, calendars, tickets, report.", no_args_is_help=True
)

STATE_STYLES = {
    "breached": "red",
    "at_risk": "yellow",
    "running": "",
    "paused": "dim",
    "met": "green",
}


def _engine() -> Any:
    from cxm.cli.app import ready
    from cxm.db.engine import get_engine

    return get_engine(ready().database_url)


def _fail(message: str) -> Any:
    from cxm.cli.app import fail

    return fail(message)


def _minutes(value: float | None) -> str:
    if value is None:
        return "-"
    return output.duration(value * 60)


@sla_app.command("policies")
def policies_command(format_: Annotated[Format, typer.Option("--format")] = Format.TABLE) -> None:
    """The policies in force, in match order (the seed's defaults while none is stored)."""
    from cxm.sla import service

    with _engine().connect() as conn:
        found = service.in_match_order(service.load_policies(conn))
    rows = [
        {
            "name": p.name,
            "priority": p.priority,
            "channel": p.channel,
            "plan": p.plan,
            "position": p.position,
            "first_response_minutes": p.first_response_minutes,
            "resolution_minutes": p.resolution_minutes,
            "calendar": p.calendar.name,
            "timezone": p.calendar.timezone,
            "hours": p.calendar.describe_hours(),
            "pause_statuses": ",".join(p.pause_statuses),
            "at_risk_share": p.at_risk_share,
        }
        for p in found
    ]
    if output.write_data(rows, format_):
        return
    output.table(
        "SLA policies (most specific first)",
        [
            ("policy", "left"),
            ("priority", "left"),
            ("channel", "left"),
            ("plan", "left"),
            ("first response", "right"),
            ("resolution", "right"),
            ("calendar", "left"),
            ("pauses on", "left"),
            ("at risk", "right"),
        ],
        [
            [
                r["name"],
                r["priority"] or "any",
                r["channel"] or "any",
                r["plan"] or "any",
                _minutes(r["first_response_minutes"]),
                _minutes(r["resolution_minutes"]),
                f"{r['calendar']} ({r['timezone']})",
                r["pause_statuses"] or "-",
                f"{r['at_risk_share'] * 100:.0f} %",
            ]
            for r in rows
        ],
    )


@sla_app.command("policy")
def policy_command(
    name: Annotated[str, typer.Argument(help="Name of the policy to create or change")],
    first_response: Annotated[
        str | None, typer.Option(help="Target of the first response: 15m, 1h, 2d ...")
    ] = None,
    resolution: Annotated[
        str | None, typer.Option(help="Target of resolution: 1h, 24h ...")
    ] = None,
    priority: Annotated[str | None, typer.Option(help="Only tickets of this priority")] = None,
    channel: Annotated[str | None, typer.Option(help="Only tickets of this channel")] = None,
    plan: Annotated[str | None, typer.Option(help="Only customers on this plan")] = None,
    calendar: Annotated[
        str | None, typer.Option(help="Calendar of business hours (default: 24/7)")
    ] = None,
    pause: Annotated[
        str, typer.Option(help="Statuses that pause the resolution clock, comma-separated")
    ] = "pending,waiting",
    at_risk: Annotated[
        float, typer.Option(help="Percentage of a target used that makes a ticket at risk")
    ] = 80.0,
    position: Annotated[int, typer.Option(help="Order among equally specific policies")] = 100,
    inactive: Annotated[bool, typer.Option(help="Store it switched off")] = False,
) -> None:
    """Create or change a policy; tickets already open keep the policy they opened with."""
    from cxm.sla import service

    try:
        with _engine().begin() as conn:
            policy = service.save_policy_text(
                conn,
                name,
                SYSTEM.now(),
                first_response=first_response or "",
                resolution=resolution or "",
                priority=priority,
                channel=channel,
                plan=plan,
                calendar=calendar,
                pause_statuses=pause,
                at_risk_percent=at_risk,
                position=position,
                active=not inactive,
            )
    except service.SlaError as exc:
        _fail(str(exc))
    console.print(Text(f"policy {policy.name!r} saved"))


@sla_app.command("remove")
def remove_command(name: Annotated[str, typer.Argument(help="Policy to delete")]) -> None:
    """Delete a policy (tickets that opened under it keep it)."""
    from cxm.sla import service

    with _engine().begin() as conn:
        if not service.delete_policy(conn, name):
            _fail(f"no policy called {name!r}")
    console.print(Text(f"policy {name!r} deleted"))


@sla_app.command("defaults")
def defaults_command() -> None:
    """Store the seed's default policies, to change them.

    critical: first response 15 minutes, resolved in 1 hour; standard (every ticket): 15
    minutes, 24 hours; both 24/7."""
    from cxm.sla import service

    with _engine().begin() as conn:
        service.install_defaults(conn, SYSTEM.now())
    console.print("default policies stored: critical, standard")


@sla_app.command("calendar")
def calendar_command(
    name: Annotated[str, typer.Argument(help="Name of the calendar to create or change")],
    tz: Annotated[str, typer.Option(help="IANA time zone of its hours and holidays")] = "UTC",
    hours: Annotated[
        str, typer.Option(help="Opening hours: 'mon-fri 09:00-17:00; sat 10:00-14:00' or 24/7")
    ] = "24/7",
    holiday: Annotated[
        list[str] | None, typer.Option(help="A closed day, YYYY-MM-DD (repeatable)")
    ] = None,
) -> None:
    """Create or change a calendar of business hours."""
    from cxm.sla import service

    try:
        with _engine().begin() as conn:
            cal = service.save_calendar(conn, name, tz, hours, holiday or [], SYSTEM.now())
    except service.SlaError as exc:
        _fail(str(exc))
    console.print(Text(f"calendar {cal.name!r} saved: {cal.describe_hours()} ({cal.timezone})"))


@sla_app.command("calendars")
def calendars_command() -> None:
    """The calendars of business hours."""
    from cxm.sla import service

    with _engine().connect() as conn:
        calendars = sorted(service.load_calendars(conn).values(), key=lambda c: c.name)
    output.table(
        "SLA calendars",
        [("calendar", "left"), ("time zone", "left"), ("hours", "left"), ("holidays", "left")],
        [
            [c.name, c.timezone, c.describe_hours(), ", ".join(sorted(map(str, c.holidays)))]
            for c in calendars
        ],
    )


def _state(state: str | None) -> Text:
    return Text(state or "-", style=STATE_STYLES.get(state or "", ""))


@sla_app.command("open")
def open_command(
    state: Annotated[
        list[str] | None,
        typer.Option(help="Keep tickets with a target in this state (repeatable)"),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many tickets")] = 50,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Unresolved tickets and their targets, the most urgent first."""
    from cxm.sla import service

    with _engine().connect() as conn:
        items = service.unresolved(conn, SYSTEM.now())
    if state:
        items = [i for i in items if i.clocks and set(state) & {c.state for c in i.clocks.targets}]
    items = items[:limit]
    rows = []
    for i in items:
        row: dict[str, Any] = {
            "ticket_id": i.ticket_id,
            "priority": i.ticket["priority"],
            "team": i.ticket["team"],
            "policy": i.policy.name,
        }
        for c in i.clocks.targets if i.clocks else ():
            row[f"{c.target}_state"] = c.state
            row[f"{c.target}_due_at"] = iso(c.due_at) if c.due_at else None
        rows.append(row)
    if output.write_data(rows, format_):
        return
    output.table(
        f"{len(rows)} unresolved tickets",
        [
            ("ticket", "left"),
            ("priority", "left"),
            ("team", "left"),
            ("policy", "left"),
            ("first response", "left"),
            ("due", "left"),
            ("resolution", "left"),
            ("due", "left"),
        ],
        [
            [
                r["ticket_id"],
                r["priority"],
                r["team"],
                r["policy"],
                _state(r.get("first_response_state")),
                r.get("first_response_due_at") or "",
                _state(r.get("resolution_state")),
                r.get("resolution_due_at") or "",
            ]
            for r in rows
        ],
    )


@sla_app.command("ticket")
def ticket_command(
    ticket_id: Annotated[str, typer.Argument(help="The ticket")],
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """One ticket's policy and the state of each target now."""
    from cxm.sla import service

    with _engine().connect() as conn:
        item = service.ticket_clocks(conn, ticket_id, SYSTEM.now())
    if item is None:
        _fail(f"no ticket {ticket_id!r}")
        return
    targets = [
        {
            "target": c.target,
            "minutes": c.minutes,
            "state": c.state,
            "business_seconds": c.elapsed_s,
            "wall_seconds": c.wall_s,
            "due_at": c.due_at,
            "stopped_at": c.stopped_at,
        }
        for c in (item.clocks.targets if item.clocks else ())
    ]
    if format_ is not Format.TABLE:
        data = {
            "ticket_id": item.ticket_id,
            "policy": item.policy.name,
            "policy_kept": item.stored,
            "override_by": item.override_by,
            "override_at": item.override_at,
            "targets": targets,
        }
        if format_ is Format.JSON:
            output.write_json(data)
        else:
            output.write_csv(targets)
        return
    kept = "kept since it opened" if item.stored else "in force now (not yet kept)"
    console.print(Text(f"ticket {item.ticket_id}: policy {item.policy.name!r}, {kept}"))
    if item.override_by:
        console.print(Text(f"set by {item.override_by} at {iso(item.override_at)}"))  # type: ignore[arg-type]
    output.table(
        None,
        [
            ("target", "left"),
            ("goal", "right"),
            ("state", "left"),
            ("business time", "right"),
            ("wall clock", "right"),
            ("due", "left"),
        ],
        [
            [
                t["target"],
                _minutes(t["minutes"]),
                _state(t["state"]),
                output.duration(t["business_seconds"]),
                output.duration(t["wall_seconds"]),
                iso(t["due_at"]) if t["due_at"] else "",
            ]
            for t in targets
        ],
    )


@sla_app.command("override")
def override_command(
    ticket_id: Annotated[str, typer.Argument(help="The ticket")],
    policy: Annotated[str, typer.Argument(help="The policy it follows from now on")],
    by: Annotated[str, typer.Option(help="Who decided (recorded with the time)")],
) -> None:
    """Put one ticket under another policy (as that policy is now)."""
    from cxm.sla import service

    with _engine().begin() as conn:
        try:
            service.set_policy(conn, ticket_id, policy, by, SYSTEM.now())
        except service.SlaError as exc:
            _fail(str(exc))
    console.print(Text(f"ticket {ticket_id} now follows policy {policy!r}"))


@sla_app.command("check")
def check_command() -> None:
    """One pass of the worker's SLA check: policies given, states reached recorded."""
    from cxm.sla import service

    report = service.check(_engine(), SYSTEM.now())
    console.print(
        f"{report.assigned} tickets given their policy, {report.checked} checked, "
        f"{report.recorded} states reached"
    )


@sla_app.command("report")
def report_command(
    first: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: a year back)")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Last day, included (default: today)")
    ] = None,
    period: Annotated[Period, typer.Option(help="day, week, month, quarter, year or all")] = (
        Period.MONTH
    ),
    by: Annotated[
        str | None,
        typer.Option(help="channel, agent, team, priority, category, policy or plan"),
    ] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Share of SLA targets met per period and segment.

    Periods of the tickets' creation (CXM_TIMEZONE); the median time in business hours is
    shown beside wall-clock."""
    from cxm.cli.app import ready
    from cxm.db.engine import get_engine
    from cxm.sla.report import ReportError, sla_report

    s = ready()
    now = SYSTEM.now()
    try:
        end = date.fromisoformat(last) if last else now.astimezone(s.zone).date()
        start = date.fromisoformat(first) if first else end - timedelta(days=365)
    except ValueError as exc:
        _fail(f"expected a date like 2025-06-30: {exc}")
        return
    try:
        with get_engine(s.database_url).connect() as conn:
            rows = sla_report(conn, s.zone, start, end, now, period, by)
    except ReportError as exc:
        _fail(str(exc))
        return
    data = [r.as_dict() for r in rows]
    if format_ is Format.JSON:
        output.write_json(data)
        return
    if format_ is Format.CSV:
        output.write_csv(data, list(data[0]) if data else None)
        return
    output.table(
        f"SLA targets met, {start} to {end}" + (f", by {by}" if by else ""),
        [
            ("period", "left"),
            *([(by, "left")] if by else []),
            ("target", "left"),
            ("met %", "right"),
            ("met", "right"),
            ("breached", "right"),
            ("open", "right"),
            ("median business", "right"),
            ("median wall", "right"),
        ],
        [
            [
                r.period.isoformat() if r.period else "all",
                *([r.segment or "-"] if by else []),
                r.target,
                output.pct(r.met_pct),
                r.met,
                r.breached,
                r.open,
                output.duration(r.median_business_s),
                output.duration(r.median_wall_s),
            ]
            for r in rows
        ],
    )

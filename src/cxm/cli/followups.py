"""`cxm followups`: the follow-up queue, the tasks due, and how well the loop is closed
(docs/followups.md)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from rich.text import Text

from cxm.cli import output
from cxm.cli.output import Format
from cxm.clock import SYSTEM, iso

followups_app = typer.Typer(
    help="Closing the loop: follow-up tasks of unhappy answers.", no_args_is_help=True
)
COLUMNS = ("id", "vip", "due_at", "overdue", "status", "reason", "survey", "score",
           "customer_id", "ticket_id", "agent", "team")  # fmt: skip


def _ready() -> Any:
    from cxm.cli.app import ready
    from cxm.db import open_database

    settings = ready()
    return settings, open_database(settings)


def _fail(message: str) -> Any:
    from cxm.cli.app import fail

    return fail(message)


def _rows(tasks: list[Any], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "vip": t.vip,
            "due_at": iso(t.due_at),
            "overdue": t.overdue(now),
            "status": t.status,
            "reason": t.reason,
            "survey": t.survey,
            "score": t.score,
            "customer_id": t.customer_id,
            "ticket_id": t.ticket_id,
            "agent": t.agent,
            "team": t.team,
        }
        for t in tasks
    ]


def _print(rows: list[dict[str, Any]], format_: Format, title: str) -> None:
    if format_ is Format.JSON:
        output.write_json(rows)
        return
    if format_ is Format.CSV:
        output.write_csv(rows, COLUMNS)
        return
    output.table(
        title,
        [(c, "right" if c in ("id", "score") else "left") for c in COLUMNS],
        [
            [
                *(r[c] for c in COLUMNS[:3]),
                Text("overdue", style="red") if r["overdue"] else "",
                *(r[c] for c in COLUMNS[4:]),
            ]
            for r in rows
        ],
    )


@followups_app.command("list")
def list_command(
    status: Annotated[
        str, typer.Option(help="active (open or contacted), open, contacted, resolved or all")
    ] = "active",
    team: Annotated[str | None, typer.Option(help="Only this team queue")] = None,
    agent: Annotated[str | None, typer.Option(help="Only this agent's tasks")] = None,
    vip: Annotated[bool, typer.Option("--vip", help="VIP-support customers only")] = False,
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 200,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The follow-up queue: VIP-support customers first, then the earliest due."""
    from cxm.followups import service

    if status not in ("active", "open", "contacted", "resolved", "all"):
        _fail(f"--status {status!r}: choose active, open, contacted, resolved or all")
    settings, engine = _ready()
    now = SYSTEM.now()
    service.scan(engine, settings, now)  # answers stored since the worker's last pass
    filters = service.Filters(status=status, team=team, agent=agent, vip=vip)
    with engine.connect() as conn:
        tasks = service.list_tasks(conn, filters, now, limit=limit)
    _print(_rows(tasks, now), format_, f"follow-ups ({status})")


@followups_app.command("open-due")
def open_due_command(
    within: Annotated[
        float, typer.Option(help="Also the tasks due within this many hours from now")
    ] = 0.0,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Tasks not resolved whose due time has passed (or comes within --within hours)."""
    from cxm.followups import service

    settings, engine = _ready()
    now = SYSTEM.now()
    service.scan(engine, settings, now)
    with engine.connect() as conn:
        tasks = service.list_tasks(
            conn, service.Filters(overdue=True), now + timedelta(hours=within), limit=100000
        )
    _print(_rows(tasks, now), format_, "follow-ups due")


@followups_app.command("stats")
def stats_command(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day (default: 30 days ago)")
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Day after the last (default: now)"),
    ] = None,
    by: Annotated[str | None, typer.Option(help="team, agent, month or reason")] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Share of loops closed, time to close (median, 90th percentile), and how the customer's
    next answer moved, for the tasks opened in the period."""
    from cxm.followups import metrics

    if by is not None and by not in metrics.GROUPS:
        _fail(f"--by {by!r}: choose one of {', '.join(metrics.GROUPS)}")
    settings, engine = _ready()
    now = SYSTEM.now()
    zone = settings.zone
    start = (now - timedelta(days=30)) if since is None else since.replace(tzinfo=zone)
    end = now if until is None else until.replace(tzinfo=zone)
    if end <= start:
        _fail("--until must come after --since")
    with engine.connect() as conn:
        stats = metrics.loop_stats(conn, start, end, now, by=by, zone=zone)
    rows = [
        {
            "group": s.group or "all",
            "opened": s.opened,
            "resolved": s.resolved,
            "closed_pct": None if s.closed_share is None else round(s.closed_share, 1),
            "overdue": s.overdue,
            "median_hours": None if s.median_hours is None else round(s.median_hours, 1),
            "p90_hours": None if s.p90_hours is None else round(s.p90_hours, 1),
            "next_answers": s.next_answers,
            "better": s.better,
            "same": s.same,
            "worse": s.worse,
            "mean_change": None if s.mean_change is None else round(s.mean_change, 2),
        }
        for s in stats
    ]
    if format_ is Format.JSON:
        output.write_json(rows)
    elif format_ is Format.CSV:
        output.write_csv(rows, list(rows[0]) if rows else None)
    else:
        columns = list(rows[0]) if rows else ["group"]
        output.table(
            f"closing the loop, {iso(start)} - {iso(end)}",
            [(c, "left" if c == "group" else "right") for c in columns],
            [["-" if r[c] is None else r[c] for c in columns] for r in rows],
        )

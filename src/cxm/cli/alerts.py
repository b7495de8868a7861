"""`cxm alerts`: the alerts raised, checking the rules now, the rules themselves, and the spike
rule's false-alarm rate measured on the data (docs/alerts.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.text import Text

from cxm.cli import output
from cxm.cli.output import Format, console
from cxm.clock import SYSTEM, iso

alerts_app = typer.Typer(
    help="Alerts: rules on metrics, ticket spikes and SLAs; what they raised.",
    no_args_is_help=True,
)
SEVERITY_STYLES = {"critical": "bold red", "warning": "yellow", "info": ""}


def _settings_and_engine() -> tuple[Any, Any]:
    from cxm.cli.app import ready
    from cxm.db.engine import get_engine

    settings = ready()
    return settings, get_engine(settings.database_url)


def _fail(message: str) -> Any:
    from cxm.cli.app import fail

    return fail(message)


@alerts_app.command("list")
def list_command(
    state: Annotated[str | None, typer.Option(help="open or resolved")] = None,
    severity: Annotated[str | None, typer.Option(help="info, warning or critical")] = None,
    limit: Annotated[int, typer.Option(help="at most this many, newest first")] = 50,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The alerts raised, newest first."""
    from cxm.alerts import service

    if state and state not in service.STATES:
        _fail(f"--state {state!r}: open or resolved")
    _, engine = _settings_and_engine()
    with engine.connect() as conn:
        found = service.list_alerts(conn, state=state, severity=severity, limit=limit)
    rows = [
        {
            "id": a.id,
            "rule": a.rule_name,
            "severity": a.severity,
            "state": a.state,
            "subject": a.subject,
            "summary": a.summary,
            "value": a.value,
            "reference": a.reference,
            "opened_at": iso(a.opened_at),
            "resolved_at": iso(a.resolved_at) if a.resolved_at else None,
            "link": a.link,
        }
        for a in found
    ]
    if format_ is Format.JSON:
        output.write_json(rows)
    elif format_ is Format.CSV:
        output.write_csv(rows, list(rows[0]) if rows else ["id"])
    else:
        output.table(
            f"{len(rows)} alerts",
            [
                ("#", "right"),
                ("severity", "left"),
                ("state", "left"),
                ("rule", "left"),
                ("opened", "left"),
                ("summary", "left"),
            ],
            [
                (
                    r["id"],
                    Text(r["severity"], style=SEVERITY_STYLES.get(r["severity"], "")),
                    r["state"],
                    r["rule"],
                    r["opened_at"],
                    r["summary"],
                )
                for r in rows
            ],
        )


@alerts_app.command("check")
def check_command(
    send: Annotated[bool, typer.Option(help="also send the notifications that are due")] = True,
) -> None:
    """Check every active rule now (whatever the interval) and send what is due."""
    from cxm.alerts import service
    from cxm.alerts.delivery import deliver_due

    settings, engine = _settings_and_engine()
    report = service.evaluate(engine, settings, SYSTEM, force=True)
    console.print(
        Text(
            f"checked {len(report.checked)} rules: {len(report.raised)} new alerts, "
            f"{report.resolved} resolved"
        )
    )
    for error in report.errors:
        console.print(Text(f"not checked: {error}", style="red"))
    if report.raised:
        with engine.connect() as conn:
            new = [a for a in service.list_alerts(conn, limit=500) if a.id in report.raised]
        for a in new:
            console.print(Text(f"[{a.severity}] {a.rule_name}: {a.summary}"))
    if send:
        sent = deliver_due(engine, settings, SYSTEM)
        for recipient, count in sent.sent:
            console.print(Text(f"sent {count} alerts to {recipient}"))
        for recipient, error in sent.failed:
            console.print(Text(f"not sent to {recipient}: {error} (retried later)", style="red"))
    if report.errors:
        raise typer.Exit(1)


@alerts_app.command("rules")
def rules_command(
    enable: Annotated[int | None, typer.Option(help="switch this rule on")] = None,
    disable: Annotated[int | None, typer.Option(help="switch this rule off")] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The alert rules (the built-in ones are installed on first use); --enable / --disable."""
    from cxm.alerts import service
    from cxm.alerts.rules import segment_text

    _, engine = _settings_and_engine()
    with engine.begin() as conn:
        service.install_builtin(conn, SYSTEM.now())
        for rule_id, active in ((enable, True), (disable, False)):
            if rule_id is not None and not service.set_active(conn, rule_id, active, SYSTEM.now()):
                _fail(f"no alert rule {rule_id} (see cxm alerts rules)")
        rules = service.list_rules(conn)
    rows = [
        {
            "id": r.id,
            "key": r.key,
            "name": r.name,
            "kind": r.kind,
            "metric": r.metric,
            "segment": segment_text(r.segment),
            "comparator": r.comparator,
            "value": r.value,
            "period": r.period,
            "min_n": r.min_n,
            "severity": r.severity,
            "recipients": ",".join(r.recipients),
            "active": r.active,
        }
        for r in rules
    ]
    if output.write_data(rows, format_):
        return

    def condition(r: dict[str, Any]) -> str:
        if r["kind"] in ("threshold", "change"):
            what = "change" if r["kind"] == "change" else "value"
            value = "" if r["value"] is None else f" {r['value']:g}"
            return f"{r['metric']} {what} {r['comparator']}{value} per {r['period']}"
        return f"{r['kind']}: {r['metric']}"

    output.table(
        "alert rules",
        [
            ("#", "right"),
            ("name", "left"),
            ("condition", "left"),
            ("segment", "left"),
            ("severity", "left"),
            ("recipients", "left"),
            ("active", "left"),
        ],
        [
            (
                r["id"],
                r["name"],
                condition(r),
                r["segment"],
                r["severity"],
                r["recipients"] or "(CXM_ALERT_RECIPIENTS)",
                "yes" if r["active"] else "no",
            )
            for r in rows
        ],
    )


def _range(text: str) -> tuple[date, date]:
    first, _, last = text.partition(":")
    try:
        return date.fromisoformat(first), date.fromisoformat(last or first)
    except ValueError:
        return _fail(f"--exclude {text!r}: expected YYYY-MM-DD:YYYY-MM-DD")  # type: ignore[no-any-return]


@alerts_app.command("false-alarms")
def false_alarms_command(
    from_: Annotated[str, typer.Option("--from", help="first local day, YYYY-MM-DD")],
    to: Annotated[str, typer.Option("--to", help="last local day, YYYY-MM-DD")],
    exclude: Annotated[
        list[str] | None, typer.Option(help="days of known incidents, FROM:TO (repeatable)")
    ] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Replay the spike rule hour by hour over past data: alarms outside known incidents are
    false ones, reported per week."""
    from cxm.alerts.service import replay_spikes
    from cxm.analytics.replica import Replica

    try:
        first, last = date.fromisoformat(from_), date.fromisoformat(to)
    except ValueError:
        _fail("--from / --to: dates are written YYYY-MM-DD")
    if last < first:
        _fail(f"--to {last} is before --from {first}")
    settings, _ = _settings_and_engine()
    with Replica(settings).fresh() as con:
        result = replay_spikes(con, settings, first, last, [_range(e) for e in exclude or []])
    alarms = [
        {
            "hour": s.hour.isoformat(),
            "tickets": s.count,
            "usual": round(s.usual, 2),
            "limit": s.limit,
        }
        for s in result.alarms
    ]
    if format_ is Format.JSON:
        output.write_json(
            {
                "hours": result.hours,
                "weeks": round(result.weeks, 2),
                "alarms": alarms,
                "per_week": round(result.per_week, 4),
            }
        )
        return
    console.print(
        Text(
            f"{result.hours} hours judged ({result.weeks:.1f} weeks): {len(alarms)} alarms, "
            f"{result.per_week:.3f} a week"
        )
    )
    if alarms:
        output.table(
            None,
            [("hour", "left"), ("tickets", "right"), ("usual", "right"), ("limit", "right")],
            [(a["hour"], a["tickets"], a["usual"], a["limit"]) for a in alarms],
        )

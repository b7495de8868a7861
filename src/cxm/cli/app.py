"""`cxm`: import support data and compute the customer-service metrics."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from cxm.analytics.replica import Replica
from cxm.cli import output
from cxm.cli.alerts import alerts_app
from cxm.cli.followups import followups_app
from cxm.cli.notices import notices_app
from cxm.cli.output import Format, console, errors
from cxm.cli.sla import sla_app
from cxm.config import ConfigError, Settings
from cxm.db import migrate, open_database
from cxm.importers.service import ImportFailed, ImportOptions, ImportResult, import_file
from cxm.metrics.definitions import OUTPUT_KEYS
from cxm.metrics.engine import MetricsError, MetricsQuery, compute_metrics
from cxm.metrics.periods import Period, period_start

app = typer.Typer(
    name="cxm",
    help="Customer satisfaction and customer-service metrics for support teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
users_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")
apikey_app = typer.Typer(help="Keys of the REST API.", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")
surveys_app = typer.Typer(help="Surveys and invitations.", no_args_is_help=True)
app.add_typer(surveys_app, name="surveys")
app.add_typer(sla_app, name="sla")
app.add_typer(followups_app, name="followups")
app.add_typer(notices_app, name="notices")
app.add_typer(alerts_app, name="alerts")

ENTITIES = ("customers", "tickets", "responses", "revenue", "spend")


def settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        fail(str(exc))


def fail(message: str, code: int = 1) -> Any:
    errors.print(Text(f"error: {message}", style="red"))
    raise typer.Exit(code)


def ready() -> Settings:
    """Settings, with the database reachable and its schema current."""
    s = settings()
    try:
        open_database(s)
    except ConfigError as exc:
        fail(str(exc))
    return s


# -- import -----------------------------------------------------------------------------------


def _mapping(pairs: list[str]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        src, sep, dst = pair.partition("=")
        if not sep or not src.strip() or not dst.strip():
            fail(f"--map {pair!r}: expected SOURCE=CANONICAL, e.g. --map 'Ticket ID=ticket_id'")
        result[src.strip()] = dst.strip()
    return result


@app.command("import")
def import_command(
    entity: Annotated[str, typer.Argument(help="customers, tickets, responses, revenue or spend")],
    file: Annotated[Path, typer.Argument(help="CSV or JSON Lines file")],
    tz: Annotated[
        str | None, typer.Option(help="Time zone of timestamps written without an offset")
    ] = None,
    date_format: Annotated[
        str | None, typer.Option(help="strptime layout of non-ISO dates, e.g. %d/%m/%Y %H:%M")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Rename a column: SOURCE=CANONICAL (repeatable)"),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option(help="Import the valid rows and write the invalid ones to a file")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="Where --skip-invalid writes the invalid rows")
    ] = None,
    errors_file: Annotated[
        Path | None, typer.Option(help="Write every problem found to this CSV file")
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option("--format", help="csv, jsonl or servicenow (default: from the extension)"),
    ] = None,
    delimiter: Annotated[str, typer.Option(help="CSV field separator")] = ",",
    encoding: Annotated[str, typer.Option(help="Text encoding of the file")] = "utf-8",
) -> None:
    """Import a file of customers, tickets, survey responses, revenue or spend."""
    if entity not in ENTITIES:
        fail(f"unknown entity {entity!r}: choose one of {', '.join(ENTITIES)}")
    s = ready()
    options = ImportOptions(
        tz=tz,
        date_format=date_format,
        mapping=_mapping(map_ or []),
        skip_invalid=skip_invalid,
        rejects_path=rejects,
        errors_path=errors_file,
        format=format_,
        delimiter="\t" if delimiter in ("\\t", "tab") else delimiter,
        encoding=encoding,
    )
    try:
        result = _import_with_progress(s, entity, file, options)
    except ImportFailed as exc:
        for e in exc.errors:
            errors.print(Text(f"  {e}"))
        if exc.error_count > len(exc.errors):
            errors.print(f"  ... and {exc.error_count - len(exc.errors):,} more")
        if exc.errors_path:
            errors.print(Text(f"  every problem is listed in {exc.errors_path}"))
        fail(str(exc))
    _report_import(result)
    _refresh(s)


def _import_with_progress(
    s: Settings, entity: str, file: Path, options: ImportOptions
) -> ImportResult:
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        return import_file(s, entity, file, options, progress)


def _report_import(r: ImportResult) -> None:
    console.print(
        Text(
            f"{r.source.name}: {r.rows_read:,} rows read, {r.inserted:,} new, "
            f"{r.updated:,} updated, {r.unchanged:,} unchanged"
            + (f", {r.rejected:,} invalid" if r.rejected else "")
        )
    )
    if r.rejected:
        for e in r.errors[:10]:
            errors.print(Text(f"  {e}"))
        errors.print(Text(f"  the invalid rows were written to {r.rejects_path}"))


def _refresh(s: Settings) -> None:
    with console.status("updating the analytics copy", spinner="dots"):
        Replica(s).refresh()


# -- metrics ----------------------------------------------------------------------------------


def _data_days(s: Settings) -> tuple[date, date] | None:
    with Replica(s).fresh() as con:
        row = con.execute(
            "SELECT min(d), max(d) FROM (SELECT min(created_day) d FROM tickets UNION ALL "
            "SELECT max(created_day) FROM tickets UNION ALL SELECT min(answered_day) FROM "
            "responses UNION ALL SELECT max(answered_day) FROM responses)"
        ).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def _range(s: Settings, first: str | None, last: str | None) -> tuple[date, date]:
    """--from / --to, defaulting to the twelve months up to the latest data."""
    try:
        f = date.fromisoformat(first) if first else None
        t = date.fromisoformat(last) if last else None
    except ValueError as exc:
        fail(f"dates are written YYYY-MM-DD ({exc})")
    if f and t:
        return f, t
    span = _data_days(s)
    end = t or (span[1] if span else date.today())
    start = f or period_start(_months_back(end, 11), Period.MONTH)
    return start, end


def _months_back(day: date, months: int) -> date:
    index = max(day.year * 12 + day.month - 1 - months, 12)  # not before year 1
    return date(index // 12, index % 12 + 1, 1)


def _filters(pairs: list[str]) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        dim, sep, value = pair.partition("=")
        if not sep or not dim.strip():
            fail(f"--filter {pair!r}: expected DIMENSION=VALUE, e.g. --filter channel=email")
        result[dim.strip()] = (*result.get(dim.strip(), ()), value.strip())
    return result


FromOpt = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day (included), YYYY-MM-DD")]


@app.command()
def metrics(
    first: FromOpt = None,
    last: ToOpt = None,
    period: Annotated[Period, typer.Option(help="Length of each row's period")] = Period.MONTH,
    by: Annotated[
        str | None, typer.Option(help="Split by a segment: channel, category, region ...")
    ] = None,
    filter_: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Keep one segment value: DIMENSION=VALUE (repeatable)"),
    ] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Every metric, period by period (and segment by segment)."""
    s = ready()
    start, end = _range(s, first, last)
    query = MetricsQuery(start, end, period, by, _filters(filter_ or []))
    try:
        with Replica(s).fresh() as con:
            rows = compute_metrics(con, query)
    except MetricsError as exc:
        fail(str(exc))
    if format_ is Format.JSON:
        output.write_json(rows)
    elif format_ is Format.CSV:
        output.write_csv(rows, ["period", *([by] if by else []), *OUTPUT_KEYS])
    else:
        _metrics_table(rows, by, start, end)


def _metrics_table(rows: list[dict[str, Any]], by: str | None, start: date, end: date) -> None:
    cols = [("period", "left"), *([(by, "left")] if by else [])]
    cols += [
        ("CSAT %", "right"),
        ("NPS", "right"),
        ("CES %", "right"),
        ("tickets", "right"),
        ("1st reply p50", "right"),
        ("resolve p50", "right"),
        ("resolve p90", "right"),
        ("FCR %", "right"),
        ("resolved %", "right"),
        ("retention %", "right"),
        ("churn %", "right"),
        ("CAC", "right"),
        ("CLV", "right"),
    ]
    body = []
    for r in rows:
        body.append(
            [
                r["period"],
                *([r[by]] if by else []),
                _rate_cell(r["csat"], r["csat_n"]),
                _rate_cell(r["nps"], r["nps_n"]),
                _rate_cell(r["ces"], r["ces_n"]),
                r["ticket_volume"],
                output.duration(r["first_response_time_median_s"]),
                output.duration(r["resolution_time_median_s"]),
                output.duration(r["resolution_time_p90_s"]),
                output.pct(r["fcr_rate"]),
                output.pct(r["resolution_rate"]),
                output.pct(r["retention_rate"]),
                output.pct(r["churn_rate"]),
                output.money(r["cac"]),
                output.money(r["clv"]),
            ]
        )
    output.table(f"cxm metrics {start} to {end}", cols, body)
    console.print(
        "CSAT / CES: % satisfied (n answers); NPS -100..100. "
        "Intervals and every figure: --format json or csv."
    )


def _rate_cell(value: float | None, n: int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} ({n})"


@app.command()
def breakdown(
    dimension: Annotated[
        str, typer.Argument(help="category (ticket categories), channel (preferred channels) ...")
    ],
    first: FromOpt = None,
    last: ToOpt = None,
    period: Annotated[Period, typer.Option()] = Period.ALL,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """Ticket volume split by a dimension, with each value's share of all tickets."""
    s = ready()
    start, end = _range(s, first, last)
    try:
        with Replica(s).fresh() as con:
            split = compute_metrics(con, MetricsQuery(start, end, period, dimension))
            totals = {
                r["period"]: r["ticket_volume"]
                for r in compute_metrics(con, MetricsQuery(start, end, period))
            }
    except MetricsError as exc:
        fail(str(exc))
    from cxm.metrics.formulas import proportion

    rows = []
    for r in split:
        if not r["ticket_volume"]:
            continue
        share = proportion(r["ticket_volume"], totals[r["period"]])
        rows.append(
            {
                "period": r["period"],
                dimension: r[dimension],
                "tickets": r["ticket_volume"],
                "share": share.value,
                "share_ci_low": share.ci_low,
                "share_ci_high": share.ci_high,
            }
        )
    if format_ is Format.JSON:
        output.write_json(rows)
    elif format_ is Format.CSV:
        output.write_csv(
            rows, ["period", dimension, "tickets", "share", "share_ci_low", "share_ci_high"]
        )
    else:
        output.table(
            f"tickets by {dimension}, {start} to {end}",
            [("period", "left"), (dimension, "left"), ("tickets", "right"), ("share %", "right")],
            [
                [
                    r["period"],
                    r[dimension] or "(none)",
                    f"{r['tickets']:,}",
                    output.with_interval(
                        r["share"], r["share_ci_low"], r["share_ci_high"], r["tickets"]
                    ),
                ]
                for r in sorted(rows, key=lambda r: (r["period"], -r["tickets"]))
            ],
        )


# -- loyalty, stages, customer ----------------------------------------------------------------


@app.command()
def loyalty(
    at: Annotated[
        str | None, typer.Option(help="Reference day, YYYY-MM-DD (default: latest data)")
    ] = None,
    window_days: Annotated[
        int | None, typer.Option(help="Days of CSAT answers that count (CXM_LOYALTY_WINDOW_DAYS)")
    ] = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The loyalty map: advocates, VIP support, wildcards and churners."""
    from dataclasses import replace

    from cxm.metrics.loyalty import LoyaltyRules, Quadrant, loyalty_map

    s = ready()
    day = date.fromisoformat(at) if at else _range(s, None, None)[1]
    rules = LoyaltyRules.of(s)
    if window_days:
        rules = replace(rules, window_days=window_days)
    with Replica(s).fresh() as con:
        m = loyalty_map(con, day, rules)
    data = {
        "at": m.at.isoformat(),
        "window_days": m.window_days,
        "customers": m.customers,
        "placed": m.placed,
        "unplaced_share": m.unplaced_share,
        "quadrants": {q.value: {"customers": m.counts[q], "share": m.share(q)} for q in Quadrant},
        "warnings": list(m.warnings),
        "vip_support": [
            {
                "customer_id": p.customer_id,
                "name": p.name,
                "email": p.email,
                "nps_score": p.nps_score,
                "csat_answers": p.csat_answers,
                "csat_satisfied": p.csat_satisfied,
            }
            for p in m.vip_support
        ],
    }
    if format_ is Format.JSON:
        output.write_json(data)
        return
    if format_ is Format.CSV:
        output.write_csv(data["vip_support"])
        return
    labels = {
        Quadrant.ADVOCATES: "Advocates (promoter, satisfied)",
        Quadrant.VIP_SUPPORT: "VIP support (promoter, not satisfied)",
        Quadrant.WILDCARDS: "Wildcards (not promoter, satisfied)",
        Quadrant.CHURNERS: "Churners (not promoter, not satisfied)",
    }
    output.table(
        f"loyalty map at {m.at} (CSAT over {m.window_days} days, latest NPS)",
        [("quadrant", "left"), ("customers", "right"), ("share %", "right")],
        [[labels[q], m.counts[q], output.pct(m.share(q))] for q in Quadrant]
        + [["not placed (one axis missing)", m.customers - m.placed, output.pct(m.unplaced_share)]],
    )
    for w in m.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
    if m.vip_support:
        output.table(
            f"VIP support: call these {len(m.vip_support)} customers first",
            [("customer", "left"), ("name", "left"), ("NPS", "right"), ("CSAT satisfied", "right")],
            [
                [p.customer_id, p.name, p.nps_score, f"{p.csat_satisfied}/{p.csat_answers}"]
                for p in m.vip_support[:25]
            ],
        )


@app.command()
def stages(
    first: FromOpt = None,
    last: ToOpt = None,
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """CSAT at each journey stage, strongest and weakest."""
    from cxm.metrics.stages import stage_csat

    s = ready()
    start, end = _range(s, first, last)
    with Replica(s).fresh() as con:
        report = stage_csat(con, start, end)
    if format_ is Format.JSON:
        output.write_json(report.as_dict())
        return
    if format_ is Format.CSV:
        output.write_csv(report.as_dict()["stages"])
        return
    output.table(
        f"CSAT by journey stage, {start} to {end}",
        [("stage", "left"), ("CSAT %", "right"), ("95 % interval", "right"), ("answers", "right")],
        [
            [
                st.stage or "(none)",
                output.pct(st.csat),
                f"{output.pct(st.ci_low)}-{output.pct(st.ci_high)}",
                st.n,
            ]
            for st in report.stages
        ],
    )
    if report.strongest and report.weakest:
        console.print(Text(f"strongest: {report.strongest}   weakest: {report.weakest}"))
        console.print(
            "the gap is beyond noise (95 %)"
            if report.gap_significant
            else "the gap is within noise"
        )


@app.command()
def customer(
    customer_id: Annotated[str, typer.Argument(help="The customer's id")],
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """One customer's answers and tickets on a timeline, and whether satisfaction trends up."""
    from cxm.customers.timeline import CustomerNotFound, customer_timeline

    s = ready()
    try:
        tl = customer_timeline(open_database(s), customer_id)
    except CustomerNotFound as exc:
        fail(str(exc))
    if format_ is Format.JSON:
        output.write_json(
            {
                "customer": tl.customer,
                "trend": tl.trend,
                "trend_change": tl.trend_change,
                "events": [{"at": e.at, "kind": e.kind, **e.data} for e in tl.events],
            }
        )
        return
    if format_ is Format.CSV:
        output.write_csv([{"at": e.at, "kind": e.kind, **e.data} for e in tl.events])
        return
    c = tl.customer
    console.print(Text(f"{c.get('customer_id')}  {c.get('name') or ''}  {c.get('email') or ''}"))
    console.print(
        Text(
            f"region {c.get('region') or '-'}, plan {c.get('plan') or '-'}, language "
            f"{c.get('language') or '-'}, since {c.get('signup_at') or '-'}"
            + (f", churned {c['churned_at']}" if c.get("churned_at") else "")
        )
    )
    rows = []
    for e in tl.events:
        d = e.data
        if e.kind == "response":
            what = f"{d['survey'].upper()} {d['score']} ({d['scale']})"
            detail = d.get("comment") or ""
        else:
            what = f"ticket {d['ticket_id']} [{d.get('status') or '-'}]"
            detail = " / ".join(
                str(x) for x in (d.get("category"), d.get("channel"), d.get("priority")) if x
            )
        rows.append([e.at.strftime("%Y-%m-%d %H:%M"), what, Text(detail)])
    output.table("timeline (UTC)", [("when", "left"), ("what", "left"), ("detail", "left")], rows)
    console.print(f"satisfaction trend: {tl.trend or 'not enough answers'}")


# -- demo -------------------------------------------------------------------------------------


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Where to write the demo files")] = Path("cxm-demo"),
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data")] = 7,
    customers_: Annotated[int, typer.Option("--customers", help="Number of customers")] = 4000,
    serve_: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Then open the dashboard on this data")
    ] = True,
    port: Annotated[int, typer.Option(help="Port of the dashboard")] = 8000,
) -> None:
    """Generate a year of a web-hosting company's support data, import it, open the dashboard.

    Prints the monthly metrics, then serves the dashboard with a demo login (--no-serve stops
    after the table)."""
    from cxm.demo.generator import write_demo_files

    s = ready()
    out.mkdir(parents=True, exist_ok=True)
    with console.status("generating the demo data", spinner="dots"):
        files = write_demo_files(out, seed=seed, customers=customers_)
    for entity in ENTITIES:
        try:
            result = _import_with_progress(s, entity, files[entity], ImportOptions())
        except ImportFailed as exc:
            fail(f"demo data did not import: {exc}")
        _report_import(result)
    _refresh(s)
    metrics(first=None, last=None, period=Period.MONTH, by=None, filter_=None, format_=Format.TABLE)
    _demo_followups(s)
    if not serve_:
        return
    email, password = _demo_login(s)
    console.print(
        f"\n[bold]Dashboard:[/bold] http://127.0.0.1:{port}/dashboard  "
        f"[bold]sign in as[/bold] {email} / {password}  (Ctrl-C stops it)"
    )
    serve(host="127.0.0.1", port=port, forwarded_allow_ips=None, worker=False)


DEMO_EMAIL = "demo@example.com"


def _demo_followups(s: Settings) -> None:
    """Open the follow-up tasks the worker would have opened at the end of the demo year, so
    the queue shows the loop at work (answers older than the policy's age open none)."""
    from datetime import UTC, datetime, time, timedelta

    from cxm.followups.service import scan

    span = _data_days(s)
    if span is None:
        return
    end = datetime.combine(span[1] + timedelta(days=1), time(), tzinfo=UTC)
    opened = scan(open_database(s), s, end)
    if opened:
        console.print(
            f"{len(opened)} follow-up tasks opened for the unhappy answers of the last days "
            "(/followups)"
        )


def _demo_login(s: Settings) -> tuple[str, str]:
    """The demo user, with a new random password each run (printed, never stored in clear)."""
    import secrets

    from cxm.clock import SYSTEM
    from cxm.users.service import create_user, set_password

    password = "-".join(secrets.token_hex(3) for _ in range(3))
    with open_database(s).begin() as conn:
        if not set_password(conn, DEMO_EMAIL, password):
            create_user(conn, DEMO_EMAIL, password, "admin", SYSTEM.now(), name="Demo")
    return DEMO_EMAIL, password


# -- report -----------------------------------------------------------------------------------


class ReportFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"
    HTML = "html"


@app.command()
def report(
    month: Annotated[
        str | None, typer.Option(help="The month to report, YYYY-MM (default: the latest)")
    ] = None,
    format_: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.XLSX,
    by: Annotated[
        str | None, typer.Option(help="Also split the month by a segment: channel, team ...")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of the report: en, km, th, vi")] = "en",
    output_: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: in .)")
    ] = None,
) -> None:
    """The monthly report: metric tracker, ticket volume by category, calculator."""
    from cxm.clock import SYSTEM
    from cxm.metrics.loyalty import LoyaltyRules
    from cxm.reports.monthly import build_monthly
    from cxm.reports.render import render_report

    s = ready()
    if month is None:
        span = _data_days(s)
        day = span[1] if span else SYSTEM.now().date()
    else:
        try:
            day = date.fromisoformat(f"{month}-01")
        except ValueError:
            fail(f"--month {month!r}: expected YYYY-MM, e.g. 2025-06")
    try:
        with Replica(s).fresh() as con:
            data = build_monthly(
                con, day, s.company_name, SYSTEM.now(), by=by, loyalty_rules=LoyaltyRules.of(s)
            )
    except MetricsError as exc:
        fail(str(exc))
    try:
        content = render_report(data, format_.value, lang)
    except ValueError as exc:
        fail(str(exc))
    target = output_ or Path(f"cxm-report-{data.month:%Y-%m}.{format_.value}")
    target.write_bytes(content)
    console.print(f"wrote {target} ({len(content):,} bytes)")


# -- database ---------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the schema migrations this version of cxm ships."""
    from cxm.db.engine import get_engine

    s = settings()
    engine = get_engine(s.database_url)
    migrate.upgrade(engine)
    console.print(f"database at revision {migrate.current_revision(engine)}")


@db_app.command("current")
def db_current() -> None:
    """Show the schema revision of the database and the newest one available."""
    from cxm.db.engine import get_engine

    s = settings()
    current = migrate.current_revision(get_engine(s.database_url))
    console.print(f"database: {current or 'empty'}; newest: {migrate.head_revision()}")


@app.command()
def refresh() -> None:
    """Bring the analytics copy up to date with the database (done automatically)."""
    s = ready()
    report = Replica(s).refresh()
    console.print(
        ("rebuilt; " if report.rebuilt else "")
        + (", ".join(f"{k}: {v:,} rows" for k, v in report.rows.items()) or "already up to date")
    )


# -- server -----------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Proxies trusted for X-Forwarded-For/-Proto (e.g. 127.0.0.1); "
            "set it when cxm runs behind a reverse proxy"
        ),
    ] = None,
    worker: Annotated[
        bool, typer.Option(help="Also send invitations and reminders in this process")
    ] = True,
) -> None:
    """Run the web server (dashboard, survey pages, API, admin) and, by default, the worker."""
    import logging
    import threading

    import uvicorn

    from cxm import worker as sending
    from cxm.web.app import create_app

    s = ready()
    try:
        application = create_app(s)
    except ConfigError as exc:
        fail(str(exc))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    from cxm.dashboard.warm import keep_warm

    threading.Thread(target=keep_warm, args=(s, stop), name="cxm-warm", daemon=True).start()
    if worker:
        engine = application.state.cxm.engine
        threading.Thread(
            target=sending.run, args=(engine, s, stop), name="cxm-worker", daemon=True
        ).start()
    console.print(f"cxm at {s.base_url} (listening on {host}:{port})")
    try:
        uvicorn.run(
            application,
            host=host,
            port=port,
            log_level="info",
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        stop.set()


@app.command("worker")
def worker_command(
    interval: Annotated[float, typer.Option(help="Seconds between passes")] = 5.0,
) -> None:
    """Do the background work (invitations, webhooks, reports, SLAs, alerts, follow-ups, notices)
    apart from `cxm serve`."""
    import logging
    import threading

    from cxm import worker as sending

    s = ready()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    try:
        sending.run(open_database(s), s, stop, interval_s=interval)
    except KeyboardInterrupt:
        stop.set()


# -- users, keys, surveys ---------------------------------------------------------------------


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument(help="E-mail address, used to sign in")],
    role: Annotated[str, typer.Option(help="admin, agent or viewer")] = "agent",
    name: Annotated[str | None, typer.Option(help="Display name")] = None,
    password: Annotated[
        str | None,
        typer.Option(help="Password (default: read from CXM_NEW_PASSWORD or asked)"),
    ] = None,
) -> None:
    """Create a staff account."""
    import os

    from cxm.clock import SYSTEM
    from cxm.users.service import UserError, create_user

    s = ready()
    secret = password or os.environ.get("CXM_NEW_PASSWORD")
    if not secret:
        secret = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        with open_database(s).begin() as conn:
            user = create_user(conn, email, secret, role, SYSTEM.now(), name)
    except UserError as exc:
        fail(str(exc))
    console.print(Text(f"user {user.email} ({user.role}) created"))


@apikey_app.command("create")
def apikey_create(name: Annotated[str, typer.Argument(help="What the key is for")]) -> None:
    """Create an API key; it is printed once and never stored in clear."""
    from cxm.clock import SYSTEM
    from cxm.users.service import create_api_key

    s = ready()
    with open_database(s).begin() as conn:
        key = create_api_key(conn, name, SYSTEM.now())
    console.print(key)


@apikey_app.command("revoke")
def apikey_revoke(
    prefix: Annotated[str, typer.Argument(help="The 8 characters after cxm_")],
) -> None:
    """Revoke an API key."""
    from cxm.clock import SYSTEM
    from cxm.users.service import revoke_api_key

    s = ready()
    with open_database(s).begin() as conn:
        if not revoke_api_key(conn, prefix, SYSTEM.now()):
            fail(f"no active key {prefix!r}")
    console.print(f"key {prefix} revoked")


@surveys_app.command("init")
def surveys_init() -> None:
    """Create the built-in surveys (CSAT, CES, NPS ... in en, km, th, vi) not there yet."""
    from cxm.clock import SYSTEM
    from cxm.surveys.service import install_templates

    s = ready()
    with open_database(s).begin() as conn:
        created = install_templates(conn, SYSTEM.now())
    console.print(", ".join(created) + " created" if created else "every built-in survey exists")


@surveys_app.command("list")
def surveys_list() -> None:
    """The surveys, with what is missing in each language."""
    from cxm.surveys import service as survey_service
    from cxm.surveys.templates import LANGUAGES

    s = ready()
    with open_database(s).connect() as conn:
        rows = survey_service.list_all(conn)
    output.table(
        "surveys",
        [
            ("key", "left"),
            ("kind", "left"),
            ("scale", "left"),
            ("stage", "left"),
            ("active", "left"),
            ("missing texts", "left"),
        ],
        [
            [
                v.key,
                v.kind,
                f"{v.scale} {v.display}",
                v.stage or "-",
                "yes" if v.active else "no",
                "; ".join(f"{lang}: {len(f)}" for lang, f in v.missing(LANGUAGES).items()) or "-",
            ]
            for v in rows
        ],
    )


@surveys_app.command("send")
def surveys_send(
    survey: Annotated[str, typer.Argument(help="Survey key, e.g. csat_support")],
    customer: Annotated[list[str], typer.Option("--customer", help="Customer id (repeatable)")],
    channel: Annotated[str, typer.Option(help="email, sms or link")] = "email",
    ticket: Annotated[str | None, typer.Option(help="The ticket the survey is about")] = None,
    qr: Annotated[
        Path | None,
        typer.Option(help="With --channel link: also write a QR code per customer (SVG) here"),
    ] = None,
) -> None:
    """Invite customers to answer a survey (queued for the worker; `link` prints links)."""
    from cxm.clock import SYSTEM
    from cxm.invitations import service as invitation_service
    from cxm.invitations.qr import qr_svg, safe_file_name
    from cxm.invitations.service import InvitationError
    from cxm.surveys import service as survey_service
    from cxm.surveys.service import SurveyNotFound

    s = ready()
    try:
        with open_database(s).begin() as conn:
            found = survey_service.get(conn, survey)
            made = [
                invitation_service.create(
                    conn,
                    s,
                    survey=found,
                    channel=channel,
                    at=SYSTEM.now(),
                    customer_id=c,
                    ticket_id=ticket,
                )
                for c in customer
            ]
    except (SurveyNotFound, InvitationError) as exc:
        fail(str(exc))
    if qr is not None:
        qr.mkdir(parents=True, exist_ok=True)
    for inv in made:
        if channel == "link":
            url = invitation_service.link(s, inv)
            console.print(Text(f"{inv.customer_id}: {url}"))
            if qr is not None:
                target = qr / f"{safe_file_name(inv.customer_id)}.svg"
                target.write_text(qr_svg(url), encoding="utf-8")
        else:
            console.print(Text(f"{inv.customer_id}: queued ({inv.recipient})"))


@app.command(hidden=True)
def reference(
    what: Annotated[str, typer.Argument(help="metrics or settings")] = "metrics",
) -> None:
    """Print the generated parts of the docs (metric reference, settings table)."""
    from cxm.config import settings_table
    from cxm.metrics.reference import render

    print(settings_table() if what == "settings" else render(), end="")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

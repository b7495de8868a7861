"""Alert rules in the database, their evaluation by the worker, and the alerts they raise.

`evaluate` claims each active rule whose last check is older than CXM_ALERT_CHECK_MINUTES (a
conditional update only one worker wins), computes what the rule finds and records each finding
as an alert keyed by its fingerprint: checking again changes nothing but `seen_at`. A new alert
queues one notification per recipient in the same transaction (held until the end of the quiet
hours unless it is critical); a finding that is no longer found resolves its alert.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.alerts import detection
from cxm.alerts.rules import (
    BUILT_IN,
    LOYALTY_METRICS,
    Rule,
    channel_of,
    check,
    parse_recipients,
    parse_segment,
    segment_json,
    segment_text,
)
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db.schema import alert_notifications, alert_rules, alerts
from cxm.i18n.formatting import digits_apart
from cxm.invitations.policy import QuietHours

log = logging.getLogger("cxm.alerts")

LOOKBACK_HOURS = 3  # complete hours checked for spikes on each pass (covers a missed pass)
STATES = ("open", "resolved")


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: about `subject` (a period, an hour, a ticket)."""

    subject: str
    summary: str
    value: float | None
    reference: float | None
    link: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Alert:
    id: int
    rule_id: int
    rule_name: str
    kind: str
    subject: str
    severity: str
    state: str
    summary: str
    value: float | None
    reference: float | None
    details: dict[str, Any]
    link: str
    opened_at: datetime
    seen_at: datetime
    resolved_at: datetime | None


@dataclass
class Evaluation:
    """What one pass did."""

    checked: list[str] = field(default_factory=list)  # rule names
    raised: list[int] = field(default_factory=list)  # new alert ids
    resolved: int = 0
    errors: list[str] = field(default_factory=list)


# (engine, settings, now, state "at_risk" | "breached") -> findings; the SLA area provides it
SlaSource = Callable[[Engine, Settings, datetime, str], list[Finding]]


# -- rules ------------------------------------------------------------------------------------


def _rule(row: Any) -> Rule:
    return Rule(
        id=int(row["id"]),
        name=row["name"],
        kind=row["kind"],
        metric=row["metric"],
        comparator=row["comparator"],
        value=row["value"],
        period=row["period"],
        segment=parse_segment(row["segment"]),
        min_n=int(row["min_n"]),
        severity=row["severity"],
        recipients=tuple(r for r in (row["recipients"] or "").split(",") if r),
        active=bool(row["active"]),
        key=row["key"],
        checked_at=row["checked_at"],
    )


def install_builtin(conn: Connection, now: datetime) -> int:
    """Add the built-in rules an installation does not have yet (never overwriting one that
    was edited or switched off); returns how many were added."""
    have = set(
        conn.execute(select(alert_rules.c.key).where(alert_rules.c.key.is_not(None))).scalars()
    )
    added = 0
    for rule in BUILT_IN:
        if rule.key in have:
            continue
        conn.execute(insert(alert_rules).values(**_values(rule), created_at=now, updated_at=now))
        added += 1
    return added


def _values(rule: Rule) -> dict[str, Any]:
    return {
        "key": rule.key,
        "name": rule.name.strip(),
        "kind": rule.kind,
        "metric": rule.metric,
        "segment": segment_json(rule.segment),
        "comparator": rule.comparator,
        "value": rule.value,
        "period": rule.period,
        "min_n": rule.min_n,
        "severity": rule.severity,
        "recipients": ",".join(rule.recipients),
        "active": rule.active,
    }


def list_rules(conn: Connection) -> list[Rule]:
    rows = conn.execute(select(alert_rules).order_by(alert_rules.c.id)).mappings()
    return [_rule(r) for r in rows]


def get_rule(conn: Connection, rule_id: int) -> Rule | None:
    row = conn.execute(select(alert_rules).where(alert_rules.c.id == rule_id)).mappings().first()
    return _rule(row) if row else None


def save_rule(conn: Connection, rule: Rule, now: datetime) -> Rule:
    """Create (id None) or update a rule after checking it; RuleError says what is wrong. A
    changed rule is checked again on the next pass."""
    check(rule)
    values = _values(rule)
    if rule.id is None:
        values["key"] = None
        new_id = conn.execute(
            insert(alert_rules)
            .values(**values, created_at=now, updated_at=now)
            .returning(alert_rules.c.id)
        ).scalar_one()
        return replace(rule, id=int(new_id), key=None)
    values.pop("key")
    conn.execute(
        update(alert_rules)
        .where(alert_rules.c.id == rule.id)
        .values(**values, updated_at=now, checked_at=None)
    )
    return rule


def set_active(conn: Connection, rule_id: int, active: bool, now: datetime) -> bool:
    done = conn.execute(
        update(alert_rules)
        .where(alert_rules.c.id == rule_id)
        .values(active=active, updated_at=now, checked_at=None)
    )
    if not active:  # a switched-off rule leaves nothing open behind it
        conn.execute(
            update(alerts)
            .where(alerts.c.rule_id == rule_id, alerts.c.state == "open")
            .values(state="resolved", resolved_at=now)
        )
    return done.rowcount == 1


# -- alerts -----------------------------------------------------------------------------------


def _alert(row: Any) -> Alert:
    return Alert(
        id=int(row["id"]),
        rule_id=int(row["rule_id"]),
        rule_name=row["name"],
        kind=row["kind"],
        subject=row["subject"],
        severity=row["severity"],
        state=row["state"],
        summary=row["summary"],
        value=row["value"],
        reference=row["reference"],
        details=json.loads(row["details"] or "{}"),
        link=row["link"],
        opened_at=row["opened_at"],
        seen_at=row["seen_at"],
        resolved_at=row["resolved_at"],
    )


def list_alerts(
    conn: Connection,
    state: str | None = None,
    severity: str | None = None,
    rule_id: int | None = None,
    since: datetime | None = None,
    limit: int = 100,
    before_id: int | None = None,
) -> list[Alert]:
    """Alerts, newest first, with their rule's name."""
    query = (
        select(alerts, alert_rules.c.name, alert_rules.c.kind)
        .join(alert_rules, alert_rules.c.id == alerts.c.rule_id)
        .order_by(alerts.c.id.desc())
        .limit(limit)
    )
    if state:
        query = query.where(alerts.c.state == state)
    if severity:
        query = query.where(alerts.c.severity == severity)
    if rule_id is not None:
        query = query.where(alerts.c.rule_id == rule_id)
    if since is not None:
        query = query.where(alerts.c.opened_at >= since)
    if before_id is not None:
        query = query.where(alerts.c.id < before_id)
    return [_alert(r) for r in conn.execute(query).mappings()]


def notifications_of(conn: Connection, alert_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(alert_notifications)
        .where(alert_notifications.c.alert_id == alert_id)
        .order_by(alert_notifications.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def recipients_of(rule: Rule, settings: Settings) -> tuple[str, ...]:
    """The rule's own recipients, else CXM_ALERT_RECIPIENTS."""
    return rule.recipients or parse_recipients(settings.alert_recipients)


def notify_at(severity: str, now: datetime, settings: Settings) -> datetime:
    """When a new alert's notifications are due: at once when critical or outside the quiet
    hours (CXM_ALERT_QUIET_HOURS in CXM_TIMEZONE), else when they end."""
    quiet = QuietHours.parse(settings.alert_quiet_hours)
    if severity == "critical" or quiet is None:
        return now
    return quiet.next_allowed(now, settings.zone)


def record(
    engine: Engine,
    rule: Rule,
    findings: Iterable[Finding],
    settings: Settings,
    now: datetime,
) -> tuple[list[int], int]:
    """Store what one check of `rule` found: (ids of new alerts, number resolved)."""
    assert rule.id is not None
    seg = segment_text(rule.segment)
    new: list[int] = []
    with engine.begin() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        seen: set[str] = set()
        for f in findings:
            fp = detection.fingerprint(rule.id, seg, f.subject)
            seen.add(fp)
            values = {
                "summary": f.summary,
                "value": f.value,
                "reference": f.reference,
                "details": json.dumps(f.details, ensure_ascii=False, default=str),
                "link": f.link,
            }
            inserted = conn.execute(
                dialect.insert(alerts)
                .values(
                    rule_id=rule.id,
                    fingerprint=fp,
                    subject=f.subject,
                    severity=rule.severity,
                    state="open",
                    opened_at=now,
                    seen_at=now,
                    **values,
                )
                .on_conflict_do_nothing(index_elements=[alerts.c.fingerprint])
                .returning(alerts.c.id)
            ).scalar()
            if inserted is None:  # known already: still there
                conn.execute(
                    update(alerts)
                    .where(alerts.c.fingerprint == fp)
                    .values(seen_at=now, state="open", resolved_at=None, **values)
                )
                continue
            new.append(int(inserted))
            due = notify_at(rule.severity, now, settings)
            for recipient in recipients_of(rule, settings):
                conn.execute(
                    dialect.insert(alert_notifications)
                    .values(
                        alert_id=int(inserted),
                        recipient=recipient,
                        channel=channel_of(recipient),
                        status="pending",
                        due_at=due,
                        attempts=0,
                    )
                    .on_conflict_do_nothing(
                        index_elements=[
                            alert_notifications.c.alert_id,
                            alert_notifications.c.recipient,
                        ]
                    )
                )
        stale = and_(alerts.c.rule_id == rule.id, alerts.c.state == "open")
        if seen:
            stale = and_(stale, alerts.c.fingerprint.not_in(seen))
        resolved = conn.execute(
            update(alerts).where(stale).values(state="resolved", resolved_at=now)
        )
    return new, resolved.rowcount


# -- evaluation -------------------------------------------------------------------------------


def _claim(engine: Engine, rule: Rule, now: datetime, every: timedelta) -> bool:
    """Take the rule's check for this worker (one worker per rule per interval)."""
    with engine.begin() as conn:
        taken = conn.execute(
            update(alert_rules)
            .where(
                alert_rules.c.id == rule.id,
                alert_rules.c.active,
                or_(alert_rules.c.checked_at.is_(None), alert_rules.c.checked_at <= now - every),
            )
            .values(checked_at=now)
        )
    return taken.rowcount == 1


def due_rules(conn: Connection, now: datetime, every: timedelta) -> list[Rule]:
    rows = conn.execute(
        select(alert_rules)
        .where(
            alert_rules.c.active,
            or_(alert_rules.c.checked_at.is_(None), alert_rules.c.checked_at <= now - every),
        )
        .order_by(alert_rules.c.id)
    ).mappings()
    return [_rule(r) for r in rows]


def evaluate(
    engine: Engine,
    settings: Settings,
    clock: Clock = SYSTEM,
    force: bool = False,
    sla_source: SlaSource | None = None,
) -> Evaluation:
    """Check every due rule (every active rule with `force`) and record what they find."""
    now = clock.now()
    every = timedelta(0) if force else timedelta(minutes=settings.alert_check_minutes)
    report = Evaluation()
    with engine.begin() as conn:
        install_builtin(conn, now)
        rules = due_rules(conn, now, every)
    if not rules:
        return report
    needs_data = [r for r in rules if r.kind != "sla"]
    con_cm = None
    con = None
    try:
        if needs_data:
            from cxm.analytics.replica import Replica

            con_cm = Replica(settings).fresh()
            con = con_cm.__enter__()
        for rule in rules:
            if not _claim(engine, rule, now, every):
                continue  # another worker is checking it
            try:
                if rule.kind == "sla":
                    found = (sla_source or sla_findings)(engine, settings, now, rule.metric)
                else:
                    found = findings(con, rule, settings, now)
            except Exception as exc:  # one broken rule (unknown segment ...) must not stop the rest
                log.warning("alert rule %s (%s) could not be checked: %s", rule.id, rule.name, exc)
                report.errors.append(f"{rule.name}: {exc}")
                continue
            new, resolved = record(engine, rule, found, settings, now)
            report.checked.append(rule.name)
            report.raised += new
            report.resolved += resolved
    finally:
        if con_cm is not None:
            con_cm.__exit__(None, None, None)
    return report


def findings(con: Any, rule: Rule, settings: Settings, now: datetime) -> list[Finding]:
    """What a threshold, change or spike rule finds now on the analytics copy `con`."""
    if rule.kind == "spike":
        return spike_findings(con, rule, settings, now)
    today = now.astimezone(settings.zone).date()
    if rule.metric in LOYALTY_METRICS:
        return _loyalty_findings(con, rule, settings, today)
    return _metric_findings(con, rule, settings, today)


def dashboard_link(
    path: str, first: date, last: date, grain: str, segment: Mapping[str, tuple[str, ...]]
) -> str:
    params = [("from", first.isoformat()), ("to", last.isoformat()), ("grain", grain)]
    params += [(k, v) for k, vs in sorted(segment.items()) for v in vs]
    return f"{path}?{urlencode(params)}"


def _metric_findings(con: Any, rule: Rule, settings: Settings, today: date) -> list[Finding]:
    from cxm.metrics.changes import change
    from cxm.metrics.definitions import METRICS
    from cxm.metrics.engine import MetricsQuery, compute_metrics
    from cxm.metrics.periods import Period

    metric = next(m for m in METRICS if m.key == rule.metric)
    last, before = detection.complete_periods(today, rule.period)
    query = MetricsQuery(
        before[0], last[1], Period(rule.period), None, dict(rule.segment), (rule.metric,)
    )
    rows = {r["period"]: r for r in compute_metrics(con, query, counts=True)}
    current = rows.get(last[0].isoformat())
    previous = rows.get(before[0].isoformat())
    if current is None:
        return []
    n_key = metric.n_key
    n = current.get(n_key) if n_key else None
    if n is None and n_key:
        n = (current.get("counts") or {}).get(n_key)
    value = current.get(metric.value_key)
    seg = segment_text(rule.segment)
    where = f" ({seg})" if seg else ""
    span = (
        f"{last[0]:%Y-%m-%d} – {last[1]:%Y-%m-%d}" if last[0] != last[1] else f"{last[0]:%Y-%m-%d}"
    )
    link = dashboard_link("/dashboard", last[0], last[1], rule.period, rule.segment)
    details: dict[str, Any] = {
        "metric": rule.metric,
        "period": rule.period,
        "from": last[0].isoformat(),
        "to": last[1].isoformat(),
        "segment": seg,
        "n": n,
        "value": value,
        "unit": metric.unit.value,
    }
    name = metric.title
    if rule.kind == "threshold":
        if not detection.threshold_fires(rule, value, n):
            return []
        summary = (
            f"{name}{where} was {_show(value, metric.unit.value, rule.value)} in {span} "
            f"(n = {n}), {rule.comparator} {_show(rule.value, metric.unit.value)}"
        )
        details["threshold"] = rule.value
        return [Finding(last[0].isoformat(), summary, value, rule.value, link, details)]
    moved = change(metric, current, previous)
    if not detection.change_fires(rule, moved, n):
        return []
    summary = (
        f"{name}{where} moved from {_show(moved.previous, metric.unit.value)} to "
        f"{_show(moved.value, metric.unit.value)} in {span} (n = {n}, z = {moved.z:.1f}): "
        "beyond noise"
    )
    details.update(previous=moved.previous, delta=moved.delta, z=moved.z)
    return [Finding(last[0].isoformat(), summary, value, moved.previous, link, details)]


def _loyalty_findings(con: Any, rule: Rule, settings: Settings, today: date) -> list[Finding]:
    from cxm.metrics.loyalty import LoyaltyRules, Quadrant, loyalty_map

    day = today - timedelta(days=1)
    quadrant = Quadrant(LOYALTY_METRICS[rule.metric])
    result = loyalty_map(con, day, LoyaltyRules.of(settings))
    share = result.share(quadrant)
    if not detection.threshold_fires(rule, share, result.placed):
        return []
    label = quadrant.value.replace("_", " ")
    summary = (
        f"{label.capitalize()} are {_show(share, 'percent', rule.value)} of the {result.placed} "
        "customers "
        f"placed on the loyalty map on {day:%Y-%m-%d}, {rule.comparator} "
        f"{_show(rule.value, 'percent')}"
    )
    details = {
        "metric": rule.metric,
        "day": day.isoformat(),
        "share": share,
        "customers": result.counts[quadrant],
        "placed": result.placed,
        "threshold": rule.value,
        "unit": "percent",
    }
    link = dashboard_link("/dashboard/loyalty", day.replace(day=1), day, "month", {})
    # one alert per week while it lasts: a daily check does not open a new one every day
    week = day - timedelta(days=day.weekday())
    return [Finding(f"week of {week.isoformat()}", summary, share, rule.value, link, details)]


def hourly_counts(
    con: Any,
    settings: Settings,
    segment: Mapping[str, tuple[str, ...]],
    since: datetime,
    until: datetime,
) -> tuple[dict[datetime, int], datetime | None]:
    """Tickets per local hour (naive wall-clock start) created in [since, until), and the local
    hour of the first ticket of the segment."""
    from cxm.metrics.definitions import Source
    from cxm.metrics.engine import JOINS
    from cxm.metrics.segments import Segments

    tz = settings.timezone.replace("'", "''")
    local = f"timezone('{tz}', timezone('UTC', t.created_at))"
    segments = Segments(con)
    joins: set[str] = set()
    where = ""
    params: list[Any] = []
    for dim, values in segment.items():
        sql = segments.resolve(dim, Source.TICKETS)
        if sql is None:
            raise ValueError(f"unknown segment {dim!r} for tickets")
        if sql.joins:
            joins.add(sql.joins)
        where += f" AND {sql.expr} IN ({', '.join('?' for _ in values)})"
        params.extend(values)
    source = "tickets t" + "".join(JOINS[j] for j in sorted(joins))
    naive = lambda value: value.astimezone(UTC).replace(tzinfo=None)  # noqa: E731
    rows = con.execute(
        f"SELECT date_trunc('hour', {local}) AS h, count(*) FROM {source} "
        f"WHERE t.created_at >= ? AND t.created_at < ?{where} GROUP BY h",
        [naive(since), naive(until), *params],
    ).fetchall()
    first = con.execute(f"SELECT min({local}) FROM {source} WHERE TRUE{where}", params).fetchone()
    return {r[0]: int(r[1]) for r in rows}, (first[0] if first else None)


def spike_findings(con: Any, rule: Rule, settings: Settings, now: datetime) -> list[Finding]:
    """Spikes among the last complete local hours."""
    weeks = settings.alert_spike_weeks
    local_now = now.astimezone(settings.zone).replace(tzinfo=None)
    this_hour = local_now.replace(minute=0, second=0, microsecond=0)
    hours = [this_hour - timedelta(hours=k) for k in range(LOOKBACK_HOURS, 0, -1)]
    since = now - timedelta(weeks=weeks, hours=LOOKBACK_HOURS + 26)
    counts, first = hourly_counts(con, settings, rule.segment, since, now)
    results = detection.find_spikes(counts, hours, weeks, settings.alert_spike_min_tickets, first)
    seg = segment_text(rule.segment)
    where = f" ({seg})" if seg else ""
    found = []
    for s in results:
        if not s.is_spike:
            continue
        day = s.hour.date()
        summary = (
            f"{s.count} tickets{where} between {s.hour:%H:%M} and "
            f"{s.hour + timedelta(hours=1):%H:%M} on {s.hour:%a %Y-%m-%d} "
            f"({settings.timezone}); usually {s.usual:.1f} at this weekday and hour over "
            f"{s.weeks} weeks, a spike from {s.limit}"
        )
        details = {
            "hour": s.hour.isoformat(),
            "count": s.count,
            "usual": s.usual,
            "limit": s.limit,
            "p_value": s.p_value,
            "weeks": s.weeks,
            "segment": seg,
        }
        link = dashboard_link("/dashboard/trends", day, day, "day", rule.segment)
        found.append(
            Finding(s.hour.strftime("%Y-%m-%dT%H:00"), summary, s.count, s.usual, link, details)
        )
    return found


# An SLA state reached longer ago than this raises no alert: a first import of history
# would otherwise page the team about every ticket left open years ago.
SLA_NEWS = timedelta(days=2)


def sla_findings(engine: Engine, settings: Settings, now: datetime, state: str) -> list[Finding]:
    """Unresolved tickets whose worst SLA target is `state` (at_risk or breached) now, from
    `cxm.sla.service.at_risk_and_breached`; one alert per ticket, state and round (a reopened
    ticket can breach again)."""
    from cxm.sla import service as sla

    found = []
    for item in sla.at_risk_and_breached(engine, now):
        if item.worst != state:
            continue
        ticket = dict(item.ticket or {})
        ticket_id = str(ticket.get("ticket_id"))
        reached = [
            t.breached_at if state == "breached" else t.at_risk_at
            for t in item.clocks.targets
            if t.state == state
        ]
        if all(at is not None and at < now - SLA_NEWS for at in reached):
            # reached long ago (history just imported, or known for days): not news
            continue
        targets = []
        for t in item.clocks.targets:
            if t.state != state:
                continue
            due = t.due_at.astimezone(settings.zone).strftime("%Y-%m-%d %H:%M") if t.due_at else "–"
            targets.append(
                {
                    "target": t.target,
                    "minutes": t.minutes,
                    "used": round(100 * t.used, 1),
                    "due_at": due,
                }
            )
        words = ", ".join(
            f"{t['target'].replace('_', ' ')} target {t['minutes']:g} min "
            f"({t['used']:g} % used, due {t['due_at']})"
            for t in targets
        )
        about = ", ".join(
            f"{k} {ticket[k]}" for k in ("priority", "channel", "team") if ticket.get(k)
        )
        label = "at risk" if state == "at_risk" else "breached"
        summary = f"Ticket {ticket_id}{f' ({about})' if about else ''}: SLA {label}"
        if words:
            summary += f" - {words}"
        day = now.astimezone(settings.zone).date()
        customer = ticket.get("customer_id")
        link = (
            "/dashboard/customers/" + quote(str(customer), safe="")
            if customer
            else dashboard_link("/dashboard", day, day, "day", {})
        )
        round_ = item.clocks.reopened
        details = {"ticket": ticket_id, "customer": customer, "targets": targets, "round": round_}
        found.append(
            Finding(
                f"ticket {ticket_id} {state} #{round_}",
                summary,
                max((t["used"] for t in targets), default=None),
                100.0,
                link,
                details,
            )
        )
    return found


def _show(value: float | None, unit: str, against: float | None = None) -> str:
    """The value for a summary; beside a threshold (`against`), with the decimals that keep
    it on its side ("79.96 %, below 80 %", not "80.0 %, below 80.0 %")."""
    if value is None:
        return "–"
    digits = 1 if against is None else digits_apart(value, against)
    if unit == "percent":
        return f"{value:.{digits}f} %"
    if unit == "seconds":
        from cxm.i18n.formatting import duration

        return duration(value, "en")
    if unit == "nps":
        return f"{value:.{digits}f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def counts_by_state(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(alerts.c.state, func.count()).group_by(alerts.c.state)).all()
    return {s: int(n) for s, n in rows}


def job(engine: Engine, settings: Settings, clock: Clock, channels: Mapping[str, Any]) -> None:
    """The worker's pass: check the due rules, then send what is due, grouped per recipient."""
    from cxm.alerts.delivery import deliver_due

    checked = evaluate(engine, settings, clock)
    if checked.raised or checked.resolved:
        log.info("alerts raised %d, resolved %d", len(checked.raised), checked.resolved)
    for error in checked.errors:
        log.warning("alert rule not checked: %s", error)
    sent = deliver_due(engine, settings, clock, channels.get("email"))  # type: ignore[arg-type]
    for recipient, count in sent.sent:
        log.info("alerts sent to %s: %d", recipient, count)


@dataclass(frozen=True)
class FalseAlarms:
    """The spike rule replayed hour by hour over a stretch of history."""

    first: date
    last: date
    hours: int  # hours judged (excluded days left out)
    alarms: tuple[detection.Spike, ...]

    @property
    def weeks(self) -> float:
        return self.hours / (7 * 24)

    @property
    def per_week(self) -> float:
        return len(self.alarms) / self.weeks if self.hours else 0.0


def replay_spikes(
    con: Any,
    settings: Settings,
    first: date,
    last: date,
    exclude: Iterable[tuple[date, date]] = (),
    segment: Mapping[str, tuple[str, ...]] | None = None,
) -> FalseAlarms:
    """Every hour of `first`..`last` (local days) judged as the spike rule would have judged it
    then, leaving out the `exclude` day ranges (known incidents): on data without incidents,
    each alarm is a false one."""
    zone = settings.zone
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    stop = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    weeks = settings.alert_spike_weeks
    counts, first_hour = hourly_counts(
        con, settings, segment or {}, start - timedelta(weeks=weeks, days=1), stop
    )
    skipped = list(exclude)
    hours = []
    h = start.replace(tzinfo=None)
    while h < stop.replace(tzinfo=None):
        if not any(a <= h.date() <= b for a, b in skipped):
            hours.append(h)
        h += timedelta(hours=1)
    judged = detection.find_spikes(
        counts, hours, weeks, settings.alert_spike_min_tickets, first_hour
    )
    return FalseAlarms(first, last, len(hours), tuple(s for s in judged if s.is_spike))

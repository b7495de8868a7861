"""The monthly report by e-mail: on CXM_REPORT_DAY at CXM_REPORT_HOUR (local time), last
month's report goes to CXM_REPORT_RECIPIENTS with its files attached.

Each reported month has one row in `report_runs`. A worker claims the month before building
the report (an insert that only one worker wins, or a conditional update of a failed or
abandoned attempt), so several workers and restarts never send a month twice. The addresses
that took the e-mail are recorded as it goes: a failed attempt is retried after
`RETRY_AFTER`, to the addresses that have not received it yet.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.channels.base import SendError
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db.schema import report_runs
from cxm.reports.monthly import first_of_month, months_before

if TYPE_CHECKING:
    from cxm.channels.email import EmailSender
    from cxm.reports.monthly import MonthlyReport

log = logging.getLogger("cxm.reports")

RETRY_AFTER = timedelta(minutes=5)  # after a failed attempt; not every pass of the worker
# A claim older than this was left by a worker that died while sending: try again (the
# addresses it had reached are recorded and skipped).
ABANDONED_AFTER = timedelta(minutes=30)
SUMMARY = ("csat", "nps", "ces", "ticket_volume", "first_response_time", "resolution_time")


@dataclass(frozen=True)
class ReportRun:
    """What one attempt did."""

    month: date
    status: str  # sent or failed
    recipients: tuple[str, ...]  # every address that has received the month's report
    error: str | None = None


def send_moment(month: date, settings: Settings) -> datetime:
    """When the report of the month before `month` is due: CXM_REPORT_DAY (at most the
    month's last day) at CXM_REPORT_HOUR, local time."""
    last_day = calendar.monthrange(month.year, month.month)[1]
    day = month.replace(day=min(settings.report_day, last_day))
    return datetime.combine(day, time(settings.report_hour), tzinfo=settings.zone)


def due_report(now: datetime, settings: Settings, last_sent: date | None) -> date | None:
    """The month whose report should be sent now, or None.

    Only this month's sending is ever due: from its moment on, last month's report is due
    until it is sent. A month that went unsent (the server was off all month) is not sent
    late: the next report covers it in its twelve-month trends.
    """
    if not settings.report_recipient_list:
        return None
    local = now.astimezone(settings.zone)
    this_month = first_of_month(local.date())
    if local < send_moment(this_month, settings):
        return None
    month = months_before(this_month, 1)
    if last_sent is not None and last_sent >= month:
        return None
    return month


def last_sent(conn: Connection) -> date | None:
    """The latest month whose report has been sent to every recipient."""
    value = conn.execute(
        select(func.max(report_runs.c.month)).where(report_runs.c.status == "sent")
    ).scalar()
    if isinstance(value, str):  # SQLite returns an aggregate of dates as text
        return date.fromisoformat(value)
    return value


def send_due_report(
    engine: Engine,
    settings: Settings,
    clock: Clock = SYSTEM,
    sender: EmailSender | None = None,
) -> ReportRun | None:
    """Send last month's report if it is due and no other worker is sending it; None when
    there was nothing to do."""
    if not settings.report_recipient_list:
        return None  # off: not even a query on each pass of the worker
    now = clock.now()
    with engine.connect() as conn:
        month = due_report(now, settings, last_sent(conn))
    if month is None:
        return None
    reached = _claim(engine, month, now)
    if reached is None:
        return None
    if sender is None:
        from cxm.channels.email import EmailSender

        sender = EmailSender(settings, clock=clock)
    delivered = list(reached)
    error: str | None = None
    try:
        report = _build(settings, month, now)
        files = _files(report, settings)
        for address in settings.report_recipient_list:
            if address in delivered:
                continue
            msg = report_message(settings, report, files, address, now)
            # the e-mail channel's delivery: its SMTP settings, TLS and error wording
            sender.deliver(msg)
            delivered.append(address)
            _record(engine, month, "sending", delivered, None)  # a crash now skips them
    except SendError as exc:
        error = str(exc)
    except Exception as exc:  # a failed build must not stop the worker; retried later
        log.exception("monthly report of %s could not be built", month)
        error = f"the report could not be built: {exc}"
    status = "failed" if error else "sent"
    _record(engine, month, status, delivered, error, sent_at=None if error else clock.now())
    if error:
        log.warning("monthly report of %s not sent: %s", month, error)
    else:
        log.info("monthly report of %s sent to %s", month, ", ".join(delivered))
    return ReportRun(month, status, tuple(delivered), error)


def _claim(engine: Engine, month: date, now: datetime) -> tuple[str, ...] | None:
    """Take the month for this worker: the addresses already reached, or None when it is
    not ours to send (sent, being sent, or waiting before a retry)."""
    with engine.begin() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        inserted = conn.execute(
            dialect.insert(report_runs)
            .values(month=month, status="sending", recipients="", attempts=1, attempted_at=now)
            .on_conflict_do_nothing(index_elements=[report_runs.c.month])
            .returning(report_runs.c.month)  # rowcount is not reliable here on psycopg
        ).first()
        if inserted is not None:
            return ()
        row = conn.execute(select(report_runs).where(report_runs.c.month == month)).one()
        if row.status == "sent":
            return None
        wait = RETRY_AFTER if row.status == "failed" else ABANDONED_AFTER
        if row.attempted_at > now - wait:
            return None
        taken = conn.execute(
            update(report_runs)
            .where(
                report_runs.c.month == month,
                report_runs.c.status == row.status,
                report_runs.c.attempted_at == row.attempted_at,
            )
            .values(status="sending", attempts=row.attempts + 1, attempted_at=now)
        )
        if taken.rowcount != 1:
            return None  # another worker took it between our read and our update
        return tuple(a for a in row.recipients.split(",") if a)


def _record(
    engine: Engine,
    month: date,
    status: str,
    delivered: list[str],
    error: str | None,
    sent_at: datetime | None = None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(report_runs)
            .where(report_runs.c.month == month)
            .values(status=status, recipients=",".join(delivered), error=error, sent_at=sent_at)
        )


def _build(settings: Settings, month: date, now: datetime) -> MonthlyReport:
    from cxm.analytics.replica import Replica
    from cxm.metrics.loyalty import LoyaltyRules
    from cxm.reports.monthly import build_monthly

    with Replica(settings).fresh() as con:
        return build_monthly(
            con, month, settings.company_name, now, loyalty_rules=LoyaltyRules.of(settings)
        )


def file_name(month: date, fmt: str) -> str:
    return f"cxm-report-{month:%Y-%m}.{fmt}"


def _files(report: MonthlyReport, settings: Settings) -> list[tuple[str, str, bytes]]:
    """(file name, media type, content) of each format asked for."""
    from cxm.reports.render import MEDIA_TYPES, render_report

    return [
        (
            file_name(report.month, fmt),
            MEDIA_TYPES[fmt].split(";")[0],
            render_report(report, fmt, settings.report_language),
        )
        for fmt in settings.report_format_list
    ]


def report_message(
    settings: Settings,
    report: MonthlyReport,
    files: list[tuple[str, str, bytes]],
    recipient: str,
    now: datetime,
) -> EmailMessage:
    """The e-mail of the month's report to one recipient: a short summary, the files."""
    from cxm.channels.email import POLICY
    from cxm.i18n import formatting as fmt
    from cxm.i18n.metric_names import METRIC_NAMES
    from cxm.metrics.definitions import METRICS
    from cxm.reports.document import change_text, value_text
    from cxm.reports.texts import REPORT_TEXTS

    lang = settings.report_language
    t = REPORT_TEXTS.for_language(lang)
    month = fmt.month(report.month, lang)
    sender_name, sender_addr = parseaddr(settings.smtp_sender)
    if "@" not in sender_addr:
        raise SendError(f"CXM_SMTP_SENDER={settings.smtp_sender!r} is not an e-mail address")
    lines = [t("email_intro", company=report.company, month=month), ""]
    by_key = {m.key: m for m in METRICS}
    for key in SUMMARY:
        metric = by_key[key]
        change = report.changes.get(key)
        value = value_text(metric.unit, report.current.get(metric.value_key), lang)
        delta = change_text(metric.unit, change.delta if change else None, lang, t)
        noise = ""
        if change is not None and change.z is not None:
            noise = t("beyond_noise" if change.significant else "within_noise")
        lines.append(
            f"- {METRIC_NAMES.text(lang, key)}: {value} ({delta}{', ' + noise if noise else ''})"
        )
    lines += ["", t("email_files", files=", ".join(name for name, _, _ in files))]
    msg = EmailMessage(policy=POLICY)
    try:
        msg["From"] = formataddr((sender_name or settings.company_name, sender_addr))
        msg["To"] = recipient
        msg["Subject"] = t("email_subject", company=report.company, month=month)
    except ValueError as exc:
        raise SendError(f"cannot write the e-mail headers: {exc}") from exc
    domain = sender_addr.rsplit("@", 1)[1]
    tag = hashlib.sha256(recipient.encode()).hexdigest()[:12]  # one per month and recipient
    msg["Message-ID"] = f"<cxm-report-{report.month:%Y-%m}-{tag}@{domain}>"
    msg["Date"] = format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content("\n".join(lines) + "\n")
    for name, media_type, content in files:
        maintype, _, subtype = media_type.partition("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    msg["Content-Language"] = lang
    return msg

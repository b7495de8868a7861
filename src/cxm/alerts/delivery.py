"""Alert notifications: one message per recipient per pass, by e-mail or webhook.

Each pass first takes (claims) every due notification of a recipient in one conditional update
that marks them `sending` under a new batch id, so two workers never put the same alert in two
messages; the batch is then sent as one message (an e-mail with a plain-text and an HTML part,
or a webhook POST of Slack-compatible JSON) and marked `sent`. A refused or failed send goes
back to `pending` and is retried after 1 min, 5 min, 15 min, 1 h and 3 h, then `failed`.

A message is never sent twice: a batch left `sending` by a worker that stopped mid-send (the
server may or may not have taken it) is marked `unknown` after LEASE and not sent again. The
e-mail's Message-ID and the webhook's `X-Cxm-Delivery` header are the batch id.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import Engine, select, update

from cxm.channels.base import SendError
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db.schema import alert_notifications, alert_rules, alerts

if TYPE_CHECKING:
    from cxm.channels.email import EmailSender

log = logging.getLogger("cxm.alerts")

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(minutes=10)
TIMEOUT_S = 10.0
MAX_ERROR = 500
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
ICONS = {"critical": ":rotating_light:", "warning": ":warning:", "info": ":information_source:"}


@dataclass(frozen=True)
class Item:
    """One alert in a message."""

    alert_id: int
    rule: str
    severity: str
    state: str
    summary: str
    link: str  # absolute
    opened_at: datetime


@dataclass
class Delivery:
    """What one pass sent."""

    sent: list[tuple[str, int]] = field(default_factory=list)  # (recipient, alerts in it)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (recipient, error)
    interrupted: int = 0


def deliver_due(
    engine: Engine,
    settings: Settings,
    clock: Clock = SYSTEM,
    sender: EmailSender | None = None,
    client: httpx.Client | None = None,
) -> Delivery:
    """Send every due notification, grouped into one message per recipient."""
    now = clock.now()
    report = Delivery()
    with engine.begin() as conn:
        report.interrupted = conn.execute(
            update(alert_notifications)
            .where(
                alert_notifications.c.status == "sending",
                alert_notifications.c.claimed_at < now - LEASE,
            )
            .values(status="unknown", error="the sending worker stopped: not sent again")
        ).rowcount
        recipients = list(
            conn.execute(
                select(alert_notifications.c.recipient)
                .where(
                    alert_notifications.c.status == "pending",
                    alert_notifications.c.due_at <= now,
                )
                .distinct()
            ).scalars()
        )
    if not recipients:
        return report
    http = None
    try:
        for recipient in sorted(recipients):
            batch = uuid.uuid4().hex
            items, attempts = _claim(engine, settings, recipient, batch, now)
            if not items:
                continue  # another worker took them
            channel = "webhook" if recipient.startswith(("http://", "https://")) else "email"
            try:
                if channel == "email":
                    if sender is None:
                        from cxm.channels.email import EmailSender

                        sender = EmailSender(settings, clock=clock)
                    if not settings.smtp_host:
                        raise SendError("no SMTP server configured (CXM_SMTP_HOST)")
                    sender.deliver(email_message(settings, recipient, items, batch, now))
                else:
                    if http is None:
                        http = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=False)
                    _post(http, recipient, webhook_body(settings, items), batch)
            except (SendError, httpx.HTTPError) as exc:
                error = str(exc)[:MAX_ERROR] or type(exc).__name__
                _failed(engine, batch, attempts, error, clock.now())
                report.failed.append((recipient, error))
                log.warning("alerts to %s not sent: %s", recipient, error)
                continue
            with engine.begin() as conn:
                conn.execute(
                    update(alert_notifications)
                    .where(alert_notifications.c.batch == batch)
                    .values(status="sent", sent_at=clock.now(), error=None)
                )
            report.sent.append((recipient, len(items)))
    finally:
        if http is not None and client is None:
            http.close()
    return report


def _claim(
    engine: Engine, settings: Settings, recipient: str, batch: str, now: datetime
) -> tuple[list[Item], int]:
    """Take the recipient's due notifications into `batch`: (its alerts, most attempts so far)."""
    with engine.begin() as conn:
        conn.execute(
            update(alert_notifications)
            .where(
                alert_notifications.c.recipient == recipient,
                alert_notifications.c.status == "pending",
                alert_notifications.c.due_at <= now,
            )
            .values(status="sending", batch=batch, claimed_at=now)
        )
        rows = conn.execute(
            select(
                alerts.c.id,
                alert_rules.c.name,
                alerts.c.severity,
                alerts.c.state,
                alerts.c.summary,
                alerts.c.link,
                alerts.c.opened_at,
                alert_notifications.c.attempts,
            )
            .join(alerts, alerts.c.id == alert_notifications.c.alert_id)
            .join(alert_rules, alert_rules.c.id == alerts.c.rule_id)
            .where(alert_notifications.c.batch == batch)
        ).all()
    base = settings.base_url.rstrip("/")
    items = [Item(int(r[0]), r[1], r[2], r[3], r[4], base + r[5], r[6]) for r in rows]
    items.sort(key=lambda i: (SEVERITY_ORDER.get(i.severity, 9), i.opened_at, i.alert_id))
    return items, max((int(r[7]) for r in rows), default=0)


def _failed(engine: Engine, batch: str, attempts: int, error: str, now: datetime) -> None:
    done = attempts + 1
    values: dict[str, Any] = {"attempts": done, "error": error, "batch": None, "claimed_at": None}
    if done >= MAX_ATTEMPTS:
        values["status"] = "failed"
    else:
        values.update(status="pending", due_at=now + BACKOFF[done - 1])
    with engine.begin() as conn:
        conn.execute(
            update(alert_notifications).where(alert_notifications.c.batch == batch).values(**values)
        )


def _post(http: httpx.Client, url: str, document: dict[str, Any], batch: str) -> None:
    payload = json.dumps(document, ensure_ascii=False).encode()
    response = http.post(
        url,
        content=payload,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "cxm-alerts/1",
            "X-Cxm-Delivery": batch,
        },
    )
    if not 200 <= response.status_code < 300:
        raise SendError(f"HTTP {response.status_code}: {response.text}"[:MAX_ERROR])


# -- the messages -----------------------------------------------------------------------------


def headline(items: Sequence[Item]) -> str:
    """`1 critical alert: Ticket volume spike` or `3 alerts (1 critical, 2 warning)`."""
    if len(items) == 1:
        return f"{items[0].severity.capitalize()} alert: {items[0].rule}"
    counts: dict[str, int] = {}
    for i in items:
        counts[i.severity] = counts.get(i.severity, 0) + 1
    parts = ", ".join(
        f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))
    )
    return f"{len(items)} alerts ({parts})"


def _state_note(item: Item) -> str:
    return " (resolved since)" if item.state == "resolved" else ""


def email_message(
    settings: Settings, recipient: str, items: Sequence[Item], batch: str, now: datetime
) -> EmailMessage:
    """The e-mail of one batch: each alert with its numbers and a link to the dashboard."""
    from cxm.channels.email import POLICY

    sender_name, sender_addr = parseaddr(settings.smtp_sender)
    if "@" not in sender_addr:
        raise SendError(f"CXM_SMTP_SENDER={settings.smtp_sender!r} is not an e-mail address")
    title = headline(items)
    lines = [f"cxm alerts for {settings.company_name}", ""]
    for i in items:
        lines += [
            f"[{i.severity.upper()}] {i.rule}{_state_note(i)}",
            f"  {i.summary}",
            f"  {i.link}",
            "",
        ]
    alerts_page = settings.base_url.rstrip("/") + "/alerts"
    lines.append(f"Every alert: {alerts_page}")
    rows = "".join(
        "<tr>"
        f'<td style="padding:6px;font-weight:bold;color:{_colour(i.severity)}">'
        f"{html.escape(i.severity)}</td>"
        f'<td style="padding:6px"><strong>{html.escape(i.rule)}</strong>'
        f"{html.escape(_state_note(i))}<br>{html.escape(i.summary)}<br>"
        f'<a href="{html.escape(i.link, quote=True)}">Open in the dashboard</a></td>'
        "</tr>"
        for i in items
    )
    body = (
        '<!doctype html><html><body style="font-family:sans-serif">'
        f"<h2>{html.escape(title)}</h2>"
        f'<table style="border-collapse:collapse">{rows}</table>'
        f'<p><a href="{html.escape(alerts_page, quote=True)}">Every alert</a></p>'
        "</body></html>"
    )
    msg = EmailMessage(policy=POLICY)
    try:
        msg["From"] = formataddr((sender_name or "cxm alerts", sender_addr))
        msg["To"] = recipient
        msg["Subject"] = f"[cxm] {title}"
    except ValueError as exc:
        raise SendError(f"cannot write the e-mail headers: {exc}") from exc
    domain = sender_addr.rsplit("@", 1)[1]
    tag = hashlib.sha256(recipient.encode()).hexdigest()[:8]
    msg["Message-ID"] = f"<cxm-alerts-{batch}-{tag}@{domain}>"
    msg["Date"] = format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content("\n".join(lines) + "\n")
    msg.add_alternative(body, subtype="html")
    return msg


def _colour(severity: str) -> str:
    return {"critical": "#b00020", "warning": "#a15c00"}.get(severity, "#1f4e79")


def _slack(text: str) -> str:
    """Text safe inside Slack mrkdwn (its three control characters escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_body(settings: Settings, items: Sequence[Item]) -> dict[str, Any]:
    """Slack-compatible JSON (`text` for notifications, `blocks` for the layout); other
    receivers read `alerts`."""
    title = headline(items)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}
    ]
    for i in items[:45]:  # Slack takes at most 50 blocks
        text = (
            f"{ICONS.get(i.severity, '')} *{_slack(i.rule)}*{_slack(_state_note(i))}\n"
            f"{_slack(i.summary)}\n<{i.link}|Open in the dashboard>"
        )
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
    if len(items) > 45:
        more = f"{len(items) - 45} more: <{settings.base_url.rstrip('/')}/alerts|every alert>"
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    summary = "; ".join(f"[{i.severity}] {i.rule}: {i.summary}" for i in items)
    return {
        "text": _slack(f"{title} - {summary}")[:3000],
        "blocks": blocks,
        "alerts": [
            {
                "id": i.alert_id,
                "rule": i.rule,
                "severity": i.severity,
                "state": i.state,
                "summary": i.summary,
                "link": i.link,
            }
            for i in items
        ],
    }

"""Outgoing webhooks: an HTTP POST to each subscriber when an answer arrives or changes.

Events are queued in `webhook_deliveries` in the transaction that makes the change, so a
delivery exists exactly when the change was committed; `deliver_due` sends them later. Each
POST carries the JSON body and these headers:

- `X-Cxm-Event`: `response.created` or `response.updated`
- `X-Cxm-Delivery`: the delivery id (the same on every retry: receivers can drop duplicates)
- `X-Cxm-Timestamp`: Unix time of the attempt, in seconds
- `X-Cxm-Signature`: `sha256=` + hex HMAC-SHA256 of `"{timestamp}.{body}"` with the webhook's
  secret (`verify_signature` checks it)

A 2xx answer is a delivery; anything else (an error status, a redirect, a timeout) is retried
after 30 s, 2 min, 10 min, 1 h, 6 h, 12 h and 24 h; after the 8th failed attempt the delivery
is `failed`. Delivery is at least once: a crash between the POST and its record sends again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, insert, select, update

from cxm.clock import Clock
from cxm.config import Settings
from cxm.db.schema import webhook_deliveries, webhooks

EVENTS = ("response.created", "response.updated")
BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_S = 10.0
LEASE = timedelta(minutes=5)  # a delivery being sent is not taken by another worker meanwhile
SECRET_PREFIX = "whsec_"
MAX_ERROR = 500


@dataclass(frozen=True)
class Webhook:
    id: int
    url: str
    active: bool
    created_at: datetime


def _webhook(row: Any) -> Webhook:
    return Webhook(int(row["id"]), row["url"], bool(row["active"]), row["created_at"])


def create(conn: Connection, url: str, now: datetime) -> tuple[Webhook, str]:
    """A new subscriber and its signing secret (the only time the secret is returned)."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    new_id = conn.execute(
        insert(webhooks)
        .values(url=url, secret=secret, active=True, created_at=now)
        .returning(webhooks.c.id)
    ).scalar_one()
    return Webhook(int(new_id), url, True, now), secret


def list_active(conn: Connection) -> list[Webhook]:
    rows = conn.execute(select(webhooks).where(webhooks.c.active).order_by(webhooks.c.id))
    return [_webhook(r) for r in rows.mappings()]


def deactivate(conn: Connection, webhook_id: int, now: datetime) -> bool:
    """Stop a subscriber (its history stays); its pending deliveries are given up."""
    done = conn.execute(
        update(webhooks).where(webhooks.c.id == webhook_id, webhooks.c.active).values(active=False)
    )
    if done.rowcount != 1:
        return False
    conn.execute(
        update(webhook_deliveries)
        .where(
            webhook_deliveries.c.webhook_id == webhook_id,
            webhook_deliveries.c.status == "pending",
        )
        .values(status="failed", next_attempt_at=None, last_error="webhook deleted")
    )
    return True


def enqueue(conn: Connection, event: str, payload: dict[str, Any], now: datetime) -> int:
    """Queue `event` for every active webhook; returns the number of deliveries queued."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}: one of {', '.join(EVENTS)}")
    hooks = conn.execute(select(webhooks.c.id).where(webhooks.c.active)).scalars().all()
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for webhook_id in hooks:
        conn.execute(
            insert(webhook_deliveries).values(
                webhook_id=webhook_id,
                event=event,
                payload=data,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return len(hooks)


def body(delivery: Any) -> bytes:
    """The JSON sent for a delivery row: the same bytes on every attempt."""
    created = delivery["created_at"].astimezone(UTC).isoformat().replace("+00:00", "Z")
    document = {
        "id": delivery["id"],
        "event": delivery["event"],
        "created_at": created,
        "data": json.loads(delivery["payload"]),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, timestamp: str, payload: bytes) -> str:
    """The `X-Cxm-Signature` value: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + payload, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes | str,
    signature: str,
    *,
    tolerance_s: float | None = None,
    now: float | None = None,
) -> bool:
    """Whether a webhook request is genuine: for receivers.

    `body` is the raw request body, exactly as received; `timestamp` and `signature` the
    `X-Cxm-Timestamp` and `X-Cxm-Signature` headers. With `tolerance_s`, a timestamp further
    than that from `now` (default: the current Unix time) is refused too, against replays.
    """
    raw = body.encode() if isinstance(body, str) else body
    if not hmac.compare_digest(sign(secret, timestamp, raw), signature.strip()):
        return False
    if tolerance_s is not None:
        try:
            sent = float(timestamp)
        except ValueError:
            return False
        return abs((time.time() if now is None else now) - sent) <= tolerance_s
    return True


def deliver_due(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    client: httpx.Client | None = None,
    limit: int = 100,
) -> int:
    """POST the deliveries whose time has come; returns how many were attempted.

    `client` is the HTTP client to use (default: a new one, with a 10 s timeout and no
    redirects followed).
    """
    del settings  # the URL and secret of each webhook are all it needs
    now = clock.now()
    with engine.connect() as conn:
        due = list(
            conn.execute(
                select(webhook_deliveries, webhooks.c.url, webhooks.c.secret)
                .join(webhooks, webhooks.c.id == webhook_deliveries.c.webhook_id)
                .where(
                    webhook_deliveries.c.status == "pending",
                    webhook_deliveries.c.next_attempt_at <= now,
                    webhooks.c.active,
                )
                .order_by(webhook_deliveries.c.next_attempt_at, webhook_deliveries.c.id)
                .limit(limit)
            ).mappings()
        )
    http = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=False)
    attempted = 0
    try:
        for delivery in due:
            if not _claim(engine, delivery["id"], now):
                continue  # another worker has it
            attempted += 1
            status, error = _post(http, delivery, clock)
            _record(engine, delivery, status, error, clock.now())
    finally:
        if client is None:
            http.close()
    return attempted


def _claim(engine: Engine, delivery_id: int, now: datetime) -> bool:
    with engine.begin() as conn:
        taken = conn.execute(
            update(webhook_deliveries)
            .where(
                webhook_deliveries.c.id == delivery_id,
                webhook_deliveries.c.status == "pending",
                webhook_deliveries.c.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + LEASE)
        )
    return taken.rowcount == 1


def _post(http: httpx.Client, delivery: Any, clock: Clock) -> tuple[int | None, str | None]:
    """(HTTP status or None, error or None) of one attempt."""
    payload = body(delivery)
    timestamp = str(int(clock.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "cxm-webhooks/1",
        "X-Cxm-Event": delivery["event"],
        "X-Cxm-Delivery": str(delivery["id"]),
        "X-Cxm-Timestamp": timestamp,
        "X-Cxm-Signature": sign(delivery["secret"], timestamp, payload),
    }
    try:
        response = http.post(delivery["url"], content=payload, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text}"[:MAX_ERROR]


def _record(
    engine: Engine, delivery: Any, status: int | None, error: str | None, now: datetime
) -> None:
    attempts = int(delivery["attempts"]) + 1
    values: dict[str, Any] = {"attempts": attempts, "last_status": status, "last_error": error}
    if error is None:
        values.update(status="delivered", delivered_at=now, next_attempt_at=None)
    elif attempts >= MAX_ATTEMPTS:
        values.update(status="failed", next_attempt_at=None)
    else:
        values.update(next_attempt_at=now + BACKOFF[attempts - 1])
    with engine.begin() as conn:
        conn.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id == delivery["id"])
            .values(**values)
        )


def deliveries(conn: Connection, webhook_id: int | None = None) -> list[dict[str, Any]]:
    """Deliveries, newest first (for the admin and the tests)."""
    query = select(webhook_deliveries).order_by(webhook_deliveries.c.id.desc())
    if webhook_id is not None:
        query = query.where(webhook_deliveries.c.webhook_id == webhook_id)
    return [dict(r) for r in conn.execute(query).mappings()]

"""Invitations in the database: creation, state changes and their log.

Statuses: queued -> sending -> sent -> (opened) -> answered; or failed, suppressed, expired.
Every change is written to `invitation_events` with its time, so the response rate has a
true denominator and admins can see what happened to each invitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from cxm.config import Settings
from cxm.db.schema import customers, invitation_events, invitations
from cxm.invitations.policy import ContactHistory
from cxm.security.tokens import new_token_id, sign_invitation
from cxm.surveys.definitions import Survey

CHANNELS = ("email", "sms", "link", "widget")
# Channels whose invitation is handed over at once (the link is the delivery).
IMMEDIATE = ("link", "widget")
CONTACTED = ("sending", "sent", "opened", "answered")


class InvitationError(ValueError):
    pass


@dataclass(frozen=True)
class Invitation:
    id: int
    token_id: str
    survey_id: int
    customer_id: str | None
    ticket_id: str | None
    channel: str
    recipient: str | None
    language: str | None
    status: str
    created_at: datetime
    scheduled_at: datetime
    sent_at: datetime | None
    opened_at: datetime | None
    answered_at: datetime | None
    expires_at: datetime | None
    reminders_sent: int
    next_reminder_at: datetime | None
    response_id: str | None
    error: str | None

    @classmethod
    def from_row(cls, row: Any) -> Invitation:
        return cls(**{f: row[f] for f in cls.__dataclass_fields__})


def log(
    conn: Connection, invitation_id: int, event: str, at: datetime, detail: str | None = None
) -> None:
    conn.execute(
        insert(invitation_events).values(
            invitation_id=invitation_id, at=at, event=event, detail=detail
        )
    )


def create(
    conn: Connection,
    settings: Settings,
    *,
    survey: Survey,
    channel: str,
    at: datetime,
    customer_id: str | None = None,
    ticket_id: str | None = None,
    recipient: str | None = None,
    language: str | None = None,
    send_at: datetime | None = None,
    token_id: str | None = None,
) -> Invitation:
    """A new invitation; e-mail and SMS ones are queued for `send_at` (default: now)."""
    if channel not in CHANNELS:
        raise InvitationError(f"unknown channel {channel!r}: choose one of {', '.join(CHANNELS)}")
    customer = _customer(conn, customer_id)
    if recipient is None and customer is not None:
        recipient = (
            customer["email"]
            if channel == "email"
            else (customer["phone"] if channel == "sms" else None)
        )
    if channel in ("email", "sms") and not recipient:
        raise InvitationError(
            f"no {'e-mail address' if channel == 'email' else 'phone number'} for "
            f"{'customer ' + repr(customer_id) if customer_id else 'this invitation'}"
        )
    language = survey.language_for(language or (customer["language"] if customer else None))
    immediate = channel in IMMEDIATE
    values = {
        "token_id": token_id or new_token_id(),
        "survey_id": survey.id,
        "customer_id": customer_id,
        "ticket_id": ticket_id,
        "channel": channel,
        "recipient": recipient,
        "language": language,
        "status": "sent" if immediate else "queued",
        "created_at": at,
        "scheduled_at": send_at or at,
        "sent_at": at if immediate else None,
        "expires_at": at + timedelta(days=settings.invitation_days) if immediate else None,
        "reminders_sent": 0,
    }
    new_id = conn.execute(
        insert(invitations).values(**values).returning(invitations.c.id)
    ).scalar_one()
    log(conn, new_id, "created", at, f"{survey.key} by {channel}")
    if immediate:
        log(conn, new_id, "sent", at, "link handed out")
    return get(conn, int(new_id))


def _customer(conn: Connection, customer_id: str | None) -> Any:
    if customer_id is None:
        return None
    return (
        conn.execute(select(customers).where(customers.c.customer_id == customer_id))
        .mappings()
        .first()
    )


def get(conn: Connection, invitation_id: int) -> Invitation:
    row = (
        conn.execute(select(invitations).where(invitations.c.id == invitation_id)).mappings().one()
    )
    return Invitation.from_row(row)


def find(conn: Connection, token_id: str) -> Invitation | None:
    row = (
        conn.execute(select(invitations).where(invitations.c.token_id == token_id))
        .mappings()
        .first()
    )
    return None if row is None else Invitation.from_row(row)


def link(settings: Settings, invitation: Invitation, score: int | None = None) -> str:
    """The survey link of an invitation (with a score pre-selected, for e-mail buttons)."""
    token = sign_invitation(settings.secret_key, invitation.token_id)
    url = f"{settings.base_url.rstrip('/')}/s/{token}"
    return url if score is None else f"{url}?score={score}"


def update_status(
    conn: Connection,
    invitation_id: int,
    at: datetime,
    event: str,
    detail: str | None = None,
    **values: Any,
) -> None:
    conn.execute(update(invitations).where(invitations.c.id == invitation_id).values(**values))
    log(conn, invitation_id, event, at, detail)


def mark_opened(conn: Connection, invitation: Invitation, at: datetime) -> None:
    """The link was opened (by the person, or by a scanner: opening records no answer)."""
    if invitation.opened_at is None:
        status = "opened" if invitation.status == "sent" else invitation.status
        update_status(conn, invitation.id, at, "opened", status=status, opened_at=at)


def contact_history(conn: Connection, invitation: Invitation) -> ContactHistory:
    """When this person was last sent a survey (any, and this one), other than this one."""
    if invitation.customer_id is None:
        return ContactHistory(None, None)
    base = (
        select(func.max(invitations.c.sent_at))
        .where(invitations.c.customer_id == invitation.customer_id)
        .where(invitations.c.id != invitation.id)
        .where(invitations.c.status.in_(CONTACTED))
    )
    last_any = conn.execute(base).scalar()
    last_same = conn.execute(base.where(invitations.c.survey_id == invitation.survey_id)).scalar()
    return ContactHistory(last_any, last_same)


def due(conn: Connection, now: datetime, limit: int = 100) -> list[Invitation]:
    """Queued invitations whose time has come, oldest first."""
    rows = conn.execute(
        select(invitations)
        .where(invitations.c.status == "queued", invitations.c.scheduled_at <= now)
        .order_by(invitations.c.scheduled_at, invitations.c.id)
        .limit(limit)
    ).mappings()
    return [Invitation.from_row(r) for r in rows]


def claim(conn: Connection, invitation_id: int, now: datetime, lease: timedelta) -> bool:
    """Take a queued invitation for sending; False when another worker has it."""
    result = conn.execute(
        update(invitations)
        .where(invitations.c.id == invitation_id, invitations.c.status == "queued")
        .values(status="sending", claimed_until=now + lease)
    )
    return result.rowcount == 1


def reminders_due(conn: Connection, now: datetime, limit: int = 100) -> list[Invitation]:
    rows = conn.execute(
        select(invitations)
        .where(
            invitations.c.status.in_(("sent", "opened")),
            invitations.c.next_reminder_at.is_not(None),
            invitations.c.next_reminder_at <= now,
        )
        .order_by(invitations.c.next_reminder_at, invitations.c.id)
        .limit(limit)
    ).mappings()
    return [Invitation.from_row(r) for r in rows]


def recover_interrupted(conn: Connection, now: datetime) -> int:
    """Invitations left 'sending' by a crash: marked failed, never sent again.

    The server may have handed the message over before stopping; sending it again could
    reach the customer twice, so it is left for an admin to resend.
    """
    stuck = (
        conn.execute(
            select(invitations.c.id).where(
                invitations.c.status == "sending", invitations.c.claimed_until < now
            )
        )
        .scalars()
        .all()
    )
    for invitation_id in stuck:
        update_status(
            conn,
            invitation_id,
            now,
            "failed",
            "interrupted while sending: not sent again, to avoid a duplicate",
            status="failed",
            error="interrupted while sending",
        )
    return len(stuck)


def history(conn: Connection, invitation_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(invitation_events)
        .where(invitation_events.c.invitation_id == invitation_id)
        .order_by(invitation_events.c.at, invitation_events.c.id)
    ).mappings()
    return [dict(r) for r in rows]

"""When to ask: the events and cadences that create invitations.

- A ticket becoming resolved invites its customer to every active survey whose touchpoint is
  `ticket_resolved` (CSAT, CES), after CXM_CSAT_DELAY_MINUTES.
- A customer is invited to the active `signup` survey (NPS) CXM_NPS_FIRST_DAYS after signing
  up, then every CXM_NPS_EVERY_DAYS.
Invitations go by e-mail when the customer has an address, else by SMS when they have a phone.
Contact limits and quiet hours apply when they are sent, not here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select, union_all

from cxm.config import Settings
from cxm.db.schema import customers, invitations, responses, surveys
from cxm.invitations import service
from cxm.invitations.service import Invitation
from cxm.surveys import service as survey_service

TICKET_RESOLVED = "ticket_resolved"
SIGNUP = "signup"


def _surveys_at(conn: Connection, touchpoint: str) -> list[int]:
    return list(
        conn.execute(
            select(surveys.c.id).where(surveys.c.touchpoint == touchpoint, surveys.c.active)
        ).scalars()
    )


def _channel(customer: object) -> str | None:
    if customer is None:
        return None
    if customer["email"]:  # type: ignore[index]
        return "email"
    if customer["phone"]:  # type: ignore[index]
        return "sms"
    return None


def on_ticket_resolved(
    conn: Connection, settings: Settings, ticket_id: str, customer_id: str | None, now: datetime
) -> list[Invitation]:
    """Queue the post-support surveys for a resolved ticket (once per ticket and survey)."""
    if customer_id is None:
        return []
    customer = (
        conn.execute(select(customers).where(customers.c.customer_id == customer_id))
        .mappings()
        .first()
    )
    channel = _channel(customer)
    if channel is None:
        return []
    made = []
    for survey_id in _surveys_at(conn, TICKET_RESOLVED):
        already = conn.execute(
            select(invitations.c.id).where(
                invitations.c.ticket_id == ticket_id, invitations.c.survey_id == survey_id
            )
        ).first()
        if already:
            continue
        made.append(
            service.create(
                conn,
                settings,
                survey=survey_service.get(conn, survey_id),
                channel=channel,
                at=now,
                customer_id=customer_id,
                ticket_id=ticket_id,
                send_at=now + timedelta(minutes=settings.csat_delay_minutes),
            )
        )
    return made


def schedule_cadence(conn: Connection, settings: Settings, now: datetime, limit: int = 500) -> int:
    """Invite the customers due for the signup survey (first one, or the next one)."""
    made = 0
    for survey_id in _surveys_at(conn, SIGNUP):
        survey = survey_service.get(conn, survey_id)
        # the last time they were asked: by this survey, or by any NPS answer imported
        asked = union_all(
            select(invitations.c.customer_id, invitations.c.created_at.label("at")).where(
                invitations.c.survey_id == survey_id
            ),
            select(responses.c.customer_id, responses.c.answered_at).where(
                responses.c.survey == survey.kind
            ),
        ).subquery()
        last = (
            select(asked.c.customer_id, func.max(asked.c.at).label("last"))
            .group_by(asked.c.customer_id)
            .subquery()
        )
        first_due = now - timedelta(days=settings.nps_first_days)
        next_due = now - timedelta(days=settings.nps_every_days)
        rows = conn.execute(
            select(customers)
            .outerjoin(last, last.c.customer_id == customers.c.customer_id)
            .where(
                customers.c.churned_at.is_(None),
                customers.c.signup_at <= first_due,
                (last.c.last.is_(None)) | (last.c.last <= next_due),
                (customers.c.email.is_not(None)) | (customers.c.phone.is_not(None)),
            )
            .order_by(customers.c.signup_at)
            .limit(limit)
        ).mappings()
        for customer in list(rows):
            channel = _channel(customer)
            if channel is None:
                continue
            service.create(
                conn,
                settings,
                survey=survey,
                channel=channel,
                at=now,
                customer_id=customer["customer_id"],
            )
            made += 1
    return made

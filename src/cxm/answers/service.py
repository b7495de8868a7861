"""Recording an answer: the score first (one tap), then the follow-up comment and checklist.

An answer is a row of `responses`, so the metrics see it like any imported one. A link
answers at most once: later submissions within CXM_EDIT_MINUTES change the same response,
after that the link is used.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Connection

from cxm.answers import documents
from cxm.config import Settings
from cxm.db.records import get_row, upsert_row
from cxm.db.schema import responses
from cxm.invitations import service as invitations
from cxm.invitations.service import Invitation
from cxm.surveys.definitions import Survey
from cxm.webhooks import service as webhooks

MAX_COMMENT = 5000


class State(StrEnum):
    OPEN = "open"  # not answered yet
    EDITABLE = "editable"  # answered, still within the edit window
    USED = "used"  # answered, window over
    EXPIRED = "expired"
    NOT_SENT = "not_sent"  # queued, suppressed or failed: the link was never delivered


class AnswerError(ValueError):
    def __init__(self, state: str, message: str) -> None:
        super().__init__(message)
        self.state = state


def state(invitation: Invitation, settings: Settings, now: datetime) -> State:
    if invitation.status in ("queued", "sending", "suppressed", "failed"):
        return State.NOT_SENT
    if invitation.answered_at is not None:
        if now <= invitation.answered_at + timedelta(minutes=settings.edit_minutes):
            return State.EDITABLE
        return State.USED
    if invitation.expires_at is not None and now >= invitation.expires_at:
        return State.EXPIRED
    return State.OPEN


def edit_until(invitation: Invitation, settings: Settings) -> datetime | None:
    if invitation.answered_at is None:
        return None
    return invitation.answered_at + timedelta(minutes=settings.edit_minutes)


def response_id(invitation: Invitation) -> str:
    return f"inv-{invitation.id}"


def record_score(
    conn: Connection,
    settings: Settings,
    invitation: Invitation,
    survey: Survey,
    score: int,
    now: datetime,
) -> str:
    """Store (or change) the score of an invitation's answer; returns the response id."""
    current = state(invitation, settings, now)
    _check_open(current)
    if score not in survey.scores():
        raise AnswerError(
            "invalid", f"score {score} is not on this survey's scale ({survey.scale})"
        )
    rid = response_id(invitation)
    existing = get_row(conn, responses, "response_id", rid)
    answered_at = existing["answered_at"] if existing else now
    upsert_row(
        conn,
        responses,
        "response_id",
        {
            "response_id": rid,
            "customer_id": invitation.customer_id,
            "ticket_id": invitation.ticket_id,
            "survey": survey.kind,
            "scale": survey.scale,
            "orientation": survey.orientation,
            "score": score,
            "band": survey.band(score),
            "comment": existing["comment"] if existing else None,
            "stage": survey.stage,
            "channel": invitation.channel,
            "language": invitation.language,
            "answered_at": answered_at,
            "survey_id": survey.id,
            "invitation_id": invitation.id,
            "checklist": existing["checklist"] if existing else None,
            "source": "widget" if invitation.channel == "widget" else "survey",
        },
    )
    row = get_row(conn, responses, "response_id", rid)
    assert row is not None
    event = "response.created" if existing is None else "response.updated"
    webhooks.enqueue(conn, event, documents.payload(row), now)
    if current is State.OPEN:
        invitations.update_status(
            conn,
            invitation.id,
            now,
            "answered",
            f"score {score}",
            status="answered",
            answered_at=now,
            response_id=rid,
            next_reminder_at=None,
        )
    else:
        invitations.log(conn, invitation.id, "changed", now, f"score {score}")
    return rid


def record_followup(
    conn: Connection,
    settings: Settings,
    invitation: Invitation,
    survey: Survey,
    comment: str | None,
    checklist: list[str],
    now: datetime,
) -> None:
    """Add the open comment and the ticked problems to an answered invitation."""
    _check_open(state(invitation, settings, now), answered=True)
    unknown = [c for c in checklist if c not in survey.checklist]
    if unknown:
        raise AnswerError("invalid", f"unknown checklist item(s): {', '.join(unknown)}")
    text = (comment or "").strip()[:MAX_COMMENT] or None
    rid = response_id(invitation)
    row = get_row(conn, responses, "response_id", rid)
    if row is None:
        raise AnswerError("invalid", "give a score first")
    row.pop("revision")
    row.update(comment=text, checklist=json.dumps(sorted(set(checklist))) if checklist else None)
    upsert_row(conn, responses, "response_id", row)
    invitations.log(conn, invitation.id, "commented", now, None)
    stored = get_row(conn, responses, "response_id", rid)
    assert stored is not None
    webhooks.enqueue(conn, "response.updated", documents.payload(stored), now)


def _check_open(current: State, answered: bool = False) -> None:
    if current is State.EXPIRED:
        raise AnswerError(current, "this survey link has expired")
    if current is State.USED:
        raise AnswerError(current, "this survey has been answered already")
    if current is State.NOT_SENT:
        raise AnswerError(current, "this survey link is not active")
    if answered and current is State.OPEN:
        raise AnswerError("invalid", "give a score first")

"""Tickets: list, read, create or replace (PUT), change some fields (PATCH).

A ticket whose status becomes resolved (or closed) gets `resolved_at` (the time of the
request unless given) and queues the post-support surveys once (invitations/triggers.py).
A ticket reopened without a `resolved_at` loses its old one: it is not resolved any more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy import Connection, select

from cxm.config import Settings
from cxm.db.records import get_row, upsert_row
from cxm.db.schema import tickets
from cxm.invitations import triggers
from cxm.sla import service as sla
from cxm.web.api.common import (
    After,
    ApiRoute,
    Limit,
    PathId,
    body_errors,
    invalid,
    not_found,
    page,
    same,
    text_query,
)
from cxm.web.api.fields import attributes_json, attributes_of
from cxm.web.api.invitations import invitations_out
from cxm.web.api.schemas import (
    RESOLVED_STATUSES,
    TicketChanged,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
)
from cxm.web.deps import state

router = APIRouter(tags=["tickets"], route_class=ApiRoute)
KEY = "ticket_id"
FIELDS = tuple(f for f in TicketIn.model_fields if f != KEY)  # the columns the API sets
CustomerFilter = text_query()
StatusFilter = text_query(description="e.g. open, resolved")


def ticket_out(row: dict[str, Any], cls: type[TicketOut] = TicketOut, **extra: Any) -> Any:
    return cls(
        **{KEY: row[KEY]},
        **{f: row[f] for f in FIELDS if f != "attributes"},
        attributes=attributes_of(row["attributes"]),
        **extra,
    )


def _stored_input(stored: dict[str, Any]) -> dict[str, Any]:
    values = {f: stored[f] for f in FIELDS}
    values["attributes"] = attributes_of(stored["attributes"])
    return values


def _resolve(values: dict[str, Any], stored: dict[str, Any] | None, now: datetime) -> bool:
    """Fill in `resolved_at` of a resolved status; whether the ticket has just been resolved."""
    was_resolved = stored is not None and stored["status"] in RESOLVED_STATUSES
    if values.get("status") in RESOLVED_STATUSES:
        if values.get("resolved_at") is None:
            kept = stored["resolved_at"] if stored is not None and was_resolved else None
            values["resolved_at"] = kept or now
        return not was_resolved
    return False


def _save(
    conn: Connection,
    settings: Settings,
    ticket_id: str,
    merged: dict[str, Any],
    stored: dict[str, Any] | None,
    now: datetime,
) -> TicketChanged:
    """Check and store a whole ticket; queue the surveys when it has just been resolved."""
    resolved_now = _resolve(merged, stored, now)
    try:
        ticket = TicketIn.model_validate(merged)
    except ValidationError as exc:
        raise body_errors(exc) from None
    values = {f: getattr(ticket, f) for f in FIELDS}
    values["attributes"] = attributes_json(ticket.attributes)
    if stored is None or not same(stored, values):
        upsert_row(conn, tickets, KEY, {KEY: ticket_id, **values})
    queued = []
    if resolved_now:
        queued = triggers.on_ticket_resolved(conn, settings, ticket_id, ticket.customer_id, now)
    row = get_row(conn, tickets, KEY, ticket_id)
    assert row is not None
    sla.record_ticket_change(conn, ticket_id, stored, row, now)  # its SLA clocks' events
    made = invitations_out(conn, settings, queued)
    return ticket_out(row, TicketChanged, invitations_queued=made)


@router.get("/tickets", response_model=TicketPage)
def list_tickets(
    request: Request,
    customer_id: CustomerFilter = None,
    status: StatusFilter = None,
    limit: Limit = 100,
    after: After = None,
) -> Any:
    """Tickets in order of their id, one page at a time."""
    query = select(tickets).order_by(tickets.c.ticket_id).limit(limit + 1)
    if customer_id is not None:
        query = query.where(tickets.c.customer_id == customer_id)
    if status is not None:
        query = query.where(tickets.c.status == status.strip().lower())
    if after is not None:
        query = query.where(tickets.c.ticket_id > after)
    with state(request).engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    rows, cursor = page(rows, limit, lambda r: r[KEY])
    return TicketPage(data=[ticket_out(r) for r in rows], next_after=cursor)


@router.get("/tickets/{ticket_id}", response_model=TicketOut)
def get_ticket(ticket_id: PathId, request: Request) -> Any:
    with state(request).engine.connect() as conn:
        row = get_row(conn, tickets, KEY, ticket_id)
    if row is None:
        raise not_found("ticket", ticket_id)
    return ticket_out(row)


@router.put(
    "/tickets/{ticket_id}",
    response_model=TicketChanged,
    responses={201: {"model": TicketChanged, "description": "Created"}},
)
def put_ticket(ticket_id: PathId, ticket: TicketIn, request: Request, response: Response) -> Any:
    """Create the ticket, or replace every field of it; resolving it queues the surveys."""
    if ticket.ticket_id is not None and ticket.ticket_id != ticket_id:
        raise invalid(("body", KEY), f"{KEY} {ticket.ticket_id!r} is not the one of the path")
    app = state(request)
    now = app.clock.now()
    merged = {f: getattr(ticket, f) for f in FIELDS}
    with app.engine.begin() as conn:
        stored = get_row(conn, tickets, KEY, ticket_id)
        out = _save(conn, app.settings, ticket_id, merged, stored, now)
    response.status_code = 201 if stored is None else 200
    return out


@router.patch("/tickets/{ticket_id}", response_model=TicketChanged)
def patch_ticket(ticket_id: PathId, patch: TicketPatch, request: Request) -> Any:
    """Change the fields given; a `status` of resolved or closed resolves the ticket."""
    app = state(request)
    now = app.clock.now()
    with app.engine.begin() as conn:
        stored = get_row(conn, tickets, KEY, ticket_id)
        if stored is None:
            raise not_found("ticket", ticket_id)
        merged = _stored_input(stored)
        merged.update({f: getattr(patch, f) for f in patch.model_fields_set})
        reopened = (
            "status" in patch.model_fields_set
            and patch.status not in RESOLVED_STATUSES
            and stored["status"] in RESOLVED_STATUSES
            and "resolved_at" not in patch.model_fields_set
        )
        if reopened:
            merged["resolved_at"] = None
        return _save(conn, app.settings, ticket_id, merged, stored, now)

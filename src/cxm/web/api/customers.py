"""Customers: list, read, create or replace (PUT), change some fields (PATCH)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy import select

from cxm.db.records import get_row, upsert_row
from cxm.db.schema import customers
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
)
from cxm.web.api.fields import attributes_json, attributes_of
from cxm.web.api.schemas import CustomerIn, CustomerOut, CustomerPage, CustomerPatch
from cxm.web.deps import state

router = APIRouter(tags=["customers"], route_class=ApiRoute)
KEY = "customer_id"
FIELDS = tuple(f for f in CustomerIn.model_fields if f != KEY)  # the columns the API sets


def customer_out(row: dict[str, Any]) -> CustomerOut:
    return CustomerOut(
        **{KEY: row[KEY]},
        **{f: row[f] for f in FIELDS if f != "attributes"},
        attributes=attributes_of(row["attributes"]),
    )


def _values(customer: CustomerIn) -> dict[str, Any]:
    values = {f: getattr(customer, f) for f in FIELDS}
    values["attributes"] = attributes_json(customer.attributes)
    return values


@router.get("/customers", response_model=CustomerPage)
def list_customers(request: Request, limit: Limit = 100, after: After = None) -> Any:
    """Customers in order of their id, one page at a time."""
    query = select(customers).order_by(customers.c.customer_id).limit(limit + 1)
    if after is not None:
        query = query.where(customers.c.customer_id > after)
    with state(request).engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    rows, cursor = page(rows, limit, lambda r: r[KEY])
    return CustomerPage(data=[customer_out(r) for r in rows], next_after=cursor)


@router.get("/customers/{customer_id}", response_model=CustomerOut)
def get_customer(customer_id: PathId, request: Request) -> Any:
    with state(request).engine.connect() as conn:
        row = get_row(conn, customers, KEY, customer_id)
    if row is None:
        raise not_found("customer", customer_id)
    return customer_out(row)


@router.put(
    "/customers/{customer_id}",
    response_model=CustomerOut,
    responses={201: {"model": CustomerOut, "description": "Created"}},
)
def put_customer(
    customer_id: PathId, customer: CustomerIn, request: Request, response: Response
) -> Any:
    """Create the customer, or replace every field of it (200; unchanged when the same)."""
    if customer.customer_id is not None and customer.customer_id != customer_id:
        raise invalid(("body", KEY), f"{KEY} {customer.customer_id!r} is not the one of the path")
    values = _values(customer)
    with state(request).engine.begin() as conn:
        stored = get_row(conn, customers, KEY, customer_id)
        if stored is None or not same(stored, values):
            upsert_row(conn, customers, KEY, {KEY: customer_id, **values})
        row = get_row(conn, customers, KEY, customer_id)
    response.status_code = 201 if stored is None else 200
    assert row is not None
    return customer_out(row)


@router.patch("/customers/{customer_id}", response_model=CustomerOut)
def patch_customer(customer_id: PathId, patch: CustomerPatch, request: Request) -> Any:
    """Change the fields given (e.g. `churned_at`); null clears an optional field."""
    with state(request).engine.begin() as conn:
        stored = get_row(conn, customers, KEY, customer_id)
        if stored is None:
            raise not_found("customer", customer_id)
        merged = {f: stored[f] for f in FIELDS}
        merged["attributes"] = attributes_of(stored["attributes"])
        merged.update({f: getattr(patch, f) for f in patch.model_fields_set})
        try:
            customer = CustomerIn.model_validate(merged)
        except ValidationError as exc:
            raise body_errors(exc) from None
        values = _values(customer)
        if not same(stored, values):
            upsert_row(conn, customers, KEY, {KEY: customer_id, **values})
        row = get_row(conn, customers, KEY, customer_id)
    assert row is not None
    return customer_out(row)

"""A stored answer as the outside world sees it (API responses, webhook payloads)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection

from cxm.clock import iso
from cxm.db.records import get_row
from cxm.db.schema import responses

FIELDS = (
    "response_id",
    "customer_id",
    "ticket_id",
    "survey",
    "scale",
    "orientation",
    "score",
    "band",
    "comment",
    "stage",
    "channel",
    "language",
    "answered_at",
    "source",
    "survey_id",
    "invitation_id",
)


def document(row: dict[str, Any]) -> dict[str, Any]:
    """The fields of a `responses` row, with its JSON columns decoded."""
    values = {f: row[f] for f in FIELDS}
    attributes = json.loads(row["attributes"]) if row["attributes"] else None
    values["attributes"] = (
        {str(k): str(v) for k, v in attributes.items()} if isinstance(attributes, dict) else None
    )
    values["checklist"] = json.loads(row["checklist"]) if row["checklist"] else None
    return values


def payload(row: dict[str, Any]) -> dict[str, Any]:
    """The document as JSON values (what webhooks carry, as the API shows it)."""
    values = document(row)
    values["answered_at"] = iso(values["answered_at"])
    return values


def load(conn: Connection, response_id: str) -> dict[str, Any] | None:
    row = get_row(conn, responses, "response_id", response_id)
    return None if row is None else document(row)

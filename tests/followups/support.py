"""Helpers of the follow-up tests: customers, tickets and answers written like any other."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from cxm.db.records import upsert_row
from cxm.db.schema import customers, responses, tickets
from cxm.surveys.scales import SCALES, Orientation

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def add_customer(engine: Engine, customer_id: str, **fields: Any) -> None:
    with engine.begin() as conn:
        upsert_row(
            conn,
            customers,
            "customer_id",
            {
                "customer_id": customer_id,
                "name": f"Customer {customer_id}",
                "email": f"{customer_id}@example.com",
                "signup_at": datetime(2025, 1, 1, tzinfo=UTC),
                **fields,
            },
        )


def add_ticket(engine: Engine, ticket_id: str, customer_id: str, **fields: Any) -> None:
    with engine.begin() as conn:
        upsert_row(
            conn,
            tickets,
            "ticket_id",
            {
                "ticket_id": ticket_id,
                "customer_id": customer_id,
                "created_at": datetime(2025, 6, 1, tzinfo=UTC),
                "status": "resolved",
                **fields,
            },
        )


SCALE_OF = {"csat": "1-5", "nps": "0-10", "ces": "1-7", "rating": "1-5"}


def add_answer(
    engine: Engine,
    response_id: str,
    survey: str,
    score: int,
    *,
    customer_id: str | None = "c1",
    ticket_id: str | None = None,
    comment: str | None = None,
    answered_at: datetime = NOW,
    scale: str | None = None,
    orientation: str = "high_is_good",
    **fields: Any,
) -> None:
    scale = scale or SCALE_OF[survey]
    band = SCALES[scale].band(score, Orientation(orientation))
    with engine.begin() as conn:
        upsert_row(
            conn,
            responses,
            "response_id",
            {
                "response_id": response_id,
                "customer_id": customer_id,
                "ticket_id": ticket_id,
                "survey": survey,
                "scale": scale,
                "orientation": orientation,
                "score": score,
                "band": band,
                "comment": comment,
                "answered_at": answered_at,
                **fields,
            },
        )

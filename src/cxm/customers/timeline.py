"""One customer's history: survey answers and tickets on one timeline, and its trend.

Read from the system of record, so it is current to the last write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from cxm.db.schema import customers, responses, tickets
from cxm.surveys.scales import SCALES, Orientation

# A trend is called when satisfaction moves by at least this share of the scale from the
# first answer to the last, along the least-squares line.
TREND_MIN_CHANGE = 0.10
TREND_MIN_ANSWERS = 3


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # "response" or "ticket"
    data: dict[str, Any]


@dataclass(frozen=True)
class Timeline:
    customer: dict[str, Any]
    events: tuple[Event, ...]
    trend: str | None  # "up", "down", "flat", or None with too few answers
    trend_change: float | None  # change along the fitted line, as a share of the scale


class CustomerNotFound(LookupError):
    pass


def satisfaction(scale: str, score: int, orientation: str) -> float:
    """An answer on 0..1, high = good, comparable across scales."""
    s = SCALES[scale]
    oriented = s.oriented(score, Orientation(orientation))
    return (oriented - s.low) / (s.high - s.low)


def trend(points: list[tuple[datetime, float]]) -> tuple[str | None, float | None]:
    """Direction of a series of (time, 0..1 satisfaction), by least squares."""
    if len(points) < TREND_MIN_ANSWERS:
        return None, None
    t0 = points[0][0]
    xs = [(t - t0).total_seconds() for t, _ in points]
    ys = [y for _, y in points]
    span = xs[-1] - xs[0]
    if span <= 0:
        return None, None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    change = slope * span
    if change >= TREND_MIN_CHANGE:
        return "up", change
    if change <= -TREND_MIN_CHANGE:
        return "down", change
    return "flat", change


def customer_timeline(engine: Engine, customer_id: str) -> Timeline:
    """Everything known about one customer, oldest first."""
    with engine.connect() as conn:
        row = (
            conn.execute(select(customers).where(customers.c.customer_id == customer_id))
            .mappings()
            .first()
        )
        answers = (
            conn.execute(select(responses).where(responses.c.customer_id == customer_id))
            .mappings()
            .all()
        )
        opened = (
            conn.execute(select(tickets).where(tickets.c.customer_id == customer_id))
            .mappings()
            .all()
        )
    if row is None and not answers and not opened:
        raise CustomerNotFound(f"no customer {customer_id!r}, and no ticket or answer of theirs")
    record = _plain(dict(row)) if row is not None else {"customer_id": customer_id}
    events = [Event(a["answered_at"], "response", _plain(dict(a))) for a in answers]
    events += [Event(t["created_at"], "ticket", _plain(dict(t))) for t in opened]
    events.sort(key=lambda e: (e.at, e.kind))
    points = [
        (e.at, satisfaction(e.data["scale"], e.data["score"], e.data["orientation"]))
        for e in events
        if e.kind == "response"
    ]
    direction, change = trend(points)
    return Timeline(record, tuple(events), direction, change)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    values.pop("revision", None)
    raw = values.pop("attributes", None)
    if raw:
        values["attributes"] = json.loads(raw)
    return values

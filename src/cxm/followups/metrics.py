"""How well the loop is closed: share of tasks resolved, time to close, and how the customer's
next answer moved.

Over the tasks opened in a period (optionally per team, agent or month of opening):
- loops closed = resolved tasks / tasks opened x 100;
- time to close = from the unhappy answer to the task's resolution, median and 90th
  percentile in hours (resolved tasks only; domain.md section 2: never a mean alone);
- next score: for each resolved task, the customer's first answer of the same kind (CSAT,
  NPS, CES ...) after the resolution, compared with the answer that opened the task: better,
  same or worse band, and the mean change of the score (oriented so that higher is better,
  answers on the same scale only).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from cxm.db.schema import followups, responses
from cxm.surveys.scales import SCALES, Orientation

GROUPS = ("team", "agent", "month", "reason")


@dataclass(frozen=True)
class LoopStats:
    group: str | None  # the team, agent, month (YYYY-MM) or reason; None for all tasks
    opened: int
    resolved: int
    overdue: int  # not resolved and past due now
    median_hours: float | None
    p90_hours: float | None
    next_answers: int  # resolved tasks whose customer has answered again since
    better: int
    same: int
    worse: int
    mean_change: float | None  # mean oriented score change (same scale only)

    @property
    def closed_share(self) -> float | None:
        return None if self.opened == 0 else 100 * self.resolved / self.opened


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _oriented(score: int, scale: str, orientation: str) -> int:
    return SCALES[scale].oriented(score, Orientation(orientation))


def next_move(conn: Connection, task: dict[str, object]) -> tuple[int, float | None] | None:
    """(band change, oriented score change or None across scales) between the answer that
    opened a resolved task and the customer's next answer of the same kind; None when there
    is no later answer."""
    if task["customer_id"] is None or task["resolved_at"] is None:
        return None
    first = (
        conn.execute(
            select(responses.c.scale, responses.c.orientation).where(
                responses.c.response_id == task["response_id"]
            )
        )
        .mappings()
        .first()
    )
    later = (
        conn.execute(
            select(responses.c.score, responses.c.band, responses.c.scale, responses.c.orientation)
            .where(
                responses.c.customer_id == task["customer_id"],
                responses.c.survey == task["survey"],
                responses.c.answered_at > task["resolved_at"],
            )
            .order_by(responses.c.answered_at, responses.c.response_id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    if later is None:
        return None
    band_change = int(later["band"]) - int(task["band"])  # type: ignore[call-overload]
    score_change = None
    if first is not None and first["scale"] == later["scale"]:
        score_change = float(
            _oriented(int(later["score"]), later["scale"], later["orientation"])
            - _oriented(int(task["score"]), first["scale"], first["orientation"])  # type: ignore[call-overload]
        )
    return band_change, score_change


def _group_of(row: dict[str, object], by: str | None, zone: ZoneInfo) -> str | None:
    if by is None:
        return None
    if by == "month":
        return row["opened_at"].astimezone(zone).strftime("%Y-%m")  # type: ignore[attr-defined]
    value = row[by]
    return str(value) if value is not None else "-"


def loop_stats(
    conn: Connection,
    since: datetime,
    until: datetime,
    now: datetime,
    by: str | None = None,
    zone: ZoneInfo | None = None,
) -> list[LoopStats]:
    """The loop metrics of the tasks opened in [since, until), in all or per group."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}: choose one of {', '.join(GROUPS)}")
    rows = [
        dict(r)
        for r in conn.execute(
            select(followups)
            .where(followups.c.opened_at >= since, followups.c.opened_at < until)
            .order_by(followups.c.id)
        ).mappings()
    ]
    groups: dict[str | None, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[_group_of(row, by, zone or ZoneInfo("UTC"))].append(row)
    if by is None:
        groups.setdefault(None, [])
    return [_stats(conn, key, items, now) for key, items in sorted(groups.items(), key=_order)]


def _order(item: tuple[str | None, list[dict[str, object]]]) -> str:
    return item[0] or ""


def _stats(
    conn: Connection, group: str | None, rows: list[dict[str, object]], now: datetime
) -> LoopStats:
    resolved = [r for r in rows if r["status"] == "resolved" and r["resolved_at"] is not None]
    hours = [
        (r["resolved_at"] - r["answered_at"]).total_seconds() / 3600  # type: ignore[operator]
        for r in resolved
    ]
    overdue = sum(1 for r in rows if r["status"] != "resolved" and r["due_at"] < now)  # type: ignore[operator]
    better = same = worse = 0
    changes: list[float] = []
    for r in resolved:
        move = next_move(conn, r)
        if move is None:
            continue
        band_change, score_change = move
        if band_change > 0:
            better += 1
        elif band_change < 0:
            worse += 1
        else:
            same += 1
        if score_change is not None:
            changes.append(score_change)
    return LoopStats(
        group=group,
        opened=len(rows),
        resolved=len(resolved),
        overdue=overdue,
        median_hours=percentile(hours, 50),
        p90_hours=percentile(hours, 90),
        next_answers=better + same + worse,
        better=better,
        same=same,
        worse=worse,
        mean_change=sum(changes) / len(changes) if changes else None,
    )

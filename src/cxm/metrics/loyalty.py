"""The loyalty map (domain.md section 3): customers placed by satisfaction and loyalty.

A customer's loyalty is their latest NPS answer (promoter or not); their satisfaction is the
share of satisfied CSAT answers over a window before the reference day. A customer with an
answer on only one axis is not placed; the share of such customers is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import duckdb

CHURNER_WARNING = 5.0  # % of placed customers
WILDCARD_WARNING = 80.0


class Quadrant(StrEnum):
    ADVOCATES = "advocates"  # promoter, satisfied
    VIP_SUPPORT = "vip_support"  # promoter, not satisfied
    WILDCARDS = "wildcards"  # not a promoter, satisfied
    CHURNERS = "churners"  # not a promoter, not satisfied


# (promoter, satisfied) -> quadrant: a table, as the seed draws it (and a lookup is cheap
# for hundreds of thousands of customers)
_QUADRANTS = {
    (True, True): Quadrant.ADVOCATES,
    (True, False): Quadrant.VIP_SUPPORT,
    (False, True): Quadrant.WILDCARDS,
    (False, False): Quadrant.CHURNERS,
}


@dataclass(frozen=True, slots=True)
class Placement:
    customer_id: str
    name: str | None
    email: str | None
    nps_score: int | None
    csat_answers: int
    csat_satisfied: int
    quadrant: Quadrant | None


@dataclass(frozen=True)
class LoyaltyMap:
    at: date
    window_days: int
    customers: int  # with an answer on at least one axis
    placed: int
    counts: dict[Quadrant, int]
    warnings: tuple[str, ...]
    vip_support: tuple[Placement, ...]  # to call first
    placements: tuple[Placement, ...] = ()  # every answering customer, by id

    def share(self, quadrant: Quadrant) -> float | None:
        """% of placed customers in the quadrant."""
        return None if self.placed == 0 else 100 * self.counts[quadrant] / self.placed

    @property
    def unplaced_share(self) -> float | None:
        """% of answering customers without an answer on one of the axes."""
        return (
            None if self.customers == 0 else 100 * (self.customers - self.placed) / self.customers
        )


def quadrant_of(promoter: bool, satisfied: bool) -> Quadrant:
    return _QUADRANTS[promoter, satisfied]


def place(
    nps_score: int | None,
    csat_answers: int,
    csat_satisfied: int,
    promoter_min: int,
    satisfied_share: float,
) -> Quadrant | None:
    """The quadrant of one customer, or None when an axis has no answer."""
    if nps_score is None or csat_answers == 0:
        return None
    satisfied = 100 * csat_satisfied / csat_answers >= satisfied_share
    return quadrant_of(nps_score >= promoter_min, satisfied)


def loyalty_map(
    con: duckdb.DuckDBPyConnection,
    at: date,
    window_days: int = 180,
    promoter_min: int = 9,
    satisfied_share: float = 50.0,
) -> LoyaltyMap:
    """Place every customer who has answered, as of the end of day `at`."""
    since = at - timedelta(days=window_days - 1)
    # one scan of the answers, grouped by customer: both axes at once
    rows = con.execute(
        """
        SELECT a.customer_id, c.name, c.email, a.nps, a.n, a.sat
        FROM (
            SELECT customer_id,
                   arg_max(score, answered_at) FILTER (WHERE survey = 'nps') AS nps,
                   count(*) FILTER (WHERE survey = 'csat' AND answered_day >= ?) AS n,
                   count(*) FILTER (WHERE survey = 'csat' AND answered_day >= ? AND band = 1)
                       AS sat
            FROM responses
            WHERE customer_id IS NOT NULL AND answered_day <= ?
              AND (survey = 'nps' OR (survey = 'csat' AND answered_day >= ?))
            GROUP BY customer_id
        ) a
        LEFT JOIN customers c ON c.customer_id = a.customer_id
        ORDER BY a.customer_id
        """,
        [since, since, at, since],
    ).fetchall()
    placements = [
        Placement(
            customer_id=r[0],
            name=r[1],
            email=r[2],
            nps_score=r[3],
            csat_answers=int(r[4]),
            csat_satisfied=int(r[5]),
            quadrant=place(r[3], int(r[4]), int(r[5]), promoter_min, satisfied_share),
        )
        for r in rows
    ]
    counts = {q: 0 for q in Quadrant}
    for p in placements:
        if p.quadrant is not None:
            counts[p.quadrant] += 1
    placed = sum(counts.values())
    result = LoyaltyMap(
        at=at,
        window_days=window_days,
        customers=len(placements),
        placed=placed,
        counts=counts,
        warnings=(),
        placements=tuple(placements),
        vip_support=tuple(
            sorted(
                (p for p in placements if p.quadrant is Quadrant.VIP_SUPPORT),
                key=lambda p: (p.csat_satisfied / p.csat_answers, -p.csat_answers),
            )
        ),
    )
    return LoyaltyMap(**{**result.__dict__, "warnings": _warnings(result)})


def _warnings(m: LoyaltyMap) -> tuple[str, ...]:
    out = []
    churners, wildcards = m.share(Quadrant.CHURNERS), m.share(Quadrant.WILDCARDS)
    if churners is not None and churners > CHURNER_WARNING:
        out.append(
            f"Churners are {churners:.1f} % of placed customers (above {CHURNER_WARNING:g} %): "
            "unhappy, disloyal customers who will leave and tell others."
        )
    if wildcards is not None and wildcards > WILDCARD_WARNING:
        out.append(
            f"Wildcards are {wildcards:.1f} % of placed customers (above {WILDCARD_WARNING:g} %):"
            " satisfied but not loyal; find what disappoints them at each journey stage."
        )
    return tuple(out)

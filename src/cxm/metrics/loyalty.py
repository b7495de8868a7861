"""The loyalty map (domain.md section 3): customers placed by satisfaction and loyalty.

A customer's loyalty is their latest NPS answer (promoter or not); their satisfaction is the
share of satisfied CSAT answers over a window before the reference day. A customer with an
answer on only one axis is not placed; the share of such customers is reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, overload

import duckdb
import numpy as np
import pyarrow as pa

from cxm.i18n.formatting import digits_apart

if TYPE_CHECKING:
    from cxm.config import Settings

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


_ORDER = tuple(Quadrant)  # a quadrant's code in Placements is its position here; -1 unplaced


@dataclass(frozen=True, slots=True)
class _Columns:
    customer_id: pa.Array
    name: pa.Array
    email: pa.Array
    nps_score: np.ndarray  # float, NaN where the customer gave no NPS answer
    csat_answers: np.ndarray
    csat_satisfied: np.ndarray
    quadrant: np.ndarray  # int8 code


class Placements(Sequence[Placement]):
    """Customers on the map, kept as columns: a year of answers places hundreds of thousands of
    customers, and a page shows fifty of them, so a Placement is made only for a row that is
    read."""

    __slots__ = ("_columns", "_rows")

    def __init__(self, columns: _Columns, rows: np.ndarray) -> None:
        self._columns = columns
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Placement: ...
    @overload
    def __getitem__(self, index: slice) -> Placements: ...
    def __getitem__(self, index: int | slice) -> Placement | Placements:
        if isinstance(index, slice):
            return Placements(self._columns, self._rows[index])
        return next(iter(Placements(self._columns, self._rows[[index]])))

    def __iter__(self) -> Iterator[Placement]:
        for chunk in self.chunks():
            yield from chunk

    def chunks(self, size: int = 10_000) -> Iterator[list[Placement]]:
        """The placements a chunk at a time, each chunk converted in one go."""
        c = self._columns
        for at in range(0, len(self._rows), size):
            rows = self._rows[at : at + size]
            taken = pa.array(rows)
            ids = c.customer_id.take(taken).to_pylist()
            names = c.name.take(taken).to_pylist()
            emails = c.email.take(taken).to_pylist()
            nps = c.nps_score[rows].tolist()
            answers = c.csat_answers[rows].tolist()
            satisfied = c.csat_satisfied[rows].tolist()
            codes = c.quadrant[rows].tolist()
            yield [
                Placement(
                    customer_id=ids[i],
                    name=names[i],
                    email=emails[i],
                    nps_score=None if nps[i] != nps[i] else int(nps[i]),  # NaN: no answer
                    csat_answers=answers[i],
                    csat_satisfied=satisfied[i],
                    quadrant=None if codes[i] < 0 else _ORDER[codes[i]],
                )
                for i in range(len(rows))
            ]

    def in_quadrant(self, quadrant: Quadrant | None) -> Placements:
        """Those in the quadrant (None: those not placed), in the same order."""
        code = -1 if quadrant is None else _ORDER.index(quadrant)
        return Placements(self._columns, self._rows[self._columns.quadrant[self._rows] == code])

    def placed(self) -> Placements:
        return Placements(self._columns, self._rows[self._columns.quadrant[self._rows] >= 0])

    def spread(self, limit: int) -> Placements:
        """At most `limit` of them, evenly spaced, so a chart keeps its shape."""
        if len(self._rows) <= limit:
            return self
        return Placements(self._columns, self._rows[(np.arange(limit) * len(self._rows)) // limit])


@dataclass(frozen=True)
class LoyaltyMap:
    at: date
    window_days: int
    customers: int  # with an answer on at least one axis
    placed: int
    counts: dict[Quadrant, int]
    warnings: tuple[str, ...]
    vip_support: Placements  # to call first
    placements: Placements  # every answering customer, by id

    def share(self, quadrant: Quadrant) -> float | None:
        """% of placed customers in the quadrant."""
        return _share(self.counts[quadrant], self.placed)

    @property
    def unplaced_share(self) -> float | None:
        """% of answering customers without an answer on one of the axes."""
        return (
            None if self.customers == 0 else 100 * (self.customers - self.placed) / self.customers
        )


def _share(count: int, placed: int) -> float | None:
    return None if placed == 0 else 100 * count / placed


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


def place_all(
    nps_score: np.ndarray,
    csat_answers: np.ndarray,
    csat_satisfied: np.ndarray,
    promoter_min: int,
    satisfied_share: float,
) -> np.ndarray:
    """`place` for columns of customers (NaN: no NPS answer): each one's code in `_ORDER`,
    -1 when not placed. The same arithmetic as `place`, so both always agree."""
    with np.errstate(divide="ignore", invalid="ignore"):
        satisfied = 100 * csat_satisfied / csat_answers >= satisfied_share
    promoter = nps_score >= promoter_min
    codes = np.full(len(nps_score), -1, dtype=np.int8)
    placed = ~np.isnan(nps_score) & (csat_answers > 0)
    for (is_promoter, is_satisfied), quadrant in _QUADRANTS.items():
        chosen = placed & (promoter == is_promoter) & (satisfied == is_satisfied)
        codes[chosen] = _ORDER.index(quadrant)
    return codes


@dataclass(frozen=True)
class LoyaltyRules:
    """Where the map's lines are drawn (the CXM_LOYALTY_* settings)."""

    window_days: int = 180  # of CSAT answers that decide whether a customer is satisfied
    promoter_min: int = 9
    satisfied_share: float = 50.0  # % of those answers that are satisfied ones

    def csat_since(self, at: date) -> date:
        """The first day whose CSAT answers count, as of the end of day `at`: the window is
        `window_days` calendar days, `at` included."""
        return at - timedelta(days=self.window_days - 1)

    @classmethod
    def of(cls, settings: Settings) -> LoyaltyRules:
        return cls(
            settings.loyalty_window_days,
            settings.loyalty_promoter_min,
            settings.loyalty_satisfied_share,
        )


def loyalty_map(
    con: duckdb.DuckDBPyConnection, at: date, rules: LoyaltyRules = LoyaltyRules()
) -> LoyaltyMap:
    """Place every customer who has answered, as of the end of day `at`."""
    since = rules.csat_since(at)
    # one scan of the answers, grouped by customer: both axes at once
    table = con.sql(
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
        params=[since, since, at, since],
    ).to_arrow_table()
    nps = table["nps"].to_numpy().astype(float)  # nulls become NaN
    answers = table["n"].to_numpy().astype(np.int64)
    satisfied = table["sat"].to_numpy().astype(np.int64)
    codes = place_all(nps, answers, satisfied, rules.promoter_min, rules.satisfied_share)
    columns = _Columns(
        customer_id=table["customer_id"].combine_chunks(),
        name=table["name"].combine_chunks(),
        email=table["email"].combine_chunks(),
        nps_score=nps,
        csat_answers=answers,
        csat_satisfied=satisfied,
        quadrant=codes,
    )
    tally = np.bincount(codes[codes >= 0], minlength=len(_ORDER))
    counts = {q: int(tally[i]) for i, q in enumerate(_ORDER)}
    placed = int(tally.sum())
    vip = np.flatnonzero(codes == _ORDER.index(Quadrant.VIP_SUPPORT))
    # least satisfied first, then those with more answers; ties stay in id order
    vip = vip[np.lexsort((-answers[vip], satisfied[vip] / answers[vip]))]
    return LoyaltyMap(
        at=at,
        window_days=rules.window_days,
        customers=len(codes),
        placed=placed,
        counts=counts,
        warnings=_warnings(counts, placed),
        vip_support=Placements(columns, vip),
        placements=Placements(columns, np.arange(len(codes))),
    )


def _warnings(counts: dict[Quadrant, int], placed: int) -> tuple[str, ...]:
    out = []
    churners = _share(counts[Quadrant.CHURNERS], placed)
    wildcards = _share(counts[Quadrant.WILDCARDS], placed)
    if churners is not None and churners > CHURNER_WARNING:
        out.append(
            f"Churners are {churners:.{digits_apart(churners, CHURNER_WARNING)}f} % of placed "
            f"customers (above {CHURNER_WARNING:g} %): "
            "unhappy, disloyal customers who will leave and tell others."
        )
    if wildcards is not None and wildcards > WILDCARD_WARNING:
        out.append(
            f"Wildcards are {wildcards:.{digits_apart(wildcards, WILDCARD_WARNING)}f} % of placed "
            f"customers (above {WILDCARD_WARNING:g} %): satisfied but not loyal; find what "
            "disappoints them at each journey stage."
        )
    return tuple(out)

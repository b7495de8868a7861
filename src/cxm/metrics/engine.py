"""The metrics engine: every metric of the registry, per period and segment, on the
analytics copy.

One grouped query per source table computes all the aggregates the registry asks of it;
the customer counts come from one more; each metric's formula then runs on the results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import duckdb

from cxm.metrics.definitions import GRAIN, POPULATION, Metric, Source, aggregates_of, selected
from cxm.metrics.periods import Period, Window, windows
from cxm.metrics.segments import Segments, SegmentSql

# The day that places a row of each table in a period.
DAY_OF = {
    Source.RESPONSES: "answered_day",
    Source.TICKETS: "created_day",
    Source.REVENUE: "date",
    Source.SPEND: "date",
}

Key = tuple[date, str | None]

# Who counts in each customer count of a window [w_start, w_end), over s = signup day and
# x = churn day; used by the metrics and by the lists of customers behind them.
POPULATION_RULES = {
    "customers_start": "s < w_start AND (x IS NULL OR x >= w_start)",
    "customers_end": "s < w_end AND (x IS NULL OR x >= w_end)",
    "customers_acquired": "s >= w_start AND s < w_end",
    "customers_lost": "s < w_start AND x >= w_start AND x < w_end",
}


@dataclass(frozen=True)
class MetricsQuery:
    first: date
    last: date  # inclusive
    period: Period = Period.MONTH
    by: str | None = None
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    metrics: tuple[str, ...] = ()  # only these metrics (and what they need); empty: all


class MetricsError(ValueError):
    """The query cannot be answered as asked (unknown segment, empty range ...)."""


def compute_metrics(
    con: duckdb.DuckDBPyConnection, query: MetricsQuery, counts: bool = False
) -> list[dict[str, Any]]:
    """One row per period (and segment value) with every metric of the registry.

    With `counts`, each row also carries the aggregates its metrics were computed from
    (under "counts"): the report's calculator sheet starts from them.
    """
    if query.last < query.first:
        raise MetricsError(f"--to {query.last} is before --from {query.first}")
    segments = Segments(con)
    for dim in [*([query.by] if query.by else []), *query.filters]:
        try:
            segments.check(dim)
        except ValueError as exc:
            raise MetricsError(str(exc)) from exc
    try:
        metrics = selected(query.metrics)
    except ValueError as exc:
        raise MetricsError(str(exc)) from exc
    wins = windows(query.first, query.last, query.period)
    found: dict[Source, dict[Key, dict[str, Any]]] = {}
    for source in DAY_OF:
        plan = _plan(segments, source, query)
        if plan is not None and aggregates_of(source, metrics):
            found[source] = _event_aggregates(con, source, plan, query, metrics)
    population = _plan(segments, Source.CUSTOMERS, query)
    if population is not None and any(m.population for m in metrics):
        found[Source.CUSTOMERS] = _population(con, population, wins, query)
    return _rows(found, wins, query, counts, metrics)


@dataclass(frozen=True)
class _Plan:
    segment: SegmentSql | None
    filters: tuple[tuple[SegmentSql, tuple[str, ...]], ...]

    @property
    def joins(self) -> set[str]:
        return {s.joins for s in self._all() if s.joins}

    def _all(self) -> list[SegmentSql]:
        return [*([self.segment] if self.segment else []), *(f for f, _ in self.filters)]


def _plan(segments: Segments, source: Source, query: MetricsQuery) -> _Plan | None:
    """How to segment and filter `source`, or None when the query cannot apply to it."""
    segment = None
    if query.by:
        segment = segments.resolve(query.by, source)
        if segment is None:
            return None
    filters = []
    for dim, values in query.filters.items():
        sql = segments.resolve(dim, source)
        if sql is None:
            return None
        filters.append((sql, values))
    return _Plan(segment, tuple(filters))


def _where(plan: _Plan, params: list[Any]) -> str:
    parts = []
    for sql, values in plan.filters:
        parts.append(f"{sql.expr} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    return "".join(f" AND {p}" for p in parts)


JOINS = {
    "ticket": " LEFT JOIN tickets k ON k.ticket_id = t.ticket_id",
    "customer": " LEFT JOIN customers c ON c.customer_id = t.customer_id",
}


def _from(source: Source, plan: _Plan) -> str:
    return f"{source.value} t" + "".join(JOINS[j] for j in sorted(plan.joins, reverse=True))


def _period_of(day: str, query: MetricsQuery) -> str:
    """SQL of the period key of a local day."""
    if query.period is Period.ALL:
        return f"DATE '{query.first}'"
    if query.period is Period.DAY:
        return day
    return f"CAST(date_trunc('{query.period}', {day}) AS DATE)"


def _event_aggregates(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    plan: _Plan,
    query: MetricsQuery,
    metrics: tuple[Metric, ...],
) -> dict[Key, dict[str, Any]]:
    day = f"t.{DAY_OF[source]}"
    segment = plan.segment.expr if plan.segment else "NULL"
    aggs = aggregates_of(source, metrics)
    params: list[Any] = [query.first, query.last]
    rows = f"FROM {_from(source, plan)} WHERE {day} BETWEEN ? AND ?{_where(plan, params)}"
    grain = GRAIN.get(source)
    if grain and all(a.where for a in aggs):
        # counts only: group the rows by day, segment and the columns the counts read, then
        # count over those few groups
        cols = ", ".join(f"t.{c} AS {c}" for c in grain)
        sql = (
            f"SELECT {_period_of('day', query)} AS period, segment, "
            + ", ".join(f"sum(n) FILTER (WHERE {a.where}) AS {a.name}" for a in aggs)
            + f" FROM (SELECT {day} AS day, {segment} AS segment, {cols}, count(*) AS n "
            f"{rows} GROUP BY ALL) GROUP BY ALL"
        )
    else:
        sql = (
            f"SELECT {_period_of(day, query)} AS period, {segment} AS segment, "
            + ", ".join(f"{a.sql} AS {a.name}" for a in aggs)
            + f" {rows} GROUP BY ALL"
        )
    names = [a.name for a in aggs]
    return {
        (row[0], row[1]): dict(zip(names, row[2:], strict=True))
        for row in con.execute(sql, params).fetchall()
    }


def selection(
    con: duckdb.DuckDBPyConnection, source: Source, query: MetricsQuery, where: str | None = None
) -> tuple[str, list[Any]]:
    """`FROM ... WHERE ...` of the rows of `source` a query counts (its range and filters),
    further narrowed by `where`: the rows behind a number, for drill-down lists.

    Customers are selected over the whole range as one window with `where` one of
    POPULATION_RULES' keys (default: customers at the end)."""
    segments = Segments(con)
    for dim in query.filters:
        try:
            segments.check(dim)
        except ValueError as exc:
            raise MetricsError(str(exc)) from exc
    plan = _plan(segments, source, query)
    if plan is None:
        raise MetricsError(f"the filters do not apply to {source.value}")
    params: list[Any] = []
    if source is Source.CUSTOMERS:
        rule = POPULATION_RULES[where or "customers_end"]
        end = query.last + timedelta(days=1)
        sql = (
            f"FROM (SELECT t.*, t.signup_day AS s, t.churn_day AS x, DATE '{query.first}' AS "
            f"w_start, DATE '{end}' AS w_end FROM customers t WHERE true{_where(plan, params)}) t "
            f"WHERE {rule}"
        )
        return sql, params
    params = [query.first, query.last]
    sql = f"FROM {_from(source, plan)} WHERE t.{DAY_OF[source]} BETWEEN ? AND ?"
    sql += _where(plan, params) + (f" AND ({where})" if where else "")
    return sql, params


def _population(
    con: duckdb.DuckDBPyConnection, plan: _Plan, wins: list[Window], query: MetricsQuery
) -> dict[Key, dict[str, Any]]:
    """S, E, N and L of every period: customers at its start and end, acquired, lost."""
    segment = plan.segment.expr if plan.segment else "NULL"
    params: list[Any] = []
    where = _where(plan, params)
    values = ", ".join(f"(DATE '{w.period}', DATE '{w.start}', DATE '{w.end}')" for w in wins)
    s_, e_, n_, l_ = POPULATION
    sql = f"""
        WITH c AS (
            SELECT {segment} AS segment, t.signup_day AS s, t.churn_day AS x, count(*) AS n
            FROM customers t WHERE true{where} GROUP BY ALL
        ), w(period, w_start, w_end) AS (VALUES {values})
        SELECT w.period, c.segment,
            {
        ", ".join(
            f"coalesce(sum(n) FILTER (WHERE {POPULATION_RULES[k]}), 0) AS {k}"
            for k in (s_, e_, n_, l_)
        )
    }
        FROM c CROSS JOIN w GROUP BY ALL
    """
    return {
        (row[0], row[1]): dict(zip(POPULATION, row[2:], strict=True))
        for row in con.execute(sql, params).fetchall()
    }


def _rows(
    found: dict[Source, dict[Key, dict[str, Any]]],
    wins: list[Window],
    query: MetricsQuery,
    counts: bool,
    metrics: tuple[Metric, ...],
) -> list[dict[str, Any]]:
    days = {w.period: w.days for w in wins}
    keys: set[Key] = set()
    if query.by is None:
        keys = {(w.period, None) for w in wins}
    else:
        for results in found.values():
            keys |= {k for k in results if k[0] in days}
    rows = []
    for key in sorted(keys, key=lambda k: (k[0], k[1] is None, k[1] or "")):
        aggs: dict[str, Any] = defaultdict(lambda: None)
        for results in found.values():
            aggs.update(results.get(key, {}))
        aggs["window_days"] = days[key[0]]
        row: dict[str, Any] = {"period": key[0].isoformat()}
        if query.by:
            row[query.by] = key[1]
        for metric in metrics:
            if metric.sources <= found.keys():
                row.update(metric.compute(aggs))
            else:
                row.update(dict.fromkeys(metric.outputs))
        if counts:
            row["counts"] = dict(aggs)
        rows.append(row)
    return rows

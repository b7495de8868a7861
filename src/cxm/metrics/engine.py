"""The metrics engine: every metric of the registry, per period and segment, on the
analytics copy.

One grouped query per source table computes all the aggregates the registry asks of it;
the customer counts come from one more; each metric's formula then runs on the results.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

import duckdb
import numpy as np
import pyarrow as pa

from cxm.db.schema import FACT_TABLES
from cxm.metrics import quantiles
from cxm.metrics.definitions import (
    BREAKDOWNS,
    GRAIN,
    METRICS,
    POPULATION,
    Aggregate,
    Combine,
    Metric,
    Source,
    aggregates_of,
    selected,
)
from cxm.metrics.periods import Period, Window, windows
from cxm.metrics.segments import Segments, SegmentSql

METRICS_BY_KEY = {m.key: m for m in METRICS}

# The day that places a row of each table in a period.
DAY_OF = {
    Source.RESPONSES: "answered_day",
    Source.TICKETS: "created_day",
    Source.REVENUE: "date",
    Source.SPEND: "date",
}

Key = tuple[date, str | None]
T = TypeVar("T")
# Keeps a result by key while the analytics copy is unchanged: memo(key, make) returns
# make() or what it returned before for the same key.
Memo = Callable[[tuple[Any, ...], Callable[[], Any]], Any]


def no_memo(key: tuple[Any, ...], make: Callable[[], T]) -> T:
    return make()


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
    con: duckdb.DuckDBPyConnection,
    query: MetricsQuery,
    counts: bool = False,
    memo: Memo = no_memo,
    rollups: bool = True,
) -> list[dict[str, Any]]:
    """One row per period (and segment value) with every metric of the registry.

    With `counts`, each row also carries the aggregates its metrics were computed from
    (under "counts"): the report's calculator sheet starts from them. `memo` may keep the
    day-level results, which queries of the same range and filters share (a year by month,
    and the year as a whole). Unfiltered, the day-level results come from the copy's rollups
    unless `rollups` is false (then the rows are read, as for a filtered query).
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
            found[source] = _event_aggregates(
                con, source, plan, query, metrics, memo if rollups else no_memo, rollups
            )
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
    memo: Memo,
    rollups: bool,
) -> dict[Key, dict[str, Any]]:
    aggs = aggregates_of(source, metrics)
    rolled = rollups and not plan.filters and _rolled_up(con)
    found: dict[Key, dict[str, Any]] = defaultdict(dict)
    additive = tuple(a for a in aggs if a.combine is not Combine.QUANTILES)
    if additive:
        scope = ("daily", source.value, *_scope(query), tuple(a.name for a in additive))
        daily = memo(scope, lambda: _daily(con, source, plan, query, additive, rolled))
        for key, values in _roll_up(daily, additive, query).items():
            found[key].update(values)
    for agg in aggs:
        if agg.combine is Combine.QUANTILES:
            for key, value in _quantiles(con, source, plan, query, agg, memo, rolled).items():
                found[key][agg.name] = value
    return found


def _scope(query: MetricsQuery) -> tuple[Any, ...]:
    """What a day-level result depends on: the range, the segment and the filters."""
    filters = tuple(sorted((k, tuple(v)) for k, v in query.filters.items()))
    return (query.first, query.last, query.by, filters)


def _rows_of(source: Source, plan: _Plan, query: MetricsQuery, params: list[Any]) -> str:
    """`FROM ... WHERE ...` of the rows in the query's range and filters."""
    params += [query.first, query.last]
    return f"FROM {_from(source, plan)} WHERE t.{DAY_OF[source]} BETWEEN ? AND ?" + _where(
        plan, params
    )


def _daily(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    plan: _Plan,
    query: MetricsQuery,
    aggs: tuple[Aggregate, ...],
    rolled: bool,
) -> pa.Table:
    """The additive aggregates per local day (and segment): any period's are their sums, so
    one scan answers a range by day, week, month and as a whole."""
    segment = plan.segment.expr if plan.segment else None
    kept = _kept(source, segment, aggs) if rolled else None
    if kept is not None:
        # the copy keeps them for every day of the unfiltered data
        cols = ["day", *(["segment"] if segment else []), *kept.columns(aggs)]
        return con.sql(
            f"SELECT {', '.join(cols)} FROM {kept.table} WHERE day BETWEEN ? AND ?",
            params=[query.first, query.last],
        ).to_arrow_table()
    params: list[Any] = []
    rows = _rows_of(source, plan, query, params)
    return con.sql(_daily_sql(source, aggs, rows, segment), params=params).to_arrow_table()


def _kept(source: Source, segment: str | None, aggs: tuple[Aggregate, ...]) -> Rollup | None:
    """The rollup of the copy holding these aggregates of `source` by this segment."""
    for r in rollups():
        if r.source is source and r.segment == segment and set(aggs) <= set(r.aggregates):
            return r
    return None


def _daily_sql(
    source: Source, aggs: tuple[Aggregate, ...], rows: str, segment: str | None = None
) -> str:
    keys = f"t.{DAY_OF[source]} AS day" + (f", {segment} AS segment" if segment else "")
    grain = GRAIN.get(source)
    if grain and all(a.where for a in aggs):
        # counts only: group the rows by day, segment and the columns the counts read, then
        # count over those few groups
        cols = ", ".join(f"t.{c} AS {c}" for c in grain)
        return (
            f"SELECT day{', segment' if segment else ''}, "
            + ", ".join(
                f"CAST(sum(n) FILTER (WHERE {a.where}) AS BIGINT) AS {a.name}" for a in aggs
            )
            + f" FROM (SELECT {keys}, {cols}, count(*) AS n {rows} GROUP BY ALL) GROUP BY ALL"
        )
    parts = []
    for a in aggs:
        if a.combine is Combine.MEAN:
            parts += [f"sum(t.{a.sql}) AS {a.name}__sum", f"count(t.{a.sql}) AS {a.name}__n"]
        else:
            parts.append(f"{a.sql} AS {a.name}")
    return f"SELECT {keys}, {', '.join(parts)} {rows} GROUP BY ALL"


def _histogram_sql(source: Source, column: str, rows: str) -> str:
    bucket = quantiles.bucket_column(column)
    return (
        f"SELECT t.{DAY_OF[source]} AS day, t.{bucket} AS b, count(*) AS n {rows} "
        f"AND t.{bucket} IS NOT NULL GROUP BY ALL"
    )


# -- day-level rollups kept in the analytics copy ----------------------------------------------


def rollup_table(source: Source) -> str:
    return f"rollup_{source.value}"


def histogram_table(column: str) -> str:
    return f"histogram_{column}"


@dataclass(frozen=True)
class Rollup:
    """A table of day-level results of the whole, unfiltered data that the copy keeps."""

    table: str
    source: Source
    select: str  # SELECT of its rows; `{days}` stands for the condition on the row's day
    aggregates: tuple[Aggregate, ...] = ()
    segment: str | None = None  # SQL of the segment it is split by

    def columns(self, aggs: tuple[Aggregate, ...]) -> list[str]:
        """Its columns holding `aggs` (a mean is kept as a sum and a count)."""
        out = []
        for a in aggs:
            out += [f"{a.name}__sum", f"{a.name}__n"] if a.combine is Combine.MEAN else [a.name]
        return out


@functools.cache
def rollups() -> tuple[Rollup, ...]:
    """Every rollup: each event table's additive aggregates, each duration's histogram, and
    the breakdowns' splits by their dimension (when it is the table's own column)."""
    found = []
    for source in DAY_OF:
        aggs = aggregates_of(source)
        rows = f"FROM {source.value} t WHERE {{days}}"
        additive = tuple(a for a in aggs if a.combine is not Combine.QUANTILES)
        if additive:
            sql = _daily_sql(source, additive, rows)
            found.append(Rollup(rollup_table(source), source, sql, additive))
        for a in aggs:
            if a.combine is Combine.QUANTILES:
                sql = _histogram_sql(source, a.sql, rows)
                found.append(Rollup(histogram_table(a.sql), source, sql))
    for b in BREAKDOWNS:
        source = next(iter(METRICS_BY_KEY[b.of].sources))
        if b.dimension in FACT_TABLES[source.value].columns:
            segment = SegmentSql.column(b.dimension, "t")
            aggs = aggregates_of(source, selected((b.of,)))
            rows = f"FROM {source.value} t WHERE {{days}}"
            table = f"rollup_{source.value}_by_{b.dimension}"
            sql = _daily_sql(source, aggs, rows, segment)
            found.append(Rollup(table, source, sql, aggs, segment))
    return tuple(found)


@functools.cache
def rollup_signature() -> str:
    """Changes whenever what the rollups hold changes: the copy then computes them again."""
    return hashlib.sha256("\n".join(r.select for r in rollups()).encode()).hexdigest()[:16]


def _rolled_up(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the copy's rollups are those of this version (else: scan the rows)."""
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = 'rollups'").fetchall()
    except duckdb.CatalogException:
        return False
    return rows == [(rollup_signature(),)]


def _roll_up(
    daily: pa.Table, aggs: tuple[Aggregate, ...], query: MetricsQuery
) -> dict[Key, dict[str, Any]]:
    """The aggregates of each period (and segment) from the days' (in Arrow: DuckDB cannot
    scan Python data safely while another connection of the process changes the copy)."""
    wins = windows(query.first, query.last, query.period)
    starts = [w.start for w in wins]
    days = daily.column("day").to_pylist()
    period_of = {d: wins[bisect.bisect_right(starts, d) - 1].period for d in set(days)}
    table = daily.append_column("period", pa.array([period_of[d] for d in days], pa.date32()))
    keys = ["period", *(["segment"] if "segment" in daily.column_names else [])]
    cols = [c for c in daily.column_names if c not in ("day", "segment")]
    found: dict[Key, dict[str, Any]] = {}
    for row in table.group_by(keys).aggregate([(c, "sum") for c in cols]).to_pylist():
        sums = {c: row[f"{c}_sum"] for c in cols}
        values = {}
        for a in aggs:
            if a.combine is Combine.MEAN:
                n = sums[f"{a.name}__n"]
                values[a.name] = sums[f"{a.name}__sum"] / n if n else None
            else:
                values[a.name] = sums[a.name]
        found[row["period"], row.get("segment")] = values
    return found


def _quantiles(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    plan: _Plan,
    query: MetricsQuery,
    agg: Aggregate,
    memo: Memo,
    rolled: bool,
) -> dict[Key, list[float] | None]:
    """Exact quantiles of a column per period (and segment), as quantile_cont gives them."""
    column, day = agg.sql, DAY_OF[source]
    params: list[Any] = []
    rows = _rows_of(source, plan, query, params)
    if plan.segment is not None:
        # per segment the day and bucket counts would be nearly as many as the rows: sort
        sql = (
            f"SELECT {_period_of(f't.{day}', query)} AS period, {plan.segment.expr} AS segment,"
            f" quantile_cont(t.{column}, {list(agg.qs)}) {rows} GROUP BY ALL"
        )
        return {(r[0], r[1]): r[2] for r in con.execute(sql, params).fetchall()}
    bucket = quantiles.bucket_column(column)

    def count() -> quantiles.Histogram:
        inner, args = _histogram_sql(source, column, rows), params
        if rolled:
            inner = f"SELECT * FROM {histogram_table(column)} WHERE day BETWEEN ? AND ?"
            args = [query.first, query.last]
        found = con.execute(
            f"SELECT date_diff('day', DATE '1970-01-01', day), b, n FROM ({inner})", args
        ).fetchnumpy()
        days, buckets, counts = (np.asarray(v, np.int64) for v in found.values())
        return quantiles.Histogram(days, buckets, counts)

    histogram = memo(("histogram", column, *_scope(query)), count)
    wins = windows(query.first, query.last, query.period)
    needs = quantiles.plan(histogram, [w.start for w in wins], wins[-1].end, agg.qs)
    groups, buckets, values = (np.zeros(0, np.int64),) * 3
    if needs.targets:
        cells = ", ".join(
            f"({t.group}, {t.bucket}, DATE '{wins[t.group].start}', DATE '{wins[t.group].end}')"
            for t in needs.targets
        )
        picked = con.execute(
            f"WITH cell(g, b, lo, hi) AS (SELECT DISTINCT * FROM (VALUES {cells})) "
            f"SELECT cell.g, cell.b, s.v FROM (SELECT t.{day} AS day, t.{bucket} AS b, "
            f"t.{column} AS v {rows} AND t.{bucket} IN (SELECT b FROM cell)) s "
            "JOIN cell ON s.b = cell.b AND s.day >= cell.lo AND s.day < cell.hi",
            params,
        ).fetchnumpy()
        groups, buckets, values = (np.asarray(v) for v in picked.values())
    chosen = quantiles.select(needs, groups, buckets, values)
    return {
        (w.period, None): None if q is None else list(q) for w, q in zip(wins, chosen, strict=True)
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

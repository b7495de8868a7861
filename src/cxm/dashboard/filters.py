"""What the filter bar offers: the main dimensions with the values they take."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from cxm.dashboard.cache import RESULTS
from cxm.dashboard.view import View
from cxm.metrics.definitions import Source
from cxm.metrics.segments import Segments

# dimensions offered as menus first; any other column or imported attribute works too
MAIN_FILTERS = (
    "channel", "category", "priority", "agent", "team", "region", "plan", "language", "stage",
)  # fmt: skip
MENU_VALUES = 200  # a dimension with more values than this gets a text field, not a menu


def latest_day(con: duckdb.DuckDBPyConnection) -> date | None:
    """The last day with a ticket or an answer: the default view is its month."""
    row = con.execute(
        "SELECT greatest((SELECT max(created_day) FROM tickets), "
        "(SELECT max(answered_day) FROM responses))"
    ).fetchone()
    return row[0] if row else None


def filter_menus(con: duckdb.DuckDBPyConnection, view: View) -> list[dict[str, Any]]:
    """The filter menus with the values each dimension takes (tickets, answers, customers)."""
    dims = (*MAIN_FILTERS, *sorted(d for d in view.filters if d not in MAIN_FILTERS))
    choices = RESULTS.get(con, ("menus", dims), lambda: _menu_values(con, dims))
    return [
        {"name": dim, "values": values, "chosen": view.filters.get(dim, ())}
        for dim, values in choices
    ]


def _menu_values(
    con: duckdb.DuckDBPyConnection, dims: tuple[str, ...]
) -> tuple[tuple[str, list[str] | None], ...]:
    segments = Segments(con)
    available = set(segments.available())
    wanted = [d for d in dims if d in available]
    values: dict[str, set[str]] = {d: set() for d in wanted}
    for source in (Source.TICKETS, Source.RESPONSES, Source.CUSTOMERS):
        scanned = {}
        for dim in wanted:
            sql = segments.resolve(dim, source)
            if sql is None or sql.joins:
                continue
            if dim in segments.columns.get(source.value, set()):
                # the copy notes the values of its columns as rows arrive
                found = con.execute(
                    "SELECT value FROM column_values WHERE entity = ? AND name = ? "
                    f"LIMIT {MENU_VALUES + 1}",
                    [source.value, dim],
                ).fetchall()
                values[dim] |= {r[0] for r in found}
            else:
                scanned[dim] = sql.expr
        if scanned:
            # imported attributes: every one of the table in one scan
            row = con.execute(
                "SELECT "
                + ", ".join(
                    f"list(DISTINCT {e}) FILTER (WHERE {e} IS NOT NULL)[:{MENU_VALUES + 1}]"
                    for e in scanned.values()
                )
                + f" FROM {source.value} t"
            ).fetchall()[0]
            for dim, found_list in zip(scanned, row, strict=True):
                values[dim] |= set(found_list or ())
    return tuple((d, sorted(values[d]) if len(values[d]) <= MENU_VALUES else None) for d in wanted)

"""The rows behind a number: listed page by page, or exported whole as CSV or XLSX.

The rows are chosen by the engine's own selection (range, filters) and the metric's drill
condition from the registry, so a list always has as many rows as the number's n.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from cxm.dashboard.cache import RESULTS
from cxm.dashboard.view import View
from cxm.metrics.definitions import BREAKDOWNS, METRICS, Drill, Source
from cxm.metrics.engine import MetricsError, selection

# the columns a list shows; exports carry every column
SHOWN: dict[Source, tuple[str, ...]] = {
    Source.RESPONSES: (
        "answered_at", "customer_id", "survey", "score", "scale", "band", "comment", "language",
        "channel", "stage", "ticket_id",
    ),
    Source.TICKETS: (
        "created_at", "ticket_id", "customer_id", "channel", "category", "priority", "status",
        "agent", "team", "first_response_s", "resolution_s",
    ),
    Source.CUSTOMERS: (
        "customer_id", "name", "region", "plan", "language", "signup_at", "churned_at",
    ),
    Source.REVENUE: ("date", "revenue_id", "customer_id", "amount"),
    Source.SPEND: ("date", "spend_id", "channel", "amount"),
}  # fmt: skip
ORDER: dict[Source, str] = {
    Source.RESPONSES: "t.answered_at DESC, t.response_id",
    Source.TICKETS: "t.created_at DESC, t.ticket_id",
    Source.CUSTOMERS: "t.customer_id",
    Source.REVENUE: "t.date DESC, t.revenue_id",
    Source.SPEND: "t.date DESC, t.spend_id",
}
HIDDEN = frozenset({"orientation", "signup_day", "churn_day", "created_day",
                    "answered_day", "s", "x", "w_start", "w_end"})  # fmt: skip
PAGE_ROWS = 100
XLSX_SHEET_ROWS = 1_048_575  # a sheet's row limit, less the header


class DrillError(ValueError):
    """No such list (unknown metric or drill name)."""


# the open answers, listed on the comments page and exported from it
COMMENTS = Drill("comments", Source.RESPONSES, "comment IS NOT NULL AND comment <> ''")


def find_drill(metric: str, name: str | None) -> Drill:
    """The drill `name` of a metric (default: its base), or of a breakdown (its tickets)."""
    if metric == "comments":
        return COMMENTS
    for m in METRICS:
        if m.key == metric:
            if not m.drills:
                raise DrillError(f"{metric}: no rows to list")
            if name is None:
                return m.drills[0]
            for d in m.drills:
                if d.name == name:
                    return d
            raise DrillError(f"{metric}: choose one of {', '.join(d.name for d in m.drills)}")
    for b in BREAKDOWNS:
        if b.key == metric:
            return Drill("tickets", Source.TICKETS)
    raise DrillError(f"unknown metric {metric!r}")


@dataclass(frozen=True)
class Listing:
    drill: Drill
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_ROWS))


def selection_of(
    con: duckdb.DuckDBPyConnection, view: View, source: Source, where: str | None
) -> tuple[str, list[Any]]:
    """`FROM ... WHERE ...` of the view's rows of `source` meeting `where` (trusted SQL)."""
    try:
        return selection(con, source, view.query(), where)
    except MetricsError as exc:
        raise DrillError(str(exc)) from exc


def _sql(
    con: duckdb.DuckDBPyConnection, view: View, drill: Drill, text: str | None = None
) -> tuple[str, list[Any]]:
    sql, params = selection_of(con, view, drill.source, drill.where)
    if text and drill.source is Source.RESPONSES:
        # the words looked for, literally: % and _ are not wildcards here
        sql += " AND t.comment ILIKE ? ESCAPE '\\'"
        params.append(f"%{like_escaped(text)}%")
    return sql, params


def like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def listing(
    con: duckdb.DuckDBPyConnection,
    view: View,
    drill: Drill,
    page: int = 1,
    text: str | None = None,
) -> Listing:
    """One page of the rows behind a number (answers: with `text` in their comment)."""
    sql, params = _sql(con, view, drill, text)
    total = RESULTS.get(
        con,
        ("count", sql, tuple(params)),
        lambda: con.execute(f"SELECT count(*) {sql}", params).fetchone()[0],  # type: ignore[index]
    )
    cols = SHOWN[drill.source]
    page = max(1, page)
    order = ORDER[drill.source]
    shown = ", ".join(f"t.{c}" for c in cols)
    window = f"ORDER BY {order} LIMIT {PAGE_ROWS} OFFSET {(page - 1) * PAGE_ROWS}"
    if drill.source is Source.CUSTOMERS:
        query = f"SELECT {shown} {sql} {window}"
    else:
        # find the page's rows by the sort columns alone, then read only those rows whole:
        # sorting hundreds of thousands of rows with their comments is most of the work
        query = (
            f"SELECT {shown} FROM {drill.source.value} t WHERE t.rowid IN "
            f"(SELECT t.rowid {sql} {window}) ORDER BY {order}"
        )
    # rows are tuples of plain values: kept as they are while the data is unchanged
    found = RESULTS.get(
        con, ("page", query, tuple(params)), lambda: tuple(con.execute(query, params).fetchall())
    )
    return Listing(drill, cols, found, int(total), page)


def _columns(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[str]:
    names = [d[0] for d in con.execute(f"SELECT t.* {sql} LIMIT 0", params).description]
    return [n for n in names if n not in HIDDEN]


def batches(
    con: duckdb.DuckDBPyConnection,
    view: View,
    drill: Drill,
    size: int = 10_000,
    text: str | None = None,
) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """Every row behind a number, in batches (an export never holds them all at once)."""
    sql, params = _sql(con, view, drill, text)
    cols = _columns(con, sql, params)
    cursor = con.cursor()
    cursor.execute(
        f"SELECT {', '.join(f't.{c}' for c in cols)} {sql} ORDER BY {ORDER[drill.source]}",
        params,
    )

    def rows() -> Iterator[list[tuple[Any, ...]]]:
        try:
            while batch := cursor.fetchmany(size):
                yield batch
        finally:
            cursor.close()

    return cols, rows()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # a spreadsheet opening the CSV must not run a customer's text as a formula
        return "'" + value
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z") if value.tzinfo else value.isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_chunks(cols: list[str], rows: Iterator[list[tuple[Any, ...]]]) -> Iterator[bytes]:
    """CSV (UTF-8 with BOM, so spreadsheet programs read Khmer and Thai) in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(cols)
    for batch in rows:
        writer.writerows([[_cell(v) for v in row] for row in batch])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def write_xlsx(cols: list[str], rows: Iterator[list[tuple[Any, ...]]], path: Path) -> int:
    """All rows into a workbook written row by row (constant memory); a new sheet each time
    one is full, so nothing is cut. Returns the number of rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = None
    in_sheet = written = 0
    for batch in rows:
        for row in batch:
            if sheet is None or in_sheet >= XLSX_SHEET_ROWS:
                sheet = book.create_sheet(f"rows {len(book.worksheets) + 1}")
                sheet.append(cols)
                in_sheet = 0
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            in_sheet += 1
            written += 1
    if sheet is None:
        book.create_sheet("rows 1").append(cols)
    book.save(path)
    return written


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # spreadsheets have no time zones: UTC, as stored
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value

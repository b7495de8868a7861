"""Printing rows as a table, JSON or CSV. Text written by customers is never read as markup."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


console = Console(highlight=False)
if not console.is_terminal:
    # piped or redirected: never squeeze a table into 80 columns
    console = Console(highlight=False, width=220)
errors = Console(stderr=True, highlight=False)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, default=_default, ensure_ascii=False, indent=2) + "\n")


def write_data(rows: Sequence[dict[str, Any]], format_: Format) -> bool:
    """Rows as JSON or CSV when that is the format asked for; False for a table (the caller
    prints its own)."""
    if format_ is Format.JSON:
        write_json(rows)
        return True
    if format_ is Format.CSV:
        write_csv(rows)
        return True
    return False


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    if not rows and columns is None:
        return
    names = list(columns or rows[0].keys())
    out = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    out.writeheader()
    for row in rows:
        out.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def table(
    title: str | None, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[Any]]
) -> None:
    """Print a table; columns are (header, justify)."""
    t = Table(title=title, title_justify="left", show_lines=False)
    for header, justify in columns:
        t.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        t.add_row(*(v if isinstance(v, Text) else Text("" if v is None else str(v)) for v in row))
    console.print(t)


def pct(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def duration(seconds: float | None) -> str:
    """A duration for people: 45s, 12m, 3.5h, 2.1d."""
    if seconds is None:
        return "-"
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f}m"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"


def with_interval(value: float | None, low: float | None, high: float | None, n: int | None) -> str:
    if value is None:
        return "-" if not n else f"- (n={n})"
    return f"{value:.1f} [{low:.1f}-{high:.1f}] n={n}"

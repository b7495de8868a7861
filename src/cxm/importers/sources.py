"""Reading a CSV or JSON Lines file into a staging table of text columns, with row numbers.

Every value is read as text; typing and checking happen afterwards, so a bad value is reported
with its row and column instead of failing the whole read. Row numbers are what a user sees:
in a CSV the header is row 1 (as in a spreadsheet; a quoted line break does not start a new
row, blank lines are not rows); in JSON Lines, the line number.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

Format = Literal["csv", "jsonl", "servicenow"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "servicenow")

ROW = "__row"
RAW_TABLE = "raw"
_NAME_RE = re.compile(r"[^0-9a-z_]+")


class SourceError(ValueError):
    """The file cannot be read at all (missing, wrong format, unusable header)."""


@dataclass(frozen=True)
class Malformed:
    """A record the parser could not split into the header's columns."""

    row: int
    reason: str
    text: str


@dataclass(frozen=True)
class Loaded:
    columns: tuple[str, ...]  # names after normalising and mapping, in file order
    original: dict[str, str]  # normalised name -> name as written in the file
    rows: int  # records read, malformed ones included
    malformed: tuple[Malformed, ...]


def detect_format(path: Path, explicit: str | None = None) -> Format:
    """csv for .csv / .tsv / .txt, jsonl for .jsonl / .ndjson / .json, or as given."""
    if explicit:
        if explicit not in FORMATS:
            raise SourceError(f"unknown format {explicit!r}: use {', '.join(FORMATS)}")
        return explicit  # type: ignore[return-value]
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise SourceError(f"{path.name}: cannot tell the format from the extension; give --format")


def normalise_name(name: str) -> str:
    """'Created At' -> 'created_at': how column names are matched and stored."""
    return _NAME_RE.sub("_", name.strip().lower()).strip("_")


def map_names(names: list[str], mapping: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Normalise the file's column names, apply --map, and refuse duplicates."""
    wanted = {normalise_name(k): normalise_name(v) for k, v in mapping.items()}
    result: list[str] = []
    original: dict[str, str] = {}
    for raw in names:
        norm = normalise_name(raw)
        if not norm:
            raise SourceError(f"column {len(result) + 1} has no name")
        target = wanted.get(norm, norm)
        if target in original:
            raise SourceError(f"columns {original[target]!r} and {raw!r} both map to {target!r}")
        original[target] = raw
        result.append(target)
    unused = set(wanted) - {normalise_name(n) for n in names}
    if unused:
        raise SourceError(f"--map names column(s) not in the file: {', '.join(sorted(unused))}")
    return result, original


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: Format,
    mapping: dict[str, str],
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Loaded:
    """Create the staging table `raw` (text columns + __row) from the file."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if fmt == "csv":
        return _load_csv(con, path, mapping, delimiter, encoding)
    if fmt == "servicenow":
        from cxm.importers.formats import servicenow

        events = _load_csv(con, path, mapping, delimiter, encoding)
        con.execute(f"ALTER TABLE {RAW_TABLE} RENAME TO events")
        names = servicenow.fold(con, "events", events.columns)
        tickets = _count(con)
        con.execute("DROP TABLE events")
        return Loaded(tuple(names), {n: n for n in names}, tickets, events.malformed)
    return _load_jsonl(con, path, mapping, encoding)


def _read_header(path: Path, delimiter: str, encoding: str) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig" if encoding == "utf-8" else encoding) as f:
            header = next(csv.reader(f, delimiter=delimiter), None)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name}: not {encoding} text ({exc.reason})") from exc
    if not header:
        raise SourceError(f"{path.name}: empty file (a header row is needed)")
    return header


def _load_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: dict[str, str],
    delimiter: str,
    encoding: str,
) -> Loaded:
    header = _read_header(path, delimiter, encoding)
    names, original = map_names(header, mapping)
    columns = ", ".join(f"{_q(n)}: 'VARCHAR'" for n in names)
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TABLE {RAW_TABLE} AS
            SELECT * FROM read_csv(?, header = true, delim = ?, quote = '"', escape = '"',
                columns = {{{columns}}}, auto_detect = false, encoding = ?,
                store_rejects = true, rejects_scan = 'rejects_scan',
                rejects_table = 'rejects_errors', max_line_size = 16777216)
            """,
            [str(path), delimiter, encoding],
        )
    except duckdb.Error as exc:
        raise SourceError(f"{path.name}: cannot be read as CSV: {_first_line(exc)}") from exc
    malformed = tuple(
        Malformed(int(line), f"malformed CSV row: {message}", text or "")
        for line, message, text in con.execute(
            "SELECT line, first(error_message), first(csv_line) FROM rejects_errors "
            "GROUP BY line ORDER BY line"
        ).fetchall()
    )
    if malformed:
        malformed = _without_blank_lines(path, delimiter, encoding, malformed)
    _number_rows(con, first_row=2, skipped=[m.row for m in malformed])
    count = _count(con) + len(malformed)
    return Loaded(tuple(names), original, count, malformed)


def _without_blank_lines(
    path: Path, delimiter: str, encoding: str, malformed: tuple[Malformed, ...]
) -> tuple[Malformed, ...]:
    """Renumber rejected records as rows: DuckDB's `line` counts blank lines, rows do not."""
    wanted = {m.row for m in malformed}
    blanks_before: dict[int, int] = {}
    blanks = 0
    csv.field_size_limit(max(csv.field_size_limit(), 16_777_216))
    enc = "utf-8-sig" if encoding == "utf-8" else encoding
    with path.open(newline="", encoding=enc, errors="replace") as f:
        try:
            # csv.reader splits records as DuckDB does (quoted line breaks included) and
            # yields [] for a blank line, so its record index is DuckDB's `line`.
            for line, record in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                if not record:
                    blanks += 1
                elif line in wanted:
                    blanks_before[line] = blanks
                    if len(blanks_before) == len(wanted):
                        break
        except csv.Error:
            pass  # keep DuckDB's numbers for what could not be re-read
    return tuple(
        Malformed(m.row - blanks_before.get(m.row, 0), m.reason, m.text) for m in malformed
    )


def _load_jsonl(
    con: duckdb.DuckDBPyConnection, path: Path, mapping: dict[str, str], encoding: str
) -> Loaded:
    try:
        con.execute(
            """
            CREATE OR REPLACE TABLE lines AS
            SELECT line FROM read_csv(?, columns = {'line': 'VARCHAR'}, header = false,
                delim = '\x1f', quote = '', escape = '', auto_detect = false, encoding = ?,
                max_line_size = 16777216)
            """,
            [str(path), encoding],
        )
    except duckdb.Error as exc:
        raise SourceError(f"{path.name}: cannot be read: {_first_line(exc)}") from exc
    con.execute(
        f"""
        CREATE OR REPLACE TABLE json_lines AS
        SELECT rowid + 1 AS {ROW}, line,
               -- CASE, not AND: DuckDB evaluates both sides of AND, and json_type fails on
               -- invalid JSON instead of returning NULL.
               CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS ok
        FROM lines WHERE trim(coalesce(line, '')) <> ''
        """
    )
    con.execute("DROP TABLE lines")
    keys = [
        k
        for (k,) in con.execute(
            "SELECT k FROM (SELECT unnest(json_keys(line)) AS k, rowid AS r FROM json_lines "
            "WHERE ok) GROUP BY k ORDER BY min(r)"
        ).fetchall()
    ]
    names, original = map_names(keys, mapping) if keys else ([], {})
    extracts = "".join(
        f", json_extract_string(line, {_literal('$.' + _json_key(k))}) AS {_q(n)}"
        for k, n in zip(keys, names, strict=True)
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {RAW_TABLE} AS SELECT {ROW}{extracts} FROM json_lines WHERE ok"
    )
    malformed = tuple(
        Malformed(int(row), "not a JSON object" if _is_json(con, line) else "not valid JSON", line)
        for row, line in con.execute(
            f"SELECT {ROW}, line FROM json_lines WHERE NOT ok ORDER BY {ROW}"
        ).fetchall()
    )
    count = _count(con) + len(malformed)
    con.execute("DROP TABLE json_lines")
    return Loaded(tuple(names), original, count, malformed)


def _number_rows(con: duckdb.DuckDBPyConnection, first_row: int, skipped: list[int]) -> None:
    """Give each parsed record its row number, counting the records the parser rejected."""
    con.execute(f"ALTER TABLE {RAW_TABLE} ADD COLUMN {ROW} BIGINT")
    con.execute(f"UPDATE {RAW_TABLE} SET {ROW} = rowid + {first_row}")
    if skipped:
        # The k-th good record (from 0) comes after every skipped row r_j (the j-th skipped,
        # from 0) for which fewer than k good records precede r_j, i.e. r_j - first_row - j <= k.
        con.execute(
            "CREATE TEMP TABLE skipped AS SELECT unnest(?::BIGINT[]) AS r, "
            "unnest(range(?::BIGINT)) AS j",
            [skipped, len(skipped)],
        )
        con.execute(
            f"UPDATE {RAW_TABLE} SET {ROW} = {ROW} + (SELECT count(*) FROM skipped "
            f"WHERE skipped.r - {first_row} - skipped.j <= {RAW_TABLE}.rowid)"
        )
        con.execute("DROP TABLE skipped")


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"SELECT count(*) FROM {RAW_TABLE}").fetchone()
    return int(row[0]) if row else 0


def _is_json(con: duckdb.DuckDBPyConnection, text: str) -> bool:
    row = con.execute("SELECT json_valid(?)", [text]).fetchone()
    return bool(row and row[0])


def _json_key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0]

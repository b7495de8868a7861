"""SQL that types the staged text values and explains every value that is not valid.

Each canonical column becomes a typed column plus an error column (NULL when the value is
fine), computed in one pass over the staged rows; cross-column rules then run on the typed
values. Messages name the value and the reason, e.g. "score '11' is out of range for scale
0-10 (0..10)".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cxm.importers.entities import Column, Entity, Kind
from cxm.importers.sources import ROW

ERR = "__e_"
# ISO 8601 date-times, with an offset (or Z) and without one.
_TIME = r"[T ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?"
OFFSET = r"([Zz]|[+-]\d{2}(:?\d{2})?)"
ISO_OFFSET = r"\d{4}-\d{2}-\d{2}" + _TIME + " ?" + OFFSET
ISO_NAIVE = r"\d{4}-\d{2}-\d{2}(" + _TIME + ")?"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
# 03-04-2025, 3/4/25 ...: day and month in an order nobody can tell.
AMBIGUOUS = r"(0?[1-9]|1[0-2])[-/.](0?[1-9]|1[0-2])[-/.]\d{2,4}( .*)?"
DAY_MONTH = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}( .*)?"
INTEGER = r"[+-]?\d+(\.0*)?"
DECIMAL = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
LANGUAGE = r"[a-z]{2,3}(-[a-z0-9]{1,8})*"
MAX_KEY = 200


@dataclass(frozen=True)
class Parsing:
    """How to read dates: --tz for naive timestamps, --date-format for non-ISO layouts."""

    tz: str | None = None
    date_format: str | None = None


def lit(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def q(name: str) -> str:
    """An SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _shown(v: str) -> str:
    # the value as quoted in a message, cut so a runaway cell cannot flood the report
    return f"'''' || left({v}, 60) || (CASE WHEN length({v}) > 60 THEN '...' ELSE '' END) || ''''"


def clean(name: str, kind: Kind) -> str:
    """The staged text: trimmed (comments kept as written), NULL when blank."""
    col = q(name)
    if kind is Kind.RAW:
        return f"(CASE WHEN trim({col}) = '' THEN NULL ELSE {col} END)"
    return f"nullif(trim({col}), '')"


def typed_and_error(column: Column, present: bool, parsing: Parsing) -> tuple[str, str]:
    """(typed SQL value, SQL error message or NULL) of one column."""
    if not present:
        typed = lit(column.default) if column.default is not None else "NULL"
        missing = lit("missing (required)") if column.required else "NULL"
        return typed, missing
    v = clean(column.name, column.kind)
    typed, invalid = _by_kind(column, v, parsing)
    checks: list[str] = []
    if column.required:
        checks.append(f"WHEN {v} IS NULL THEN 'missing (required)'")
    elif column.default is not None:
        typed = f"coalesce({typed}, {lit(column.default)})"
    checks.append(f"WHEN {v} IS NULL THEN NULL")
    checks.extend(invalid)
    if column.minimum is not None:
        checks.append(
            f"WHEN {typed} < {column.minimum:g} THEN {_shown(v)} || ' is below the minimum "
            f"{column.minimum:g}'"
        )
    return typed, f"(CASE {' '.join(checks)} END)"


def _by_kind(column: Column, v: str, parsing: Parsing) -> tuple[str, list[str]]:
    kind = column.kind
    if kind in (Kind.ID, Kind.TEXT, Kind.RAW):
        too_long = (
            [f"WHEN length({v}) > {MAX_KEY} THEN 'longer than {MAX_KEY} characters'"]
            if kind is Kind.ID
            else []
        )
        return v, too_long
    if kind is Kind.LOWER:
        return f"lower({v})", []
    if kind is Kind.LANGUAGE:
        typed = f"replace(lower({v}), '_', '-')"
        return typed, [
            f"WHEN NOT regexp_full_match({typed}, {lit(LANGUAGE)}) THEN {_shown(v)} || "
            f"' is not a language code (e.g. km, th, vi, en)'"
        ]
    if kind is Kind.EMAIL:
        return v, [
            f"WHEN NOT regexp_full_match({v}, '[^@\\s]+@[^@\\s]+') THEN {_shown(v)} || "
            f"' is not an email address'"
        ]
    if kind is Kind.TIMEZONE:
        return v, [
            f"WHEN {v} NOT IN (SELECT name FROM pg_timezone_names()) THEN {_shown(v)} || "
            f"' is not an IANA time zone (e.g. Asia/Phnom_Penh)'"
        ]
    if kind is Kind.INT:
        typed = (
            f"(CASE WHEN regexp_full_match({v}, {lit(INTEGER)}) "
            f"THEN try_cast(regexp_replace({v}, '\\.0*$', '') AS BIGINT) END)"
        )
        return typed, [f"WHEN {typed} IS NULL THEN {_shown(v)} || ' is not a whole number'"]
    if kind is Kind.NUMBER:
        typed = (
            f"(CASE WHEN regexp_full_match({v}, {lit(DECIMAL)}) THEN try_cast({v} AS DOUBLE) END)"
        )
        return typed, [f"WHEN {typed} IS NULL THEN {_shown(v)} || ' is not a number'"]
    if kind is Kind.CHOICE:
        choices = ", ".join(lit(c) for c in column.choices)
        typed = f"(CASE WHEN lower({v}) IN ({choices}) THEN lower({v}) END)"
        expected = ", ".join(column.choices)
        return typed, [
            f"WHEN {typed} IS NULL THEN "
            f"'unknown {column.name.replace('_', ' ')} ' || {_shown(v)} || "
            f"' (expected one of {expected})'"
        ]
    if kind is Kind.DATE:
        return _date(v, parsing)
    if kind is Kind.TIMESTAMP:
        return _timestamp(v, parsing)
    raise AssertionError(kind)


def _date(v: str, parsing: Parsing) -> tuple[str, list[str]]:
    alternatives = [
        f"CASE WHEN regexp_full_match({v}, {lit(ISO_DATE)}) THEN try_cast({v} AS DATE) END"
    ]
    if parsing.date_format:
        alternatives.append(f"try_strptime({v}, {lit(parsing.date_format)})::DATE")
    typed = f"coalesce({', '.join(alternatives)})"
    return typed, [
        f"WHEN {typed} IS NOT NULL THEN NULL",
        f"WHEN regexp_full_match({v}, {lit(ISO_DATE)}) THEN {_shown(v)} || ' is not a valid date'",
        *_unparsed(v, parsing, "a date (YYYY-MM-DD)"),
    ]


def _timestamp(v: str, parsing: Parsing) -> tuple[str, list[str]]:
    # DuckDB's cast reads neither a lower-case z nor a space before the offset
    z = f"regexp_replace(replace({v}, ',', '.'), {lit(' ?' + OFFSET + '$')}, '\\1')"
    z = f"regexp_replace({z}, 'z$', 'Z')"
    alternatives = [
        f"CASE WHEN regexp_full_match({v}, {lit(ISO_OFFSET)}) THEN try_cast({z} AS TIMESTAMPTZ) END"
    ]
    if parsing.tz:
        alternatives.append(
            f"CASE WHEN regexp_full_match({v}, {lit(ISO_NAIVE)}) THEN "
            f"timezone({lit(parsing.tz)}, try_cast({z} AS TIMESTAMP)) END"
        )
    fmt = parsing.date_format
    if fmt and ("%z" in fmt or "%Z" in fmt):
        alternatives.append(f"try_strptime({v}, {lit(fmt)})::TIMESTAMPTZ")
    elif fmt and parsing.tz:
        alternatives.append(f"timezone({lit(parsing.tz)}, try_strptime({v}, {lit(fmt)}))")
    typed = f"coalesce({', '.join(alternatives)})"
    no_zone = f"{_shown(v)} || ' has no time zone: add an offset (Z, +07:00) or give --tz'"
    checks = [
        f"WHEN {typed} IS NOT NULL THEN NULL",
        f"WHEN regexp_full_match({v}, {lit(ISO_OFFSET)}) THEN {_shown(v)} || "
        f"' is not a valid date and time'",
    ]
    if parsing.tz:
        checks.append(
            f"WHEN regexp_full_match({v}, {lit(ISO_NAIVE)}) THEN {_shown(v)} || "
            f"' is not a valid date and time'"
        )
    else:
        checks.append(f"WHEN regexp_full_match({v}, {lit(ISO_NAIVE)}) THEN {no_zone}")
        if fmt and "%z" not in fmt and "%Z" not in fmt:
            checks.append(f"WHEN try_strptime({v}, {lit(fmt)}) IS NOT NULL THEN {no_zone}")
    checks.extend(_unparsed(v, parsing, "an ISO 8601 date and time"))
    return typed, checks


def _unparsed(v: str, parsing: Parsing, expected: str) -> list[str]:
    if parsing.date_format:
        return [
            f"WHEN true THEN {_shown(v)} || ' does not match --date-format "
            f"{parsing.date_format.replace(chr(39), chr(39) * 2)} nor ISO 8601'"
        ]
    return [
        f"WHEN regexp_full_match({v}, {lit(AMBIGUOUS)}) THEN 'ambiguous date ' || {_shown(v)} "
        f"|| ': day-month or month-day? give --date-format (e.g. %d-%m-%Y)'",
        f"WHEN regexp_full_match({v}, {lit(DAY_MONTH)}) THEN {_shown(v)} || ' is not ISO 8601 "
        f"(YYYY-MM-DD): give --date-format (e.g. %d-%m-%Y)'",
        f"WHEN true THEN {_shown(v)} || ' is not {expected}'",
    ]


def typed_table_sql(
    entity: Entity, present: set[str], attributes: list[str], parsing: Parsing
) -> str:
    """SELECT of the typed staging table: typed columns, error columns, attributes JSON."""
    parts = [ROW]
    for column in entity.columns:
        if column.name == entity.key and column.name in present:
            # An optional key (revenue_id, spend_id) given in the file must key every row.
            column = replace(column, required=True)
        typed, error = typed_and_error(column, column.name in present, parsing)
        parts.append(f"{typed} AS {q(column.name)}")
        parts.append(f"{error} AS {q(ERR + column.name)}")
    if attributes:
        entries = ", ".join(
            f"struct_pack(k := {lit(a)}, v := {clean(a, Kind.TEXT)})" for a in attributes
        )
        parts.append(
            f"nullif(to_json(map_from_entries(list_filter([{entries}], "
            f"lambda e: e.v IS NOT NULL)))::VARCHAR, '{{}}') AS attributes"
        )
    return f"SELECT {', '.join(parts)} FROM raw"


def errors_sql(entity: Entity) -> str:
    """(row, column, reason) of every invalid value and every broken cross-column rule."""
    selects = [
        f"SELECT {ROW} AS row_no, {i} AS ord, {lit(c.name)} AS col, {q(ERR + c.name)} AS reason "
        f"FROM typed WHERE {q(ERR + c.name)} IS NOT NULL"
        for i, c in enumerate(entity.columns)
    ]
    selects += [
        f"SELECT {ROW}, {len(entity.columns) + i}, {lit(check.column)}, {check.reason} "
        f"FROM typed WHERE NOT ({check.condition})"
        for i, check in enumerate(entity.checks)
    ]
    return " UNION ALL ".join(selects)

"""Import a file of one entity into the system of record, all or nothing.

The file is staged and checked in a private DuckDB database on disk (bounded memory, spills
beyond CXM_IMPORT_MEMORY_LIMIT), then the valid rows are merged into the system of record in
one transaction. By default any invalid row stops the import before the database is touched.
"""

from __future__ import annotations

import csv
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pyarrow as pa
from sqlalchemy import insert, update

from cxm.config import Settings
from cxm.db import bulk
from cxm.db.engine import get_engine, is_sqlite
from cxm.db.schema import import_runs
from cxm.importers import rules, sources
from cxm.importers.entities import ENTITIES, Entity, Kind
from cxm.importers.formats import servicenow
from cxm.importers.rules import Parsing, lit, q
from cxm.importers.sources import ROW, SourceError
from cxm.surveys.scales import band_sql, oriented_sql

# Progress callback: (phase, done, total); total None when unknown.
Progress = Callable[[str, int, int | None], None]
SHOWN_ERRORS = 50
# Other tools' formats: the entity each holds and the layout of its dates.
FOREIGN = {"servicenow": "tickets"}
DATE_FORMATS = {"servicenow": servicenow.DATE_FORMAT}
BATCH_ROWS = 100_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class ImportOptions:
    tz: str | None = None
    date_format: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    skip_invalid: bool = False
    rejects_path: Path | None = None
    errors_path: Path | None = None
    format: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8"


@dataclass(frozen=True)
class ImportResult:
    entity: str
    source: Path
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    errors: tuple[RowError, ...]  # the first SHOWN_ERRORS of them
    rejects_path: Path | None
    revision: int | None


class ImportFailed(Exception):
    """The file was not imported; `errors` holds the first invalid values found."""

    def __init__(
        self,
        message: str,
        errors: tuple[RowError, ...] = (),
        error_count: int = 0,
        errors_path: Path | None = None,
    ) -> None:
        super().__init__(message)
        self.errors = errors
        self.error_count = error_count
        self.errors_path = errors_path


def import_file(
    settings: Settings,
    entity_name: str,
    path: Path,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of the file, then upsert the valid rows into the system of record."""
    options = options or ImportOptions()
    entity = ENTITIES.get(entity_name)
    if entity is None:
        raise ImportFailed(f"unknown entity {entity_name!r}: choose one of {', '.join(ENTITIES)}")
    _check_options(options)
    run_id = _start_run(settings, entity.name, path)
    try:
        result = _import(settings, entity, path, options, progress or _silent)
    except ImportFailed as exc:
        _finish_run(settings, run_id, status="failed", message=str(exc))
        raise
    except SourceError as exc:
        _finish_run(settings, run_id, status="failed", message=str(exc))
        raise ImportFailed(str(exc)) from exc
    except BaseException as exc:
        _finish_run(settings, run_id, status="failed", message=f"{type(exc).__name__}: {exc}")
        raise
    _finish_run(settings, run_id, status="done", result=result)
    return result


def _silent(phase: str, done: int, total: int | None) -> None:
    return None


def _check_options(options: ImportOptions) -> None:
    if options.tz:
        try:
            ZoneInfo(options.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ImportFailed(f"--tz {options.tz!r} is not an IANA time zone") from exc
    if options.date_format and "%" not in options.date_format:
        raise ImportFailed(
            f"--date-format {options.date_format!r} has no % codes (e.g. %d/%m/%Y %H:%M)"
        )
    if len(options.delimiter) != 1:
        raise ImportFailed("--delimiter must be one character")


def _import(
    settings: Settings, entity: Entity, path: Path, options: ImportOptions, progress: Progress
) -> ImportResult:
    fmt = sources.detect_format(path, options.format)
    if fmt in FOREIGN and entity.name != FOREIGN[fmt]:
        raise ImportFailed(f"--format {fmt} holds {FOREIGN[fmt]}, not {entity.name}")
    with tempfile.TemporaryDirectory(prefix="cxm-import-") as tmp:
        con = duckdb.connect(str(Path(tmp) / "stage.duckdb"))
        try:
            con.execute(f"SET memory_limit = {lit(settings.import_memory_limit)}")
            con.execute(f"SET temp_directory = {lit(str(Path(tmp) / 'spill'))}")
            con.execute("SET TimeZone = 'UTC'")
            loaded = _run(
                con,
                "reading",
                progress,
                lambda: sources.load(
                    con, path, fmt, options.mapping, options.delimiter, options.encoding
                ),
            )
            return _check_and_write(settings, con, entity, path, fmt, loaded, options, progress)
        finally:
            con.close()


def _check_and_write(
    settings: Settings,
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    path: Path,
    fmt: sources.Format,
    loaded: sources.Loaded,
    options: ImportOptions,
    progress: Progress,
) -> ImportResult:
    present = set(loaded.columns) & set(entity.names)
    missing = [c.name for c in entity.columns if c.required and c.name not in present]
    if missing:
        found = ", ".join(loaded.original.get(c, c) for c in loaded.columns) or "none"
        raise ImportFailed(
            f"{path.name}: required column(s) missing: {', '.join(missing)} "
            f"(columns found: {found}; rename with --map SOURCE=CANONICAL)"
        )
    attributes = [c for c in loaded.columns if c not in entity.names]
    parsing = Parsing(tz=options.tz, date_format=options.date_format or DATE_FORMATS.get(fmt))
    _run(
        con,
        "checking",
        progress,
        lambda: con.execute(
            "CREATE TABLE typed AS " + rules.typed_table_sql(entity, present, attributes, parsing)
        ),
    )
    con.execute(f"CREATE TABLE errors AS {rules.errors_sql(entity)}")
    key_present = entity.key in present
    if key_present:
        _duplicate_errors(con, entity)
    for m in loaded.malformed:
        con.execute("INSERT INTO errors VALUES (?, -1, '(row)', ?)", [m.row, m.reason])
    error_count, bad_rows = con.execute(
        "SELECT count(*), count(DISTINCT row_no) FROM errors"
    ).fetchone()  # type: ignore[misc]
    shown = tuple(
        RowError(int(r), c, reason)
        for r, c, reason in con.execute(
            f"SELECT row_no, col, reason FROM errors ORDER BY row_no, ord LIMIT {SHOWN_ERRORS}"
        ).fetchall()
    )
    rejects_path: Path | None = None
    if bad_rows and not options.skip_invalid:
        errors_path = options.errors_path
        if error_count > SHOWN_ERRORS and errors_path is None:
            errors_path = _beside(path, ".errors.csv")
        if errors_path is not None:
            _write_errors(con, errors_path)
        raise ImportFailed(
            f"{path.name}: {bad_rows:,} of {loaded.rows:,} rows are invalid "
            f"({error_count:,} problems); nothing was imported. Fix them, or give "
            f"--skip-invalid to import the valid ones ({loaded.rows - bad_rows:,}).",
            shown,
            int(error_count),
            errors_path,
        )
    if bad_rows:
        rejects_path = options.rejects_path or _beside(
            path, ".rejects.jsonl" if fmt == "jsonl" else ".rejects.csv"
        )
        _write_rejects(con, loaded, rejects_path, fmt)
    select = _output_sql(entity, present, bool(attributes), key_present, settings.database_url)
    good = loaded.rows - int(bad_rows)
    reader = _batches(con, select, good, progress)
    keep, recompute = _stored_orientation(entity, present)
    counts = bulk.upsert(
        settings.database_url,
        entity.name,
        entity.key,
        reader,
        merge_attributes=bool(attributes),
        keep=keep,
        recompute=recompute,
    )
    progress("writing", good, good)
    return ImportResult(
        entity=entity.name,
        source=path,
        rows_read=loaded.rows,
        inserted=counts.inserted,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=int(bad_rows),
        errors=shown,
        rejects_path=rejects_path,
        revision=counts.revision,
    )


def _stored_orientation(entity: Entity, present: set[str]) -> tuple[frozenset[str], dict[str, str]]:
    """A file of answers without `orientation` keeps the stored one, and bands by it."""
    if entity.name != "responses" or "orientation" in present:
        return frozenset(), {}
    oriented = oriented_sql("excluded.scale", "excluded.score", "responses.orientation")
    return frozenset({"orientation"}), {"band": band_sql("excluded.scale", oriented)}


def _beside(path: Path, suffix: str) -> Path:
    """A file next to the input, or in the working directory when that folder is read-only."""
    target = path.with_name(path.name + suffix)
    return target if os.access(path.parent, os.W_OK) else Path.cwd() / target.name


def _duplicate_errors(con: duckdb.DuckDBPyConnection, entity: Entity) -> None:
    key = q(entity.key)
    con.execute(
        f"""
        INSERT INTO errors
        SELECT t.{ROW}, -2, {lit(entity.key)},
               {lit(entity.key + " '")} || t.{key} || ''' appears again (first on row '
               || d.first || ')'
        FROM typed t JOIN (
            SELECT {key}, min({ROW}) AS first FROM typed WHERE {key} IS NOT NULL
            GROUP BY {key} HAVING count(*) > 1
        ) d USING ({key})
        WHERE t.{ROW} > d.first
        """
    )


def _output_sql(
    entity: Entity, present: set[str], attributes: bool, key_present: bool, url: str
) -> str:
    """The rows to write, typed for the target database, invalid rows left out."""
    sqlite = is_sqlite(url)
    cols: list[str] = []
    if key_present:
        cols.append(f"{q(entity.key)} AS {entity.key}")
    else:
        parts = [
            f"strftime({q(c)}, '%Y-%m-%d')"
            if entity.column(c).kind is Kind.DATE  # type: ignore[union-attr]
            else f"coalesce({q(c)}, '')"
            for c in entity.natural_key
        ]
        order = ", ".join(q(c) for c in entity.natural_key)
        cols.append(
            f"concat_ws('|', {', '.join(parts)}, "
            f"row_number() OVER (PARTITION BY {order} ORDER BY {ROW})) AS {entity.key}"
        )
    for column in entity.columns:
        if column.name == entity.key or (column.name not in present and column.default is None):
            continue
        v = q(column.name)
        if column.kind is Kind.TIMESTAMP:
            expr = f"strftime(timezone('UTC', {v}), '%Y-%m-%d %H:%M:%S.%f')" if sqlite else v
        elif column.kind is Kind.DATE:
            expr = f"strftime({v}, '%Y-%m-%d')" if sqlite else v
        else:
            expr = v
        cols.append(f"{expr} AS {column.name}")
    if entity.name == "responses":
        cols.append(
            f"CAST({band_sql('scale', oriented_sql('scale', 'score', 'orientation'))} "
            f"AS INTEGER) AS band"
        )
        cols.append("'import' AS source")
    if attributes:
        cols.append("attributes")
    return (
        f"SELECT {', '.join(cols)} FROM typed "
        # in key order, so the database's key index is filled from one end to the other
        f"WHERE {ROW} NOT IN (SELECT row_no FROM errors) ORDER BY 1"
    )


def _batches(
    con: duckdb.DuckDBPyConnection, select: str, total: int, progress: Progress
) -> pa.RecordBatchReader:
    reader = con.sql(select).to_arrow_reader(BATCH_ROWS)

    def counted() -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in reader:
            done += batch.num_rows
            progress("writing", done, total)
            yield batch

    return pa.RecordBatchReader.from_batches(reader.schema, counted())


def _write_errors(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute(
        f"COPY (SELECT row_no AS row, col AS column, reason FROM errors ORDER BY row_no, ord) "
        f"TO {lit(str(target))} "
        "(HEADER, DELIMITER ',')"
    )


def _write_rejects(
    con: duckdb.DuckDBPyConnection, loaded: sources.Loaded, target: Path, fmt: str
) -> None:
    """The invalid rows as read, with what is wrong with each, for fixing and re-importing."""
    con.execute(
        "CREATE TABLE reasons AS SELECT row_no, string_agg(col || ': ' || reason, '; ' "
        "ORDER BY ord) AS errors FROM errors GROUP BY row_no"
    )
    con.execute("CREATE TABLE malformed (row BIGINT, text VARCHAR)")
    if loaded.malformed:
        con.executemany(
            "INSERT INTO malformed VALUES (?, ?)", [(m.row, m.text) for m in loaded.malformed]
        )
    cols = ", ".join(f"raw.{q(c)} AS {q(loaded.original.get(c, c))}" for c in loaded.columns)
    rows = con.execute(
        f"""
        SELECT r.row_no AS row, r.errors, m.text AS unparsed{", " + cols if cols else ""}
        FROM reasons r LEFT JOIN raw ON raw.{ROW} = r.row_no
        LEFT JOIN malformed m ON m.row = r.row_no
        ORDER BY r.row_no
        """
    )
    names = [d[0] for d in rows.description]
    if fmt != "jsonl":
        with target.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(names)
            while chunk := rows.fetchmany(10_000):
                out.writerows(chunk)
    else:
        import json

        with target.open("w", encoding="utf-8") as f:
            while chunk := rows.fetchmany(10_000):
                for values in chunk:
                    f.write(json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False))
                    f.write("\n")


def _run(
    con: duckdb.DuckDBPyConnection, phase: str, progress: Progress, work: Callable[[], object]
) -> object:
    """Run DuckDB work while reporting its progress (DuckDB reports it per query)."""
    done = threading.Event()
    failure: list[BaseException] = []
    result: list[object] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # handed back to the caller below
            failure.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    while not done.wait(0.2):
        try:
            pct = con.query_progress()
        except duckdb.Error:
            pct = -1
        if pct >= 0:
            progress(phase, int(pct), 100)
    thread.join()
    if failure:
        raise failure[0]
    progress(phase, 100, 100)
    time.sleep(0)
    return result[0] if result else None


def _start_run(settings: Settings, entity: str, path: Path) -> int:
    engine = get_engine(settings.database_url)
    with engine.begin() as conn:
        row = conn.execute(
            insert(import_runs)
            .values(
                entity=entity,
                source=str(path),
                started_at=datetime.now(UTC),
                status="running",
                rows_read=0,
                rows_inserted=0,
                rows_updated=0,
                rows_unchanged=0,
                rows_rejected=0,
            )
            .returning(import_runs.c.id)
        ).one()
    return int(row[0])


def _finish_run(
    settings: Settings,
    run_id: int,
    status: str,
    result: ImportResult | None = None,
    message: str | None = None,
) -> None:
    values: dict[str, object] = {"status": status, "finished_at": datetime.now(UTC)}
    if result is not None:
        values.update(
            rows_read=result.rows_read,
            rows_inserted=result.inserted,
            rows_updated=result.updated,
            rows_unchanged=result.unchanged,
            rows_rejected=result.rejected,
            revision=result.revision,
        )
    if message is not None:
        values["message"] = message[:2000]
    with get_engine(settings.database_url).begin() as conn:
        conn.execute(update(import_runs).where(import_runs.c.id == run_id).values(**values))

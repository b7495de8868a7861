"""The analytics copy: the fact tables in a DuckDB file, with derived columns for fast metrics.

Each row is copied with its local calendar day (in CXM_TIMEZONE) and its durations already
computed, so a metric query is a scan and a group-by over compact columns. The copy follows
the system of record by revision: only rows changed since the last refresh are read. It is
rebuilt from scratch when it was made from another database, by another layout version, or
is ahead of the database (restored from a backup). Deleting the file is always safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import Column, Date, Float, Integer, select, text

from cxm.config import ConfigError, Settings
from cxm.db.engine import get_engine
from cxm.db.migrate import HEAD
from cxm.db.schema import FACT_TABLES, cxm_meta, data_revisions, tombstones
from cxm.db.transfer import read_batches
from cxm.metrics.engine import DAY_OF, rollup_signature, rollups
from cxm.metrics.quantiles import bucket_column, bucket_sql
from cxm.metrics.segments import NOT_SEGMENTS

LAYOUT = "7"  # change whenever the tables or derived columns below change: forces a rebuild
LOCK_WAIT_S = 120.0
READER_KEPT_S = 5.0  # a read-only instance stays open this long after its last reader
READER_MAX_AGE_S = 60.0
VALUES_KEPT = 1000  # distinct values of a column noted for menus; more: "many" (one over)

KEYS = {
    "customers": "customer_id",
    "tickets": "ticket_id",
    "responses": "response_id",
    "revenue": "revenue_id",
    "spend": "spend_id",
}
TIMESTAMPS = {
    "customers": ("signup_at", "churned_at"),
    "tickets": ("created_at", "first_response_at", "resolved_at"),
    "responses": ("answered_at",),
}
DATES = {"revenue": ("date",), "spend": ("date",)}
# Local calendar days (in the reporting time zone) of the timestamps that place a row in time.
DAYS = {
    "customers": {"signup_day": "signup_at", "churn_day": "churned_at"},
    "tickets": {"created_day": "created_at"},
    "responses": {"answered_day": "answered_at"},
}
# The column each table's new rows are written in order of: a period's rows then sit together,
# so a query of one month reads only the row groups whose day range meets it.
IN_ORDER_OF = {
    "tickets": "created_at",
    "responses": "answered_at",
    "revenue": "date",
    "spend": "date",
}
DURATIONS = {
    "tickets": {
        "first_response_s": ("first_response_at", "created_at"),
        "resolution_s": ("resolved_at", "created_at"),
    }
}


def _kind(column: Column[Any]) -> str:
    """The DuckDB type of a column of the system of record (timestamps aside)."""
    if isinstance(column.type, Integer):  # SmallInteger and BigInteger too
        return "BIGINT"
    if isinstance(column.type, Float):
        return "DOUBLE"
    if isinstance(column.type, Date):
        return "DATE"
    return "VARCHAR"


def _source_columns(entity: str) -> list[str]:
    return [c.name for c in FACT_TABLES[entity].columns if c.name != "revision"]


def _ddl(entity: str) -> str:
    cols = []
    for c in FACT_TABLES[entity].columns:
        if c.name == "revision":
            continue
        kind = "TIMESTAMP" if c.name in TIMESTAMPS.get(entity, ()) else _kind(c)  # UTC
        cols.append(f'"{c.name}" {kind}')
    cols += [f"{d} DATE" for d in DAYS.get(entity, {})]
    # Durations as 4-byte floats: exact to well under a second up to months, and quantiles
    # over half the bytes run much faster.
    cols += [f"{d} FLOAT" for d in DURATIONS.get(entity, {})]
    # and the bucket of each, for fast exact quantiles (cxm.metrics.quantiles)
    cols += [f"{bucket_column(d)} SMALLINT" for d in DURATIONS.get(entity, {})]
    return f"CREATE TABLE {entity} ({', '.join(cols)})"


class _KeptReader:
    """The process's read-only instance of one copy, shared by its readers and kept open
    READER_KEPT_S after the last one leaves, so the next view reads blocks DuckDB already
    holds (opening the file afresh costs about 150 ms at 10 M rows).

    A writer of this process closes it first. A writer in another process waits for it to
    close: an instance older than READER_MAX_AGE_S closes as soon as its readers are done.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._file: tuple[int, int] | None = None  # the device and inode it reads
        self._opened = 0.0
        self._users = 0
        self._idle_at = 0.0  # when the last reader left
        self._timer = False  # a close is pending: one timer at a time, however busy

    def borrow(
        self, path: Path, open_: Callable[[], duckdb.DuckDBPyConnection]
    ) -> duckdb.DuckDBPyConnection:
        """A cursor of the kept instance, opened if need be; return it with `give_back`."""
        with self._lock:
            if self._con is not None and self._users == 0 and self._stale(path):
                self._close()
            if self._con is None:
                self._con = open_()
                self._file = _identity(path)
                self._opened = time.monotonic()
            self._users += 1
            return self._con.cursor()

    def give_back(self, path: Path, cursor: duckdb.DuckDBPyConnection) -> None:
        cursor.close()
        with self._lock:
            self._users -= 1
            if self._users:
                return
            if self._stale(path):
                self._close()
                return
            self._idle_at = time.monotonic()
            if not self._timer:
                self._timer = True
                self._close_later(READER_KEPT_S)

    def close(self) -> None:
        """Close the instance; only while no reader holds a cursor (the gate sees to it)."""
        with self._lock:
            self._close()

    def _stale(self, path: Path) -> bool:
        """Too old to keep, or the file was replaced behind it (deleted and made again)."""
        return time.monotonic() - self._opened > READER_MAX_AGE_S or _identity(path) != self._file

    def _close_later(self, after_s: float) -> None:
        timer = threading.Timer(after_s, self._close_if_idle)
        timer.daemon = True
        timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            idle = time.monotonic() - self._idle_at
            if self._users or self._con is None:
                self._timer = False  # in use again: its last reader arms the next one
            elif idle >= READER_KEPT_S:
                self._timer = False
                self._close()
            else:  # used again meanwhile: wait until it has been idle long enough
                self._close_later(READER_KEPT_S - idle)

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
        self._con = self._file = None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


class _Gate:
    """A readers-writer lock: any number of readers, or one writer; and the readers' kept
    instance of the copy."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self.kept = _KeptReader()

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


_GATES: dict[Path, _Gate] = {}
_GATES_LOCK = threading.Lock()


def _gate(path: Path) -> _Gate:
    with _GATES_LOCK:
        return _GATES.setdefault(path.resolve(), _Gate())


def local_day(ts: str, tz: str) -> str:
    """SQL: the calendar day in `tz` of a naive UTC timestamp."""
    return f"CAST(timezone('{tz}', timezone('UTC', {ts})) AS DATE)"


@dataclass(frozen=True)
class RefreshReport:
    rebuilt: bool
    rows: dict[str, int]  # rows copied per entity


class Replica:
    """The DuckDB analytics copy of one system of record."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path: Path = settings.analytics_file
        self.tz = settings.zone.key

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the copy; waits while another process holds the file.

        Within a process, DuckDB refuses a writing connection to a file that is open for
        reading (and the reverse), so readers share and a writer waits for them.
        """
        gate = _gate(self.path)
        if read_only:
            with gate.shared():
                con = gate.kept.borrow(self.path, lambda: self._open(read_only=True))
                try:
                    self._configure(con)
                    yield con
                finally:
                    gate.kept.give_back(self.path, con)
            return
        with gate.exclusive():
            gate.kept.close()  # DuckDB opens a file for writing only if nothing reads it
            con = self._open(read_only=False)
            try:
                self._configure(con)
                yield con
            finally:
                con.close()

    def release(self) -> None:
        """Close the read-only instance this process keeps open, once its readers are done."""
        gate = _gate(self.path)
        with gate.exclusive():
            gate.kept.close()

    def _open(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + LOCK_WAIT_S
        delay = 0.05
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def _configure(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"SET memory_limit = '{self.settings.import_memory_limit}'")
        # group by day and bucket (cxm.metrics.quantiles) through DuckDB's array-indexed
        # aggregate: about twice as fast as hashing; at most 2^20 cells
        con.execute("SET perfect_ht_threshold = 20")

    @contextmanager
    def fresh(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the copy after bringing it up to date with the database."""
        source = self._source_state()
        if self.path.exists():
            with self.connect(read_only=True) as con:
                if self._is_current(con, source):
                    yield con
                    return
        with self.connect() as con:
            self._refresh(con, source)
            yield con

    def refresh(self) -> RefreshReport:
        """Bring the copy up to date with the database."""
        source = self._source_state()
        with self.connect() as con:
            return self._refresh(con, source)

    # -- internals -------------------------------------------------------------------------

    def _source_state(self) -> dict[str, Any]:
        engine = get_engine(self.settings.database_url)
        with engine.connect() as conn:
            # a database behind this version lacks columns the copy reads (and SQLite would
            # read a missing "column" as a string): refuse rather than copy wrong values
            schema = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if schema != HEAD:
                raise ConfigError(
                    f"the database is at schema {schema}, this version of cxm needs {HEAD}: "
                    "run `cxm db upgrade`"
                )
            revisions = {e: r for e, r in conn.execute(select(data_revisions)).all()}
            instance = conn.execute(
                select(cxm_meta.c.value).where(cxm_meta.c.key == "instance_id")
            ).scalar_one()
        return {"instance": instance, "revisions": revisions}

    def _is_current(self, con: duckdb.DuckDBPyConnection, source: dict[str, Any]) -> bool:
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            synced = dict(con.execute("SELECT entity, revision FROM synced").fetchall())
        except duckdb.CatalogException:
            return False
        return (
            meta.get("layout") == LAYOUT
            and meta.get("instance") == source["instance"]
            and meta.get("tz") == self.tz
            and meta.get("rollups") == rollup_signature()
            and all(synced.get(e) == r for e, r in source["revisions"].items())
        )

    def _refresh(self, con: duckdb.DuckDBPyConnection, source: dict[str, Any]) -> RefreshReport:
        meta, synced = self._state(con)
        revisions: dict[str, int] = source["revisions"]
        rebuild = (
            meta.get("layout") != LAYOUT
            or meta.get("instance") != source["instance"]
            or any(synced.get(e, 0) > r for e, r in revisions.items())
        )
        # every day's rollups are computed again after a rebuild, a new time zone, or a
        # version whose rollups differ; otherwise only the days whose rows changed
        whole = rebuild or meta.get("tz") != self.tz or meta.get("rollups") != rollup_signature()
        con.execute("BEGIN")
        try:
            if rebuild:
                self._create(con, source["instance"])
                synced = {e: 0 for e in KEYS}
            elif meta.get("tz") != self.tz:
                self._relocalise(con)
            rows: dict[str, int] = {}
            touched: dict[str, set[Any]] = {}
            for entity in KEYS:
                target = revisions.get(entity, 0)
                if synced.get(entity, 0) < target:
                    since = synced.get(entity, 0)
                    rows[entity], touched[entity] = self._pull(con, entity, since, target)
                    con.execute("UPDATE synced SET revision = ? WHERE entity = ?", [target, entity])
            self._roll_up(con, None if whole else touched)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return RefreshReport(rebuild, rows)

    def _state(self, con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], dict[str, int]]:
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            synced = dict(con.execute("SELECT entity, revision FROM synced").fetchall())
        except duckdb.CatalogException:
            return {}, {}
        return meta, synced

    def _create(self, con: duckdb.DuckDBPyConnection, instance: str) -> None:
        for table in (*KEYS, "meta", "synced", "attribute_keys", "column_values"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
        con.execute(
            "INSERT INTO meta VALUES ('layout', ?), ('instance', ?), ('tz', ?)",
            [LAYOUT, instance, self.tz],
        )
        con.execute("CREATE TABLE synced (entity VARCHAR, revision BIGINT)")
        con.executemany("INSERT INTO synced VALUES (?, 0)", [[e] for e in KEYS])
        con.execute("CREATE TABLE attribute_keys (entity VARCHAR, key VARCHAR)")
        con.execute("CREATE TABLE column_values (entity VARCHAR, name VARCHAR, value VARCHAR)")
        for entity in KEYS:
            con.execute(_ddl(entity))

    def _relocalise(self, con: duckdb.DuckDBPyConnection) -> None:
        """Recompute the local days after CXM_TIMEZONE changed."""
        for entity, days in DAYS.items():
            sets = ", ".join(f"{d} = {local_day(ts, self.tz)}" for d, ts in days.items())
            con.execute(f"UPDATE {entity} SET {sets}")
        con.execute("UPDATE meta SET value = ? WHERE key = 'tz'", [self.tz])

    def _roll_up(self, con: duckdb.DuckDBPyConnection, touched: dict[str, set[Any]] | None) -> None:
        """Compute the day-level rollups (cxm.metrics.engine) of the touched days of each
        table, or of every day."""
        for rollup in rollups():
            if touched is None:
                con.execute(
                    f"CREATE OR REPLACE TABLE {rollup.table} AS "
                    + rollup.select.replace("{days}", "true")
                )
                continue
            days = sorted(d for d in touched.get(rollup.source.value, ()) if d is not None)
            if days:
                day = f"t.{DAY_OF[rollup.source]}"
                con.execute(f"DELETE FROM {rollup.table} WHERE day IN (SELECT unnest(?))", [days])
                con.execute(
                    f"INSERT INTO {rollup.table} "
                    + rollup.select.replace("{days}", f"{day} IN (SELECT unnest(?))"),
                    [days],
                )
        con.execute("DELETE FROM meta WHERE key = 'rollups'")
        con.execute("INSERT INTO meta VALUES ('rollups', ?)", [rollup_signature()])

    def _pull(
        self, con: duckdb.DuckDBPyConnection, entity: str, since: int, until: int
    ) -> tuple[int, set[Any]]:
        """Copy the rows of `entity` changed in (since, until] and drop deleted keys; returns
        their number and the days (of the table's day column) they were or are on."""
        key = KEYS[entity]
        cols = _source_columns(entity)
        url = self.settings.database_url
        with read_batches(
            url, self._delta_sql(entity, cols, since, until), _schema(entity)
        ) as rows:
            con.register("delta_stream", rows)
            con.execute("CREATE OR REPLACE TEMP TABLE delta AS SELECT * FROM delta_stream")
            con.unregister("delta_stream")
        with get_engine(url).connect() as conn:
            removed = list(
                conn.execute(
                    select(tombstones.c.key).where(
                        tombstones.c.entity == entity,
                        tombstones.c.revision > since,
                        tombstones.c.revision <= until,
                    )
                ).scalars()
            )
        count = int(con.execute("SELECT count(*) FROM delta").fetchone()[0])  # type: ignore[index]
        day = {s.value: c for s, c in DAY_OF.items()}.get(entity)
        days: set[Any] = set()
        if since > 0:
            if day:
                days |= self._days(con, entity, day, f"(SELECT {key} FROM delta)")
                days |= self._days(con, entity, day, "(SELECT unnest(?))", [removed])
            con.execute(f"DELETE FROM {entity} WHERE {key} IN (SELECT {key} FROM delta)")
            if removed:
                con.execute(f"DELETE FROM {entity} WHERE {key} IN (SELECT unnest(?))", [removed])
        order = f' ORDER BY "{IN_ORDER_OF[entity]}"' if entity in IN_ORDER_OF else ""
        con.execute(
            f"INSERT INTO {entity} SELECT {self._derive(con, entity, cols)} FROM delta{order}"
        )
        if day:  # the first rows of a table too: its rollups start from them
            days |= self._days(con, entity, day, f"(SELECT {key} FROM delta)")
        con.execute(
            "INSERT INTO attribute_keys SELECT DISTINCT ?, k FROM (SELECT unnest(json_keys("
            "attributes)) AS k FROM delta WHERE attributes IS NOT NULL) WHERE k NOT IN "
            "(SELECT key FROM attribute_keys WHERE entity = ?)",
            [entity, entity],
        )
        self._note_values(con, entity)
        con.execute("DROP TABLE delta")
        return count, days

    def _note_values(self, con: duckdb.DuckDBPyConnection, entity: str) -> None:
        """Add the new rows' values of each text column a table can be split by (channel,
        agent ...) to column_values, which the dashboard's filter menus list without reading
        every row. A value whose rows were all deleted stays until the copy is rebuilt."""
        names = [
            c.name
            for c in FACT_TABLES[entity].columns
            if _kind(c) == "VARCHAR"
            and c.name not in NOT_SEGMENTS
            and c.name not in TIMESTAMPS.get(entity, ())
            and c.name != KEYS[entity]
        ]
        if not names:
            return
        kept = dict(
            con.execute(
                "SELECT name, count(*) FROM column_values WHERE entity = ? GROUP BY name", [entity]
            ).fetchall()
        )
        wanted = [n for n in names if kept.get(n, 0) <= VALUES_KEPT]
        if not wanted:
            return
        found = con.execute(
            "SELECT "
            + ", ".join(
                f'list(DISTINCT "{n}") FILTER (WHERE "{n}" IS NOT NULL)[:{VALUES_KEPT + 1}]'
                for n in wanted
            )
            + " FROM delta"
        ).fetchall()[0]
        for name, values in zip(wanted, found, strict=True):
            con.execute(
                "INSERT INTO column_values SELECT ?, ?, v FROM (SELECT unnest(?) AS v) "
                "WHERE v NOT IN (SELECT value FROM column_values WHERE entity = ? AND name = ?) "
                f"LIMIT {VALUES_KEPT + 1 - kept.get(name, 0)}",
                [entity, name, values or [], entity, name],
            )

    def _days(
        self,
        con: duckdb.DuckDBPyConnection,
        entity: str,
        day: str,
        keys: str,
        params: list[Any] | None = None,
    ) -> set[Any]:
        found = con.execute(
            f"SELECT DISTINCT {day} FROM {entity} WHERE {KEYS[entity]} IN {keys}", params or []
        ).fetchall()
        return {r[0] for r in found}

    def _delta_sql(self, entity: str, cols: list[str], since: int, until: int) -> str:
        names = ", ".join(f'"{c}"' for c in cols)
        return f"SELECT {names} FROM {entity} WHERE revision > {since} AND revision <= {until}"

    def _derive(self, con: duckdb.DuckDBPyConnection, entity: str, cols: list[str]) -> str:
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE delta)").fetchall()
        )
        exprs: dict[str, str] = {}
        for c in cols:
            if c in TIMESTAMPS.get(entity, ()):
                exprs[c] = _as_utc(f'"{c}"', types[c])
            elif c in DATES.get(entity, ()):
                exprs[c] = f'CAST("{c}" AS DATE)'
            else:
                exprs[c] = f'"{c}"'
        out = [f'{e} AS "{c}"' for c, e in exprs.items()]
        out += [f"{local_day(exprs[ts], self.tz)} AS {d}" for d, ts in DAYS.get(entity, {}).items()]
        durations = {
            d: f"CAST(epoch({exprs[a]}) - epoch({exprs[b]}) AS FLOAT)"
            for d, (a, b) in DURATIONS.get(entity, {}).items()
        }
        out += [f"{e} AS {d}" for d, e in durations.items()]
        # from the stored 4-byte value, so a bucket never disagrees with its value's order
        out += [f"{bucket_sql(e)} AS {bucket_column(d)}" for d, e in durations.items()]
        return ", ".join(out)


def _as_utc(expr: str, kind: str) -> str:
    """SQL turning a timestamp as delivered by the database into a naive UTC TIMESTAMP."""
    if kind.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"timezone('UTC', {expr})"
    if kind.startswith("TIMESTAMP"):
        return expr
    return f"CAST({expr} AS TIMESTAMP)"


def _schema(entity: str) -> pa.Schema:
    """How the rows of `entity` arrive from SQLite: timestamps and dates as text."""
    fields = []
    for c in FACT_TABLES[entity].columns:
        if c.name == "revision":
            continue
        kind = _kind(c)
        arrow = {"BIGINT": pa.int64(), "DOUBLE": pa.float64()}.get(kind, pa.string())
        fields.append(pa.field(c.name, arrow))
    return pa.schema(fields)

"""Moving many rows in and out of the system of record as Arrow batches.

PostgreSQL goes through ADBC (COPY in binary, Arrow out). SQLite goes through Python's own
sqlite3 module: a second copy of the SQLite library in the same process (ADBC bundles one)
would share the database file without sharing its locks, which corrupts databases
(sqlite.org/howtocorrupt.html, section 2.2).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from cxm.db.engine import SQLITE_BUSY_TIMEOUT_MS, adbc_connect, is_sqlite, normalize_url

BATCH_ROWS = 50_000
BULK_CACHE_KIB = 256 * 1024


class BulkConnection:
    """One transaction on the system of record, with bulk staging of Arrow rows."""

    def __init__(self, url: str) -> None:
        self.sqlite = is_sqlite(url)
        if self.sqlite:
            path = normalize_url(url).database or ":memory:"
            self._conn: Any = sqlite3.connect(
                path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000
            )
            # A bulk merge touches index pages all over the file: a page cache of SQLite's
            # default 2 MB makes it re-read them again and again.
            self._conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            self._conn.execute("BEGIN")
        else:
            self._conn = adbc_connect(url)
        self._cur = self._conn.cursor()

    def stage(self, name: str, rows: pa.RecordBatchReader) -> None:
        """Create the temporary table `name` holding the rows."""
        if not self.sqlite:
            self._cur.adbc_ingest(name, rows, mode="create", temporary=True)
            return
        schema = rows.schema
        cols = ", ".join(f'"{f.name}" {_sqlite_type(f.type)}' for f in schema)
        self._cur.execute(f"CREATE TEMP TABLE {name} ({cols})")
        insert = f"INSERT INTO {name} VALUES ({', '.join('?' for _ in schema)})"
        for batch in rows:
            self._cur.executemany(insert, zip(*(c.to_pylist() for c in batch.columns), strict=True))

    def execute(self, sql: str) -> None:
        self._cur.execute(sql)

    def scalar(self, sql: str) -> int:
        self._cur.execute(sql)
        row = self._cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def commit(self) -> None:
        if self.sqlite:
            self._cur.execute("COMMIT")
        else:
            self._conn.commit()

    def rollback(self) -> None:
        if self.sqlite:
            if self._conn.in_transaction:
                self._cur.execute("ROLLBACK")
        else:
            self._conn.rollback()

    def close(self) -> None:
        self._cur.close()
        self._conn.close()


@contextmanager
def bulk_transaction(url: str) -> Iterator[BulkConnection]:
    """A BulkConnection committed at the end of the block, rolled back on any error."""
    conn = BulkConnection(url)
    try:
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


@contextmanager
def read_batches(url: str, sql: str, schema: pa.Schema) -> Iterator[pa.RecordBatchReader]:
    """The rows of a query as Arrow batches; `schema` says what each column holds (SQLite)."""
    if not is_sqlite(url):
        conn = adbc_connect(url)
        cur = conn.cursor()
        try:
            cur.execute(sql)
            yield cur.fetch_record_batch()
        finally:
            cur.close()
            conn.close()
        return
    conn = sqlite3.connect(
        normalize_url(url).database or ":memory:",
        isolation_level=None,
        timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,  # the batches are pulled by the reader's own threads
    )
    try:
        conn.execute("BEGIN")  # one snapshot for the whole read
        cursor = conn.execute(sql)

        def batches() -> Iterator[pa.RecordBatch]:
            while rows := cursor.fetchmany(BATCH_ROWS):
                columns = zip(*rows, strict=True)
                yield pa.RecordBatch.from_arrays(
                    [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)],
                    schema=schema,
                )

        yield pa.RecordBatchReader.from_batches(schema, batches())
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def _sqlite_type(kind: pa.DataType) -> str:
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return "INTEGER"
    if pa.types.is_floating(kind):
        return "REAL"
    return "TEXT"

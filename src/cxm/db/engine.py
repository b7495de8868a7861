"""Connections to the system of record: SQLAlchemy for ordinary work, ADBC for bulk transfers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from cxm.config import ConfigError

SQLITE_BUSY_TIMEOUT_MS = 60_000
WRITING = "cxm_writing"


def normalize_url(url: str) -> URL:
    """Parse a database URL; `postgresql://` and `postgres://` use the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigError(f"CXM_DATABASE_URL={url!r} is not a database URL") from exc
    backend = parsed.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise ConfigError(
        f"CXM_DATABASE_URL: {backend!r} databases are not supported; use sqlite or postgresql"
    )


@cache
def get_engine(url: str) -> Engine:
    """One engine (connection pool) per database URL for the life of the process."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        # `engine.begin()` opens a writing transaction: on SQLite it must take the write lock
        # at once (BEGIN IMMEDIATE). A transaction that has read first cannot wait for the
        # lock held by another writer: SQLite fails it at once with "database is locked".
        engine.begin = partial(_writing, engine)  # type: ignore[method-assign]
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers (dashboard, metrics) work while an import writes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()
    # The sqlite3 module's own transaction handling leaves reads outside any transaction it
    # knows of, so a pooled connection can keep an old snapshot; SQLAlchemy issues BEGIN,
    # COMMIT and ROLLBACK itself instead.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(WRITING, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        conn.execution_options(**{WRITING: True})
        with conn.begin():
            yield conn


def adbc_connect(url: str) -> Any:
    """A DB-API connection of the ADBC driver for the same database (Arrow in and out)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        import adbc_driver_sqlite.dbapi as adbc_sqlite

        conn = adbc_sqlite.connect(parsed.database or ":memory:")
        cur = conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.close()
        return conn
    import adbc_driver_postgresql.dbapi as adbc_pg

    return adbc_pg.connect(libpq_uri(parsed))


def libpq_uri(parsed: URL) -> str:
    """The libpq form (`postgresql://...`) of a SQLAlchemy PostgreSQL URL."""
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return normalize_url(url).get_backend_name() == "sqlite"

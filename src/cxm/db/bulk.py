"""Bulk upserts into the system of record through ADBC (Arrow in, one transaction).

Rows are streamed into a temporary table, then merged into the target with one
INSERT ... ON CONFLICT statement. A row whose values are all unchanged is left alone, so
importing the same file twice changes nothing, not even its revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from cxm.db.engine import adbc_connect, is_sqlite

STAGE = "cxm_stage"


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int
    unchanged: int
    revision: int | None  # the revision stamped on changed rows, None when nothing changed


def upsert(
    url: str,
    table: str,
    key: str,
    rows: pa.RecordBatchReader,
    merge_attributes: bool,
) -> UpsertCounts:
    """Insert new rows and update changed ones of `table`, keyed by `key`, atomically."""
    sqlite = is_sqlite(url)
    columns = [n for n in rows.schema.names]
    conn = adbc_connect(url)
    try:
        cur = conn.cursor()
        cur.adbc_ingest(STAGE, rows, mode="create", temporary=True)
        existing = _scalar(
            cur, f"SELECT count(*) FROM {STAGE} s JOIN {table} t ON t.{key} = s.{key}"
        )
        # Taking the revision row first serialises writers of one table, so revisions are
        # committed in the order they are handed out.
        cur.execute(f"UPDATE data_revisions SET revision = revision + 1 WHERE entity = '{table}'")
        revision = _scalar(cur, f"SELECT revision FROM data_revisions WHERE entity = '{table}'")
        cur.execute(_merge_sql(table, key, columns, revision, merge_attributes, sqlite))
        changed = _scalar(cur, f"SELECT count(*) FROM {table} WHERE revision = {revision}")
        staged = _scalar(cur, f"SELECT count(*) FROM {STAGE}")
        if changed == 0:
            cur.execute(
                f"UPDATE data_revisions SET revision = revision - 1 WHERE entity = '{table}'"
            )
        cur.execute(f"DROP TABLE {STAGE}")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    inserted = staged - existing
    updated = changed - inserted
    return UpsertCounts(inserted, updated, existing - updated, revision if changed else None)


def _merge_sql(
    table: str, key: str, columns: list[str], revision: int, merge_attributes: bool, sqlite: bool
) -> str:
    names = ", ".join(columns)
    updates: list[str] = []
    differs: list[str] = []
    for c in columns:
        if c == key:
            continue
        if c == "attributes" and merge_attributes:
            # Attributes of the file are merged into those already stored.
            old, new = (
                f"coalesce({table}.attributes, '{{}}')",
                "coalesce(excluded.attributes, '{}')",
            )
            merged = (
                f"json_patch({old}, {new})"
                if sqlite
                else f"(({old})::jsonb || ({new})::jsonb)::text"
            )
            updates.append(f"attributes = nullif({merged}, '{{}}')")
            differs.append(
                f"json({merged}) IS NOT json({old})"
                if sqlite
                else f"({merged})::jsonb IS DISTINCT FROM ({old})::jsonb"
            )
            continue
        updates.append(f"{c} = excluded.{c}")
        op = "IS NOT" if sqlite else "IS DISTINCT FROM"
        differs.append(f"{table}.{c} {op} excluded.{c}")
    updates.append("revision = excluded.revision")
    where = " OR ".join(differs) if differs else "false"
    return (
        f"INSERT INTO {table} ({names}, revision) "
        f"SELECT {names}, {revision} FROM {STAGE} WHERE true "
        f"ON CONFLICT ({key}) DO UPDATE SET {', '.join(updates)} WHERE {where}"
    )


def _scalar(cur: Any, sql: str) -> int:
    cur.execute(sql)
    row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0

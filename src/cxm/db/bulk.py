"""Bulk upserts into the system of record (Arrow rows in, one transaction).

Rows are streamed into a temporary table, then merged into the target with one
INSERT ... ON CONFLICT statement. A row whose values are all unchanged is left alone, so
importing the same file twice changes nothing, not even its revision.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from cxm.db.transfer import bulk_transaction

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
    keep: frozenset[str] = frozenset(),
    recompute: dict[str, str] | None = None,
) -> UpsertCounts:
    """Insert new rows and update changed ones of `table`, keyed by `key`, atomically.

    Columns in `keep` are written for new rows only; `recompute` gives, for some columns, the
    SQL of their updated value over the stored row (`table.col`) and the new one (`excluded.col`).
    """
    columns = list(rows.schema.names)
    with bulk_transaction(url) as db:
        db.stage(STAGE, rows)
        # Taking the revision row first serialises writers of one table, so revisions are
        # committed in the order they are handed out. It comes before any read: a SQLite
        # transaction that has read cannot wait for the write lock ("database is locked" at
        # once), and on PostgreSQL `existing` must see what a concurrent writer committed.
        bump = f"UPDATE data_revisions SET revision = revision + %d WHERE entity = '{table}'"
        db.execute(bump % 1)
        revision = db.scalar(f"SELECT revision FROM data_revisions WHERE entity = '{table}'")
        existing = db.scalar(f"SELECT count(*) FROM {STAGE} s JOIN {table} t ON t.{key} = s.{key}")
        db.execute(
            _merge_sql(
                table, key, columns, revision, merge_attributes, db.sqlite, keep, recompute or {}
            )
        )
        changed = db.scalar(f"SELECT count(*) FROM {table} WHERE revision = {revision}")
        staged = db.scalar(f"SELECT count(*) FROM {STAGE}")
        if changed == 0:
            db.execute(
                f"UPDATE data_revisions SET revision = revision - 1 WHERE entity = '{table}'"
            )
        db.execute(f"DROP TABLE {STAGE}")
    inserted = staged - existing
    updated = changed - inserted
    return UpsertCounts(inserted, updated, existing - updated, revision if changed else None)


def _merge_sql(
    table: str,
    key: str,
    columns: list[str],
    revision: int,
    merge_attributes: bool,
    sqlite: bool,
    keep: frozenset[str],
    recompute: dict[str, str],
) -> str:
    names = ", ".join(columns)
    updates: list[str] = []
    differs: list[str] = []
    op = "IS NOT" if sqlite else "IS DISTINCT FROM"
    for c in columns:
        if c == key or c in keep:
            continue
        if c in recompute:
            updates.append(f"{c} = {recompute[c]}")
            differs.append(f"{table}.{c} {op} {recompute[c]}")
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
        differs.append(f"{table}.{c} {op} excluded.{c}")
    updates.append("revision = excluded.revision")
    where = " OR ".join(differs) if differs else "false"
    return (
        f"INSERT INTO {table} ({names}, revision) "
        f"SELECT {names}, {revision} FROM {STAGE} WHERE true "
        f"ON CONFLICT ({key}) DO UPDATE SET {', '.join(updates)} WHERE {where}"
    )

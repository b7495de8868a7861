"""Writing single rows of the fact tables (answers, API calls), with their revision.

Bulk files go through `bulk.py`; this is the same contract for one row at a time: the
table's revision counter is bumped in the same transaction and stamped on the row, so the
analytics copy picks the change up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.db.schema import data_revisions


def next_revision(conn: Connection, entity: str) -> int:
    """Take the next revision of `entity` (locks the counter until the transaction ends)."""
    row = conn.execute(
        update(data_revisions)
        .where(data_revisions.c.entity == entity)
        .values(revision=data_revisions.c.revision + 1)
        .returning(data_revisions.c.revision)
    ).one()
    return int(row[0])


def upsert_row(conn: Connection, table: Table, key: str, values: dict[str, Any]) -> None:
    """Insert the row, or update the stored row with the same key, stamping a new revision."""
    revision = next_revision(conn, table.name)
    row = {**values, "revision": revision}
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**row)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[table.c[key]],
            set_={c: stmt.excluded[c] for c in row if c != key},
        )
    )


def get_row(conn: Connection, table: Table, key: str, value: Any) -> dict[str, Any] | None:
    found = conn.execute(select(table).where(table.c[key] == value)).mappings().first()
    return dict(found) if found is not None else None

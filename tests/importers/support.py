"""Helpers of the `cxm import` tests: running an import and reading back what it stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cxm.config import Settings
from cxm.db.engine import get_engine
from cxm.db.schema import FACT_TABLES, data_revisions, import_runs
from cxm.importers.service import ImportFailed, ImportOptions, ImportResult, import_file

T0 = "2025-01-06T09:00:00Z"  # a valid timestamp for rows whose time does not matter


def run(settings: Settings, entity: str, path: Path, **options: Any) -> ImportResult:
    return import_file(settings, entity, path, ImportOptions(**options))


def refused(settings: Settings, entity: str, path: Path, **options: Any) -> ImportFailed:
    """The ImportFailed of an import that must not happen."""
    with pytest.raises(ImportFailed) as info:
        import_file(settings, entity, path, ImportOptions(**options))
    return info.value


def problems(errors: Any) -> list[tuple[int, str]]:
    """(row, column) of each reported error, in the order reported."""
    return [(e.row, e.column) for e in errors]


def check_reasons(errors: Any, expected: list[tuple[int, str, str]]) -> None:
    """Exactly these errors, in order: (row, column, a word or phrase of the reason)."""
    assert problems(errors) == [(row, col) for row, col, _ in expected], [str(e) for e in errors]
    for error, (_, _, words) in zip(errors, expected, strict=True):
        assert words in error.reason, str(error)


def stored(settings: Settings, entity: str) -> dict[str, dict[str, Any]]:
    """Every row of a fact table, by key."""
    table = FACT_TABLES[entity]
    key = next(iter(table.primary_key.columns))
    with get_engine(settings.database_url).connect() as conn:
        return {r._mapping[key.name]: dict(r._mapping) for r in conn.execute(select(table))}


def revision(settings: Settings, entity: str) -> int:
    with get_engine(settings.database_url).connect() as conn:
        value = conn.execute(
            select(data_revisions.c.revision).where(data_revisions.c.entity == entity)
        ).scalar_one()
    return int(value)


def snapshot(settings: Settings) -> dict[str, Any]:
    """Everything an import may change: all fact rows and the revision counters."""
    with get_engine(settings.database_url).connect() as conn:
        revisions = {r.entity: r.revision for r in conn.execute(select(data_revisions))}
    return {"revisions": revisions, **{name: stored(settings, name) for name in FACT_TABLES}}


def last_run(settings: Settings) -> dict[str, Any]:
    with get_engine(settings.database_url).connect() as conn:
        row = conn.execute(select(import_runs).order_by(import_runs.c.id.desc()).limit(1)).one()
    return dict(row._mapping)

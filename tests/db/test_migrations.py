"""Migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from cxm.db import migrate
from cxm.db.engine import get_engine
from cxm.db.schema import cxm_meta, data_revisions, metadata


def test_migrated_schema_matches_the_declared_one(settings):
    engine = get_engine(settings.database_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
    assert diff == []


def test_new_database_is_seeded(settings):
    engine = get_engine(settings.database_url)
    with engine.connect() as conn:
        revisions = dict(conn.execute(select(data_revisions)).all())
        instance = conn.execute(select(cxm_meta.c.value)).scalar_one()
    assert revisions == {e: 0 for e in ("customers", "tickets", "responses", "revenue", "spend")}
    assert len(instance) == 32


def test_downgrade_and_upgrade_again(settings):
    engine = get_engine(settings.database_url)
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert "tickets" in inspect(engine).get_table_names()


def test_upgrade_is_idempotent(settings):
    engine = get_engine(settings.database_url)
    migrate.ensure_current(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_head_constant_is_the_newest_migration():
    assert migrate.head_revision() == migrate.HEAD

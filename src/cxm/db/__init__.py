"""The system of record: connection, schema, migrations and bulk writes."""

from sqlalchemy import Engine

from cxm.config import Settings


def open_database(settings: Settings) -> Engine:
    """The engine of the configured database, its schema brought up to date if allowed."""
    from cxm.db import migrate
    from cxm.db.engine import get_engine

    engine = get_engine(settings.database_url)
    if settings.auto_migrate:
        migrate.ensure_current(engine)
    return engine

"""Schema migrations (Alembic), run from the package without an alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of cxm."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply every migration up to `target`."""
    command.upgrade(alembic_config(engine), target)


def downgrade(engine: Engine, target: str) -> None:
    """Revert migrations down to `target` (`base` empties the database)."""
    command.downgrade(alembic_config(engine), target)


def ensure_current(engine: Engine) -> None:
    """Upgrade the database if it is behind this version of cxm."""
    if current_revision(engine) != head_revision():
        upgrade(engine)

"""Schema migrations (Alembic), run from the package without an alembic.ini.

Alembic is imported only when there is something to migrate: checking that a database is
current is one query, done by every command at start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration in migrations/versions (a test keeps the two in step).
HEAD = "0007"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this version of cxm, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply every migration up to `target`."""
    from alembic import command

    command.upgrade(alembic_config(engine), target)


def downgrade(engine: Engine, target: str) -> None:
    """Revert migrations down to `target` (`base` empties the database)."""
    from alembic import command

    command.downgrade(alembic_config(engine), target)


def ensure_current(engine: Engine) -> None:
    """Upgrade the database if it is behind this version of cxm."""
    if current_revision(engine) != HEAD:
        upgrade(engine)

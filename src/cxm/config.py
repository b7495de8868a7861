"""Settings, read once from the environment (variables named CXM_*).

Every setting is declared here once, with its help text; `docs/configuration.md` lists them
all and a test keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A setting has a value cxm cannot use."""


def setting(env: str, default: Any, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    database_url: str = setting(
        "CXM_DATABASE_URL",
        "sqlite:///cxm.db",
        "Where the system of record lives, as an SQLAlchemy-style URL: `sqlite:///path.db` "
        "(default, a file in the working directory) or `postgresql://user:pass@host/db`.",
    )
    timezone: str = setting(
        "CXM_TIMEZONE",
        "UTC",
        "IANA time zone of the reports: days, weeks and months begin at midnight there. "
        "Timestamps are always stored in UTC.",
    )
    analytics_path: str = setting(
        "CXM_ANALYTICS_PATH",
        "",
        "File of the columnar analytics copy (DuckDB) the metrics are computed on. Default: "
        "beside an SQLite database (`cxm.db` -> `cxm.analytics.duckdb`), else "
        "`cxm-analytics.duckdb` in the working directory. It is rebuilt from the database "
        "whenever needed and can be deleted at any time.",
    )
    auto_migrate: bool = setting(
        "CXM_AUTO_MIGRATE",
        True,
        "Bring the database schema up to date automatically when a command starts. Set to "
        "`false` to run `cxm db upgrade` yourself.",
    )
    import_memory_limit: str = setting(
        "CXM_IMPORT_MEMORY_LIMIT",
        "1GB",
        "Memory the import and analytics engine may use before spilling to disk.",
    )
    loyalty_window_days: int = setting(
        "CXM_LOYALTY_WINDOW_DAYS",
        180,
        "Loyalty map: days of CSAT answers that decide whether a customer is satisfied.",
    )
    loyalty_promoter_min: int = setting(
        "CXM_LOYALTY_PROMOTER_MIN",
        9,
        "Loyalty map: lowest NPS score (0-10) that makes a customer a promoter.",
    )
    loyalty_satisfied_share: float = setting(
        "CXM_LOYALTY_SATISFIED_SHARE",
        50.0,
        "Loyalty map: a customer is satisfied when at least this percentage of their CSAT "
        "answers in the window are satisfied ones.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read every setting from the environment, checking each value."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.metadata["env"], raw, type(f.default))
        settings = cls(**values)
        _ = settings.zone  # refuses an unknown time zone now rather than mid-command
        return settings

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"CXM_TIMEZONE={self.timezone!r} is not an IANA time zone (e.g. Asia/Bangkok)"
            ) from exc

    @property
    def analytics_file(self) -> Path:
        if self.analytics_path:
            return Path(self.analytics_path)
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix + ":memory:":
            db = Path(self.database_url[len(prefix) :].split("?")[0])
            return db.with_name(db.stem + ".analytics.duckdb")
        return Path("cxm-analytics.duckdb")


def _parse(env: str, raw: str, kind: type) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{env}={raw!r}: expected true or false")
    if kind in (int, float):
        try:
            return kind(raw)
        except ValueError as exc:
            raise ConfigError(f"{env}={raw!r}: expected a number") from exc
    return raw


def documented_settings() -> list[tuple[str, Any, str]]:
    """(environment variable, default, help) of every setting, for the docs."""
    return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)]

"""Settings come from the environment and are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxm.config import ConfigError, Settings


def test_defaults_need_no_configuration():
    s = Settings.from_env({})
    assert s.database_url == "sqlite:///cxm.db"
    assert s.timezone == "UTC"
    assert s.analytics_file == Path("cxm.analytics.duckdb")


def test_values_are_parsed():
    s = Settings.from_env(
        {
            "CXM_AUTO_MIGRATE": "false",
            "CXM_LOYALTY_WINDOW_DAYS": "90",
            "CXM_TIMEZONE": "Asia/Bangkok",
        }
    )
    assert s.auto_migrate is False and s.loyalty_window_days == 90 and s.zone.key == "Asia/Bangkok"


def test_analytics_file_beside_sqlite_or_in_the_working_directory():
    assert Settings.from_env({"CXM_DATABASE_URL": "sqlite:////srv/cxm/data.db"}).analytics_file == (
        Path("/srv/cxm/data.analytics.duckdb")
    )
    pg = Settings.from_env({"CXM_DATABASE_URL": "postgresql://u@h/db"})
    assert pg.analytics_file == Path("cxm-analytics.duckdb")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CXM_TIMEZONE": "Mars/Olympus"}, "CXM_TIMEZONE"),
        ({"CXM_AUTO_MIGRATE": "perhaps"}, "CXM_AUTO_MIGRATE"),
        ({"CXM_LOYALTY_WINDOW_DAYS": "six"}, "CXM_LOYALTY_WINDOW_DAYS"),
    ],
)
def test_bad_values_are_refused_by_name(env, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_unsupported_database_is_refused():
    from cxm.db.engine import normalize_url

    with pytest.raises(ConfigError, match="mysql"):
        normalize_url("mysql://u@h/db")

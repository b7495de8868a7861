"""Results kept in memory are used only while the analytics copy is unchanged."""

from __future__ import annotations

from datetime import date

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.dashboard.cache import ResultCache
from cxm.db import open_database
from cxm.importers.service import import_file
from cxm.metrics.engine import MetricsQuery
from helpers.files import write_csv

JUNE = MetricsQuery(date(2025, 6, 1), date(2025, 6, 30))


def tickets(path, ids):  # type: ignore[no-untyped-def]
    write_csv(
        path,
        ["ticket_id", "channel", "created_at"],
        [(i, "email", "2025-06-10T10:00:00Z") for i in ids],
    )
    return path


def test_a_new_import_is_seen_at_once(settings, tmp_path):
    cache = ResultCache()
    import_file(settings, "tickets", tickets(tmp_path / "a.csv", ["T1", "T2"]))
    with Replica(settings).fresh() as con:
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 2
        computed = cache.misses  # the rows, and the day-level results behind them
        assert computed >= 1 and cache.hits == 0
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 2
    assert (cache.hits, cache.misses) == (1, computed)
    import_file(settings, "tickets", tickets(tmp_path / "b.csv", ["T3"]))
    with Replica(settings).fresh() as con:
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 3
    assert cache.misses == 2 * computed


def test_two_databases_never_share_results(sqlite_settings, tmp_path):
    cache = ResultCache()
    import_file(sqlite_settings, "tickets", tickets(tmp_path / "a.csv", ["T1"]))
    other = Settings(
        **{
            **sqlite_settings.__dict__,
            "database_url": f"sqlite:///{tmp_path / 'other.db'}",
            "analytics_path": str(tmp_path / "other.duckdb"),
        }
    )
    open_database(other)
    import_file(other, "tickets", tickets(tmp_path / "b.csv", ["X1", "X2"]))
    with Replica(sqlite_settings).fresh() as con:
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 1
    with Replica(other).fresh() as con:
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 2


def test_callers_cannot_change_each_others_rows(sqlite_settings, tmp_path):
    cache = ResultCache()
    import_file(sqlite_settings, "tickets", tickets(tmp_path / "a.csv", ["T1"]))
    with Replica(sqlite_settings).fresh() as con:
        cache.metrics(con, JUNE)[0]["ticket_volume"] = 99
        assert cache.metrics(con, JUNE)[0]["ticket_volume"] == 1


def test_least_recently_used_results_go_first(sqlite_settings, tmp_path):
    cache = ResultCache(entries=2)
    import_file(sqlite_settings, "tickets", tickets(tmp_path / "a.csv", ["T1"]))
    made: list[int] = []

    def make(n: int):  # type: ignore[no-untyped-def]
        return lambda: made.append(n) or n

    with Replica(sqlite_settings).fresh() as con:
        for n in (1, 2, 3):
            assert cache.get(con, ("k", n), make(n)) == n
        assert cache.get(con, ("k", 3), make(3)) == 3
        assert cache.hits == 1
        assert cache.get(con, ("k", 1), make(1)) == 1  # pushed out by 3
        assert made == [1, 2, 3, 1] and cache.misses == 4


def test_the_usual_views_are_ready_before_the_first_visitor(sqlite_settings, tmp_path):
    from cxm.dashboard.cache import RESULTS
    from cxm.dashboard.overview import overview
    from cxm.dashboard.view import View
    from cxm.dashboard.warm import warm
    from helpers.demo import load_demo

    load_demo(sqlite_settings, tmp_path / "demo", customers=100)
    RESULTS.clear()
    state = warm(sqlite_settings)
    misses = RESULTS.misses
    assert warm(sqlite_settings, state) == state
    assert RESULTS.misses == misses  # unchanged data: nothing computed again
    with Replica(sqlite_settings).fresh() as con:
        overview(con, View(date(2025, 12, 1), date(2025, 12, 31)))
        overview(con, View(date(2025, 3, 1), date(2025, 3, 31)))
        overview(con, View(date(2025, 1, 1), date(2025, 12, 31)))
    assert RESULTS.misses == misses  # the visitors' overviews came from memory
    import_file(sqlite_settings, "tickets", tickets(tmp_path / "a.csv", ["NEW"]))
    assert warm(sqlite_settings, state) != state
    assert RESULTS.misses > misses

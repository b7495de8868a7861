"""The analytics copy follows the database by revision, survives restarts and failures."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from cxm.analytics import replica as replica_module
from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.db import open_database
from cxm.db.engine import get_engine
from cxm.db.schema import data_revisions, tombstones
from cxm.importers.service import import_file
from cxm.metrics.engine import MetricsQuery, compute_metrics
from helpers.databases import make_settings
from helpers.files import write_csv

HEADER = ["ticket_id", "channel", "created_at"]


def tickets(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    return write_csv(path, HEADER, rows)


def volume(settings: Settings, by: str | None = None) -> list[dict]:
    with Replica(settings).fresh() as con:
        return compute_metrics(con, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), by=by))


def test_refresh_copies_only_what_changed(settings, tmp_path):
    import_file(
        settings,
        "tickets",
        tickets(
            tmp_path / "a.csv",
            [("T1", "email", "2025-01-02T00:00:00Z"), ("T2", "email", "2025-01-03T00:00:00Z")],
        ),
    )
    r = Replica(settings)
    first = r.refresh()
    assert first.rebuilt and first.rows == {"tickets": 2}
    assert r.refresh().rows == {}
    import_file(
        settings,
        "tickets",
        tickets(
            tmp_path / "b.csv",
            [("T2", "phone", "2025-01-03T00:00:00Z"), ("T3", "phone", "2025-01-04T00:00:00Z")],
        ),
    )
    again = r.refresh()
    assert not again.rebuilt and again.rows == {"tickets": 2}
    by = {row["channel"]: row["ticket_volume"] for row in volume(settings, "channel")}
    assert by == {"email": 1, "phone": 2}


def test_metrics_see_new_imports_without_an_explicit_refresh(settings, tmp_path):
    import_file(
        settings, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    assert volume(settings)[0]["ticket_volume"] == 1
    import_file(
        settings, "tickets", tickets(tmp_path / "b.csv", [("T9", "email", "2025-01-09T00:00:00Z")])
    )
    assert volume(settings)[0]["ticket_volume"] == 2


def test_a_copy_of_another_database_is_rebuilt(database_url, tmp_path):
    shared = str(tmp_path / "shared.duckdb")
    one = make_settings(f"sqlite:///{tmp_path / 'one.db'}", tmp_path, CXM_ANALYTICS_PATH=shared)
    two = make_settings(f"sqlite:///{tmp_path / 'two.db'}", tmp_path, CXM_ANALYTICS_PATH=shared)
    for s, n in ((one, 3), (two, 1)):
        open_database(s)
        rows = [(f"T{i}", "email", "2025-01-02T00:00:00Z") for i in range(n)]
        import_file(s, "tickets", tickets(tmp_path / f"{n}.csv", rows))
    assert volume(one)[0]["ticket_volume"] == 3
    assert volume(two)[0]["ticket_volume"] == 1
    assert volume(one)[0]["ticket_volume"] == 3


def test_a_copy_ahead_of_the_database_is_rebuilt(settings, tmp_path):
    import_file(
        settings, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    Replica(settings).refresh()
    # the database went back (restored from an older backup)
    with get_engine(settings.database_url).begin() as conn:
        conn.execute(
            update(data_revisions).where(data_revisions.c.entity == "tickets").values(revision=0)
        )
    assert Replica(settings).refresh().rebuilt


def test_deleted_keys_are_dropped(settings, tmp_path):
    import_file(
        settings,
        "tickets",
        tickets(
            tmp_path / "a.csv",
            [("T1", "email", "2025-01-02T00:00:00Z"), ("T2", "email", "2025-01-02T00:00:00Z")],
        ),
    )
    assert volume(settings)[0]["ticket_volume"] == 2
    from cxm.db.schema import tickets as tickets_table

    with get_engine(settings.database_url).begin() as conn:
        conn.execute(
            update(data_revisions)
            .where(data_revisions.c.entity == "tickets")
            .values(revision=data_revisions.c.revision + 1)
        )
        conn.execute(tickets_table.delete().where(tickets_table.c.ticket_id == "T1"))
        conn.execute(insert(tombstones).values(entity="tickets", key="T1", revision=2))
    assert volume(settings)[0]["ticket_volume"] == 1


def test_a_failed_refresh_leaves_the_copy_as_it_was(sqlite_settings, tmp_path, monkeypatch):
    s = sqlite_settings
    import_file(
        s, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    Replica(s).refresh()
    import_file(
        s, "tickets", tickets(tmp_path / "b.csv", [("T2", "email", "2025-01-02T00:00:00Z")])
    )
    original = replica_module.Replica._derive

    def broken(self, con, entity, cols):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(replica_module.Replica, "_derive", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Replica(s).refresh()
    with Replica(s).connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
        assert (
            con.execute("SELECT revision FROM synced WHERE entity = 'tickets'").fetchone()[0] == 1
        )
    monkeypatch.setattr(replica_module.Replica, "_derive", original)
    assert Replica(s).refresh().rows == {"tickets": 1}
    assert volume(s)[0]["ticket_volume"] == 2


def test_restart_reuses_the_copy(sqlite_settings, tmp_path):
    s = sqlite_settings
    import_file(
        s, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    Replica(s).refresh()
    later = make_settings(s.database_url, tmp_path, CXM_ANALYTICS_PATH=s.analytics_path)
    report = Replica(later).refresh()
    assert not report.rebuilt and report.rows == {}


def _count_in_child(args: tuple[str, str]) -> int:
    url, analytics = args
    s = Settings.from_env({"CXM_DATABASE_URL": url, "CXM_ANALYTICS_PATH": analytics})
    with Replica(s).fresh() as con:
        return compute_metrics(con, MetricsQuery(date(2025, 1, 1), date(2025, 1, 31)))[0][
            "ticket_volume"
        ]


def test_processes_share_the_copy(settings, tmp_path):
    rows = [(f"T{i}", "email", "2025-01-02T00:00:00Z") for i in range(500)]
    import_file(settings, "tickets", tickets(tmp_path / "a.csv", rows))
    # four processes find the copy missing at once; each waits for the file lock in turn
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        counts = pool.map(_count_in_child, [(settings.database_url, settings.analytics_path)] * 4)
    assert counts == [500] * 4


def test_threads_of_one_process_read_while_another_refreshes(sqlite_settings, tmp_path):
    import threading

    s = sqlite_settings
    import_file(
        s, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    Replica(s).refresh()
    errors: list[BaseException] = []
    counts: list[int] = []

    def reader() -> None:
        try:
            for _ in range(20):
                counts.append(volume(s)[0]["ticket_volume"])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(5):
        import_file(
            s,
            "tickets",
            tickets(tmp_path / f"b{i}.csv", [(f"N{i}", "email", "2025-01-03T00:00:00Z")]),
        )
        Replica(s).refresh()
    for t in threads:
        t.join()
    assert errors == []
    assert counts and all(1 <= c <= 6 for c in counts)
    assert volume(s)[0]["ticket_volume"] == 6


def test_a_database_behind_this_version_is_refused_not_misread(settings):
    from cxm.config import ConfigError
    from cxm.db import migrate

    engine = get_engine(settings.database_url)
    migrate.downgrade(engine, "0001")  # before the survey columns of the answers
    with pytest.raises(ConfigError, match="cxm db upgrade"), Replica(settings).fresh():
        pass
    migrate.upgrade(engine)
    with Replica(settings).fresh() as con:
        assert con.execute("SELECT count(*) FROM responses").fetchone() == (0,)


def _kept(settings: Settings) -> object:
    return replica_module._gate(settings.analytics_file).kept._con


def _import_in_child(args: tuple[str, str, str]) -> int:
    url, analytics, csv = args
    s = Settings.from_env({"CXM_DATABASE_URL": url, "CXM_ANALYTICS_PATH": analytics})
    import_file(s, "tickets", Path(csv))
    Replica(s).refresh()  # needs the file to itself
    return volume(s)[0]["ticket_volume"]


def test_readers_share_one_instance_and_let_other_processes_write(
    sqlite_settings, tmp_path, monkeypatch
):
    s = sqlite_settings
    monkeypatch.setattr(replica_module, "READER_KEPT_S", 0.3)
    import_file(
        s, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    assert volume(s)[0]["ticket_volume"] == 1  # made the copy: a writer
    assert _kept(s) is None
    assert volume(s)[0]["ticket_volume"] == 1
    kept = _kept(s)
    assert kept is not None  # open after its reader left
    assert volume(s)[0]["ticket_volume"] == 1
    assert _kept(s) is kept  # and read again, not opened afresh
    # another process imports and rebuilds the copy: it gets the file once the instance has
    # been idle for READER_KEPT_S
    csv = tickets(tmp_path / "b.csv", [("T2", "email", "2025-01-03T00:00:00Z")])
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        assert pool.apply(_import_in_child, ((s.database_url, s.analytics_path, str(csv)),)) == 2
    assert _kept(s) is None
    assert volume(s)[0]["ticket_volume"] == 2  # opened again, on the new state


def one_ticket_read(s: Settings, tmp_path: Path) -> None:
    """One ticket imported and copied, then read: the copy stays open for the next reader."""
    import_file(
        s, "tickets", tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T00:00:00Z")])
    )
    Replica(s).refresh()
    assert volume(s)[0]["ticket_volume"] == 1
    assert _kept(s) is not None


def test_an_old_instance_closes_when_its_readers_leave(sqlite_settings, tmp_path, monkeypatch):
    s = sqlite_settings
    one_ticket_read(s, tmp_path)
    monkeypatch.setattr(replica_module, "READER_MAX_AGE_S", 0.0)
    with Replica(s).fresh() as con:
        first = _kept(s)
        with Replica(s).fresh() as other:  # a second reader shares the old instance
            assert _kept(s) is first
            assert other.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
        assert _kept(s) is first  # one reader is still in
        assert con.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1
    assert _kept(s) is None


def test_a_writer_of_the_process_closes_the_kept_instance(sqlite_settings, tmp_path):
    s = sqlite_settings
    one_ticket_read(s, tmp_path)
    import_file(
        s, "tickets", tickets(tmp_path / "b.csv", [("T2", "email", "2025-01-03T00:00:00Z")])
    )
    Replica(s).refresh()  # would fail on a file another instance of the process reads
    assert volume(s)[0]["ticket_volume"] == 2

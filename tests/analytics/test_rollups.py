"""The copy's day-level rollups follow every change (new rows, rows moved to another day,
deleted rows) and always equal a recount of the rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import insert, update

from cxm.analytics import replica as replica_module
from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.db.engine import get_engine
from cxm.db.schema import data_revisions, tombstones
from cxm.db.schema import tickets as tickets_table
from cxm.importers.service import import_file
from cxm.metrics.engine import MetricsQuery, compute_metrics, rollups
from cxm.metrics.periods import Period
from helpers.files import write_csv

HEADER = ["ticket_id", "channel", "created_at", "first_response_at", "resolved_at"]


def tickets(path: Path, rows: list[tuple[str, ...]]) -> Path:
    return write_csv(path, HEADER, rows)


def assert_rollups_equal_a_recount(settings: Settings) -> None:
    with Replica(settings).fresh() as con:
        for rollup in rollups():
            recount = rollup.select.replace("{days}", "true")
            kept = f"SELECT * FROM {rollup.table}"
            for a, b in ((kept, recount), (recount, kept)):
                extra = con.execute(f"{a} EXCEPT ALL {b}").fetchall()
                assert extra == [], (rollup.table, extra)


def by_day(settings: Settings, rollups: bool) -> list[dict]:
    with Replica(settings).fresh() as con:
        query = MetricsQuery(date(2025, 1, 1), date(2025, 1, 31), Period.DAY)
        return compute_metrics(con, query, rollups=rollups)


def test_rollups_follow_new_moved_and_deleted_rows(settings, tmp_path):
    import_file(
        settings,
        "tickets",
        tickets(
            tmp_path / "a.csv",
            [
                ("T1", "email", "2025-01-02T09:00:00Z", "2025-01-02T09:10:00Z", ""),
                ("T2", "email", "2025-01-04T09:00:00Z", "", "2025-01-04T12:00:00Z"),
                ("T3", "phone", "2025-01-06T10:00:00Z", "2025-01-06T10:01:00Z", ""),
            ],
        ),
    )
    assert Replica(settings).refresh().rebuilt
    assert_rollups_equal_a_recount(settings)
    import_file(
        settings,
        "tickets",
        tickets(
            tmp_path / "b.csv",
            [
                # T2 moves from the 4th to the 5th and gets a reply; T4 is new on the 3rd
                # (and T3, alone on the 6th, is deleted below)
                ("T2", "email", "2025-01-05T09:00:00Z", "2025-01-05T09:30:00Z", ""),
                ("T4", "chat", "2025-01-03T11:00:00Z", "", "2025-01-03T11:20:00Z"),
            ],
        ),
    )
    with get_engine(settings.database_url).begin() as conn:
        conn.execute(
            update(data_revisions)
            .where(data_revisions.c.entity == "tickets")
            .values(revision=data_revisions.c.revision + 1)
        )
        revision = conn.execute(
            data_revisions.select().where(data_revisions.c.entity == "tickets")
        ).one()[1]
        conn.execute(tickets_table.delete().where(tickets_table.c.ticket_id == "T3"))
        conn.execute(insert(tombstones).values(entity="tickets", key="T3", revision=revision))
    report = Replica(settings).refresh()
    assert not report.rebuilt and report.rows == {"tickets": 2}
    assert_rollups_equal_a_recount(settings)
    rolled, scanned = by_day(settings, True), by_day(settings, False)
    assert rolled == scanned
    volume = {r["period"]: r["ticket_volume"] for r in rolled if r["ticket_volume"]}
    assert volume == {"2025-01-02": 1, "2025-01-03": 1, "2025-01-05": 1}
    fifth = next(r for r in rolled if r["period"] == "2025-01-05")
    assert fifth["first_response_time_median_s"] == 1800


def test_rollups_of_another_version_are_computed_again(sqlite_settings, tmp_path, monkeypatch):
    import_file(
        sqlite_settings,
        "tickets",
        tickets(tmp_path / "a.csv", [("T1", "email", "2025-01-02T09:00:00Z", "", "")]),
    )
    Replica(sqlite_settings).refresh()
    monkeypatch.setattr(replica_module, "rollup_signature", lambda: "another version")
    report = Replica(sqlite_settings).refresh()  # nothing new to copy, yet not current
    assert not report.rebuilt and report.rows == {}
    with Replica(sqlite_settings).connect(read_only=True) as con:
        found = con.execute("SELECT value FROM meta WHERE key = 'rollups'").fetchone()
    assert found == ("another version",)


def test_the_demo_year_is_the_same_from_rollups_and_from_the_rows(settings, tmp_path):
    from helpers.demo import load_demo

    load_demo(settings, tmp_path, customers=200)
    with Replica(settings).fresh() as con:
        for period in (Period.WEEK, Period.MONTH, Period.ALL):
            for by in (None, "channel", "category"):
                # split by a dimension, as the overview's breakdowns ask
                metrics = ("ticket_volume",) if by else ()
                query = MetricsQuery(date(2025, 1, 1), date(2025, 12, 31), period, by, {}, metrics)
                assert compute_metrics(con, query) == compute_metrics(con, query, rollups=False)


def test_the_copy_keeps_rows_in_time_order_within_each_import(settings, tmp_path):
    # a month's rows then sit together and a query of one month skips the others'
    times = ["2025-03-05T10:00:00Z", "2025-01-09T10:00:00Z", "2025-02-01T08:00:00Z"]
    rows = [(f"T{i}", "email", at, "", "") for i, at in enumerate(times)]
    import_file(settings, "tickets", tickets(tmp_path / "a.csv", rows))
    later = [
        ("T9", "chat", "2025-04-02T00:00:00Z", "", ""),
        ("T8", "chat", "2025-03-30T00:00:00Z", "", ""),
    ]
    import_file(settings, "tickets", tickets(tmp_path / "b.csv", later))
    with Replica(settings).fresh() as con:
        stored = [
            r[0] for r in con.execute("SELECT ticket_id FROM tickets ORDER BY rowid").fetchall()
        ]
    assert stored == ["T1", "T2", "T0", "T8", "T9"]


def test_a_table_imported_after_another_gets_its_rollups(settings, tmp_path):
    # the copy exists (tickets) when the first answers arrive: their days are rolled up too
    row = ("T1", "email", "2025-01-02T09:00:00Z", "", "")
    import_file(settings, "tickets", tickets(tmp_path / "t.csv", [row]))
    assert Replica(settings).refresh().rebuilt
    answers = write_csv(
        tmp_path / "r.csv",
        ["response_id", "survey", "scale", "score", "answered_at"],
        [("R1", "csat", "1-5", "5", "2025-01-03T10:00:00Z")],
    )
    import_file(settings, "responses", answers)
    assert_rollups_equal_a_recount(settings)
    day = next(r for r in by_day(settings, rollups=True) if r["period"] == "2025-01-03")
    assert day["csat"] == 100

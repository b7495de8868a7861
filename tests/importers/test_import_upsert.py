"""Importing again: unchanged rows stay as they were, changed rows get a new revision."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

from cxm.db.engine import normalize_url
from cxm.importers.service import ImportOptions, import_file
from helpers.files import write_csv, write_jsonl
from importers.support import T0, last_run, revision, run, snapshot, stored

CUSTOMERS = ["customer_id", "name", "email", "language", "region", "plan", "signup_at"]


def counts(result) -> tuple[int, int, int]:
    return result.inserted, result.updated, result.unchanged


def every_entity(tmp_path):
    """One file of each entity, with extra columns and values of every kind."""
    return {
        "customers": write_csv(
            tmp_path / "customers.csv",
            [*CUSTOMERS, "churned_at", "Segment"],
            [
                ["C1", "Sokha", "s@example.com", "km", "Phnom Penh", "vps", T0, "", "smb"],
                [
                    "C2",
                    "Niran",
                    "",
                    "th",
                    "",
                    "shared",
                    "2025-01-06T16:00:00+07:00",
                    "2025-03-01T00:00:00Z",
                    "",
                ],
            ],
        ),
        "tickets": write_jsonl(
            tmp_path / "tickets.jsonl",
            [
                {
                    "ticket_id": "T1",
                    "customer_id": "C1",
                    "channel": "chat",
                    "created_at": "2025-01-06T09:00:00.123456Z",
                    "first_response_at": "2025-01-06T09:05:00Z",
                    "resolved_at": "2025-01-06T11:00:00Z",
                    "agents_involved": 2,
                    "product": "dns",
                },
                {"ticket_id": "T2", "created_at": T0, "priority": "High"},
            ],
        ),
        "responses": write_csv(
            tmp_path / "responses.csv",
            [
                "response_id",
                "survey",
                "scale",
                "score",
                "orientation",
                "comment",
                "answered_at",
                "wave",
            ],
            [
                ["R1", "ces", "1-7", "2", "high_is_bad", 'ง่าย, "quick"', T0, "q1"],
                ["R2", "nps", "0-10", "7", "", "", T0, ""],
            ],
        ),
        "revenue": write_csv(
            tmp_path / "revenue.csv",
            ["customer_id", "date", "amount", "invoice"],
            [["C1", "2025-01-31", "12.34", "A-1"], ["C1", "2025-01-31", "12.34", "A-2"]],
        ),
        "spend": write_csv(
            tmp_path / "spend.csv",
            ["date", "amount", "channel"],
            [["2025-01-01", "1000", "ads"], ["2025-01-01", "1000", ""], ["2025-01-02", "0.1", ""]],
        ),
    }


def test_importing_the_same_files_again_changes_nothing(settings, tmp_path):
    files = every_entity(tmp_path)
    for entity, path in files.items():
        first = run(settings, entity, path)
        assert counts(first) == (first.rows_read, 0, 0) and first.revision == 1, entity
    before = snapshot(settings)
    assert before["revisions"] == dict.fromkeys(files, 1)
    for entity, path in files.items():
        again = run(settings, entity, path)
        assert counts(again) == (0, 0, again.rows_read) and again.revision is None, entity
        assert last_run(settings)["rows_unchanged"] == again.rows_read
    assert snapshot(settings) == before


def test_a_changed_row_is_updated_with_a_new_revision_on_that_row_only(settings, tmp_path):
    header = ["ticket_id", "status", "created_at", "resolved_at"]
    rows = [["T1", "open", T0, ""], ["T2", "open", T0, ""], ["T3", "open", T0, ""]]
    run(settings, "tickets", write_csv(tmp_path / "a.csv", header, rows))
    run(
        settings,
        "customers",
        write_csv(tmp_path / "c.csv", ["customer_id", "signup_at"], [["C1", T0]]),
    )
    rows[1] = ["T2", "Solved", T0, "2025-01-07T09:00:00+07:00"]
    rows.append(["T4", "open", T0, ""])
    result = run(settings, "tickets", write_csv(tmp_path / "b.csv", header, rows))
    assert counts(result) == (1, 1, 2) and result.revision == 2
    got = stored(settings, "tickets")
    assert {k: r["revision"] for k, r in got.items()} == {"T1": 1, "T2": 2, "T3": 1, "T4": 2}
    assert got["T2"]["status"] == "solved"
    assert got["T2"]["resolved_at"].isoformat() == "2025-01-07T02:00:00+00:00"
    assert revision(settings, "tickets") == 2 and revision(settings, "customers") == 1


def test_a_file_with_some_columns_updates_only_those(settings, tmp_path):
    full = [["C1", "Sokha", "s@example.com", "km", "Siem Reap", "shared", T0]]
    run(settings, "customers", write_csv(tmp_path / "full.csv", CUSTOMERS, full))
    plans = write_csv(
        tmp_path / "plans.csv", ["customer_id", "signup_at", "plan"], [["C1", T0, "VPS"]]
    )
    assert counts(run(settings, "customers", plans)) == (0, 1, 0)
    row = stored(settings, "customers")["C1"]
    assert (row["plan"], row["name"], row["email"], row["region"], row["language"]) == (
        "VPS",
        "Sokha",
        "s@example.com",
        "Siem Reap",
        "km",
    )
    assert counts(run(settings, "customers", plans)) == (0, 0, 1)

    header = ["ticket_id", "channel", "created_at", "agent", "agents_involved"]
    run(settings, "tickets", write_csv(tmp_path / "t.csv", header, [["T1", "chat", T0, "An", 2]]))
    status = write_jsonl(
        tmp_path / "status.jsonl", [{"ticket_id": "T1", "created_at": T0, "status": "closed"}]
    )
    assert counts(run(settings, "tickets", status)) == (0, 1, 0)
    ticket = stored(settings, "tickets")["T1"]
    assert (ticket["status"], ticket["channel"], ticket["agent"], ticket["agents_involved"]) == (
        "closed",
        "chat",
        "An",
        2,
    )


def test_a_file_without_orientation_keeps_the_stored_orientation(settings, tmp_path):
    header = ["response_id", "survey", "scale", "score", "orientation", "answered_at"]
    first = write_csv(tmp_path / "a.csv", header, [["E1", "ces", "1-5", "1", "high_is_bad", T0]])
    run(settings, "responses", first)
    scores = write_csv(tmp_path / "b.csv", header[:4] + header[5:], [["E1", "ces", "1-5", "1", T0]])
    again = run(settings, "responses", scores)
    assert again.unchanged == 1
    row = stored(settings, "responses")["E1"]
    assert (row["orientation"], row["band"]) == ("high_is_bad", 1)
    # a new score is banded by the stored orientation: 5 of "how much effort" is hard
    changed = write_csv(
        tmp_path / "c.csv", header[:4] + header[5:], [["E1", "ces", "1-5", "5", T0]]
    )
    assert run(settings, "responses", changed).updated == 1
    row = stored(settings, "responses")["E1"]
    assert (row["orientation"], row["score"], row["band"]) == ("high_is_bad", 5, -1)


def test_attributes_are_kept_and_merged_across_imports(settings, tmp_path):
    header = ["customer_id", "signup_at", "Segment", "Account Manager"]
    first = write_csv(tmp_path / "a.csv", header, [["C1", T0, "smb", "Dara"], ["C2", T0, "", ""]])
    run(settings, "customers", first)
    got = stored(settings, "customers")
    assert json.loads(got["C1"]["attributes"]) == {"segment": "smb", "account_manager": "Dara"}
    assert got["C2"]["attributes"] is None

    second = write_csv(
        tmp_path / "b.csv",
        ["customer_id", "signup_at", "segment", "Industry"],
        [["C1", T0, "enterprise", "hosting"], ["C2", T0, "", "retail"]],
    )
    assert counts(run(settings, "customers", second)) == (0, 2, 0)
    got = stored(settings, "customers")
    assert json.loads(got["C1"]["attributes"]) == {
        "segment": "enterprise",
        "account_manager": "Dara",
        "industry": "hosting",
    }
    assert json.loads(got["C2"]["attributes"]) == {"industry": "retail"}

    # the same attributes again, in another order: nothing changes on either database
    third = write_csv(
        tmp_path / "c.csv",
        ["customer_id", "signup_at", "industry", "segment"],
        [["C1", T0, "hosting", "enterprise"], ["C2", T0, "retail", ""]],
    )
    before = snapshot(settings)
    assert counts(run(settings, "customers", third)) == (0, 0, 2)
    assert counts(run(settings, "customers", second)) == (0, 0, 2)
    # a file without extra columns, or with an empty cell, removes no attribute
    bare = write_csv(tmp_path / "d.csv", ["customer_id", "signup_at"], [["C1", T0]])
    assert counts(run(settings, "customers", bare)) == (0, 0, 1)
    assert snapshot(settings) == before


def test_revenue_and_spend_without_an_id_get_stable_keys(settings, tmp_path):
    header = ["customer_id", "date", "amount"]
    payments = [["C1", "2025-01-31", "10"], ["C1", "2025-01-31", "10"], ["C2", "2025-01-31", "5"]]
    path = write_csv(tmp_path / "revenue.csv", header, payments)
    assert counts(run(settings, "revenue", path)) == (3, 0, 0)
    first = stored(settings, "revenue")
    assert len(first) == 3  # two equal payments on one day are two payments
    assert sorted((r["customer_id"], r["amount"]) for r in first.values()) == [
        ("C1", 10.0),
        ("C1", 10.0),
        ("C2", 5.0),
    ]
    assert counts(run(settings, "revenue", path)) == (0, 0, 3)
    assert stored(settings, "revenue") == first
    # a later export with one more payment that day adds exactly that payment
    path = write_csv(tmp_path / "revenue2.csv", header, [*payments, ["C1", "2025-01-31", "7"]])
    assert counts(run(settings, "revenue", path)) == (1, 0, 3)
    assert {k: r for k, r in stored(settings, "revenue").items() if k in first} == first

    spend = write_csv(
        tmp_path / "spend.csv",
        ["date", "amount", "channel"],
        [["2025-01-01", "100", "ads"], ["2025-01-01", "100", "ads"], ["2025-01-01", "50", ""]],
    )
    assert counts(run(settings, "spend", spend)) == (3, 0, 0)
    keys = set(stored(settings, "spend"))
    assert counts(run(settings, "spend", spend)) == (0, 0, 3)
    assert set(stored(settings, "spend")) == keys and len(keys) == 3


def test_an_import_waits_for_another_writer_of_a_sqlite_database(sqlite_settings, tmp_path):
    """A writer holding the database when the import is ready to write delays it, not fails it."""
    path = write_csv(tmp_path / "t.csv", ["ticket_id", "created_at"], [["T1", T0], ["T2", T0]])
    other = sqlite3.connect(
        normalize_url(sqlite_settings.database_url).database,
        isolation_level=None,
        check_same_thread=False,
    )
    held: list[threading.Timer] = []
    taken_at: list[float] = []

    def progress(phase: str, done: int, total: int | None) -> None:
        # once the rows are checked, another process takes the write lock for a moment
        if phase == "checking" and done == total and not held:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE data_revisions SET revision = revision WHERE entity = 'spend'")
            taken_at.append(time.monotonic())
            held.append(threading.Timer(0.5, other.execute, ["COMMIT"]))
            held[0].start()

    try:
        result = import_file(sqlite_settings, "tickets", path, ImportOptions(), progress)
    finally:
        for timer in held:
            timer.join()
        other.close()
    assert held, "the lock was never taken"
    assert time.monotonic() - taken_at[0] >= 0.45  # it did wait for the other writer
    assert counts(result) == (2, 0, 0) and set(stored(sqlite_settings, "tickets")) == {"T1", "T2"}

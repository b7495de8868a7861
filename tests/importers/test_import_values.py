"""Valid values of every kind are stored as meant: times in UTC, bands, text exactly as written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from helpers.files import write_csv, write_jsonl
from importers.support import T0, check_reasons, refused, revision, run, stored

BANGKOK = timezone(timedelta(hours=7))
RESPONSE_HEADER = ["response_id", "survey", "scale", "score", "orientation", "answered_at"]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_offsets_are_stored_as_the_same_instant_in_utc(settings, tmp_path):
    written = {
        "O1": "2025-01-06T10:00:00+07:00",
        "O2": "2025-01-06T10:00:00+0700",
        "O3": "2025-01-06 10:00+07",
        "O4": "2025-01-06T10:00:00 +07:00",
        "O5": "2025-01-06T03:00:00Z",
        "O6": "2025-01-06T03:00:00z",
        "O7": "2025-01-05T22:00:00-05:00",
        "O8": "2025-01-06T10:00:00.250+07:00",
        "O9": "2025-01-06T10:00:00,250+07:00",
        "O10": "2025-01-06T00:00:00-03:00",
    }
    path = write_csv(tmp_path / "t.csv", ["ticket_id", "created_at"], list(written.items()))
    assert run(settings, "tickets", path).inserted == 10
    times = {k: row["created_at"] for k, row in stored(settings, "tickets").items()}
    quarter = timedelta(milliseconds=250)
    assert times == {
        **{k: utc(2025, 1, 6, 3) for k in ("O1", "O2", "O3", "O4", "O5", "O6", "O7")},
        "O8": utc(2025, 1, 6, 3) + quarter,
        "O9": utc(2025, 1, 6, 3) + quarter,
        "O10": utc(2025, 1, 6, 3),
    }
    assert all(t.utcoffset() == timedelta(0) for t in times.values())
    assert times["O1"] == datetime(2025, 1, 6, 10, tzinfo=BANGKOK)


def test_naive_timestamps_take_tz_and_follow_its_summer_time(settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "created_at", "resolved_at"],
        [
            ["W", "2025-01-15 10:00", "2025-01-15T12:30:45"],  # CET, +01:00
            ["S", "2025-07-15 10:00", "2025-07-15T10:00:00Z"],  # CEST, +02:00; Z stays Z
            ["D", "2025-03-29", ""],  # a bare date is midnight there
        ],
    )
    check_reasons(
        refused(settings, "tickets", path).errors,
        [
            (2, "created_at", "has no time zone: add an offset (Z, +07:00) or give --tz"),
            (2, "resolved_at", "has no time zone"),
            (3, "created_at", "has no time zone"),
            (4, "created_at", "has no time zone"),
        ],
    )
    run(settings, "tickets", path, tz="Europe/Berlin")
    rows = stored(settings, "tickets")
    assert rows["W"]["created_at"] == utc(2025, 1, 15, 9)
    assert rows["W"]["resolved_at"] == utc(2025, 1, 15, 11, 30, 45)
    assert rows["S"]["created_at"] == utc(2025, 7, 15, 8)
    assert rows["S"]["resolved_at"] == utc(2025, 7, 15, 10)
    assert rows["D"]["created_at"] == utc(2025, 3, 28, 23)


def test_date_format_with_and_without_an_offset(settings, tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        ["ticket_id", "created_at"],
        [["A", "15/01/2025 10:00"], ["B", "2025-01-15T10:00:00+07:00"]],
    )
    # a layout without %z still needs --tz: the file says nothing of its zone
    check_reasons(
        refused(settings, "tickets", path, date_format="%d/%m/%Y %H:%M").errors,
        [(2, "created_at", "'15/01/2025 10:00' has no time zone")],
    )
    run(settings, "tickets", path, date_format="%d/%m/%Y %H:%M", tz="Asia/Bangkok")
    zoned = write_csv(
        tmp_path / "z.csv",
        ["ticket_id", "created_at"],
        [["C", "15/01/2025 10:00 +0530"], ["D", "15/01/2025 10:00"]],
    )
    check_reasons(
        refused(settings, "tickets", zoned, date_format="%d/%m/%Y %H:%M %z").errors,
        [(3, "created_at", "does not match --date-format %d/%m/%Y %H:%M %z nor ISO 8601")],
    )
    zoned.write_text(f"ticket_id,created_at\nC,15/01/2025 10:00 +0530\nE,{T0}\n", "utf-8")
    run(settings, "tickets", zoned, date_format="%d/%m/%Y %H:%M %z")
    times = {k: r["created_at"] for k, r in stored(settings, "tickets").items()}
    assert times == {
        "A": utc(2025, 1, 15, 3),
        "B": utc(2025, 1, 15, 3),  # ISO 8601 is read beside the layout
        "C": utc(2025, 1, 15, 4, 30),
        "E": utc(2025, 1, 6, 9),
    }


def test_date_format_settles_an_ambiguous_date(settings, tmp_path):
    path = write_csv(
        tmp_path / "revenue.csv",
        ["revenue_id", "customer_id", "date", "amount"],
        [["P1", "C1", "03-04-2025", "10"], ["P2", "C1", "2025-04-05", "20.25"]],
    )
    check_reasons(
        refused(settings, "revenue", path).errors, [(2, "date", "ambiguous date '03-04-2025'")]
    )
    run(settings, "revenue", path, date_format="%d-%m-%Y")
    rows = stored(settings, "revenue")
    assert rows["P1"]["date"] == date(2025, 4, 3) and rows["P2"]["date"] == date(2025, 4, 5)
    assert rows["P2"]["amount"] == 20.25


@pytest.mark.parametrize(
    ("survey", "scale", "bands"),
    [
        ("csat", "1-5", {1: -1, 2: -1, 3: 0, 4: 1, 5: 1}),
        ("csat", "1-3", {1: -1, 2: 0, 3: 1}),
        ("csat", "1-7", {1: -1, 3: -1, 4: 0, 5: 0, 6: 1, 7: 1}),
        ("csat", "binary", {0: -1, 1: 1}),
        ("nps", "0-10", {0: -1, 6: -1, 7: 0, 8: 0, 9: 1, 10: 1}),
        ("ces", "1-5", {1: -1, 2: -1, 3: 0, 4: 1, 5: 1}),
        ("ces", "1-7", {3: -1, 4: 0, 5: 0, 6: 1}),
    ],
)
def test_band_at_the_boundaries_of_each_scale(sqlite_settings, tmp_path, survey, scale, bands):
    rows = [[f"R{score}", survey, scale, str(score), "", T0] for score in bands]
    run(sqlite_settings, "responses", write_csv(tmp_path / "r.csv", RESPONSE_HEADER, rows))
    got = stored(sqlite_settings, "responses")
    assert {int(k[1:]): r["band"] for k, r in got.items()} == bands
    assert {r["score"] for r in got.values()} == set(bands)
    assert {r["orientation"] for r in got.values()} == {"high_is_good"}


def test_ces_high_is_bad_is_banded_from_the_oriented_score(settings, tmp_path):
    rows = [
        ["E1", "ces", "1-5", "1", "high_is_bad", T0],  # little effort: easy
        ["E2", "ces", "1-5", "3", "high_is_bad", T0],
        ["E3", "ces", "1-5", "4", "high_is_bad", T0],  # oriented 2: hard
        ["E4", "ces", "1-7", "2", "HIGH_IS_BAD", T0],  # oriented 6: easy
        ["E5", "ces", "1-7", "5", "high_is_bad", T0],  # oriented 3: hard
        ["E6", "ces", "1-5", "1", "high_is_good", T0],
    ]
    run(settings, "responses", write_csv(tmp_path / "r.csv", RESPONSE_HEADER, rows))
    got = stored(settings, "responses")
    assert {k: (r["score"], r["orientation"], r["band"]) for k, r in got.items()} == {
        "E1": (1, "high_is_bad", 1),
        "E2": (3, "high_is_bad", 0),
        "E3": (4, "high_is_bad", -1),
        "E4": (2, "high_is_bad", 1),
        "E5": (5, "high_is_bad", -1),
        "E6": (1, "high_is_good", -1),
    }


def test_every_response_column_is_stored(settings, tmp_path):
    record = {
        "response_id": " R1 ",
        "customer_id": "C1",
        "ticket_id": "T1",
        "survey": "NPS",
        "scale": "0-10",
        "score": 9,
        "comment": "  ok  ",
        "stage": "Onboarding",
        "channel": "Email ",
        "language": "pt_BR",
        "answered_at": "2025-02-01T08:00:00+07:00",
    }
    run(settings, "responses", write_jsonl(tmp_path / "r.jsonl", [record]))
    row = stored(settings, "responses")["R1"]
    row.pop("revision")
    assert row == {
        "response_id": "R1",
        "customer_id": "C1",
        "ticket_id": "T1",
        "survey": "nps",
        "scale": "0-10",
        "orientation": "high_is_good",
        "score": 9,
        "band": 1,
        "comment": "  ok  ",  # comments are kept exactly as written
        "stage": "onboarding",
        "channel": "email",
        "language": "pt-br",
        "answered_at": utc(2025, 2, 1, 1),
        "attributes": None,
        "survey_id": None,
        "invitation_id": None,
        "checklist": None,
        "source": "import",
    }


COMMENTS = [
    "សេវាកម្មល្អណាស់ អរគុណ",  # Khmer
    "บริการดีมาก, ขอบคุณครับ",  # Thai, with a comma
    'He said "fine", then left',
    "first line\nsecond line\n\nafter a blank line",
    "  leading and trailing spaces  ",
    "tab\there; semicolon; 'single'",
    "Dịch vụ rất tốt 👍",
]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_text_round_trips_exactly(settings, tmp_path, fmt):
    records = [
        {
            "response_id": f"R{i}",
            "survey": "csat",
            "scale": "1-5",
            "score": "5",
            "comment": text,
            "answered_at": T0,
            "segment": text.strip(),
        }
        for i, text in enumerate(COMMENTS)
    ]
    if fmt == "csv":
        path = write_csv(tmp_path / "r.csv", list(records[0]), [list(r.values()) for r in records])
    else:
        path = write_jsonl(tmp_path / "r.jsonl", records)
    assert run(settings, "responses", path).inserted == len(COMMENTS)
    got = stored(settings, "responses")
    assert [got[f"R{i}"]["comment"] for i in range(len(COMMENTS))] == COMMENTS
    assert [json.loads(got[f"R{i}"]["attributes"]) for i in range(len(COMMENTS))] == [
        {"segment": text.strip()} for text in COMMENTS
    ]
    rerun = run(settings, "responses", path)
    assert (rerun.inserted, rerun.updated, rerun.unchanged) == (0, 0, len(COMMENTS))


def test_a_utf8_bom_before_the_header_is_ignored(settings, tmp_path):
    csv_path = tmp_path / "t.csv"
    csv_path.write_bytes(f"\ufeffticket_id,created_at\r\nT1,{T0}\r\n".encode())
    jsonl_path = tmp_path / "t.jsonl"
    jsonl_path.write_bytes(("\ufeff" + json.dumps({"ticket_id": "T2", "created_at": T0})).encode())
    assert run(settings, "tickets", csv_path).inserted == 1
    assert run(settings, "tickets", jsonl_path).inserted == 1
    rows = stored(settings, "tickets")
    assert set(rows) == {"T1", "T2"} and rows["T1"]["attributes"] is None


def test_a_header_only_file_imports_nothing(settings, tmp_path):
    path = write_csv(tmp_path / "t.csv", ["ticket_id", "created_at", "channel"], [])
    result = run(settings, "tickets", path)
    assert (result.rows_read, result.inserted, result.rejected, result.revision) == (0, 0, 0, None)
    assert stored(settings, "tickets") == {} and revision(settings, "tickets") == 0


def test_map_renames_foreign_columns_and_keeps_the_rest_as_attributes(settings, tmp_path):
    path = write_csv(
        tmp_path / "export.csv",
        ["Ticket Number", "Opened", "Channel", "Plan Tier", "Resolved At"],
        [["INC1", "2025-01-06T09:00:00Z", "Chat", "gold", "2025-01-06T10:00:00Z"]],
    )
    run(settings, "tickets", path, mapping={"Ticket Number": "ticket_id", "opened": "created_at"})
    row = stored(settings, "tickets")["INC1"]
    assert row["created_at"] == utc(2025, 1, 6, 9) and row["resolved_at"] == utc(2025, 1, 6, 10)
    assert row["channel"] == "chat"
    assert json.loads(row["attributes"]) == {"plan_tier": "gold"}


def test_jsonl_numbers_and_nulls(settings, tmp_path):
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"revenue_id": 7, "customer_id": "C1", "date": "2025-01-31", "amount": 12.5},
            {"revenue_id": "8", "customer_id": "C2", "date": "2025-01-31", "amount": 3, "x": None},
        ],
    )
    run(settings, "revenue", path)
    rows = stored(settings, "revenue")
    assert {k: (r["customer_id"], r["amount"]) for k, r in rows.items()} == {
        "7": ("C1", 12.5),
        "8": ("C2", 3.0),
    }
    assert rows["8"]["attributes"] is None  # a null attribute is not kept


def test_tab_separated_file(sqlite_settings, tmp_path):
    path = tmp_path / "spend.tsv"
    path.write_text("date\tamount\tchannel\n2025-01-01\t1000.5\tSearch Ads\n", encoding="utf-8")
    run(sqlite_settings, "spend", path, delimiter="\t")
    (row,) = stored(sqlite_settings, "spend").values()
    assert (row["date"], row["amount"], row["channel"]) == (date(2025, 1, 1), 1000.5, "search ads")

"""Every invalid row is reported with its row, column and reason; by default nothing is imported."""

from __future__ import annotations

import csv
import json

import pytest

from helpers.files import write_csv, write_jsonl
from importers.support import (
    T0,
    check_reasons,
    last_run,
    problems,
    refused,
    revision,
    run,
    snapshot,
    stored,
)

TICKET_HEADER = [
    "ticket_id",
    "customer_id",
    "created_at",
    "first_response_at",
    "resolved_at",
    "agents_involved",
]
RESPONSE_HEADER = ["response_id", "survey", "scale", "score", "orientation", "answered_at"]


def test_ticket_rows_each_wrong_in_one_way_csv(sqlite_settings, tmp_path):
    rows = [
        ["T1", "C1", T0, "2025-01-06T09:05:00Z", "2025-01-06T10:00:00Z", "1"],  # 2: valid
        ["T2", "C1", T0, "", "2025-01-06T08:00:00Z", "1"],  # 3
        ["T3", "C1", T0, "2025-01-06T08:59:00Z", "", ""],  # 4
        ["T1", "C2", T0, "", "", ""],  # 5
        ["", "C1", T0, "", "", ""],  # 6
        ["T6", "C1", "", "", "", ""],  # 7
        ["T7", "C1", "03-04-2025", "", "", ""],  # 8
        ["T8", "C1", "2025-02-30T10:00:00Z", "", "", ""],  # 9
        ["T9", "C1", "yesterday", "", "", ""],  # 10
        ["T10", "C1", "2025-01-06 09:00", "", "", ""],  # 11
        ["T11", "C1", T0, "", "", "-1"],  # 12
        ["T12", "C1", T0, "", "", "two"],  # 13
        ["T13", "C1", "25/12/2025", "", "", ""],  # 14
    ]
    path = write_csv(tmp_path / "tickets.csv", TICKET_HEADER, rows)
    exc = refused(sqlite_settings, "tickets", path)
    check_reasons(
        exc.errors,
        [
            (3, "resolved_at", "resolved before created"),
            (4, "first_response_at", "first response before the ticket was created"),
            (5, "ticket_id", "'T1' appears again (first on row 2)"),
            (6, "ticket_id", "missing (required)"),
            (7, "created_at", "missing (required)"),
            (8, "created_at", "ambiguous date '03-04-2025'"),
            (9, "created_at", "'2025-02-30T10:00:00Z' is not a valid date and time"),
            (10, "created_at", "'yesterday' is not an ISO 8601 date and time"),
            (11, "created_at", "has no time zone"),
            (12, "agents_involved", "below the minimum 0"),
            (13, "agents_involved", "'two' is not a whole number"),
            (14, "created_at", "'25/12/2025' is not ISO 8601"),
        ],
    )
    assert "--date-format" in exc.errors[5].reason  # the ambiguous date says how to settle it
    assert "resolved before created (2025-01-06T08:00:00Z is before 2025-01-06T09:00:00Z)" in (
        exc.errors[0].reason
    )
    assert exc.error_count == 12
    assert "12 of 13 rows are invalid" in str(exc)
    assert "nothing was imported" in str(exc)
    assert stored(sqlite_settings, "tickets") == {}


def test_ticket_rows_each_wrong_in_one_way_jsonl(sqlite_settings, tmp_path):
    path = tmp_path / "tickets.jsonl"
    lines = [
        json.dumps({"ticket_id": "T1", "created_at": T0, "agents_involved": 1}),  # 1: valid
        "",  # 2: blank lines are skipped but keep their line number
        json.dumps({"ticket_id": "T2", "created_at": T0, "resolved_at": "2025-01-06T08:00:00Z"}),
        "{not json",  # 4
        "[1, 2]",  # 5
        json.dumps({"ticket_id": "T1", "created_at": T0}),  # 6
        json.dumps({"ticket_id": None, "created_at": T0}),  # 7
        json.dumps({"ticket_id": "T7", "created_at": "03-04-2025"}),  # 8
        json.dumps({"ticket_id": "T8", "created_at": T0, "agents_involved": -3}),  # 9
        json.dumps({"ticket_id": "T9"}),  # 10
        json.dumps({"ticket_id": "T10", "created_at": "2025-01-06T09:00:00"}),  # 11
        json.dumps({"ticket_id": "T11", "created_at": T0, "agents_involved": 1.5}),  # 12
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exc = refused(sqlite_settings, "tickets", path)
    check_reasons(
        exc.errors,
        [
            (3, "resolved_at", "resolved before created"),
            (4, "(row)", "not valid JSON"),
            (5, "(row)", "not a JSON object"),
            (6, "ticket_id", "'T1' appears again (first on row 1)"),
            (7, "ticket_id", "missing (required)"),
            (8, "created_at", "ambiguous date"),
            (9, "agents_involved", "below the minimum 0"),
            (10, "created_at", "missing (required)"),
            (11, "created_at", "has no time zone"),
            (12, "agents_involved", "'1.5' is not a whole number"),
        ],
    )
    assert "10 of 11 rows are invalid" in str(exc)


def test_response_rows_each_wrong_in_one_way(sqlite_settings, tmp_path):
    rows = [
        ["R1", "csat", "1-5", "5", "", T0],  # 2: valid
        ["R2", "csat", "1-5", "6", "", T0],  # 3
        ["R3", "nps", "1-5", "4", "", T0],  # 4
        ["R4", "happiness", "1-5", "4", "", T0],  # 5
        ["R5", "csat", "1-10", "4", "", T0],  # 6
        ["R6", "csat", "1-5", "", "", T0],  # 7
        ["R7", "csat", "1-5", "4.5", "", T0],  # 8
        ["R8", "csat", "1-5", "4", "high_is_bad", T0],  # 9
        ["R9", "ces", "1-5", "4", "sideways", T0],  # 10
        ["R10", "csat", "binary", "2", "", T0],  # 11
        ["R11", "nps", "0-10", "-1", "", T0],  # 12
        ["R12", "ces", "1-7", "8", "", T0],  # 13
        ["R13", "csat", "1-5", "4", "", ""],  # 14
        ["R1", "csat", "1-5", "4", "", T0],  # 15
        ["", "", "", "", "", ""],  # 16: an empty row is missing everything required
    ]
    path = write_csv(tmp_path / "responses.csv", RESPONSE_HEADER, rows)
    exc = refused(sqlite_settings, "responses", path)
    check_reasons(
        exc.errors,
        [
            (3, "score", "score 6 is out of range for scale 1-5 (1..5)"),
            (4, "scale", "scale 1-5 is not a NPS scale"),
            (5, "survey", "unknown survey 'happiness' (expected one of csat, nps, ces)"),
            (6, "scale", "unknown scale '1-10'"),
            (7, "score", "missing (required)"),
            (8, "score", "'4.5' is not a whole number"),
            (9, "orientation", "high_is_bad applies only to CES"),
            (10, "orientation", "unknown orientation 'sideways'"),
            (11, "score", "out of range for scale binary (0..1)"),
            (12, "score", "out of range for scale 0-10 (0..10)"),
            (13, "score", "out of range for scale 1-7 (1..7)"),
            (14, "answered_at", "missing (required)"),
            (15, "response_id", "'R1' appears again (first on row 2)"),
            (16, "response_id", "missing (required)"),
            (16, "survey", "missing (required)"),
            (16, "scale", "missing (required)"),
            (16, "score", "missing (required)"),
            (16, "answered_at", "missing (required)"),
        ],
    )


def test_response_rows_each_wrong_in_one_way_jsonl(sqlite_settings, tmp_path):
    ok = {"response_id": "R1", "survey": "csat", "scale": "1-5", "score": 5, "answered_at": T0}
    path = write_jsonl(
        tmp_path / "responses.jsonl",
        [
            ok,  # 1
            {**ok, "response_id": "R2", "score": 0},  # 2
            {**ok, "response_id": "R3", "survey": "ces", "scale": "0-10"},  # 3
            {**ok, "response_id": "R4", "survey": "effort"},  # 4
            {**ok, "response_id": "R5", "score": None},  # 5
            {**ok, "response_id": "R6", "answered_at": "31/12/2024 10:00"},  # 6
            {**ok, "response_id": "R7", "answered_at": "soon"},  # 7
            {**ok, "score": 4},  # 8
        ],
    )
    check_reasons(
        refused(sqlite_settings, "responses", path).errors,
        [
            (2, "score", "score 0 is out of range for scale 1-5 (1..5)"),
            (3, "scale", "scale 0-10 is not a CES scale"),
            (4, "survey", "unknown survey 'effort'"),
            (5, "score", "missing (required)"),
            (6, "answered_at", "'31/12/2024 10:00' is not ISO 8601 (YYYY-MM-DD)"),
            (7, "answered_at", "'soon' is not an ISO 8601 date and time"),
            (8, "response_id", "'R1' appears again (first on row 1)"),
        ],
    )


def test_customer_revenue_and_spend_rules(sqlite_settings, tmp_path):
    customers = write_csv(
        tmp_path / "customers.csv",
        ["customer_id", "email", "language", "signup_at", "churned_at"],
        [
            ["C1", "a@example.com", "km", T0, ""],
            ["C2", "not-an-email", "th", T0, ""],
            ["C3", "", "Khmer language", T0, ""],
            ["C4", "", "vi", T0, "2024-12-31T00:00:00Z"],
            ["C5", "", "", "", ""],
        ],
    )
    check_reasons(
        refused(sqlite_settings, "customers", customers).errors,
        [
            (3, "email", "'not-an-email' is not an email address"),
            (4, "language", "is not a language code"),
            (5, "churned_at", "churned before signing up"),
            (6, "signup_at", "missing (required)"),
        ],
    )
    revenue = write_csv(
        tmp_path / "revenue.csv",
        ["customer_id", "date", "amount"],
        [
            ["C1", "2025-01-31", "10.5"],
            ["C1", "2025-02-30", "10"],
            ["C1", "01-02-2025", "10"],
            ["C1", "2025-01-31", "ten"],
            ["", "2025-01-31", "1"],
            ["C1", "", ""],
        ],
    )
    check_reasons(
        refused(sqlite_settings, "revenue", revenue).errors,
        [
            (3, "date", "'2025-02-30' is not a valid date"),
            (4, "date", "ambiguous date '01-02-2025'"),
            (5, "amount", "'ten' is not a number"),
            (6, "customer_id", "missing (required)"),
            (7, "date", "missing (required)"),
            (7, "amount", "missing (required)"),
        ],
    )
    spend = write_csv(
        tmp_path / "spend.csv",
        ["spend_id", "date", "amount", "channel"],
        [["S1", "2025-01-31", "-5", "ads"], ["S1", "2025-01-31", "5", "ads"]],
    )
    check_reasons(
        refused(sqlite_settings, "spend", spend).errors,
        [
            (2, "amount", "'-5' is below the minimum 0"),
            (3, "spend_id", "'S1' appears again (first on row 2)"),
        ],
    )


def test_a_blank_optional_key_is_missing_when_the_column_is_given(sqlite_settings, tmp_path):
    # revenue_id may be left out of a file, but a row of a file that has it needs one
    path = write_csv(
        tmp_path / "revenue.csv",
        ["revenue_id", "customer_id", "date", "amount"],
        [["P1", "C1", "2025-01-31", "10"], ["", "C1", "2025-01-31", "5"]],
    )
    check_reasons(
        refused(sqlite_settings, "revenue", path).errors,
        [(3, "revenue_id", "missing (required)")],
    )


def test_malformed_csv_rows_are_numbered_as_spreadsheet_rows(sqlite_settings, tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text(
        "ticket_id,created_at,category\n"  # 1
        f'T1,{T0},"two\nlines"\n'  # 2 (a quoted line break is not a new row)
        "\n"  # a blank line is not a row
        f"T2,{T0},billing,extra\n"  # 3: one value too many
        "T3,yesterday,billing\n"  # 4
        f"T4,{T0}\n"  # 5: one value too few
        f'T5,{T0},"a\n""quoted""\ncell"\n'  # 6
        "T6,2025-01-06,x\n",  # 7
        encoding="utf-8",
    )
    exc = refused(sqlite_settings, "tickets", path)
    check_reasons(
        exc.errors,
        [
            (3, "(row)", "malformed CSV row"),
            (4, "created_at", "'yesterday' is not an ISO 8601"),
            (5, "(row)", "malformed CSV row"),
            (7, "created_at", "has no time zone"),
        ],
    )
    assert "Found: 4" in exc.errors[0].reason and "Found: 2" in exc.errors[2].reason
    assert "4 of 6 rows are invalid" in str(exc)


def test_an_unterminated_quote_is_a_malformed_row(sqlite_settings, tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text(f'ticket_id,created_at\nT1,{T0}\n"T2,{T0}\n', encoding="utf-8")
    check_reasons(
        refused(sqlite_settings, "tickets", path).errors,
        [(3, "(row)", "malformed CSV row")],
    )


def test_more_problems_than_shown_are_all_written_to_a_file(sqlite_settings, tmp_path):
    rows = [[f"T{i}", "not a time"] for i in range(60)]
    path = write_csv(tmp_path / "tickets.csv", ["ticket_id", "created_at"], rows)
    exc = refused(sqlite_settings, "tickets", path)
    assert exc.error_count == 60 and len(exc.errors) == 50
    assert exc.errors_path == tmp_path / "tickets.csv.errors.csv"
    with exc.errors_path.open(newline="", encoding="utf-8") as f:
        listed = list(csv.DictReader(f))
    assert [int(r["row"]) for r in listed] == list(range(2, 62))
    assert {r["column"] for r in listed} == {"created_at"}
    assert all("'not a time' is not an ISO 8601" in r["reason"] for r in listed)


def test_a_missing_required_column_fails_before_any_row_is_read(sqlite_settings, tmp_path):
    path = tmp_path / "tickets.csv"
    # the rows are broken too, but the header alone decides
    path.write_text("Ticket ID,Channel\nT1\nT2,a,b,c\n", encoding="utf-8")
    exc = refused(sqlite_settings, "tickets", path)
    assert exc.errors == () and exc.error_count == 0
    assert "required column(s) missing: created_at" in str(exc)
    assert "columns found: Ticket ID, Channel" in str(exc)
    responses = write_jsonl(tmp_path / "responses.jsonl", [{"response_id": "R1", "score": 4}])
    message = str(refused(sqlite_settings, "responses", responses))
    assert "required column(s) missing: survey, scale, answered_at" in message
    assert last_run(sqlite_settings)["status"] == "failed"


def test_bad_arguments_are_refused(sqlite_settings, tmp_path):
    path = write_csv(tmp_path / "tickets.csv", ["ticket_id", "created_at"], [["T1", T0]])
    assert "unknown entity 'agents'" in str(refused(sqlite_settings, "agents", path))
    assert "--map names column(s) not in the file: ticket_number" in str(
        refused(sqlite_settings, "tickets", path, mapping={"Ticket Number": "ticket_id"})
    )
    assert "both map to 'ticket_id'" in str(
        refused(sqlite_settings, "tickets", path, mapping={"created_at": "ticket_id"})
    )
    assert "'Mars/Olympus' is not an IANA time zone" in str(
        refused(sqlite_settings, "tickets", path, tz="Mars/Olympus")
    )
    assert "has no % codes" in str(
        refused(sqlite_settings, "tickets", path, date_format="dd/mm/yyyy")
    )
    assert "no such file" in str(refused(sqlite_settings, "tickets", tmp_path / "nope.csv"))
    xlsx = tmp_path / "tickets.xlsx"
    xlsx.write_bytes(b"PK")
    assert "cannot tell the format" in str(refused(sqlite_settings, "tickets", xlsx))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "empty file" in str(refused(sqlite_settings, "tickets", empty))
    assert stored(sqlite_settings, "tickets") == {}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_invalid_row_leaves_the_database_exactly_as_it_was(settings, tmp_path, fmt):
    def write(name, records):
        if fmt == "csv":
            return write_csv(
                tmp_path / f"{name}.csv",
                ["ticket_id", "status", "created_at", "team"],
                [[r["ticket_id"], r["status"], r["created_at"], r.get("team")] for r in records],
            )
        return write_jsonl(tmp_path / f"{name}.jsonl", records)

    first = write(
        "first",
        [
            {"ticket_id": "T1", "status": "open", "created_at": T0},
            {"ticket_id": "T2", "status": "open", "created_at": T0},
        ],
    )
    run(settings, "tickets", first)
    before = snapshot(settings)
    assert before["revisions"]["tickets"] == 1 and set(before["tickets"]) == {"T1", "T2"}
    second = write(
        "second",
        [
            {"ticket_id": "T1", "status": "solved", "created_at": T0, "team": "billing"},
            {"ticket_id": "T3", "status": "open", "created_at": T0},
            {"ticket_id": "T4", "status": "open", "created_at": "2025-13-01T00:00:00Z"},
        ],
    )
    exc = refused(settings, "tickets", second)
    check_reasons(exc.errors, [(4 if fmt == "csv" else 3, "created_at", "not a valid date")])
    assert "1 of 3 rows are invalid" in str(exc) and "nothing was imported" in str(exc)
    assert snapshot(settings) == before
    run_row = last_run(settings)
    assert run_row["status"] == "failed" and "nothing was imported" in run_row["message"]
    assert run_row["rows_inserted"] == 0 and run_row["revision"] is None


def test_skip_invalid_imports_the_valid_rows_and_writes_the_rejects_csv(settings, tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text(
        "Ticket ID,created_at,category,Plan Tier\n"
        f"T1,{T0},billing,gold\n"  # 2
        "T2,  03-04-2025 ,billing,silver\n"  # 3
        f"T3,{T0},billing,x,extra\n"  # 4
        f'T4,{T0},"dns, mail",bronze\n'  # 5
        f"T1,{T0},again,gold\n",  # 6
        encoding="utf-8",
    )
    result = run(settings, "tickets", path, skip_invalid=True, mapping={"Ticket ID": "ticket_id"})
    assert (result.rows_read, result.inserted, result.rejected) == (5, 2, 3)
    assert result.rejects_path == tmp_path / "tickets.csv.rejects.csv"
    check_reasons(
        result.errors,
        [
            (3, "created_at", "ambiguous date"),
            (4, "(row)", "malformed CSV row"),
            (6, "ticket_id", "appears again (first on row 2)"),
        ],
    )
    assert set(stored(settings, "tickets")) == {"T1", "T4"}
    assert stored(settings, "tickets")["T1"]["category"] == "billing"
    with result.rejects_path.open(newline="", encoding="utf-8") as f:
        rejects = list(csv.reader(f))
    assert rejects[0] == [
        "row",
        "errors",
        "unparsed",
        "Ticket ID",
        "created_at",
        "category",
        "Plan Tier",
    ]
    assert [r[0] for r in rejects[1:]] == ["3", "4", "6"]
    assert rejects[1][1].startswith("created_at: ambiguous date '03-04-2025'")
    assert rejects[1][3:] == ["T2", "  03-04-2025 ", "billing", "silver"]  # as written
    assert rejects[2][1].startswith("(row): malformed CSV row")
    assert rejects[2][2] == f"T3,{T0},billing,x,extra" and rejects[2][3:] == ["", "", "", ""]
    assert rejects[3][1] == "ticket_id: ticket_id 'T1' appears again (first on row 2)"
    assert rejects[3][3:] == ["T1", T0, "again", "gold"]
    run_row = last_run(settings)
    assert run_row["status"] == "done" and run_row["rows_rejected"] == 3


def test_skip_invalid_writes_jsonl_rejects_where_asked(settings, tmp_path):
    path = tmp_path / "responses.jsonl"
    good = {"response_id": "R1", "survey": "nps", "scale": "0-10", "score": 9, "answered_at": T0}
    bad = {**good, "response_id": "R2", "score": 11, "comment": "ថ្ងៃនេះ"}
    path.write_text(
        json.dumps(good) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n{oops\n",
        encoding="utf-8",
    )
    target = tmp_path / "out" / "rejected.jsonl"
    target.parent.mkdir()
    result = run(settings, "responses", path, skip_invalid=True, rejects_path=target)
    assert (result.inserted, result.rejected, result.rejects_path) == (1, 2, target)
    rejects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in rejects] == [2, 3]
    assert rejects[0]["errors"] == "score: score 11 is out of range for scale 0-10 (0..10)"
    assert rejects[0]["score"] == "11" and rejects[0]["comment"] == "ថ្ងៃនេះ"
    assert rejects[1]["errors"] == "(row): not valid JSON" and rejects[1]["unparsed"] == "{oops"
    assert set(stored(settings, "responses")) == {"R1"}
    assert revision(settings, "responses") == 1


def test_skip_invalid_with_every_row_invalid_changes_nothing(settings, tmp_path):
    path = write_csv(tmp_path / "tickets.csv", ["ticket_id", "created_at"], [["T1", "never"]])
    before = snapshot(settings)
    result = run(settings, "tickets", path, skip_invalid=True)
    assert (result.inserted, result.rejected, result.revision) == (0, 1, None)
    assert problems(result.errors) == [(2, "created_at")]
    assert snapshot(settings) == before

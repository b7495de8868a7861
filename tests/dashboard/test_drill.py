"""The rows behind every number: as many as the number counts, and exported whole."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cxm.analytics.replica import Replica
from cxm.dashboard import drill
from cxm.dashboard.view import View
from cxm.importers.service import import_file
from cxm.metrics.definitions import METRICS
from cxm.metrics.engine import compute_metrics
from helpers.demo import load_demo
from helpers.files import write_jsonl

JUNE = View(date(2025, 6, 1), date(2025, 6, 30))
EMAIL_JUNE = View(date(2025, 6, 1), date(2025, 6, 30), filters={"channel": ("email",)})
# which count each drill must equal
EXPECTED = {
    ("csat", "answers"): "csat_n",
    ("csat", "satisfied"): "csat_pos",
    ("nps", "answers"): "nps_n",
    ("nps", "promoters"): "nps_pos",
    ("nps", "detractors"): "nps_neg",
    ("ces", "answers"): "ces_n",
    ("ces", "easy"): "ces_pos",
    ("ticket_volume", "tickets"): "ticket_volume",
    ("first_response_time", "answered"): "first_response_time_n",
    ("resolution_time", "resolved"): "resolution_time_n",
    ("fcr_rate", "resolved"): "fcr_n",
    ("fcr_rate", "one_agent"): "fcr_pos",
    ("resolution_rate", "resolved"): "resolved",
    ("retention_rate", "start"): "customers_start",
    ("retention_rate", "end"): "customers_end",
    ("retention_rate", "acquired"): "customers_acquired",
    ("churn_rate", "lost"): "customers_lost",
}


@pytest.fixture
def demo(settings, tmp_path):
    load_demo(settings, tmp_path / "demo")
    return settings


def test_every_list_has_as_many_rows_as_its_number_counts(demo):
    with Replica(demo).fresh() as con:
        for view in (JUNE, EMAIL_JUNE):
            (row,) = compute_metrics(con, view.query(), counts=True)
            for (metric, name), key in EXPECTED.items():
                try:
                    found = drill.listing(con, view, drill.find_drill(metric, name))
                except drill.DrillError:
                    # customers have no channel: their lists do not apply, like their metrics
                    assert view is EMAIL_JUNE and metric in ("retention_rate", "churn_rate")
                    assert row["retention_rate"] is None
                    continue
                assert found.total == row["counts"][key], (metric, name, view.filters)
                assert found.total > 0, (metric, name)
                assert len(found.rows) == min(found.total, drill.PAGE_ROWS)


def test_every_metric_has_its_rows():
    for metric in METRICS:
        assert metric.drills, metric.key
        assert drill.find_drill(metric.key, None) == metric.drills[0]
    with pytest.raises(drill.DrillError, match="choose one of"):
        drill.find_drill("csat", "happy")
    with pytest.raises(drill.DrillError, match="unknown metric"):
        drill.find_drill("happiness", None)


def test_pages_cover_every_row_once(demo):
    with Replica(demo).fresh() as con:
        d = drill.find_drill("ticket_volume", None)
        first = drill.listing(con, JUNE, d)
        seen, times = [], []
        for number in range(1, first.pages + 1):
            rows = drill.listing(con, JUNE, d, number).rows
            seen += [r[1] for r in rows]
            times += [r[0] for r in rows]
    assert len(seen) == len(set(seen)) == first.total
    assert times == sorted(times, reverse=True)  # newest first, across pages too


def test_exports_carry_every_row_and_column(demo, tmp_path):
    with Replica(demo).fresh() as con:
        d = drill.find_drill("csat", "answers")
        total = drill.listing(con, JUNE, d).total
        cols, batches = drill.batches(con, JUNE, d, size=97)
        body = b"".join(drill.csv_chunks(cols, batches)).decode("utf-8")
        cols2, batches2 = drill.batches(con, JUNE, d, size=50)
        written = drill.write_xlsx(cols2, batches2, tmp_path / "rows.xlsx")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == total == written
    assert {"response_id", "customer_id", "score", "comment", "answered_at"} <= set(rows[0])
    assert {r["survey"] for r in rows} == {"csat"}
    assert all(r["answered_at"].startswith("2025-06") for r in rows)
    sheet = load_workbook(tmp_path / "rows.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == total + 1


def test_a_big_export_goes_on_more_sheets(tmp_path, monkeypatch):
    monkeypatch.setattr(drill, "XLSX_SHEET_ROWS", 4)
    rows = iter([[(i, f"r{i}") for i in range(3)], [(i, f"r{i}") for i in range(3, 10)]])
    assert drill.write_xlsx(["n", "name"], rows, tmp_path / "x.xlsx") == 10
    book = load_workbook(tmp_path / "x.xlsx")
    assert [s.max_row for s in book.worksheets] == [5, 5, 3]
    assert [c.value for c in book.worksheets[2][3]] == [9, "r9"]


FORMULA = '=HYPERLINK("http://x","click")'


def test_customer_text_never_becomes_a_formula(sqlite_settings, tmp_path):
    write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"response_id": "R1", "survey": "csat", "scale": "1-5", "score": 1,
             "comment": FORMULA, "answered_at": "2025-06-03T10:00:00Z"},
            {"response_id": "R2", "survey": "csat", "scale": "1-5", "score": 2,
             "comment": "-2 stars", "answered_at": "2025-06-04T10:00:00Z"},
        ],
    )  # fmt: skip
    import_file(sqlite_settings, "responses", tmp_path / "r.jsonl")
    with Replica(sqlite_settings).fresh() as con:
        d = drill.find_drill("csat", None)
        cols, batches = drill.batches(con, JUNE, d)
        body = b"".join(drill.csv_chunks(cols, batches)).decode()
        cols, batches = drill.batches(con, JUNE, d)
        drill.write_xlsx(cols, batches, tmp_path / "x.xlsx")
    comments = [r["comment"] for r in csv.DictReader(io.StringIO(body.removeprefix("\ufeff")))]
    assert sorted(comments) == ["'-2 stars", '\'=HYPERLINK("http://x","click")']
    sheet = load_workbook(tmp_path / "x.xlsx").worksheets[0]
    col = [c.value for c in sheet[1]].index("comment")
    cells = [row[col] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}
    assert sorted(c.value for c in cells) == ["-2 stars", '=HYPERLINK("http://x","click")']

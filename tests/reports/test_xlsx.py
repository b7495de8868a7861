"""The monthly report as a spreadsheet: what it shows equals the metrics engine, its chart
points at its table, and its calculator's formulas, recalculated by LibreOffice, give the
engine's numbers and the reference's worked examples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import LineChart
from openpyxl.utils.cell import range_to_tuple
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.i18n import formatting
from cxm.i18n.catalogue import LANGUAGES
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.metrics import formulas, stats
from cxm.metrics.definitions import BREAKDOWNS, METRICS
from cxm.reports.monthly import MonthlyReport, build_monthly
from cxm.reports.sheet_texts import SHEET_TEXTS
from cxm.reports.xlsx import workbook_bytes
from helpers.databases import make_settings
from helpers.demo import load_demo

JUNE = date(2025, 6, 1)
NOW = datetime(2025, 7, 2, 9, 30)
CONSTANTS = {"z_crit", "days_per_year"}
VALUE_KEYS = {m.value_key: m for m in METRICS}


def texts(key: str, lang: str = "en", **values: object) -> str:
    return SHEET_TEXTS.text(lang, key, **values)


def report_of(settings: Settings, month: date, by: str | None = None) -> MonthlyReport:
    with Replica(settings).fresh() as con:
        return build_monthly(con, month, "Demo", NOW, by=by)


def open_xlsx(content: bytes) -> Workbook:
    return openpyxl.load_workbook(BytesIO(content))


def engine_units(cell: Any) -> Any:
    """A cell's value in the engine's units: shares back to 0-100, durations to seconds."""
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, timedelta):
        # openpyxl reads "[h]:mm" cells as durations rounded to the millisecond
        return Seconds(value.total_seconds())
    if isinstance(value, str):
        return value
    if cell.number_format.endswith("%"):
        return value * 100
    return value


class Seconds(float):
    """A duration read back from a cell: good to the millisecond."""


def same(actual: Any, expected: Any, rel: float = 1e-9) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    tolerance = 0.001 if isinstance(actual, Seconds) else 1e-12
    return actual == pytest.approx(expected, rel=rel, abs=tolerance)


def header_row(ws: Worksheet, first: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header row starting with {first!r} on {ws.title}")


def keyed_rows(ws: Worksheet, lang: str = "en") -> tuple[dict[str, int], dict[str, int]]:
    """The header's columns by title, and the rows by the engine key in the key column."""
    head = header_row(ws, texts("col.metric", lang))
    columns = {c.value: c.column for c in ws[head] if c.value is not None}
    key_col = columns[texts("col.key", lang)]
    rows = {
        ws.cell(r, key_col).value: r
        for r in range(head + 1, ws.max_row + 1)
        if ws.cell(r, key_col).value
    }
    return columns, rows


def check_tracker(ws: Worksheet, report: MonthlyReport, lang: str = "en") -> None:
    """Every value of every tracked month, and the reported month's n, interval and change."""
    columns, rows = keyed_rows(ws, lang)
    months = [formatting.month_short(m, lang) for m in report.months]
    assert [h for h in columns if h in months] == months
    assert set(VALUE_KEYS) <= set(rows), "a metric of the registry is missing"
    for key, r in rows.items():
        for i, month in enumerate(months):
            cell = ws.cell(r, columns[month])
            engine = report.tracker[i][key]
            assert same(engine_units(cell), engine), (key, str(report.months[i]), cell.value)
    current = report.current
    prev = formatting.month(report.months[-2], lang)
    change_col = columns[texts("col.change", lang, month=prev)]
    beyond_col = columns[texts("col.beyond", lang)]
    verdicts = []
    for key, metric in VALUE_KEYS.items():
        r = rows[key]
        n = ws.cell(r, columns["n"]).value
        assert n == current.get(f"{metric.key}_n"), key
        for side in ("ci_low", "ci_high"):
            cell = ws.cell(r, columns[texts(f"col.{side}", lang)])
            assert same(engine_units(cell), current.get(f"{metric.key}_{side}")), (key, side)
        change = report.changes[metric.key]
        delta = ws.cell(r, change_col).value
        if delta is not None and ws.cell(r, 2).value == texts("unit.duration", lang):
            delta *= 3600  # durations move in hours
        assert same(delta, change.delta), key
        assert same(ws.cell(r, columns["z"]).value, change.z), key
        verdict = ws.cell(r, beyond_col).value
        expected = None if change.z is None else texts("yes" if change.significant else "no", lang)
        assert verdict == expected, key
        verdicts.append(verdict)
    assert texts("yes", lang) in verdicts, "the demo's June has changes beyond noise"


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo company's year in a SQLite database, once for the module."""
    folder = tmp_path_factory.mktemp("xlsx-demo")
    settings = make_settings(f"sqlite:///{folder / 'cxm.db'}", folder)
    load_demo(settings, folder / "demo")
    return settings


@pytest.fixture(scope="module")
def june(demo: Settings) -> MonthlyReport:
    return report_of(demo, JUNE)


@pytest.fixture(scope="module")
def quiet(demo: Settings) -> MonthlyReport:
    """A month before the demo's tickets and answers: customers only, nobody churned."""
    return report_of(demo, date(2024, 12, 1))


def names_of(wb: Workbook) -> dict[str, tuple[str, str]]:
    """The calculator's defined names: name -> (sheet, cell)."""
    found = {}
    for name, defined in wb.defined_names.items():
        ((sheet, coord),) = list(defined.destinations)
        found[name] = (sheet, coord.replace("$", ""))
    return found


def inputs_and_outputs(wb: Workbook) -> tuple[set[str], set[str]]:
    names = names_of(wb)
    inputs, outputs = set(), set()
    for name, (sheet, coord) in names.items():
        value = wb[sheet][coord].value
        if isinstance(value, str) and value.startswith("="):
            outputs.add(name)
        elif name not in CONSTANTS:
            inputs.add(name)
    return inputs, outputs


def set_inputs(content: bytes, values: dict[str, Any], clear: bool = False) -> bytes:
    """The workbook with some calculator inputs typed in (all others emptied with `clear`)."""
    wb = open_xlsx(content)
    names = names_of(wb)
    inputs, _ = inputs_and_outputs(wb)
    assert set(values) <= inputs, set(values) - inputs
    for name in inputs if clear else values:
        sheet, coord = names[name]
        wb[sheet][coord].value = values.get(name)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Recalculated:
    """Workbooks as a spreadsheet program computed them, with the cells of their names."""

    books: dict[str, Workbook]
    names: dict[str, tuple[str, str]]

    def value(self, book: str, name: str) -> Any:
        sheet, coord = self.names[name]
        value = self.books[book][sheet][coord].value
        if isinstance(value, timedelta):
            return value.total_seconds() / 86400  # as stored: days
        return None if value == "" else value


def recalculate(files: list[Path], out: Path, profile: Path) -> None:
    """LibreOffice opens each file, computes every formula and saves the results."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: run scripts/install.sh --test")
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",  # private: parallel workers don't collide
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    missing = [f.name for f in files if not (out / f.name).exists()]
    assert not missing, f"LibreOffice wrote no {missing}: {done.stdout} {done.stderr}"


EXAMPLES_A = {
    # CSAT: 30 answers of 4 and 50 of 5 among 112
    "csat_satisfied": "=30+50",
    "csat_answers": 112,
    # NPS: 80 % promoters, 15 % detractors
    "nps_promoters": 80,
    "nps_detractors": 15,
    "nps_answers": 100,
    # CRR: S=100, E=90, N=15; churn: 25 lost of 100
    "customers_start": 100,
    "customers_end": 90,
    "customers_acquired": 15,
    "customers_lost": 25,
}
# CAC: 10,000 of spend for 20,000 customers (N is shared with CRR: a second workbook)
EXAMPLES_B = {
    "spend": 10000,
    "customers_acquired": 20000,
    # the edges: an NPS interval clipped at -100, a CSAT of 100 %
    "nps_promoters": 0,
    "nps_detractors": 9,
    "nps_answers": 10,
    "csat_satisfied": 5,
    "csat_answers": 5,
}


@pytest.fixture(scope="module")
def recalculated(
    june: MonthlyReport, quiet: MonthlyReport, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Recalculated]:
    """Every workbook the calculator tests need, recalculated in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("xlsx-recalc")
    content = workbook_bytes(june, "en")
    books = {
        "june": content,
        "quiet": workbook_bytes(quiet, "en"),
        "examples_a": set_inputs(content, EXAMPLES_A),
        "examples_b": set_inputs(content, EXAMPLES_B),
        "empty": set_inputs(content, {}, clear=True),
    }
    files = []
    for name, data in books.items():
        path = folder / "in" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(path)
    recalculate(files, folder / "out", folder / "profile")
    yield Recalculated(
        {
            name: openpyxl.load_workbook(folder / "out" / f"{name}.xlsx", data_only=True)
            for name in books
        },
        names_of(open_xlsx(content)),
    )


def expected_outputs(report: MonthlyReport) -> dict[str, float | None]:
    """What each calculator output must show for the report's month, in the cell's units
    (shares for percentages, days for durations), from the engine's row and counts."""
    cur, a = report.current, report.current["counts"]

    def share(key: str) -> float | None:
        return None if cur[key] is None else cur[key] / 100

    out: dict[str, float | None] = {}
    for key in ("csat", "ces", "fcr_rate", "resolution_rate", "retention_rate", "churn_rate"):
        for k in (key, f"{key}_ci_low", f"{key}_ci_high"):
            out[k] = share(k)
    for k in ("nps", "nps_ci_low", "nps_ci_high", "cac", "clv", "resolved_to_unresolved"):
        out[k] = cur[k]
    n, p, d = (int(a[k] or 0) for k in ("nps_n", "nps_pos", "nps_neg"))
    out["nps_passives"] = n - p - d if n else None
    out["nps_se"] = stats.nps_standard_error(p, d, n)
    for metric in ("first_response_time", "resolution_time"):
        mean = cur[f"{metric}_avg_s"]
        out[f"{metric}_mean"] = None if mean is None else mean / 86400
    s, e, lost = (int(a[k] or 0) for k in ("customers_start", "customers_end", "customers_lost"))
    days, revenue = a["window_days"], a["revenue"]
    average = (s + e) / 2
    out["clv_avg_customers"] = average if average > 0 else None
    out["clv_annual_revenue"] = (
        revenue / average * formulas.DAYS_PER_YEAR / days
        if revenue is not None and average > 0 and days > 0
        else None
    )
    yearly = formulas.annualised_churn(min(lost / s, 1.0), days) if s > 0 and days > 0 else None
    out["clv_yearly_churn"] = yearly
    out["clv_years"] = 1 / yearly if yearly and lost > 0 else None
    return out


# -- the sheets -------------------------------------------------------------------------------


def test_tracker_and_segments_equal_the_engine(settings: Settings, tmp_path: Path) -> None:
    load_demo(settings, tmp_path / "demo")
    report = report_of(settings, JUNE, by="channel")
    wb = open_xlsx(workbook_bytes(report, "en"))
    assert wb.sheetnames == ["Tracker", "Ticket volume", "Calculator", "By channel"]
    tracker = wb["Tracker"]
    assert tracker["A1"].value == "Demo: customer service report, June 2025"
    assert tracker.freeze_panes == "C7"
    check_tracker(tracker, report)
    _, rows = keyed_rows(tracker)
    formats = {"csat": "0.0%", "nps": "0.0", "cac": "#,##0.00", "ticket_volume": "#,##0"}
    formats["first_response_time_median_s"] = "[h]:mm"
    for key, fmt in formats.items():
        assert tracker.cell(rows[key], 14).number_format == fmt, key  # June's column

    segments = wb["By channel"]
    columns, seg_rows = keyed_rows(segments)
    assert len(report.segments) > 3
    for seg in report.segments:
        col = columns[seg["channel"] or "(none)"]
        for key, r in seg_rows.items():
            assert same(engine_units(segments.cell(r, col)), seg[key]), (seg["channel"], key)
    assert {"csat", "csat_n", "ticket_volume", "fcr_rate_n"} <= set(seg_rows)


def test_ticket_volume_table_and_line_chart(june: MonthlyReport) -> None:
    wb = open_xlsx(workbook_bytes(june, "en"))
    assert wb.sheetnames == ["Tracker", "Ticket volume", "Calculator"]
    ws = wb["Ticket volume"]
    drawn = [c for c in june.categories if any(june.volume[c])]
    assert len(drawn) >= 5
    head = header_row(ws, "Category")
    months = [formatting.month_short(m, "en") for m in june.months]
    assert [c.value for c in ws[head]][1:13] == months
    for i, category in enumerate(drawn, start=head + 1):
        assert ws.cell(i, 1).value == category
        assert [ws.cell(i, 2 + m).value for m in range(12)] == list(june.volume[category])

    charts = ws._charts
    assert len(charts) == 1
    chart = charts[0]
    assert isinstance(chart, LineChart)
    assert len(chart.series) == len(drawn)
    for series, category in zip(chart.series, drawn, strict=True):
        sheet, (col, row, _, _) = range_to_tuple(series.tx.strRef.f)
        assert sheet == "Ticket volume" and ws.cell(row, col).value == category
        sheet, (c1, r1, c2, r2) = range_to_tuple(series.val.numRef.f)
        assert sheet == "Ticket volume" and r1 == r2
        assert [ws.cell(r1, c).value for c in range(c1, c2 + 1)] == list(june.volume[category])
        ref = series.cat.strRef or series.cat.numRef
        sheet, (c1, r1, c2, r2) = range_to_tuple(ref.f)
        assert [ws.cell(r1, c).value for c in range(c1, c2 + 1)] == months

    first = header_row(ws, "Channel") + 1
    channels = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(first, ws.max_row + 1)]
    assert channels == list(june.channels)


def test_every_metric_is_documented_in_the_calculator(june: MonthlyReport) -> None:
    ws = open_xlsx(workbook_bytes(june, "en"))["Calculator"]
    shown = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for item in (*METRICS, *BREAKDOWNS):
        assert item.formula in shown, item.key
        assert item.definition in shown, item.key


def test_formulas_are_not_volatile(june: MonthlyReport) -> None:
    # a volatile function would recompute on every edit and differ from one opening to the next
    wb = open_xlsx(workbook_bytes(june, "en"))
    formulas_seen = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert len(formulas_seen) > 40
    for formula in formulas_seen:
        for volatile in ("NOW(", "TODAY(", "RAND", "OFFSET(", "INDIRECT(", "CELL(", "INFO("):
            assert volatile not in formula.upper(), formula


def test_a_year_without_tickets_has_an_empty_table_and_no_chart(quiet: MonthlyReport) -> None:
    assert not any(any(v) for v in quiet.volume.values())
    wb = open_xlsx(workbook_bytes(quiet, "en"))
    ws = wb["Ticket volume"]
    assert ws._charts == []
    head = header_row(ws, "Category")
    assert ws.cell(head + 1, 1).value == "Total"


# -- the calculator, recalculated -------------------------------------------------------------


def test_calculator_reproduces_the_engine(recalculated: Recalculated, june: MonthlyReport) -> None:
    expected = expected_outputs(june)
    inputs, outputs = inputs_and_outputs(open_xlsx(workbook_bytes(june, "en")))
    assert outputs == set(expected), "every formula of the calculator is checked"
    assert {"nps_promoters", "csat_answers", "customers_lost", "spend", "period_days"} <= inputs
    assert all(v is not None for v in expected.values()), "June measures everything"
    for name, value in expected.items():
        got = recalculated.value("june", name)
        assert same(got, value, rel=1e-6), (name, got, value)


def test_calculator_with_nothing_to_measure(
    recalculated: Recalculated, quiet: MonthlyReport
) -> None:
    expected = expected_outputs(quiet)
    assert expected["csat"] is None and expected["clv"] is None  # no answers, nobody churned
    assert expected["churn_rate"] == 0  # but customers
    for name, value in expected.items():
        got = recalculated.value("quiet", name)
        assert same(got, value, rel=1e-6), (name, got, value)


def test_calculator_worked_examples(recalculated: Recalculated) -> None:
    def value(book: str, name: str) -> float:
        got = recalculated.value(book, name)
        assert isinstance(got, float | int), (name, got)
        return float(got)

    assert round(100 * value("examples_a", "csat"), 1) == 71.4
    csat = formulas.csat(80, 112)
    for name, want in (
        ("csat", csat.value),
        ("csat_ci_low", csat.ci_low),
        ("csat_ci_high", csat.ci_high),
    ):
        assert same(100 * value("examples_a", name), want, rel=1e-6), name
    nps = formulas.nps(80, 15, 100)
    assert value("examples_a", "nps") == pytest.approx(65)
    assert value("examples_a", "nps_passives") == 5
    assert same(value("examples_a", "nps_ci_low"), nps.ci_low, rel=1e-6)
    assert same(value("examples_a", "nps_ci_high"), nps.ci_high, rel=1e-6)
    assert value("examples_a", "retention_rate") == pytest.approx(0.75)
    assert value("examples_a", "churn_rate") == pytest.approx(0.25)
    assert value("examples_b", "cac") == pytest.approx(0.50)
    nps = formulas.nps(0, 9, 10)
    assert nps.ci_low == -100  # clipped: NPS - 1.96 x SE x 100 would be below the scale
    assert value("examples_b", "nps") == pytest.approx(-90)
    assert value("examples_b", "nps_ci_low") == -100
    assert same(value("examples_b", "nps_ci_high"), nps.ci_high, rel=1e-6)
    csat = formulas.csat(5, 5)
    assert value("examples_b", "csat") == 1
    assert same(100 * value("examples_b", "csat_ci_low"), csat.ci_low, rel=1e-6)
    assert 100 * value("examples_b", "csat_ci_high") == csat.ci_high == 100
    # CLV follows the new counts too: revenue of June over (100 + 90) / 2 customers, 25 % churn
    assert value("examples_a", "clv") == pytest.approx(
        formulas.clv(
            recalculated.value("examples_a", "revenue"),
            100,
            90,
            25,
            recalculated.value("examples_a", "period_days"),
            formulas.cac(recalculated.value("examples_a", "spend"), 15),
        ),
        rel=1e-6,
    )


def test_calculator_empty_inputs_give_empty_cells(recalculated: Recalculated) -> None:
    for name in set(recalculated.names) - CONSTANTS:
        got = recalculated.value("empty", name)
        assert got is None, (name, got)  # neither a number nor an error such as #DIV/0!
    assert recalculated.value("empty", "z_crit") == pytest.approx(stats.Z95)


def test_volume_totals_and_channel_shares_recalculated(
    recalculated: Recalculated, june: MonthlyReport
) -> None:
    ws = recalculated.books["june"]["Ticket volume"]
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total")
    totals = [ws.cell(total_row, 2 + m).value for m in range(12)]
    assert totals == [row["ticket_volume"] for row in june.tracker]
    first = header_row(ws, "Channel") + 1
    all_tickets = sum(n for _, n in june.channels)
    for i, (_, count) in enumerate(june.channels):
        assert ws.cell(first + i, 3).value == pytest.approx(count / all_tickets, rel=1e-9)


# -- languages and the command ----------------------------------------------------------------


def test_every_language_has_every_text(june: MonthlyReport) -> None:
    for lang in LANGUAGES:
        assert SHEET_TEXTS.missing(lang) == [], lang
        wb = open_xlsx(workbook_bytes(june, lang))
        assert wb.sheetnames == [
            texts(f"sheet.{s}", lang) for s in ("tracker", "volume", "calculator")
        ]
    with pytest.raises(ValueError, match="language"):
        workbook_bytes(june, "fr")


def cxm(settings: Settings, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CXM_DATABASE_URL": settings.database_url,
        "CXM_ANALYTICS_PATH": str(settings.analytics_path),
        "CXM_TIMEZONE": "UTC",
    }
    return subprocess.run(
        [sys.executable, "-m", "cxm", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_report_command_in_khmer_by_channel(demo: Settings, tmp_path: Path) -> None:
    target = tmp_path / "june-km.xlsx"
    done = cxm(
        demo,
        "report", "--month", "2025-06", "--format", "xlsx", "--by", "channel", "--lang", "km",
        "-o", str(target),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(target)
    tracker_name = texts("sheet.tracker", "km")
    assert wb.sheetnames == [
        tracker_name,
        texts("sheet.volume", "km"),
        texts("sheet.calculator", "km"),
        texts("sheet.by", "km", dimension="channel"),
    ]
    tracker = wb[tracker_name]
    assert "មិថុនា 2025" in tracker["A1"].value
    labels = {tracker.cell(r, 1).value for r in range(1, tracker.max_row + 1)}
    for key in ("csat", "nps", "ces", "churn_rate", "clv"):
        assert METRIC_NAMES.text("km", key) in labels
    assert texts("section.surveys", "km") in labels
    report = report_of(demo, JUNE, by="channel")
    check_tracker(tracker, report, "km")
    calculator = wb[texts("sheet.calculator", "km")]
    shown = {c.value for row in calculator.iter_rows() for c in row}
    assert texts("calc.nps_promoters", "km") in shown
    assert texts("definition.csat", "km") in shown


def test_report_command_refuses_a_month_that_does_not_exist(demo: Settings, tmp_path: Path) -> None:
    done = cxm(demo, "report", "--month", "2025-13", "--format", "xlsx", cwd=tmp_path)
    assert done.returncode == 1
    assert "--month '2025-13': expected YYYY-MM" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no file written

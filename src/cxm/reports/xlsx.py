"""The monthly report as a spreadsheet: tracker, ticket volume with its chart, calculator.

Every number comes from the `MonthlyReport` (the metrics engine); this module only lays it
out. The calculator sheet is the exception on purpose: it recomputes each metric from the
month's counts with spreadsheet formulas, so a reader can check the figures and reuse the
formulas on numbers of their own. Those formulas mirror `cxm.metrics.formulas` and
`cxm.metrics.stats` term by term; tests recalculate them in LibreOffice against the engine.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cxm.i18n import formatting
from cxm.i18n.catalogue import LANGUAGES, Texts
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.metrics.formulas import DAYS_PER_YEAR
from cxm.metrics.stats import Z95
from cxm.reports.monthly import MonthlyReport
from cxm.reports.sheet_texts import SHEET_TEXTS


class Kind(Enum):
    """How a number is stored and shown: the unit decides the cell's value and format."""

    PERCENT = "percent"  # the engine's 0-100, stored as a share so "0.0%" shows it
    SCORE = "score"  # NPS, -100..100
    DURATION = "duration"  # the engine's seconds, stored as days so "[h]:mm" shows them
    COUNT = "count"
    MONEY = "money"
    RATIO = "ratio"


FORMATS = {
    Kind.PERCENT: "0.0%",
    Kind.SCORE: "0.0",
    Kind.DURATION: "[h]:mm",
    Kind.COUNT: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.RATIO: "0.00",
}
# Changes are shown signed: rates and scores in points, durations in hours.
CHANGE_FORMATS = {
    Kind.PERCENT: '+0.0" pp";-0.0" pp";0.0" pp"',
    Kind.SCORE: "+0.0;-0.0;0.0",
    Kind.DURATION: '+0.00" h";-0.00" h";0.00" h"',
    Kind.COUNT: "+#,##0;-#,##0;0",
    Kind.MONEY: "+#,##0.00;-#,##0.00;0.00",
    Kind.RATIO: "+0.00;-0.00;0.00",
}
UNIT_TEXT = {
    Kind.PERCENT: "unit.percent",
    Kind.SCORE: "unit.score",
    Kind.DURATION: "unit.duration",
    Kind.COUNT: "unit.count",
    Kind.MONEY: "unit.money",
    Kind.RATIO: "unit.ratio",
}


def cell_value(kind: Kind, value: float | None) -> Any:
    """The engine's number as the spreadsheet stores it (None: an empty cell)."""
    if value is None:
        return None
    if kind is Kind.PERCENT:
        return value / 100
    if kind is Kind.DURATION:
        return value / 86400  # spreadsheets count time in days
    return value


def change_value(kind: Kind, delta: float | None) -> float | None:
    if delta is None:
        return None
    return delta / 3600 if kind is Kind.DURATION else delta


# -- styles -----------------------------------------------------------------------------------

TITLE = Font(size=14, bold=True)
BOLD = Font(bold=True)
NOTE = Font(italic=True, color="595959")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INPUT_FONT = Font(color="1F3FBF")  # blue: a number someone typed, the modelling convention
OUTPUT_FILL = PatternFill("solid", fgColor="E7E6E6")
SIGNIFICANT_FILL = PatternFill("solid", fgColor="FCE4D6")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(ws: Worksheet, row: int, texts: Iterable[str], first_col: int = 1) -> None:
    for i, text in enumerate(texts):
        c = ws.cell(row, first_col + i, text)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def _print_setup(ws: Worksheet) -> None:
    """Landscape, one page wide: a printed or PDF copy keeps each table whole."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def sheet_title(text: str) -> str:
    """A valid sheet name: none of []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"


# -- the rows of the tracker ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of the tracker: an output key of the engine, shown in one unit."""

    key: str
    kind: Kind
    label: Callable[[Texts, str], str]  # (texts, lang) -> the row's label
    metric: str | None = None  # the registry metric whose n, interval and change go beside it
    n_key: str | None = None
    ci: bool = False


def _named(metric: str, qualifier: str | None = None) -> Callable[[Texts, str], str]:
    def label(t: Texts, lang: str) -> str:
        name = METRIC_NAMES.text(lang, metric)
        return f"{name} ({t(qualifier)})" if qualifier else name

    return label


def _text(key: str) -> Callable[[Texts, str], str]:
    return lambda t, lang: t(key)


def _rate(key: str, kind: Kind = Kind.PERCENT) -> Line:
    return Line(key, kind, _named(key), metric=key, n_key=f"{key}_n", ci=True)


def _durations(metric: str) -> tuple[Line, ...]:
    return (
        Line(
            f"{metric}_median_s",
            Kind.DURATION,
            _named(metric, "qual.median"),
            metric=metric,
            n_key=f"{metric}_n",
        ),
        Line(f"{metric}_avg_s", Kind.DURATION, _named(metric, "qual.mean")),
        Line(f"{metric}_p90_s", Kind.DURATION, _named(metric, "qual.p90")),
    )


SECTIONS: tuple[tuple[str, tuple[Line, ...]], ...] = (
    ("section.surveys", (_rate("csat"), _rate("nps", Kind.SCORE), _rate("ces"))),
    (
        "section.support",
        (
            Line("ticket_volume", Kind.COUNT, _named("ticket_volume"), metric="ticket_volume"),
            *_durations("first_response_time"),
            *_durations("resolution_time"),
            _rate("fcr_rate"),
            _rate("resolution_rate"),
            Line("resolved_to_unresolved", Kind.RATIO, _text("label.resolved_to_unresolved")),
        ),
    ),
    (
        "section.customers",
        (
            _rate("retention_rate"),
            _rate("churn_rate"),
            Line("customers_start", Kind.COUNT, _text("label.customers_start")),
            Line("customers_end", Kind.COUNT, _text("label.customers_end")),
            Line("customers_acquired", Kind.COUNT, _text("label.customers_acquired")),
            Line("customers_lost", Kind.COUNT, _text("label.customers_lost")),
            Line("cac", Kind.MONEY, _named("cac"), metric="cac"),
            Line("clv", Kind.MONEY, _named("clv"), metric="clv"),
            Line("spend", Kind.MONEY, _text("label.spend")),
            Line("revenue", Kind.MONEY, _text("label.revenue")),
        ),
    ),
)
LINES: tuple[Line, ...] = tuple(line for _, lines in SECTIONS for line in lines)


# -- the workbook -----------------------------------------------------------------------------


# Khmer and Thai stack vowels and marks above and below the line: the default row cuts them.
TALL_SCRIPTS = ("km", "th")


def workbook_bytes(report: MonthlyReport, lang: str) -> bytes:
    """The report as an .xlsx file; ValueError for a language the report is not written in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    wb = build_workbook(report, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build_workbook(report: MonthlyReport, lang: str) -> Workbook:
    t = SHEET_TEXTS.for_language(lang)
    wb = Workbook()
    tracker = wb.active
    assert tracker is not None  # a new workbook always has its first sheet
    tracker.title = sheet_title(t("sheet.tracker"))
    volume = wb.create_sheet(sheet_title(t("sheet.volume")))
    calculator = wb.create_sheet(sheet_title(t("sheet.calculator")))
    _tracker(tracker, report, t, lang)
    _volume(volume, report, t, lang)
    _calculator(wb, calculator, report, t, lang, volume.title, tracker.title)
    if report.by:
        _segments(wb.create_sheet(sheet_title(t("sheet.by", dimension=report.by))), report, t, lang)
    for ws in wb.worksheets:
        _print_setup(ws)
        if lang in TALL_SCRIPTS:
            ws.sheet_format.defaultRowHeight = 21
            ws.sheet_format.customHeight = True
    wb.properties.title = _title(report, t, lang)
    wb.properties.creator = "cxm"
    # no cached results are stored: make Excel compute every formula on opening
    wb.calculation.fullCalcOnLoad = True
    return wb


def _title(report: MonthlyReport, t: Texts, lang: str) -> str:
    return t("title", company=report.company, month=formatting.month(report.month, lang))


def _heading(ws: Worksheet, report: MonthlyReport, t: Texts, lang: str, heading: str) -> None:
    ws.cell(1, 1, _title(report, t, lang)).font = TITLE
    ws.cell(2, 1, heading).font = BOLD
    ws.cell(3, 1, t("generated", moment=formatting.moment(report.generated_at, lang))).font = NOTE


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


# Tracker columns: label, unit, the months, then the reported month's n, interval, change, z,
# beyond noise, and the engine's key.
TRACKER_HEADER_ROW = 6


def _tracker(ws: Worksheet, report: MonthlyReport, t: Texts, lang: str) -> None:
    _heading(ws, report, t, lang, t("tracker.heading"))
    ws.cell(4, 1, t("tracker.note", month=formatting.month(report.month, lang))).font = NOTE
    months = len(report.months)
    first_month_col = 3
    extra = first_month_col + months  # the first column after the months
    _header(
        ws,
        TRACKER_HEADER_ROW,
        [
            t("col.metric"),
            t("col.unit"),
            *(formatting.month_short(m, lang) for m in report.months),
            t("col.n"),
            t("col.ci_low"),
            t("col.ci_high"),
            t("col.change", month=formatting.month(_previous_month(report.month), lang)),
            t("col.z"),
            t("col.beyond"),
            t("col.key"),
        ],
    )
    current = report.current
    row = TRACKER_HEADER_ROW + 1
    for section, lines in SECTIONS:
        for col in range(1, extra + 7):
            ws.cell(row, col).fill = SECTION_FILL
        ws.cell(row, 1, t(section)).font = BOLD
        row += 1
        for line in lines:
            ws.cell(row, 1, line.label(t, lang))
            ws.cell(row, 2, t(UNIT_TEXT[line.kind])).font = NOTE
            for i, month_row in enumerate(report.tracker):
                c = ws.cell(row, first_month_col + i, cell_value(line.kind, month_row[line.key]))
                c.number_format = FORMATS[line.kind]
            if line.n_key is not None:
                ws.cell(row, extra, current[line.n_key]).number_format = FORMATS[Kind.COUNT]
            if line.ci:
                for j, side in enumerate(("ci_low", "ci_high")):
                    c = ws.cell(
                        row, extra + 1 + j, cell_value(line.kind, current[f"{line.key}_{side}"])
                    )
                    c.number_format = FORMATS[line.kind]
            if line.metric is not None:
                _change(ws, row, extra + 3, report, line, t)
            ws.cell(row, extra + 6, line.key).font = NOTE
            row += 1
    ws.freeze_panes = ws.cell(TRACKER_HEADER_ROW + 1, first_month_col)
    ws.row_dimensions[TRACKER_HEADER_ROW].height = 48
    _widths(ws, {1: 46, 2: 14, extra: 8, extra + 1: 12, extra + 2: 12, extra + 3: 14})
    _widths(ws, {extra + 4: 7, extra + 5: 12, extra + 6: 30})
    _widths(ws, {first_month_col + i: 10.5 for i in range(months)})


def _change(ws: Worksheet, row: int, col: int, report: MonthlyReport, line: Line, t: Texts) -> None:
    assert line.metric is not None
    change = report.changes[line.metric]
    delta = ws.cell(row, col, change_value(line.kind, change.delta))
    delta.number_format = CHANGE_FORMATS[line.kind]
    if change.z is None:
        return  # no sampling model (money, durations) or too little data: nothing to test
    ws.cell(row, col + 1, change.z).number_format = "0.00"
    verdict = ws.cell(row, col + 2, t("yes") if change.significant else t("no"))
    if change.significant:
        for c in (delta, verdict):
            c.font = BOLD
            c.fill = SIGNIFICANT_FILL


def _segments(ws: Worksheet, report: MonthlyReport, t: Texts, lang: str) -> None:
    """The reported month split by `report.by`: one column per value, n under each rate."""
    assert report.by is not None
    month = formatting.month(report.month, lang)
    _heading(ws, report, t, lang, t("by.heading", month=month, dimension=report.by))
    ws.cell(4, 1, t("by.note", dimension=report.by)).font = NOTE
    values = [r[report.by] if r[report.by] is not None else t("by.none") for r in report.segments]
    header = 6
    _header(ws, header, [t("col.metric"), t("col.unit"), *map(str, values), t("col.key")])
    key_col = 3 + len(values)
    row = header + 1
    for section, lines in SECTIONS:
        for col in range(1, key_col + 1):
            ws.cell(row, col).fill = SECTION_FILL
        ws.cell(row, 1, t(section)).font = BOLD
        row += 1
        for line in lines:
            rows = [(line.key, line.kind, line.label(t, lang))]
            if line.n_key is not None:
                rows.append((line.n_key, Kind.COUNT, t("label.n", metric=line.label(t, lang))))
            for key, kind, label in rows:
                ws.cell(row, 1, label)
                ws.cell(row, 2, t(UNIT_TEXT[kind])).font = NOTE
                for i, seg in enumerate(report.segments):
                    c = ws.cell(row, 3 + i, cell_value(kind, seg[key]))
                    c.number_format = FORMATS[kind]
                ws.cell(row, key_col, key).font = NOTE
                row += 1
    ws.freeze_panes = ws.cell(header + 1, 3)
    ws.row_dimensions[header].height = 48
    _widths(ws, {1: 44, 2: 14, key_col: 30})
    _widths(ws, {3 + i: 12 for i in range(len(values))})


# -- ticket volume ----------------------------------------------------------------------------

VOLUME_HEADER_ROW = 6


def _volume(ws: Worksheet, report: MonthlyReport, t: Texts, lang: str) -> None:
    _heading(ws, report, t, lang, t("volume.heading"))
    ws.cell(4, 1, t("volume.note")).font = NOTE
    months = len(report.months)
    # a category without a single ticket in the tracked months would only draw a flat line
    categories = [c for c in report.categories if any(report.volume[c])]
    _header(
        ws,
        VOLUME_HEADER_ROW,
        [
            t("volume.category"),
            *(formatting.month_short(m, lang) for m in report.months),
            t("volume.total"),
        ],
    )
    first = VOLUME_HEADER_ROW + 1
    total_col = 2 + months
    for r, category in enumerate(categories, start=first):
        ws.cell(r, 1, category)
        for i, count in enumerate(report.volume[category]):
            ws.cell(r, 2 + i, count).number_format = FORMATS[Kind.COUNT]
        row_range = f"{get_column_letter(2)}{r}:{get_column_letter(1 + months)}{r}"
        c = ws.cell(r, total_col, f"=SUM({row_range})")
        c.number_format = FORMATS[Kind.COUNT]
        c.font = BOLD
    last = first + len(categories) - 1
    total_row = last + 1
    ws.cell(total_row, 1, t("volume.total")).font = BOLD
    for col in range(2, total_col + 1):
        letter = get_column_letter(col)
        formula = f"=SUM({letter}{first}:{letter}{last})" if categories else 0
        c = ws.cell(total_row, col, formula)
        c.number_format = FORMATS[Kind.COUNT]
        c.font = BOLD
    ws.freeze_panes = ws.cell(first, 2)
    _widths(ws, {1: 26, total_col: 10})
    _widths(ws, {2 + i: 10.5 for i in range(months)})

    chart_row = total_row + 2
    if categories:
        chart = LineChart()
        chart.title = t("volume.chart")
        chart.y_axis.title = t("volume.axis_tickets")
        chart.x_axis.title = t("volume.axis_month")
        # openpyxl 3.1 marks axes as deleted unless told: Excel would draw none
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height = 9
        chart.width = 24
        data = Reference(ws, min_col=1, max_col=1 + months, min_row=first, max_row=last)
        chart.add_data(data, from_rows=True, titles_from_data=True)
        for series in chart.series:
            series.smooth = False  # a smoothed line would dip and bulge between the months
        chart.set_categories(
            Reference(
                ws,
                min_col=2,
                max_col=1 + months,
                min_row=VOLUME_HEADER_ROW,
                max_row=VOLUME_HEADER_ROW,
            )
        )
        ws.add_chart(chart, f"A{chart_row}")
    channels_row = chart_row + (20 if categories else 0)
    month = formatting.month(report.month, lang)
    ws.cell(channels_row, 1, t("volume.channels", month=month)).font = BOLD
    ws.cell(channels_row, 4, t("formula.channels")).font = NOTE
    head = channels_row + 1
    _header(ws, head, [t("volume.channel"), t("volume.tickets"), t("volume.share")])
    first_channel = head + 1
    last_channel = first_channel + len(report.channels) - 1
    total = f"SUM($B${first_channel}:$B${last_channel})"
    for r, (channel, count) in enumerate(report.channels, start=first_channel):
        ws.cell(r, 1, channel)
        ws.cell(r, 2, count).number_format = FORMATS[Kind.COUNT]
        share = f'=IF({total}=0,"",B{r}/{total})'
        ws.cell(r, 3, share).number_format = FORMATS[Kind.PERCENT]


# -- the calculator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    name: str  # the defined name formulas use
    label: str
    value: Any
    fmt: str


@dataclass(frozen=True)
class Output:
    name: str
    label: str
    formula: str  # without the leading "="
    fmt: str
    cxm: Any = None  # the report's own figure, for comparison
    shown: str = ""  # the formula as a reader reads it; default: READABLE[name]


# The formulas as a reader reads them, beside the cells (the cells add the empty-base cases).
READABLE = {
    "nps_passives": "nps_answers − nps_promoters − nps_detractors",
    "nps": "100 × (nps_promoters − nps_detractors) / nps_answers",
    "nps_se": "√((p + d − (p − d)²) / nps_answers), p = nps_promoters / nps_answers, "
    "d = nps_detractors / nps_answers",
    "nps_ci_low": "max(−100, nps − z_crit × nps_se × 100)",
    "nps_ci_high": "min(100, nps + z_crit × nps_se × 100)",
    "csat": "csat_satisfied / csat_answers",
    "ces": "ces_easy / ces_answers",
    "retention_rate": "(customers_end − customers_acquired) / customers_start",
    "churn_rate": "customers_lost / customers_start",
    "cac": "spend / customers_acquired",
    "clv_avg_customers": "(customers_start + customers_end) / 2",
    "clv_annual_revenue": "revenue / clv_avg_customers × days_per_year / period_days",
    "clv_yearly_churn": (
        "1 − (1 − customers_lost / customers_start) ^ (days_per_year / period_days)"
    ),
    "clv_years": "1 / clv_yearly_churn",
    "clv": "clv_annual_revenue × clv_years − cac",
    "first_response_time_mean": "first_response_hours / first_response_tickets",
    "resolution_time_mean": "resolution_hours / resolution_tickets",
    "fcr_rate": "fcr_one_agent / fcr_resolved",
    "resolution_rate": "tickets_resolved / tickets",
    "resolved_to_unresolved": "tickets_resolved / (tickets − tickets_resolved)",
}


def _wilson_readable(p: str, n: str, high: bool) -> str:
    bound = "(p + z²/2n {} z × √(p(1 − p)/n + z²/4n²)) / (1 + z²/n)"
    clamp = (
        f"min(1, max(p, {bound.format('+')}))" if high else f"max(0, min(p, {bound.format('−')}))"
    )
    return f"{clamp}, p = {p}, n = {n}, z = z_crit"


@dataclass(frozen=True)
class Section:
    title: str
    formula: str
    definition: str
    rows: tuple[Input | Output, ...] = ()
    note: str | None = None


def _count(value: Any) -> int:
    return int(value or 0)


def wilson(p: str, n: str, high: bool) -> str:
    """stats.wilson_interval as a formula over the names of the share p = s / n and of n."""
    sign = "+" if high else "-"
    centre = (
        f"({p}+z_crit^2/(2*{n}){sign}z_crit*SQRT({p}*(1-{p})/{n}+z_crit^2/(4*{n}^2)))"
        f"/(1+z_crit^2/{n})"
    )
    # clamp as stats does: the interval lies within 0..1 and contains p
    bound = f"MIN(1,MAX({p},{centre}))" if high else f"MAX(0,MIN({p},{centre}))"
    return f'IF({n}<=0,"",{bound})'


def _interval(
    name: str, p: str, n: str, t: Texts, current: dict[str, Any], key: str, guard: str = ""
) -> tuple[Output, Output]:
    """The Wilson bounds of a rate, as outputs named NAME_ci_low / NAME_ci_high."""
    out = []
    for side, high in (("ci_low", False), ("ci_high", True)):
        formula = wilson(p, n, high)
        if guard:
            formula = f'IF({guard},"",{formula})'
        out.append(
            Output(
                f"{name}_{side}",
                f"{t('calc.' + side)} ({t('calc.wilson')})",
                formula,
                FORMATS[Kind.PERCENT],
                cell_value(Kind.PERCENT, current[f"{key}_{side}"]),
                shown=_wilson_readable(p, n, high),
            )
        )
    return out[0], out[1]


def calculator_sections(
    report: MonthlyReport, t: Texts, lang: str, volume_sheet: str, tracker_sheet: str
) -> tuple[Section, ...]:
    """Every metric as inputs (the month's counts) and formulas, in the registry's order."""
    cur = report.current
    a = cur["counts"]
    pct, count, money = FORMATS[Kind.PERCENT], FORMATS[Kind.COUNT], FORMATS[Kind.MONEY]

    def name(key: str) -> str:
        return METRIC_NAMES.text(lang, key)

    def section(key: str, rows: Iterable[Input | Output], note: str | None = None) -> Section:
        return Section(
            name(key), t(f"formula.{key}"), t(f"definition.{key}"), tuple(rows), note=note
        )

    def hours(avg: float | None, n: int) -> float:
        # the engine keeps the mean and n; their product is the total time the formula starts from
        return 0.0 if avg is None else avg * n / 3600

    def duration(key: str, total: str, n: str) -> Section:
        tickets = _count(a[f"{key}_n"])
        return section(
            key,
            (
                Input(total, t(f"calc.{total}"), hours(a[f"{key}_avg_s"], tickets), "#,##0.00"),
                Input(n, t(f"calc.{n}"), tickets, count),
                Output(
                    f"{key}_mean",
                    t("calc.mean"),
                    f'IF({n}<=0,"",{total}/{n}/24)',  # hours to days: "[h]:mm" shows days
                    FORMATS[Kind.DURATION],
                    cell_value(Kind.DURATION, cur[f"{key}_avg_s"]),
                ),
            ),
            note=t("calc.durations_note", sheet=tracker_sheet),
        )

    nps_p, nps_d, nps_n = _count(a["nps_pos"]), _count(a["nps_neg"]), _count(a["nps_n"])
    spend = a["spend"]
    revenue = a["revenue"]
    return (
        section(
            "nps",
            (
                Input("nps_promoters", t("calc.nps_promoters"), nps_p, count),
                Input("nps_detractors", t("calc.nps_detractors"), nps_d, count),
                Input("nps_answers", t("calc.nps_answers"), nps_n, count),
                Output(
                    "nps_passives",
                    t("calc.nps_passives"),
                    'IF(nps_answers<=0,"",nps_answers-nps_promoters-nps_detractors)',
                    count,
                    nps_n - nps_p - nps_d if nps_n else None,
                ),
                Output(
                    "nps",
                    name("nps"),
                    'IF(nps_answers<=0,"",100*(nps_promoters-nps_detractors)/nps_answers)',
                    FORMATS[Kind.SCORE],
                    cur["nps"],
                ),
                Output(
                    "nps_se",
                    t("calc.nps_se"),
                    'IF(nps_answers<=0,"",SQRT(MAX(0,(nps_promoters+nps_detractors)/nps_answers'
                    "-((nps_promoters-nps_detractors)/nps_answers)^2)/nps_answers))",
                    "0.0000",
                ),
                Output(
                    "nps_ci_low",
                    t("calc.ci_low"),
                    'IF(nps_answers<=0,"",MAX(-100,nps-z_crit*nps_se*100))',
                    FORMATS[Kind.SCORE],
                    cur["nps_ci_low"],
                ),
                Output(
                    "nps_ci_high",
                    t("calc.ci_high"),
                    'IF(nps_answers<=0,"",MIN(100,nps+z_crit*nps_se*100))',
                    FORMATS[Kind.SCORE],
                    cur["nps_ci_high"],
                ),
            ),
        ),
        section(
            "csat",
            (
                Input("csat_satisfied", t("calc.csat_satisfied"), _count(a["csat_pos"]), count),
                Input("csat_answers", t("calc.csat_answers"), _count(a["csat_n"]), count),
                Output(
                    "csat",
                    name("csat"),
                    'IF(csat_answers<=0,"",csat_satisfied/csat_answers)',
                    pct,
                    cell_value(Kind.PERCENT, cur["csat"]),
                ),
                *_interval("csat", "csat", "csat_answers", t, cur, "csat"),
            ),
        ),
        section(
            "ces",
            (
                Input("ces_easy", t("calc.ces_easy"), _count(a["ces_pos"]), count),
                Input("ces_answers", t("calc.ces_answers"), _count(a["ces_n"]), count),
                Output(
                    "ces",
                    name("ces"),
                    'IF(ces_answers<=0,"",ces_easy/ces_answers)',
                    pct,
                    cell_value(Kind.PERCENT, cur["ces"]),
                ),
                *_interval("ces", "ces", "ces_answers", t, cur, "ces"),
            ),
        ),
        section("ticket_categories", (), note=t("calc.see_sheet", sheet=volume_sheet)),
        section("ticket_volume", (), note=t("calc.see_sheet", sheet=volume_sheet)),
        section(
            "retention_rate",
            (
                Input(
                    "customers_start",
                    t("label.customers_start"),
                    _count(a["customers_start"]),
                    count,
                ),
                Input("customers_end", t("label.customers_end"), _count(a["customers_end"]), count),
                Input(
                    "customers_acquired",
                    t("label.customers_acquired"),
                    _count(a["customers_acquired"]),
                    count,
                ),
                Output(
                    "retention_rate",
                    name("retention_rate"),
                    'IF(customers_start<=0,"",(customers_end-customers_acquired)/customers_start)',
                    pct,
                    cell_value(Kind.PERCENT, cur["retention_rate"]),
                ),
                # the interval treats E - N of S as retained customers, when that is a count
                # of them (formulas.retention_rate)
                *_interval(
                    "retention_rate",
                    "retention_rate",
                    "customers_start",
                    t,
                    cur,
                    "retention_rate",
                    guard="OR(customers_end-customers_acquired<0,"
                    "customers_end-customers_acquired>customers_start)",
                ),
            ),
        ),
        section(
            "churn_rate",
            (
                Input(
                    "customers_lost", t("label.customers_lost"), _count(a["customers_lost"]), count
                ),
                Output(
                    "churn_rate",
                    name("churn_rate"),
                    'IF(customers_start<=0,"",customers_lost/customers_start)',
                    pct,
                    cell_value(Kind.PERCENT, cur["churn_rate"]),
                ),
                *_interval("churn_rate", "churn_rate", "customers_start", t, cur, "churn_rate"),
            ),
        ),
        section(
            "cac",
            (
                Input("spend", t("label.spend"), spend, money),
                Output(
                    "cac",
                    name("cac"),
                    'IF(OR(spend="",customers_acquired<=0),"",spend/customers_acquired)',
                    money,
                    cur["cac"],
                ),
            ),
        ),
        section(
            "clv",
            (
                Input("revenue", t("label.revenue"), revenue, money),
                Input("period_days", t("calc.period_days"), a["window_days"], count),
                Output(
                    "clv_avg_customers",
                    t("calc.avg_customers"),
                    'IF(customers_start+customers_end<=0,"",(customers_start+customers_end)/2)',
                    "#,##0.0",
                ),
                Output(
                    "clv_annual_revenue",
                    t("calc.annual_revenue"),
                    'IF(OR(revenue="",clv_avg_customers="",period_days<=0),"",'
                    "revenue/clv_avg_customers*days_per_year/period_days)",
                    money,
                ),
                Output(
                    "clv_yearly_churn",
                    t("calc.yearly_churn"),
                    'IF(OR(customers_start<=0,period_days<=0),"",'
                    "1-(1-MIN(customers_lost/customers_start,1))^(days_per_year/period_days))",
                    "0.00%",
                ),
                Output(
                    "clv_years",
                    t("calc.years"),
                    # no churn: the relationship length cannot be estimated
                    'IF(OR(clv_yearly_churn="",customers_lost<=0),"",1/clv_yearly_churn)',
                    "0.00",
                ),
                Output(
                    "clv",
                    name("clv"),
                    'IF(OR(clv_annual_revenue="",clv_years=""),"",'
                    'clv_annual_revenue*clv_years-IF(cac="",0,cac))',
                    money,
                    cur["clv"],
                ),
            ),
        ),
        duration("first_response_time", "first_response_hours", "first_response_tickets"),
        duration("resolution_time", "resolution_hours", "resolution_tickets"),
        section(
            "fcr_rate",
            (
                Input("fcr_one_agent", t("calc.fcr_one_agent"), _count(a["fcr_pos"]), count),
                Input("fcr_resolved", t("calc.fcr_resolved"), _count(a["fcr_n"]), count),
                Output(
                    "fcr_rate",
                    name("fcr_rate"),
                    'IF(fcr_resolved<=0,"",fcr_one_agent/fcr_resolved)',
                    pct,
                    cell_value(Kind.PERCENT, cur["fcr_rate"]),
                ),
                *_interval("fcr_rate", "fcr_rate", "fcr_resolved", t, cur, "fcr_rate"),
            ),
        ),
        section(
            "resolution_rate",
            (
                Input("tickets", t("calc.tickets"), _count(a["ticket_volume"]), count),
                Input("tickets_resolved", t("calc.tickets_resolved"), _count(a["resolved"]), count),
                Output(
                    "resolution_rate",
                    name("resolution_rate"),
                    'IF(tickets<=0,"",tickets_resolved/tickets)',
                    pct,
                    cell_value(Kind.PERCENT, cur["resolution_rate"]),
                ),
                *_interval(
                    "resolution_rate", "resolution_rate", "tickets", t, cur, "resolution_rate"
                ),
                Output(
                    "resolved_to_unresolved",
                    t("label.resolved_to_unresolved"),
                    'IF(tickets-tickets_resolved<=0,"",tickets_resolved/(tickets-tickets_resolved))',
                    FORMATS[Kind.RATIO],
                    cur["resolved_to_unresolved"],
                ),
            ),
        ),
        section("channels", (), note=t("calc.see_sheet", sheet=volume_sheet)),
    )


CONSTANTS = (
    ("z_crit", "calc.z_crit", Z95, "0.000000"),
    ("days_per_year", "calc.days_per_year", DAYS_PER_YEAR, "0.00"),
)
CALC_HEADER_ROW = 6
CALC_WIDTHS = {1: 48, 2: 14, 3: 14, 4: 96}


def _paragraph(
    ws: Worksheet, row: int, text: str, last_col: int, lang: str, font: Font = NOTE
) -> None:
    """A wrapped text across columns A..last_col, its row tall enough for it.

    Neither Excel nor LibreOffice grows a merged row to fit: estimate the lines (counting
    characters overestimates Khmer and Thai, whose marks take no width: too tall, never cut).
    """
    c = ws.cell(row, 1, text)
    c.font = font
    c.alignment = WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    per_line = sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, last_col + 1))
    lines = -(-len(text) // int(per_line * 1.1))
    line = 21 if lang in TALL_SCRIPTS else 15
    ws.row_dimensions[row].height = line * max(1, lines) + 3


def _calculator(
    wb: Workbook,
    ws: Worksheet,
    report: MonthlyReport,
    t: Texts,
    lang: str,
    volume_sheet: str,
    tracker_sheet: str,
) -> None:
    month = formatting.month(report.month, lang)
    last_col = len(CALC_WIDTHS)
    _widths(ws, CALC_WIDTHS)
    _heading(ws, report, t, lang, t("calc.heading"))
    _paragraph(ws, 4, t("calc.how", month=month), last_col, lang)
    _header(
        ws,
        CALC_HEADER_ROW,
        [
            t("calc.col.item"),
            t("calc.col.value"),
            t("calc.col.cxm", month=month),
            t("calc.col.formula"),
        ],
    )
    ws.row_dimensions[CALC_HEADER_ROW].height = 32
    # inputs are counts, days and amounts: none is negative
    inputs = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    ws.add_data_validation(inputs)
    row = CALC_HEADER_ROW + 1

    def define(name: str, r: int) -> None:
        ref = f"{quote_sheetname(ws.title)}!$B${r}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)

    def section_row(title: str, formula: str) -> None:
        nonlocal row
        for col in range(1, last_col + 1):
            ws.cell(row, col).fill = SECTION_FILL
        ws.cell(row, 1, title).font = BOLD
        ws.cell(row, 4, formula).font = BOLD
        row += 1

    section_row(t("calc.constants"), "")
    for name, label, value, fmt in CONSTANTS:
        ws.cell(row, 1, t(label)).alignment = Alignment(indent=1)
        c = ws.cell(row, 2, value)
        c.number_format = fmt
        c.border = BOX
        ws.cell(row, 4, name).font = NOTE
        define(name, row)
        row += 1
    for sec in calculator_sections(report, t, lang, volume_sheet, tracker_sheet):
        row += 1
        section_row(sec.title, sec.formula)
        _paragraph(ws, row, sec.definition, last_col, lang, font=Font(color="404040"))
        row += 1
        for item in sec.rows:
            ws.cell(row, 1, item.label).alignment = Alignment(indent=1)
            if isinstance(item, Input):
                c = ws.cell(row, 2, item.value)
                c.fill = INPUT_FILL
                c.font = INPUT_FONT
                inputs.add(c)
                shown = ws.cell(row, 4, item.name)
                shown.font = NOTE
                shown.alignment = Alignment(indent=1)
            else:
                c = ws.cell(row, 2, f"={item.formula}")
                c.fill = OUTPUT_FILL
                c.font = BOLD
                cxm = ws.cell(row, 3, item.cxm)
                cxm.number_format = item.fmt
                cxm.font = NOTE
                shown = ws.cell(row, 4, f"{item.name} = {item.shown or READABLE[item.name]}")
                shown.font = NOTE
                shown.alignment = Alignment(indent=1)
            c.number_format = item.fmt
            c.border = BOX
            define(item.name, row)
            row += 1
        if sec.note:
            ws.cell(row, 1, sec.note).font = NOTE
            row += 1
    ws.freeze_panes = ws.cell(CALC_HEADER_ROW + 1, 1)

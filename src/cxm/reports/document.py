"""The monthly report as one standalone HTML page, and as an A4 PDF made from it.

Every number comes from the `MonthlyReport` (the metrics engine); this module only words and
lays it out. The HTML carries its CSS and charts inline and loads nothing; the PDF is drawn by
WeasyPrint from the same page, with a fetcher that refuses every URL, so rendering never
touches the network. Fonts are named by family (Noto, Khmer OS, TLWG): WeasyPrint embeds the
installed ones that the text uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cxm.charts import Series, bar_chart, line_chart
from cxm.charts.printing import lift_text
from cxm.i18n import formatting as fmt
from cxm.i18n.catalogue import LANGUAGES, Texts
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.metrics.definitions import BREAKDOWNS, METRICS, Metric, Unit
from cxm.metrics.loyalty import CHURNER_WARNING, WILDCARD_WARNING, Quadrant
from cxm.metrics.stages import MIN_ANSWERS
from cxm.metrics.stats import count_change_z
from cxm.reports.monthly import MonthlyReport
from cxm.reports.texts import REPORT_TEXTS

_CSAT = next(m for m in METRICS if m.key == "csat")
CSAT_LOW, CSAT_HIGH = _CSAT.benchmark or (60.0, 80.0)  # benchmark bands (domain.md section 1)
VIP_SHOWN = 10  # VIP-support customers listed to call first
VOLUME_LINES = 6  # categories drawn one by one; the rest are summed as "other"
SPIKE_MONTHS = 3  # a month is compared with the average of this many months before it
SPIKE_Z = 3.0  # stricter than 1.96: every category and month is tested at once
CHART_WIDTH = 640  # px; fits the A4 text width
QUADRANTS = (Quadrant.VIP_SUPPORT, Quadrant.ADVOCATES, Quadrant.CHURNERS, Quadrant.WILDCARDS)


# -- what the template shows ------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    key: str
    name: str
    raw: float | None  # the engine's number, for machine checks (data-value)
    value: str
    detail: str  # under the value: the 90th percentile of a duration
    interval: str
    n: str
    change: str
    previous: str
    noise: str  # "beyond", "within" or "" (no sampling model)
    tone: str  # "better", "worse" or ""
    band: str = ""  # the CSAT benchmark band
    band_class: str = ""


@dataclass(frozen=True)
class Spike:
    category: str
    index: int  # into the tracked months
    count: int
    baseline: float  # average of the months before


@dataclass(frozen=True)
class QuadrantCell:
    key: str
    name: str
    hint: str
    share: str
    count: int
    warn: bool


@dataclass
class Page:
    """Everything the template needs, already worded in the report's language."""

    lang: str
    t: Texts
    title: str
    subtitle: str
    generated: str
    previous_month: str
    headline: list[MetricRow]
    charts: dict[str, Markup] = field(default_factory=dict)
    spikes: list[str] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    loyalty: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, Any] = field(default_factory=dict)
    segments: dict[str, Any] | None = None
    definitions: list[dict[str, str]] = field(default_factory=list)
    page_css: str = ""  # CSS, escaped for its place: see _page_css


# -- entry points -----------------------------------------------------------------------------


def render_html(report: MonthlyReport, lang: str = "en") -> str:
    """The report as a standalone HTML page (inline CSS and SVG, nothing loaded)."""
    return _render(report, lang, printing=False)


def render_pdf(report: MonthlyReport, lang: str = "en") -> bytes:
    """The report as an A4 PDF with page numbers and the fonts of its scripts embedded."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = _render(report, lang, printing=True)
    # No protocol allowed: nothing is fetched, whatever a text contains.
    offline = URLFetcher(allowed_protocols=(), timeout=1)
    pdf = HTML(string=html, url_fetcher=offline).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _render(report: MonthlyReport, lang: str, printing: bool) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    page = build_page(report, lang, printing)
    return (
        _environment()
        .get_template("report.html")
        .render(page=page, t=page.t, css=Markup(_css()), printing=printing)
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("cxm.reports", "templates"),
        autoescape=select_autoescape(("html",), default=True),  # names come from customers
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _css() -> str:
    return files("cxm.reports").joinpath("templates/report.css").read_text(encoding="utf-8")


# -- building the page ------------------------------------------------------------------------


def build_page(report: MonthlyReport, lang: str, printing: bool = False) -> Page:
    t = REPORT_TEXTS.for_language(lang)
    month = fmt.month(report.month, lang)
    previous = report.months[-2] if len(report.months) > 1 else None
    page = Page(
        lang=lang,
        t=t,
        title=t("title"),
        subtitle=t("subtitle", company=report.company, month=month),
        generated=t("generated", when=fmt.moment(report.generated_at, lang)),
        previous_month=fmt.month(previous, lang) if previous else "",
        headline=[metric_row(m, report, lang, t) for m in METRICS],
    )
    show: Callable[[Markup], Markup] = lift_text if printing else (lambda svg: svg)
    _trend_charts(page, report, lang, t, show)
    _volume(page, report, lang, t, show)
    _loyalty(page, report, lang, t)
    _stages(page, report, lang, t, show)
    if report.by:
        page.segments = _segments(report, lang, t)
    page.definitions = _definitions(lang)
    page.page_css = _page_css(
        t("subtitle", company=report.company, month=month), t("page", page="\0", pages="\1")
    )
    return page


def value_text(unit: Unit, value: float | None, lang: str) -> str:
    """A metric's number as the report writes it."""
    return fmt.by_unit(value, unit, lang)


def change_text(unit: Unit, delta: float | None, lang: str, t: Texts) -> str:
    if delta is None:
        return fmt.DASH
    if unit is Unit.PERCENT:
        return t("points", value=fmt.signed(delta, lang))
    if unit is Unit.NPS:
        return fmt.signed(delta, lang)
    sign = "+" if delta >= 0 else "\u2212"
    if unit is Unit.SECONDS:
        return sign + fmt.duration(abs(delta), lang)
    if unit is Unit.MONEY:
        return sign + fmt.money(abs(delta), lang)
    return fmt.signed(delta, lang, 0)


def benchmark_band(metric: Metric, value: float | None, lang: str, t: Texts) -> tuple[str, str]:
    """The benchmark band of a value (text, class): CSAT's 60 / 80 %; empty without one."""
    if value is None or metric.benchmark is None:
        return "", ""
    below, above = metric.benchmark
    low, high = fmt.number(below, lang), fmt.number(above, lang)
    if value > above:
        return t("band_good", high=high), "good"
    if value < below:
        return t("band_poor", low=low), "poor"
    return t("band_fair", low=low, high=high), "fair"


def metric_row(metric: Metric, report: MonthlyReport, lang: str, t: Texts) -> MetricRow:
    row = report.current
    key = metric.key
    value = row.get(metric.value_key)
    interval = ""
    low, high = row.get(f"{key}_ci_low"), row.get(f"{key}_ci_high")
    if low is not None and high is not None:
        interval = f"{fmt.number(low, lang, 1)} – {fmt.number(high, lang, 1)}"
        if metric.unit is Unit.PERCENT:
            interval += "\u00a0%"
    n = row.get(metric.n_key) if metric.n_key else None
    detail = ""
    if metric.unit is Unit.SECONDS:
        p90 = row.get(f"{key}_p90_s")
        if p90 is not None:
            detail = t("within_90", value=fmt.duration(p90, lang))
    change = report.changes.get(key)
    noise = tone = ""
    if change is not None and change.z is not None:
        noise = "beyond" if change.significant else "within"
        if change.significant and change.delta and metric.higher_is_better is not None:
            tone = "better" if (change.delta > 0) == metric.higher_is_better else "worse"
    band, band_class = benchmark_band(metric, value, lang, t)
    return MetricRow(
        key=key,
        name=METRIC_NAMES.text(lang, key),
        raw=value,
        value=value_text(metric.unit, value, lang),
        detail=detail,
        interval=interval,
        n=fmt.number(n, lang) if n is not None else "",
        change=change_text(metric.unit, change.delta if change else None, lang, t),
        previous=(
            t("previous", value=value_text(metric.unit, change.previous, lang))
            if change is not None and change.previous is not None
            else ""
        ),
        noise=noise,
        tone=tone,
        band=band,
        band_class=band_class,
    )


def _chart_number(lang: str) -> Callable[[float], str]:
    def show(v: float) -> str:
        return fmt.number(v, lang, 0 if float(v).is_integer() or abs(v) >= 100 else 1)

    return show


def _trend_charts(
    page: Page, report: MonthlyReport, lang: str, t: Texts, show: Callable[[Markup], Markup]
) -> None:
    labels = [fmt.month_short(m, lang) for m in report.months]
    number = _chart_number(lang)
    low, high = fmt.number(CSAT_LOW, lang), fmt.number(CSAT_HIGH, lang)
    guides = {
        "csat": [(CSAT_HIGH, t("guide_good", value=high)), (CSAT_LOW, t("guide_low", value=low))]
    }
    for key in ("csat", "nps", "ces"):
        series = Series(
            METRIC_NAMES.text(lang, key),
            [r.get(key) for r in report.tracker],
            band=[(r.get(f"{key}_ci_low"), r.get(f"{key}_ci_high")) for r in report.tracker],
        )
        page.charts[key] = show(
            line_chart(
                labels,
                [series],
                title=t(f"chart_{key}"),
                guides=guides.get(key, ()),
                value_format=number,
                width=CHART_WIDTH,
                height=200,
            )
        )
    for key, title in (
        ("first_response_time", "chart_first_response"),
        ("resolution_time", "chart_resolution"),
    ):
        series_ = [
            Series(t(name), [_hours(r.get(f"{key}_{name}_s")) for r in report.tracker])
            for name in ("median", "p90")
        ]
        page.charts[key] = show(
            line_chart(
                labels, series_, title=t(title), value_format=number, width=CHART_WIDTH, height=200
            )
        )
    total = sum(count for _, count in report.channels)
    items: list[tuple[str, float, str | None]] = [
        (name, 100 * count / total, None) for name, count in report.channels
    ]
    page.charts["channels"] = show(
        bar_chart(
            items,
            title=t("chart_channels", month=fmt.month(report.month, lang)),
            value_format=lambda v: fmt.percent(v, lang),
            width=CHART_WIDTH,
        )
    )


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def spikes(months: tuple[date, ...], volume: Mapping[str, tuple[int, ...]]) -> list[Spike]:
    """Months in which a category rose beyond noise above the average of the months before.

    Months before the first with any ticket are before the data began, not quiet months.
    """
    totals = [sum(counts[i] for counts in volume.values()) for i in range(len(months))]
    start = next((i for i, total in enumerate(totals) if total > 0), len(months))
    found = []
    for category, counts in volume.items():
        for i in range(start + 1, len(months)):
            before = counts[max(start, i - SPIKE_MONTHS) : i]
            baseline = sum(before) / len(before)
            z = count_change_z(round(baseline), counts[i])
            if z is not None and z > SPIKE_Z:
                found.append(Spike(category, i, counts[i], baseline))
    return sorted(found, key=lambda s: (s.index, -s.count))


def _category_name(name: str, t: Texts) -> str:
    return t("no_category") if name == "(none)" else name


def _volume(
    page: Page, report: MonthlyReport, lang: str, t: Texts, show: Callable[[Markup], Markup]
) -> None:
    labels = [fmt.month_short(m, lang) for m in report.months]
    shown = [c for c in report.categories if sum(report.volume[c])]
    rest: list[str] = []
    if len(shown) > VOLUME_LINES:
        shown, rest = shown[: VOLUME_LINES - 1], shown[VOLUME_LINES - 1 :]
    # months before the first ticket are before the data began: gaps, not zeros
    totals = [sum(counts[i] for counts in report.volume.values()) for i in range(len(labels))]
    start = next((i for i, total in enumerate(totals) if total), len(labels))

    def line(counts: list[int]) -> list[float | None]:
        return [None if i < start else float(v) for i, v in enumerate(counts)]

    series = [Series(_category_name(c, t), line(list(report.volume[c]))) for c in shown]
    if rest:
        summed = [sum(report.volume[c][i] for c in rest) for i in range(len(labels))]
        series.append(Series(t("other_categories"), line(summed)))
    found = spikes(report.months, report.volume)
    page.charts["volume"] = show(
        line_chart(
            labels,
            series,
            title=t("chart_volume"),
            marks=sorted({s.index for s in found}),
            value_format=_chart_number(lang),
            y_min=0,
            width=CHART_WIDTH,
            height=260,
        )
    )
    page.spikes = [
        t(
            "spike_line",
            category=_category_name(s.category, t),
            month=fmt.month(report.months[s.index], lang),
            count=fmt.number(s.count, lang),
            baseline=fmt.number(s.baseline, lang, 1),
        )
        for s in found
    ]
    last = len(report.months) - 1
    spiked = {s.category for s in found if s.index == last}
    page.categories = [
        {
            "name": _category_name(c, t),
            "count": fmt.number(report.volume[c][last], lang),
            "raw": report.volume[c][last],
            "previous": fmt.number(report.volume[c][last - 1], lang) if last else fmt.DASH,
            "change": fmt.signed(report.volume[c][last] - report.volume[c][last - 1], lang, 0)
            if last
            else fmt.DASH,
            "spike": c in spiked,
        }
        for c in report.categories
        if report.volume[c][last] or (last and report.volume[c][last - 1])
    ]


def _loyalty(page: Page, report: MonthlyReport, lang: str, t: Texts) -> None:
    m = report.loyalty
    churners, wildcards = m.share(Quadrant.CHURNERS), m.share(Quadrant.WILDCARDS)
    limit_c = fmt.percent(CHURNER_WARNING, lang, 0)
    limit_w = fmt.percent(WILDCARD_WARNING, lang, 0)
    cells = [
        QuadrantCell(
            key=q.value,
            name=t(f"q_{q.value}"),
            hint=t(f"hint_{q.value}"),
            share=t("share_count", share=fmt.percent(m.share(q), lang), count=m.counts[q]),
            count=m.counts[q],
            warn=(q is Quadrant.CHURNERS and churners is not None and churners > CHURNER_WARNING)
            or (q is Quadrant.WILDCARDS and wildcards is not None and wildcards > WILDCARD_WARNING),
        )
        for q in QUADRANTS
    ]
    notes: list[tuple[str, bool]] = []  # (text, is a warning)
    if churners is not None:
        shown_c = fmt.percent(churners, lang, fmt.digits_apart(churners, CHURNER_WARNING))
        if churners > CHURNER_WARNING:
            notes.append((t("warn_churners", share=shown_c, limit=limit_c), True))
        else:
            notes.append((t("ok_churners", share=shown_c, limit=limit_c), False))
    if wildcards is not None and wildcards > WILDCARD_WARNING:
        shown_w = fmt.percent(wildcards, lang, fmt.digits_apart(wildcards, WILDCARD_WARNING))
        notes.append((t("warn_wildcards", share=shown_w, limit=limit_w), True))
    vip = [
        {
            "name": p.name or p.customer_id,
            "id": p.customer_id,
            "email": p.email or "",
            "nps": fmt.number(p.nps_score, lang) if p.nps_score is not None else fmt.DASH,
            "csat": t(
                "satisfied_of",
                satisfied=fmt.number(p.csat_satisfied, lang),
                answers=fmt.number(p.csat_answers, lang),
            ),
        }
        for p in m.vip_support[:VIP_SHOWN]
    ]
    page.loyalty = {
        "intro": t("loyalty_intro", days=m.window_days, day=fmt.day(m.at, lang)),
        "cells": cells,
        "placed": t(
            "placed",
            placed=fmt.number(m.placed, lang),
            customers=fmt.number(m.customers, lang),
            unplaced=fmt.percent(m.unplaced_share, lang),
        ),
        "notes": notes,
        "vip": vip,
        "vip_intro": t("vip_intro", shown=len(vip), total=fmt.number(len(m.vip_support), lang)),
    }


def _stage_name(stage: str | None, t: Texts) -> str:
    return t("no_stage") if stage is None else stage


def _stages(
    page: Page, report: MonthlyReport, lang: str, t: Texts, show: Callable[[Markup], Markup]
) -> None:
    s = report.stages
    rows = [
        {
            "name": _stage_name(st.stage, t),
            "csat": fmt.percent(st.csat, lang),
            "raw": st.csat,
            "interval": (
                f"{fmt.number(st.ci_low, lang, 1)} – {fmt.number(st.ci_high, lang, 1)}\u00a0%"
                if st.ci_low is not None and st.ci_high is not None
                else ""
            ),
            "n": fmt.number(st.n, lang),
            "strongest": st.stage == s.strongest and s.strongest is not None,
            "weakest": st.stage == s.weakest and s.weakest is not None,
        }
        for st in s.stages
    ]
    notes = []
    if not s.stages:
        notes.append(t("no_stages"))
    elif s.strongest is None or s.weakest is None:
        notes.append(t("stages_too_few", n=MIN_ANSWERS))
    else:
        by_stage = {st.stage: st for st in s.stages}
        notes.append(
            t("strongest", stage=s.strongest, csat=fmt.percent(by_stage[s.strongest].csat, lang))
        )
        notes.append(
            t("weakest", stage=s.weakest, csat=fmt.percent(by_stage[s.weakest].csat, lang))
        )
        notes.append(t("gap_beyond" if s.gap_significant else "gap_within"))
    chart = Markup("")
    if s.stages:
        chart = show(
            bar_chart(
                [(_stage_name(st.stage, t), st.csat or 0.0, None) for st in s.stages],
                title=t("stages"),
                value_format=lambda v: fmt.percent(v, lang),
                width=CHART_WIDTH,
            )
        )
    page.stages = {"rows": rows, "notes": notes, "chart": chart}


# (key, unit, key of its n, header: a text key, a metric name key, or the text itself)
SEGMENT_COLUMNS: tuple[tuple[str, Unit, str | None, str], ...] = (
    ("ticket_volume", Unit.COUNT, None, "t:col_tickets"),
    ("csat", Unit.PERCENT, "csat_n", "CSAT"),
    ("nps", Unit.NPS, "nps_n", "NPS"),
    ("ces", Unit.PERCENT, "ces_n", "CES"),
    ("first_response_time_median_s", Unit.SECONDS, None, "t:seg_first_response"),
    ("resolution_time_median_s", Unit.SECONDS, None, "t:seg_resolution"),
    ("fcr_rate", Unit.PERCENT, None, "FCR"),
    ("resolution_rate", Unit.PERCENT, None, "m:resolution_rate"),
)


def _header(spec: str, lang: str, t: Texts) -> str:
    kind, _, key = spec.partition(":")
    if kind == "t":
        return t(key)
    if kind == "m":
        return METRIC_NAMES.text(lang, key)
    return spec


def _segments(report: MonthlyReport, lang: str, t: Texts) -> dict[str, Any]:
    by = report.by or ""
    headers = [_header(spec, lang, t) for *_, spec in SEGMENT_COLUMNS]
    ordered = sorted(
        report.segments,
        key=lambda r: (-(r.get("ticket_volume") or 0), -(r.get("csat_n") or 0), str(r.get(by))),
    )
    rows = []
    for r in ordered:
        cells = []
        for key, unit, n_key, _ in SEGMENT_COLUMNS:
            text = value_text(unit, r.get(key), lang)
            n = r.get(n_key) if n_key else None
            cells.append({"key": key, "text": text, "n": fmt.number(n, lang) if n else ""})
        name = r.get(by)
        rows.append({"name": fmt.DASH if name is None else str(name), "cells": cells})
    return {"title": t("segments", dimension=by), "dimension": by, "headers": headers, "rows": rows}


def _definitions(lang: str) -> list[dict[str, str]]:
    entries = [(m.number, m.key, m.title, m.formula, m.definition) for m in METRICS] + [
        (b.number, b.key, b.title, b.formula, b.definition) for b in BREAKDOWNS
    ]
    return [
        {
            "number": str(number),
            "key": key,
            "name": METRIC_NAMES.text(lang, key),
            "title": title,
            "formula": formula,
            "definition": definition,
        }
        for number, key, title, formula, definition in sorted(entries)
    ]


def css_string(text: str) -> str:
    """A CSS string literal of any text: quotes, backslashes, line ends and '<' escaped (the
    CSS sits in a <style> element, which '</style' would end)."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _page_css(header: str, page_of: str) -> Markup:
    """The running header (company and month) and the page numbers, worded per language;
    `page_of` has \\0 and \\1 where the page number and the page count go."""
    parts: list[str] = []
    for i, piece in enumerate(page_of.replace("\1", "\0").split("\0")):
        if piece:
            parts.append(css_string(piece))
        if i == 0:
            parts.append("counter(page)")
        elif i == 1:
            parts.append("counter(pages)")
    return Markup(
        f"@page {{ @top-left {{ content: {css_string(header)}; }} "
        f"@bottom-right {{ content: {' '.join(parts)}; }} }}"
    )

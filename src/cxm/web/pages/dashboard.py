"""The dashboard: overview, trends, loyalty map, journey, comments, customers, and the rows
behind every number with their exports. Everything here needs a signed-in user (viewer or
above); every number and chart point links to its rows."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException, Request
from starlette.background import BackgroundTask
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from cxm.analytics.replica import Replica
from cxm.charts import Point, Series, bar_chart, line_chart, quadrant_chart, sparkline
from cxm.customers.timeline import CustomerNotFound, customer_timeline
from cxm.dashboard import drill as drills
from cxm.dashboard.cache import RESULTS
from cxm.dashboard.filters import filter_menus, latest_day
from cxm.dashboard.loyalty import loyalty_as_of
from cxm.dashboard.overview import overview
from cxm.dashboard.trends import trends
from cxm.dashboard.view import GRAINS, RESERVED, View, ViewError, parse_view
from cxm.i18n import formatting as fmt
from cxm.i18n.catalogue import negotiate
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.i18n.ui import UI
from cxm.metrics.definitions import METRICS, Unit
from cxm.metrics.engine import MetricsError
from cxm.metrics.loyalty import (
    CHURNER_WARNING,
    WILDCARD_WARNING,
    LoyaltyRules,
    Placements,
    Quadrant,
)
from cxm.metrics.periods import next_period
from cxm.metrics.segments import Segments
from cxm.metrics.stages import stage_csat
from cxm.notices.service import chart_shade
from cxm.reports.monthly import build_monthly
from cxm.reports.render import FORMATS, MEDIA_TYPES, render_report
from cxm.users.service import User
from cxm.web.auth import require
from cxm.web.deps import state
from cxm.web.language import LANG_COOKIE, LANG_MAX_AGE_S
from cxm.web.language import request_language as _lang
from cxm.web.staff import path_part, staff_page

router = APIRouter(include_in_schema=False)


@contextmanager
def _analytics(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with Replica(state(request).settings).fresh() as con:
        yield con


def _view(request: Request, con: duckdb.DuckDBPyConnection) -> View:
    segments = Segments(con)
    allowed = dict.fromkeys(segments.available())
    try:
        return parse_view(list(request.query_params.multi_items()), latest_day(con), allowed)
    except ViewError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def _number(value: float | None, unit: Unit, lang: str) -> str:
    return fmt.by_unit(value, unit, lang)


def _delta(value: float | None, unit: Unit, lang: str) -> str:
    if value is None:
        return fmt.DASH
    if unit is Unit.SECONDS:
        return ("+" if value >= 0 else "\u2212") + fmt.duration(abs(value), lang)
    if unit is Unit.MONEY:
        return fmt.signed(value, lang, 2)
    return fmt.signed(value, lang, 0 if unit is Unit.COUNT else 1)


def _page(
    request: Request, name: str, user: User, lang: str, view: View | None, **context: Any
) -> Response:
    return staff_page(request, name, user, UI, view, **context)


def _month_labels(periods: tuple[str, ...], view: View, lang: str) -> list[str]:
    out = []
    for p in periods:
        d = date.fromisoformat(p)
        out.append(fmt.month_short(d, lang) if view.grain.value in ("month", "quarter")
                   else fmt.day(d, lang))  # fmt: skip
    return out


def _period_view(view: View, period: str, first: date, last: date) -> View:
    """One period of a chart, clipped to the charted range: the rows behind its point."""
    start = date.fromisoformat(period)
    end = next_period(start, view.grain) - timedelta(days=1)
    return View(max(start, first), min(end, last), view.grain, view.filters)


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    with _analytics(request) as con:
        view = _view(request, con)
        try:
            found = overview(con, view)
        except MetricsError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        menus = filter_menus(con, view)
    t = UI.for_language(lang)
    cards = []
    for card in found.cards:
        unit = card.metric.unit
        labels = [p for p in card.spark_periods]
        cards.append(
            {
                "card": card,
                "value": _number(card.value, unit, lang),
                "delta": _delta(card.change.delta, unit, lang),
                "ci": (
                    t(
                        "ci",
                        low=_number(card.ci[0], unit, lang),
                        high=_number(card.ci[1], unit, lang),
                    )
                    if card.ci
                    else None
                ),
                "spark": sparkline(
                    [None if v is None else float(v) for v in card.spark],
                    label=f"{METRIC_NAMES.text(lang, card.metric.key)}: {', '.join(labels[-3:])}",
                ),
                "rows_url": view.url("/dashboard/rows", metric=card.metric.key),
            }
        )
    previous = view.previous()
    return _page(
        request,
        "dashboard/overview.html",
        user,
        lang,
        view,
        title=t("overview_title"),
        cards=cards,
        breakdowns=found.breakdowns,
        menus=menus,
        grains=GRAINS,
        previous=previous,
        report_month=view.last.strftime("%Y-%m"),
        formats=FORMATS,
    )


@router.get("/dashboard/trends")
def trends_page(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    with _analytics(request) as con:
        view = _view(request, con)
        try:
            found = trends(con, view)
        except MetricsError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        menus = filter_menus(con, view)
    labels = _month_labels(found.periods, view, lang)
    app = state(request)  # incidents shade the periods they overlap
    incident = chart_shade(
        app.engine, app.settings, found.periods, view.grain, found.last, app.clock.now()
    )

    def links(metric: str, rows: str | None = None, **extra: str) -> list[str | None]:
        return [
            _period_view(view, p, found.first, found.last).url(
                "/dashboard/rows", metric=metric, rows=rows, **extra
            )
            for p in found.periods
        ]

    scores = {
        key: line_chart(
            labels,
            [Series(METRIC_NAMES.text(lang, key), found.series(key), found.band(key), links(key))],
            title=METRIC_NAMES.text(lang, key),
            y_min=-100 if key == "nps" else 0,
            y_max=100,
            guides=((60.0, "60"), (80.0, "80")) if key == "csat" else (),
            value_format=lambda v: fmt.number(v, lang, 1),
            shade=incident,
        )
        for key in ("csat", "nps", "ces")
    }
    top = list(found.categories.items())[:8]
    marks = sorted({i for name, _ in top for i in found.category_spikes.get(name, ())})
    volume = line_chart(
        labels,
        [
            Series(
                name, [float(v) for v in values], None, links("ticket_categories", category=name)
            )
            for name, values in top
        ],
        title=t("volume_by_category"),
        y_min=0,
        marks=marks,
        shade=incident,
        value_format=lambda v: fmt.number(v, lang),
    )
    spike_items = [
        f"{name} ({labels[i]})" for name, _ in top for i in found.category_spikes.get(name, ())
    ]
    times = line_chart(
        labels,
        [
            Series(
                f"{METRIC_NAMES.text(lang, key)} · {t(q)}",
                [None if v is None else v / 3600 for v in found.series(f"{key}_{q}_s")],
                None,
                links(key),
            )
            for key in ("first_response_time", "resolution_time")
            for q in ("median", "p90")
        ],
        title=t("times"),
        y_min=0,
        value_format=lambda v: fmt.hours(v, lang),
    )
    totals = {name: sum(values) for name, values in found.channels.items()}
    everything = sum(totals.values())
    channels = bar_chart(
        [
            (
                name,
                100 * count / everything,
                view.url("/dashboard/rows", metric="channels", channel=name),
            )
            for name, count in totals.items()
        ]
        if everything
        else [],
        title=t("channel_mix"),
        value_format=lambda v: fmt.percent(v, lang),
    )
    return _page(
        request,
        "dashboard/trends.html",
        user,
        lang,
        view,
        title=t("trends_title"),
        scores=scores,
        volume=volume,
        spike_items=spike_items,
        times=times,
        channels=channels,
        menus=menus,
        grains=GRAINS,
    )


@router.get("/dashboard/loyalty")
def loyalty_page(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    with _analytics(request) as con:
        view = _view(request, con)
        found = loyalty_as_of(con, state(request).settings, view.last)
    points = [
        Point(
            100 * p.csat_satisfied / p.csat_answers,
            min(10.0, max(0.0, p.nps_score + _jitter(p.customer_id))),
            p.customer_id,
            "/dashboard/customers/" + path_part(p.customer_id),
        )
        for p in found.placements.placed().spread(CHART_POINTS)
        if p.nps_score is not None
    ]
    chart = quadrant_chart(
        points,
        x_cut=50.0,
        y_cut=8.5,
        x_label="CSAT %",
        y_label="NPS",
        quadrant_labels=(
            t("quadrant_vip_support"),
            t("quadrant_advocates"),
            t("quadrant_churners"),
            t("quadrant_wildcards"),
        ),
        title=t("loyalty_title"),
        x_range=(0.0, 100.0),
        y_range=(0.0, 10.0),
    )
    shares = [(q, found.counts[q], found.share(q)) for q in Quadrant]
    warnings = []
    if (found.share(Quadrant.CHURNERS) or 0) > CHURNER_WARNING:
        warnings.append(t("warning_churners"))
    if (found.share(Quadrant.WILDCARDS) or 0) > WILDCARD_WARNING:
        warnings.append(t("warning_wildcards"))
    return _page(
        request,
        "dashboard/loyalty.html",
        user,
        lang,
        view,
        title=t("loyalty_title"),
        loyalty=found,
        chart=chart,
        shares=shares,
        warnings=warnings,
        vip=found.vip_support[:50],
        menus=[],
        grains=GRAINS,
    )


def _jitter(key: str) -> float:
    """A small, stable vertical offset so customers with the same score do not hide each
    other (less than half a point: nobody crosses the promoter line)."""
    digest = hashlib.blake2s(key.encode(), digest_size=2).digest()
    return (int.from_bytes(digest, "big") / 65535 - 0.5) * 0.6


def _placements(request: Request, quadrant: str) -> tuple[View, Quadrant, Placements]:
    try:
        chosen = Quadrant(quadrant)
    except ValueError:
        names = ", ".join(q.value for q in Quadrant)
        raise HTTPException(status_code=422, detail=f"quadrant: choose one of {names}") from None
    with _analytics(request) as con:
        view = _view(request, con)
        found = loyalty_as_of(con, state(request).settings, view.last)
    return view, chosen, found.placements.in_quadrant(chosen)


@router.get("/dashboard/loyalty/customers")
def quadrant_page(request: Request, quadrant: str = "") -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    view, chosen, placed = _placements(request, quadrant)
    page_no = _page_number(request.query_params.get("page"))
    start = (page_no - 1) * drills.PAGE_ROWS
    return _page(
        request,
        "dashboard/quadrant.html",
        user,
        lang,
        view,
        title=t("quadrant_" + chosen.value),
        quadrant=chosen,
        placed=placed[start : start + drills.PAGE_ROWS],
        total=len(placed),
        page_no=page_no,
        pages=max(1, -(-len(placed) // drills.PAGE_ROWS)),
        pager_keep={"quadrant": chosen.value},
        menus=[],
        grains=GRAINS,
    )


@router.get("/dashboard/loyalty/customers.csv")
def quadrant_csv(request: Request, quadrant: str = "") -> Response:
    require(request, "viewer")
    _, chosen, placed = _placements(request, quadrant)
    cols = ["customer_id", "name", "email", "nps_score", "csat_answers", "csat_satisfied"]
    rows = ([tuple(getattr(p, c) for c in cols) for p in chunk] for chunk in placed.chunks())
    return StreamingResponse(
        drills.csv_chunks(cols, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="cxm-{chosen.value}.csv"'},
    )


CHART_POINTS = 1500  # more dots than this only hide each other


@router.get("/dashboard/journey")
def journey_page(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    with _analytics(request) as con:
        view = _view(request, con)
        report = RESULTS.get(
            con, ("stages", view.first, view.last), lambda: stage_csat(con, view.first, view.last)
        )
    chart = bar_chart(
        [
            (
                s.stage or "",
                s.csat or 0.0,
                view.url("/dashboard/rows", metric="csat", stage=s.stage) if s.stage else None,
            )
            for s in report.stages
        ],
        title=t("journey_title"),
        value_format=lambda v: fmt.percent(v, lang),
    )
    return _page(
        request,
        "dashboard/journey.html",
        user,
        lang,
        view,
        title=t("journey_title"),
        report=report,
        chart=chart,
        menus=[],
        grains=GRAINS,
    )


COMMENT_BANDS = {"positive": "1", "neutral": "0", "negative": "-1"}


def _comments_view(view: View, kind: str, band: str) -> View:
    """The view narrowed to one survey kind and score band (as segment filters, so the
    list, its count and its export agree)."""
    filters = dict(view.filters)
    if kind in ("csat", "nps", "ces"):
        filters["survey"] = (kind,)
    if band in COMMENT_BANDS:
        filters["band"] = (COMMENT_BANDS[band],)
    return replace(view, filters=filters)


@router.get("/dashboard/comments")
def comments_page(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    q = request.query_params
    kind, band, text = q.get("kind", ""), q.get("score", ""), q.get("q", "").strip()
    page_no = _page_number(q.get("page"))
    with _analytics(request) as con:
        view = _view(request, con)
        menus = filter_menus(con, view)
        narrowed = _comments_view(view, kind, band)
        try:
            found = drills.listing(con, narrowed, drills.COMMENTS, page_no, text or None)
        except drills.DrillError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
    rows = [dict(zip(found.columns, r, strict=True)) for r in found.rows]
    export = {
        kind_: narrowed.url(f"/dashboard/rows.{kind_}", metric="comments", q=text or None)
        for kind_ in ("csv", "xlsx")
    }
    return _page(
        request,
        "dashboard/comments.html",
        user,
        lang,
        view,
        title=t("comments_title"),
        rows=rows,
        total=found.total,
        page_no=page_no,
        pages=found.pages,
        kind=kind,
        band=band,
        q=text,
        export=export,
        menus=menus,
        grains=GRAINS,
    )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        raise HTTPException(status_code=422, detail="page: not a number") from None


@router.get("/dashboard/customers/{customer_id:path}")
def customer_page(request: Request, customer_id: str) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    try:
        timeline = customer_timeline(state(request).engine, customer_id)
    except CustomerNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return _page(
        request,
        "dashboard/customer.html",
        user,
        lang,
        None,
        title=t("customer_title", id=customer_id),
        timeline=timeline,
        customer_id=customer_id,
    )


def _drill(request: Request) -> drills.Drill:
    try:
        return drills.find_drill(
            request.query_params.get("metric", ""), request.query_params.get("rows") or None
        )
    except drills.DrillError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/dashboard/rows")
def rows_page(request: Request) -> Response:
    user = require(request, "viewer")
    lang = _lang(request)
    t = UI.for_language(lang)
    drill = _drill(request)
    metric = request.query_params.get("metric", "")
    with _analytics(request) as con:
        view = _view(request, con)
        try:
            listing = drills.listing(
                con,
                view,
                drill,
                _page_number(request.query_params.get("page")),
                request.query_params.get("q") or None,
            )
        except drills.DrillError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
    others = next((m.drills for m in METRICS if m.key == metric), ())
    return _page(
        request,
        "dashboard/rows.html",
        user,
        lang,
        view,
        title=t("rows_title", metric=METRIC_NAMES.text(lang, metric), rows=drill.name),
        listing=listing,
        metric=metric,
        others=others,
        menus=[],
        grains=GRAINS,
    )


@router.get("/dashboard/rows.csv")
def rows_csv(request: Request) -> Response:
    require(request, "viewer")
    drill = _drill(request)
    replica = Replica(state(request).settings)
    # the connection stays open while the response streams, and closes with it
    context = replica.fresh()
    con = context.__enter__()
    try:
        view = _view(request, con)
        cols, batches = drills.batches(con, view, drill, text=request.query_params.get("q") or None)
    except (drills.DrillError, HTTPException) as exc:
        context.__exit__(None, None, None)
        if isinstance(exc, HTTPException):
            raise
        raise HTTPException(status_code=422, detail=str(exc)) from exc

    def body() -> Iterator[bytes]:
        try:
            yield from drills.csv_chunks(cols, batches)
        finally:
            context.__exit__(None, None, None)

    name = f"cxm-{request.query_params.get('metric', 'rows')}-{drill.name}.csv"
    return StreamingResponse(
        body(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/dashboard/rows.xlsx")
def rows_xlsx(request: Request) -> Response:
    require(request, "viewer")
    drill = _drill(request)
    folder = Path(tempfile.mkdtemp(prefix="cxm-export-"))
    path = folder / "rows.xlsx"
    with _analytics(request) as con:
        view = _view(request, con)
        try:
            cols, batches = drills.batches(
                con, view, drill, text=request.query_params.get("q") or None
            )
            drills.write_xlsx(cols, batches, path)
        except drills.DrillError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc

    def clean() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(
        path,
        media_type=MEDIA_TYPES["xlsx"],
        filename=f"cxm-{request.query_params.get('metric', 'rows')}-{drill.name}.xlsx",
        background=BackgroundTask(clean),
    )


@router.get("/dashboard/report")
def report_download(request: Request) -> Response:
    require(request, "viewer")
    q = request.query_params
    fmt_ = q.get("format", "pdf")
    if fmt_ not in FORMATS:
        raise HTTPException(status_code=422, detail=f"format: choose one of {', '.join(FORMATS)}")
    try:
        month = date.fromisoformat(f"{q.get('month', '')}-01")
    except ValueError:
        raise HTTPException(status_code=422, detail="month: expected YYYY-MM") from None
    lang = _lang(request)
    by = q.get("by") or None
    app = state(request)
    with _analytics(request) as con:
        try:
            data = build_monthly(
                con,
                month,
                app.settings.company_name,
                app.clock.now(),
                by=by,
                loyalty_rules=LoyaltyRules.of(app.settings),
            )
        except MetricsError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
    content = render_report(data, fmt_, lang)
    return Response(
        content,
        media_type=MEDIA_TYPES[fmt_],
        headers={"Content-Disposition": f'attachment; filename="cxm-report-{month:%Y-%m}.{fmt_}"'},
    )


@router.get("/dashboard/language")
def choose_language(request: Request, lang: str, next: str = "/dashboard") -> Response:
    require(request, "viewer")
    target = next if next.startswith("/") and not next.startswith("//") else "/dashboard"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        LANG_COOKIE, negotiate(lang), max_age=LANG_MAX_AGE_S, samesite="lax", httponly=True
    )
    return response


__all__ = ["RESERVED", "router"]

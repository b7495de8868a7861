"""Computing the dashboard's usual views ahead of the first visitor after an import.

On large data a view's first computation takes a second or more (exact medians are a sort);
every later one is answered from memory. The server runs `keep_warm` beside the web process,
so the views people open first - the latest month's overview and trends, the loyalty map, the
journey - are ready when they do.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta
from typing import Any

import duckdb

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.dashboard.cache import RESULTS, state_of
from cxm.dashboard.filters import filter_menus, latest_day
from cxm.dashboard.loyalty import loyalty_as_of
from cxm.dashboard.overview import overview
from cxm.dashboard.trends import trends
from cxm.dashboard.view import View, month_of
from cxm.metrics.stages import stage_csat

log = logging.getLogger("cxm.dashboard")


MONTHS_AHEAD = 12  # the latest month's overview and the eleven before it, and their year


def _usual_views(latest: date) -> list[View]:
    """The views people open first: the latest month, each month before it in the year up
    to it, and that year as a whole."""
    months = [View(*month_of(latest))]
    for _ in range(MONTHS_AHEAD - 1):
        months.append(View(*month_of(months[-1].first - timedelta(days=1))))
    return [*months, View(months[-1].first, months[0].last)]


def _latest_month(con: duckdb.DuckDBPyConnection, settings: Settings, view: View) -> None:
    """Besides its overview: the latest month's trends, filter menus, loyalty map, journey."""
    trends(con, view)
    filter_menus(con, view)
    loyalty_as_of(con, settings, view.last)
    RESULTS.get(
        con, ("stages", view.first, view.last), lambda: stage_csat(con, view.first, view.last)
    )


def warm(settings: Settings, seen: Any = None) -> Any:
    """Compute the usual views if the analytics copy changed since `seen`; its new state
    (None when the data changed midway: the next pass starts again)."""
    with Replica(settings).fresh() as con:
        state = state_of(con)
        if state == seen:
            return state
        latest = latest_day(con)
    if latest is None:
        return state
    views = _usual_views(latest)
    for view in views:
        # one view per connection: an import waiting to refresh the copy waits for one view,
        # not for all of them
        with Replica(settings).fresh() as con:
            if state_of(con) != state:
                return None
            overview(con, view)
            if view is views[0]:
                _latest_month(con, settings, view)
            elif view is views[-1]:
                trends(con, view)
    log.info("dashboard views computed up to %s", views[0].first.strftime("%Y-%m"))
    return state


def keep_warm(settings: Settings, stop: threading.Event, interval_s: float = 30.0) -> None:
    """Until `stop`: every `interval_s`, warm the views if the data changed."""
    seen = None
    while not stop.is_set():
        try:
            seen = warm(settings, seen)
        except Exception:  # a failed warm-up only means a slower first visit
            log.exception("computing the dashboard views ahead failed")
        stop.wait(interval_s)

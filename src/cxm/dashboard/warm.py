"""Computing the dashboard's usual views ahead of the first visitor after an import.

On large data a view's first computation takes a second or more (exact medians are a sort);
every later one is answered from memory. The server runs `keep_warm` beside the web process,
so the views people open first - the latest month's overview and trends, the loyalty map, the
journey - are ready when they do.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.dashboard.cache import RESULTS, state_of
from cxm.dashboard.filters import filter_menus, latest_day
from cxm.dashboard.overview import overview
from cxm.dashboard.trends import trends
from cxm.dashboard.view import View, month_of
from cxm.metrics.loyalty import loyalty_map
from cxm.metrics.stages import stage_csat

log = logging.getLogger("cxm.dashboard")


def warm(settings: Settings, seen: Any = None) -> Any:
    """Compute the default views if the analytics copy changed since `seen`; its new state."""
    with Replica(settings).fresh() as con:
        state = state_of(con)
        if state == seen:
            return state
        latest = latest_day(con)
        if latest is None:
            return state
        view = View(*month_of(latest))
        overview(con, view)
        trends(con, view)
        filter_menus(con, view)
        RESULTS.get(con, ("loyalty", view.last), lambda: loyalty_map(con, view.last))
        RESULTS.get(
            con,
            ("stages", view.first, view.last),
            lambda: stage_csat(con, view.first, view.last),
        )
    log.info("dashboard views computed for %s", view.first.strftime("%Y-%m"))
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

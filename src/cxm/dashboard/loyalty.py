"""The loyalty map as the dashboard shows it: the configured rules, kept in memory per copy."""

from __future__ import annotations

from datetime import date

import duckdb

from cxm.config import Settings
from cxm.dashboard.cache import RESULTS
from cxm.metrics.loyalty import LoyaltyMap, LoyaltyRules, loyalty_map


def loyalty_as_of(con: duckdb.DuckDBPyConnection, settings: Settings, at: date) -> LoyaltyMap:
    rules = LoyaltyRules.of(settings)
    return RESULTS.get(con, ("loyalty", at, rules), lambda: loyalty_map(con, at, rules))

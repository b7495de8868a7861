"""Metric results kept while the analytics copy is unchanged: a dashboard asks the same
questions again and again (every user, every reload) between two imports."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import duckdb

from cxm.metrics.engine import MetricsQuery, compute_metrics

ENTRIES = 512
T = TypeVar("T")


def _freeze(query: MetricsQuery) -> tuple[Any, ...]:
    filters = tuple(sorted((k, tuple(v)) for k, v in query.filters.items()))
    return (query.first, query.last, query.period, query.by, filters, query.metrics)


class ResultCache:
    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._found: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.hits = self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._found.clear()

    def metrics(
        self, con: duckdb.DuckDBPyConnection, query: MetricsQuery, counts: bool = False
    ) -> list[dict[str, Any]]:
        """`compute_metrics`, answered from memory when the copy has not changed since."""
        return self.get(
            con,
            ("metrics", _freeze(query), counts),
            # the day-level results are kept too: other periods of the same range use them
            lambda: compute_metrics(con, query, counts, memo=lambda k, m: self.get(con, k, m)),
            mutable=True,
        )

    def get(
        self,
        con: duckdb.DuckDBPyConnection,
        key: tuple[Any, ...],
        make: Callable[[], T],
        mutable: bool = False,
    ) -> T:
        """`make()`, or its result from the last time with the same key and the same copy.

        A `mutable` result (lists, dicts) is copied in and out so no caller changes another's.
        """
        keep: Callable[[T], T] = copy.deepcopy if mutable else (lambda x: x)
        full = (state_of(con), key)
        with self._lock:
            found = self._found.get(full)
            if found is not None:
                self._found.move_to_end(full)
                self.hits += 1
                return keep(found)  # type: ignore[no-any-return]
            self.misses += 1
        made = make()
        with self._lock:
            self._found[full] = keep(made)
            while len(self._found) > self.entries:
                self._found.popitem(last=False)
        return made


def state_of(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """What the copy holds: each table's synced revision, its origin and time zone."""
    synced = con.execute("SELECT entity, revision FROM synced ORDER BY entity").fetchall()
    meta = con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
    return (tuple(synced), tuple(meta))


RESULTS = ResultCache()

"""A dashboard view: date range, grain and filters, read from and written to the URL so a
view can be shared by its address."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from cxm.metrics.engine import MetricsQuery
from cxm.metrics.periods import Period, next_period, period_start

# query parameters that are not segment filters
RESERVED = frozenset(
    {
        "from",
        "to",
        "grain",
        "lang",
        "metric",
        "rows",
        "page",
        "q",
        "score",
        "kind",
        "attr",
        "quadrant",
    }
)
GRAINS = (Period.DAY, Period.WEEK, Period.MONTH, Period.QUARTER)
TREND_PERIODS = 12


class ViewError(ValueError):
    """A parameter of the address cannot be read (which one, and why)."""


@dataclass(frozen=True)
class View:
    first: date
    last: date  # inclusive
    grain: Period = Period.MONTH
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def query(self, period: Period = Period.ALL, by: str | None = None) -> MetricsQuery:
        return MetricsQuery(self.first, self.last, period, by, dict(self.filters))

    def previous(self) -> View:
        """The same length of time just before (a calendar month before a whole month)."""
        if self.first.day == 1 and self.last + timedelta(days=1) == next_period(
            self.first, Period.MONTH
        ):
            start = period_start(self.first - timedelta(days=1), Period.MONTH)
            return replace(self, first=start, last=self.first - timedelta(days=1))
        return replace(
            self, first=self.first - timedelta(days=self.days), last=self.first - timedelta(days=1)
        )

    def aligned(self) -> bool:
        """Whether the view is exactly one period of its grain (a calendar month ...)."""
        start = period_start(self.first, self.grain)
        return (
            start == self.first and next_period(start, self.grain) - timedelta(days=1) == self.last
        )

    def trend(self) -> MetricsQuery:
        """The last TREND_PERIODS periods of the grain, ending with the view's."""
        start = period_start(self.last, self.grain)
        for _ in range(TREND_PERIODS - 1):
            start = period_start(start - timedelta(days=1), self.grain)
        return MetricsQuery(start, self.last, self.grain, None, dict(self.filters))

    def params(self, **changes: str | None) -> list[tuple[str, str]]:
        """The view as query parameters, with some changed (None removes one)."""
        pairs: dict[str, list[str]] = {
            "from": [self.first.isoformat()],
            "to": [self.last.isoformat()],
            "grain": [self.grain.value],
        }
        for dim, values in self.filters.items():
            pairs[dim] = list(values)
        for key, value in changes.items():
            if value is None:
                pairs.pop(key, None)
            else:
                pairs[key] = [value]
        return [(k, v) for k, vs in pairs.items() for v in vs]

    def url(self, path: str, **changes: str | None) -> str:
        return f"{path}?{urlencode(self.params(**changes))}"


def month_of(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    return start, next_period(start, Period.MONTH) - timedelta(days=1)


def parse_view(
    params: Sequence[tuple[str, str]], latest: date | None, allowed: Mapping[str, object] | None
) -> View:
    """The view an address asks for; default: the month of the latest data, by month."""
    single: dict[str, str] = {}
    filters: dict[str, list[str]] = {}
    for key, value in params:
        if key == "attr" and value.strip():
            # "name=value" typed into the form's attribute filter
            key, sep, value = (part.strip() for part in value.partition("="))
            if not sep or not key:
                raise ViewError(f"attr: expected NAME=VALUE, e.g. plan_tier=gold (got {value!r})")
        if key in RESERVED:
            single[key] = value
        elif value != "":
            if allowed is not None and key not in allowed:
                raise ViewError(f"{key}: not a segment (choose one of {', '.join(allowed)})")
            filters.setdefault(key, []).append(value)
    first, last = month_of(latest or date.today())
    try:
        if single.get("from"):
            first = date.fromisoformat(single["from"])
        if single.get("to"):
            last = date.fromisoformat(single["to"])
    except ValueError as exc:
        raise ViewError(f"from / to: dates are written YYYY-MM-DD ({exc})") from exc
    if last < first:
        raise ViewError(f"to: {last} is before from {first}")
    if (last - first).days > 366 * 20:
        raise ViewError("from / to: at most 20 years at once")
    try:
        grain = Period(single.get("grain") or Period.MONTH.value)
    except ValueError as exc:
        raise ViewError(f"grain: choose one of {', '.join(g.value for g in GRAINS)}") from exc
    if grain not in GRAINS:
        raise ViewError(f"grain: choose one of {', '.join(g.value for g in GRAINS)}")
    return View(first, last, grain, {k: tuple(v) for k, v in filters.items()})

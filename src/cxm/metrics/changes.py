"""How a metric moved between two periods, and whether the move is beyond noise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cxm.metrics.definitions import METRICS, Metric
from cxm.metrics.stats import beyond_noise


@dataclass(frozen=True)
class Change:
    metric: str
    value: float | None
    previous: float | None
    delta: float | None
    z: float | None  # None: no sampling model for this metric, or too little data
    significant: bool  # beyond noise at the 95 % level


def change(
    metric: Metric, current: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> Change:
    """The move of one metric; rows come from `compute_metrics(..., counts=True)`."""
    key = metric.value_key
    value = current.get(key)
    before = previous.get(key) if previous else None
    delta = value - before if value is not None and before is not None else None
    z = None
    if previous is not None and metric.change_z is not None and delta is not None:
        z = metric.change_z(previous["counts"], current["counts"])
    return Change(metric.key, value, before, delta, z, beyond_noise(z))


def changes(current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> dict[str, Change]:
    """Every metric's move from `previous` to `current`, by metric key."""
    return {m.key: change(m, current, previous) for m in METRICS}

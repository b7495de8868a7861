"""Random draws the models share: weighted choices, business-hour clock times, log-normals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

from cxm.demo.columns import Floats, Ints
from cxm.demo.parameters import HOURLY_PROFILE
from cxm.demo.period import HOUR, MINUTE

T = TypeVar("T")


def pick(pool: Sequence[T], draw: int | np.integer[Any]) -> T:
    """The entry of pool that a large random integer lands on."""
    return pool[int(draw) % len(pool)]


def choose(rng: np.random.Generator, weights: Sequence[float] | Floats, size: int) -> Ints:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(p.size, size=size, p=p / p.sum()).astype(np.int64)


def choose_by_row(rng: np.random.Generator, table: Any, rows: Ints) -> Ints:
    """For each entry of rows, a column of table drawn with that row's weights."""
    cum = np.cumsum(np.asarray(table, dtype=np.float64), axis=1)
    cum /= cum[:, -1:]
    picked = (rng.random(rows.size)[:, None] >= cum[rows]).sum(axis=1)
    return np.asarray(np.minimum(picked, cum.shape[1] - 1), dtype=np.int64)


def local_seconds(rng: np.random.Generator, size: int) -> Ints:
    """Seconds after local midnight, peaking in business hours."""
    hours = choose(rng, HOURLY_PROFILE, size)
    return hours * HOUR + rng.integers(0, HOUR, size)


def lognormal(rng: np.random.Generator, median: Any, sigma: float, size: int) -> Floats:
    return np.asarray(median, dtype=np.float64) * np.exp(rng.normal(0.0, sigma, size))


def answer_delay(rng: np.random.Generator, size: int) -> Ints:
    """Minutes to two days between a survey invitation and the answer."""
    minutes = lognormal(rng, 40.0, 1.4, size).clip(3, 48 * 60)
    return (minutes * MINUTE).astype(np.int64)

"""Intervals and significance for the survey and operation rates (pure functions).

References: Wilson (1927) score interval for a proportion; the NPS standard error
sqrt((p + d - (p - d)^2) / n) for promoter share p and detractor share d (domain.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, n: int, z: float = Z95) -> Interval | None:
    """Wilson score interval of successes / n as proportions in 0..1 (None when n = 0)."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be within 0..n, got {successes}/{n}")
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # Clamp rounding noise: the exact interval always lies within 0..1 and contains p.
    return Interval(max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def nps_value(promoters: int, detractors: int, n: int) -> float | None:
    """Net Promoter Score on -100..100."""
    if n <= 0:
        return None
    _check_counts(promoters, detractors, n)
    return 100 * (promoters - detractors) / n


def nps_variance(promoters: int, detractors: int, n: int) -> float | None:
    """Variance of one answer scored +1 / 0 / -1: p + d - (p - d)^2 (on the -1..1 scale)."""
    if n <= 0:
        return None
    _check_counts(promoters, detractors, n)
    p, d = promoters / n, detractors / n
    return max(0.0, p + d - (p - d) ** 2)


def nps_standard_error(promoters: int, detractors: int, n: int) -> float | None:
    """Standard error of the NPS on the -1..1 scale."""
    var = nps_variance(promoters, detractors, n)
    return None if var is None else math.sqrt(var / n)


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> Interval | None:
    """95 % interval of the NPS on -100..100: NPS +- z x SE x 100, clipped to the scale."""
    value = nps_value(promoters, detractors, n)
    se = nps_standard_error(promoters, detractors, n)
    if value is None or se is None:
        return None
    return Interval(max(-100.0, value - z * se * 100), min(100.0, value + z * se * 100))


def _check_counts(promoters: int, detractors: int, n: int) -> None:
    if promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise ValueError(
            f"invalid NPS counts: {promoters} promoters, {detractors} detractors of {n}"
        )


def proportion_change_z(s1: int, n1: int, s2: int, n2: int) -> float | None:
    """z statistic of the change between two proportions (pooled two-proportion test)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (s1 + s2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0 if s1 / n1 == s2 / n2 else math.inf
    return (s2 / n2 - s1 / n1) / se


def nps_change_z(before: tuple[int, int, int], after: tuple[int, int, int]) -> float | None:
    """z statistic of the change between two NPS samples, each (promoters, detractors, n)."""
    v1, v2 = nps_variance(*before), nps_variance(*after)
    if v1 is None or v2 is None:
        return None
    se = math.sqrt(v1 / before[2] + v2 / after[2])
    diff = (after[0] - after[1]) / after[2] - (before[0] - before[1]) / before[2]
    if se == 0:
        return 0.0 if diff == 0 else math.inf
    return diff / se


def count_change_z(before: int, after: int) -> float | None:
    """z statistic of the change between two Poisson counts (e.g. tickets in two periods).

    Conditional on the total, `after` is binomial with p = 1/2 when the rate did not change.
    """
    if before < 0 or after < 0:
        raise ValueError(f"counts cannot be negative: {before}, {after}")
    total = before + after
    if total == 0:
        return None
    return (after - before) / math.sqrt(total)


def beyond_noise(z: float | None, z_crit: float = Z95) -> bool:
    """Whether a change is larger than chance would explain at the 95 % level."""
    return z is not None and abs(z) > z_crit

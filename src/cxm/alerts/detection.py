"""When a rule fires (pure): thresholds, changes beyond noise, ticket-volume spikes, and the
periods and fingerprints that keep one finding one alert.

The spike test compares the tickets of one local hour with the same weekday and hour of the
previous weeks. The usual level is robust to an earlier spike (an outage week must not raise the
bar for months): the larger of the median and the mean without the highest week. An hour is a
spike when all three hold:

- at least `min_count` tickets (quiet hours with a handful of tickets never fire);
- a Poisson test against the usual level: P(X >= count) < `alpha` (1 in 10,000 by default,
  about one false alarm in 60 weeks of pure Poisson arrivals);
- when the weeks vary, a modified z-score (0.6745 x (count - median) / MAD) above 3.5, so a
  series that is noisier than Poisson does not fire on its usual swings.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from cxm.alerts.rules import Rule
from cxm.metrics.changes import Change
from cxm.metrics.periods import Period, next_period, period_start

SPIKE_ALPHA = 1e-4
SPIKE_Z = 3.5
MAD_SCALE = 0.6745
MIN_WEEKS = 4  # of history before an hour can be judged


@dataclass(frozen=True)
class Spike:
    hour: datetime  # local wall-clock start of the hour (naive)
    count: int
    usual: float  # the robust usual level
    limit: int  # the smallest count that would have been a spike
    p_value: float
    weeks: int  # weeks of history behind the usual level
    is_spike: bool


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    term = math.exp(-lam)  # P(X = 0)
    below = term
    for i in range(1, k):
        term *= lam / i
        below += term
    if below < 0.999:
        return max(0.0, 1.0 - below)
    # far in the tail: sum the upper terms directly (no cancellation)
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    total, i, term = 0.0, k, math.exp(log_term)
    while term > 1e-300 and i < k + 10_000:
        total += term
        i += 1
        term *= lam / i
        if term < total * 1e-16:
            break
    return total


def usual_level(history: Sequence[int]) -> float:
    """The robust usual count: max(median, mean without the largest value)."""
    if not history:
        return 0.0
    ordered = sorted(history)
    trimmed = ordered[:-1] if len(ordered) > 2 else ordered
    return max(float(median(ordered)), sum(trimmed) / len(trimmed))


def spike_limit(usual: float, min_count: int, alpha: float = SPIKE_ALPHA) -> int:
    """The smallest count the Poisson test calls a spike at this usual level (and at least
    `min_count`)."""
    lam = max(usual, 0.5)
    k = max(min_count, 1)
    while poisson_tail(k, lam) >= alpha:
        k += 1
    return k


def judge_hour(
    hour: datetime,
    count: int,
    history: Sequence[int],
    min_count: int,
    alpha: float = SPIKE_ALPHA,
) -> Spike:
    """Whether `count` tickets in `hour` is a spike against the same hour of earlier weeks
    (`history`, oldest first)."""
    usual = usual_level(history)
    limit = spike_limit(usual, min_count, alpha)
    p = poisson_tail(count, max(usual, 0.5))
    fired = len(history) >= MIN_WEEKS and count >= limit
    if fired:
        mid = median(history)
        mad = median(abs(v - mid) for v in history)
        if mad > 0 and MAD_SCALE * (count - mid) / mad <= SPIKE_Z:
            fired = False
    return Spike(hour, count, usual, limit, p, len(history), fired)


def weekly_history(
    counts: dict[datetime, int], hour: datetime, weeks: int, first_hour: datetime | None
) -> list[int]:
    """The counts of the same weekday and hour in the `weeks` weeks before `hour` (oldest
    first), leaving out weeks before the data begins (`first_hour`)."""
    found = []
    for k in range(weeks, 0, -1):
        then = hour - timedelta(weeks=k)
        if first_hour is not None and then < first_hour.replace(minute=0, second=0, microsecond=0):
            continue
        found.append(counts.get(then, 0))
    return found


def find_spikes(
    counts: dict[datetime, int],
    hours: Sequence[datetime],
    weeks: int,
    min_count: int,
    first_hour: datetime | None,
    alpha: float = SPIKE_ALPHA,
) -> list[Spike]:
    """The judged hours of `hours` (local, naive), given the tickets per local hour."""
    return [
        judge_hour(
            h, counts.get(h, 0), weekly_history(counts, h, weeks, first_hour), min_count, alpha
        )
        for h in hours
    ]


# -- thresholds and changes -------------------------------------------------------------------


def threshold_fires(rule: Rule, value: float | None, n: int | None) -> bool:
    """A threshold rule on a period's number (and its sample size)."""
    if value is None:
        return False
    if rule.min_n and (n is None or n < rule.min_n):
        return False
    return rule.holds(value)


def change_fires(rule: Rule, change: Change, n: int | None) -> bool:
    """A change rule: beyond noise, in the comparator's direction, past the value if set."""
    if change.delta is None or not change.significant:
        return False
    if rule.min_n and (n is None or n < rule.min_n):
        return False
    if rule.comparator in ("<", "<=") and change.delta >= 0:
        return False
    if rule.comparator in (">", ">=") and change.delta <= 0:
        return False
    return rule.holds(change.delta)


def complete_periods(today: date, period: str) -> tuple[tuple[date, date], tuple[date, date]]:
    """The last complete period before `today` (local) and the one before it, as inclusive
    (first, last) days."""
    p = Period(period)
    current = period_start(today, p)
    last_start = period_start(current - timedelta(days=1), p)
    before_start = period_start(last_start - timedelta(days=1), p)
    last = (last_start, current - timedelta(days=1))
    before = (before_start, last_start - timedelta(days=1))
    assert next_period(before_start, p) == last_start
    return last, before


def fingerprint(rule_id: int, segment: str, subject: str) -> str:
    """One finding of one rule: the same rule, segment and period (hour, ticket) is the same
    alert however often it is checked."""
    raw = f"{rule_id}|{segment}|{subject}".encode()
    return hashlib.sha256(raw).hexdigest()

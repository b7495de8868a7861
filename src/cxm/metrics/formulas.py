"""The formulas of domain.md sections 1-2, as pure functions of counts.

Rates are percentages (0-100); None means there is nothing to measure (an empty base).
"""

from __future__ import annotations

from dataclasses import dataclass

from cxm.metrics.stats import nps_interval, nps_value, wilson_interval

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Rate:
    """A percentage with its base and 95 % interval."""

    value: float | None
    n: int
    ci_low: float | None
    ci_high: float | None


def proportion(successes: int, n: int) -> Rate:
    """successes / n x 100 with its Wilson interval."""
    ci = wilson_interval(successes, n)
    if ci is None:
        return Rate(None, n, None, None)
    return Rate(100 * successes / n, n, 100 * ci.low, 100 * ci.high)


def csat(satisfied: int, n: int) -> Rate:
    """CSAT = satisfied answers / all valid answers x 100."""
    return proportion(satisfied, n)


def ces(easy: int, n: int) -> Rate:
    """CES = answers on the easy side (4-5 of 5, 6-7 of 7) / all answers x 100."""
    return proportion(easy, n)


def nps(promoters: int, detractors: int, n: int) -> Rate:
    """NPS = % promoters - % detractors, with the interval of its standard error."""
    ci = nps_interval(promoters, detractors, n)
    if ci is None:
        return Rate(None, n, None, None)
    return Rate(nps_value(promoters, detractors, n), n, ci.low, ci.high)


def retention_rate(start: int, end: int, acquired: int) -> Rate:
    """CRR = (E - N) / S x 100; the interval treats E - N of S as retained customers."""
    if start <= 0:
        return Rate(None, start, None, None)
    retained = end - acquired
    value = 100 * retained / start
    ci = wilson_interval(retained, start) if 0 <= retained <= start else None
    return Rate(
        value, start, None if ci is None else 100 * ci.low, None if ci is None else 100 * ci.high
    )


def churn_rate(lost: int, start: int) -> Rate:
    """Churn = customers lost in the period / customers at its start x 100."""
    return proportion(lost, start)


def cac(spend: float | None, acquired: int) -> float | None:
    """CAC = sales and marketing spend / customers acquired in the period."""
    if spend is None or acquired <= 0:
        return None
    return spend / acquired


def annualised_churn(churn_share: float, days: float) -> float:
    """The yearly churn implied by a churn share (0-1) observed over `days`."""
    return 1 - (1 - churn_share) ** (DAYS_PER_YEAR / days)


def clv(
    revenue: float | None,
    customers_start: int,
    customers_end: int,
    customers_lost: int,
    days: float,
    acquisition_cost: float | None,
) -> float | None:
    """CLV = annual revenue per customer x relationship length in years - CAC.

    Revenue per customer is the period's revenue over its average customer count, scaled to
    a year; the relationship length is 1 / the churn rate scaled to a year. With no churn in
    the period the length cannot be estimated and CLV is None.
    """
    average = (customers_start + customers_end) / 2
    if revenue is None or average <= 0 or customers_start <= 0 or days <= 0:
        return None
    share = customers_lost / customers_start
    if share <= 0:
        return None
    annual_revenue = revenue / average * DAYS_PER_YEAR / days
    years = 1 / annualised_churn(min(share, 1.0), days)
    return annual_revenue * years - (acquisition_cost or 0.0)


def resolution_rate(resolved: int, tickets: int) -> Rate:
    """Resolution rate = resolved tickets / all tickets opened in the period x 100."""
    return proportion(resolved, tickets)


def resolved_to_unresolved(resolved: int, tickets: int) -> float | None:
    """The seed's 'resolved / unresolved' ratio (not a rate; None when nothing is open)."""
    unresolved = tickets - resolved
    return None if unresolved <= 0 else resolved / unresolved


def fcr_rate(one_touch: int, resolved: int) -> Rate:
    """FCR = tickets resolved by one agent in one contact / resolved tickets x 100."""
    return proportion(one_touch, resolved)

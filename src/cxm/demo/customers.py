"""Customers: who they are, when they signed up, what they pay and how they behave."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxm.demo.columns import Bools, Floats, Ints
from cxm.demo.draws import choose, choose_by_row, local_seconds
from cxm.demo.names import make_names, make_phones
from cxm.demo.parameters import (
    COMPANY_SIZE_SHARE,
    CONTACTS_PER_MONTH,
    DOMAIN_SHARE,
    ENGLISH_SHARE_IN_NATIVE_REGIONS,
    PLAN_BY_SIZE,
    PLAN_CONTACTS,
    PLAN_PRICES,
    PRE_START_SHARE,
    REGION_SHARE,
    REGION_UTC_OFFSET,
    SIGNUP_SEASON,
    SIZE_CONTACTS,
    VIP_SHARE,
    WEEKDAY_PROFILE,
)
from cxm.demo.period import DAY, HOUR, Calendar
from cxm.demo.vocabulary import ENGLISH, REGION_LANGUAGE, SHARED_PLANS

NEVER = np.int64(2**62)  # churn time of a customer who stays


def region_utc_offset(region: Ints) -> Ints:
    """Seconds to add to UTC for the local time in each region."""
    return np.asarray(REGION_UTC_OFFSET, dtype=np.int64)[region] * HOUR


def customer_id(index: int) -> str:
    return f"C{index + 1:05d}"


@dataclass
class Customers:
    region: Ints
    language: Ints
    company_size: Ints
    plan: Ints
    signup: Ints
    churn: Ints  # NEVER while the customer stays
    contact_rate: Floats  # tickets per month
    care: Floats  # how well support usually goes for this customer
    loyalty: Floats
    responsiveness: Floats  # chance to answer a survey
    vip: Bools
    price: Floats
    has_domain: Bools
    names: list[str]
    emails: list[str]
    phones: list[str]

    @property
    def count(self) -> int:
        return int(self.region.size)

    @property
    def utc_offset(self) -> Ints:
        return region_utc_offset(self.region)

    @property
    def on_shared(self) -> Bools:
        return np.isin(self.plan, SHARED_PLANS)


def make_customers(rng: np.random.Generator, cal: Calendar, n: int) -> Customers:
    region = choose(rng, REGION_SHARE, n)
    signup = _draw_signups(rng, cal, region)
    order = np.argsort(signup, kind="stable")
    region, signup = region[order], signup[order]

    native = np.asarray(REGION_LANGUAGE, dtype=np.int64)[region]
    language = np.where(rng.random(n) < ENGLISH_SHARE_IN_NATIVE_REGIONS, ENGLISH, native)
    size = choose(rng, COMPANY_SIZE_SHARE, n)
    plan = choose_by_row(rng, PLAN_BY_SIZE, size)
    rate = (
        CONTACTS_PER_MONTH
        * np.asarray(PLAN_CONTACTS)[plan]
        * np.asarray(SIZE_CONTACTS)[size]
        * rng.gamma(1.5, 1 / 1.5, n)
    )
    care = rng.normal(0.0, 0.6, n)
    loyalty = rng.normal(0.0, 1.0, n)
    responsiveness = rng.beta(2.0, 3.8, n)
    vip = _pick_vips(rng, cal, signup)
    loyalty[vip] = np.maximum(loyalty[vip], 1.5)
    responsiveness[vip] = np.maximum(responsiveness[vip], 0.5)
    rate[vip] = np.maximum(rate[vip], 0.8)
    names, emails = make_names(rng, region, language == native)
    return Customers(
        region=region,
        language=language,
        company_size=size,
        plan=plan,
        signup=signup,
        churn=np.full(n, NEVER, dtype=np.int64),
        contact_rate=rate,
        care=care,
        loyalty=loyalty,
        responsiveness=responsiveness,
        vip=vip,
        price=_draw_prices(rng, plan),
        has_domain=rng.random(n) < DOMAIN_SHARE,
        names=names,
        emails=emails,
        phones=make_phones(rng, region),
    )


def _pick_vips(rng: np.random.Generator, cal: Calendar, signup: Ints) -> Bools:
    """Loyal customers whom support keeps failing, among those with a few months of history."""
    eligible = np.flatnonzero(signup < cal.end - 120 * DAY)
    count = min(round(VIP_SHARE * signup.size), eligible.size)
    chosen = rng.choice(eligible, size=count, replace=False)
    vip = np.zeros(signup.size, dtype=bool)
    vip[chosen] = True
    return vip


def _draw_signups(rng: np.random.Generator, cal: Calendar, region: Ints) -> Ints:
    """Sign-up times: 55 % over the two previous years, the rest in the period, growing."""
    n = region.size
    before = 730
    past_weight = np.linspace(1.0, 2.0, before)
    day_before = choose(rng, past_weight, n) - before
    days = np.arange(cal.days, dtype=np.int64)
    weight = (
        (1.0 + 0.7 * days / cal.days)
        * np.asarray(SIGNUP_SEASON)[cal.calendar_month(days) - 1]
        * np.asarray(WEEKDAY_PROFILE)[cal.weekday(days)]
    )
    after = (days * DAY >= cal.outage[0]) & (days * DAY < cal.outage[1] + 30 * DAY)
    weight[after] *= 0.75
    day_within = choose(rng, weight, n)
    is_new = rng.random(n) >= PRE_START_SHARE
    day = np.where(is_new, day_within, day_before)
    signup = day * DAY + local_seconds(rng, n) - region_utc_offset(region)
    return np.asarray(np.minimum(signup, cal.end - HOUR), dtype=np.int64)


def _draw_prices(rng: np.random.Generator, plan: Ints) -> Floats:
    price = np.zeros(plan.size)
    for index, (prices, weights) in enumerate(PLAN_PRICES):
        mine = plan == index
        price[mine] = np.asarray(prices)[choose(rng, weights, int(mine.sum()))]
    return price

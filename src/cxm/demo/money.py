"""Money: monthly invoices per customer and the company's acquisition spend."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from cxm.demo.customers import NEVER, Customers, customer_id
from cxm.demo.parameters import (
    AFFILIATE_COMMISSION,
    AFFILIATE_SHARE,
    DOMAIN_RENEWAL,
    MONTHLY_ADS_BUDGET,
    SSL_ADDON,
)
from cxm.demo.period import DAY, Calendar, add_months
from cxm.demo.vocabulary import SPEND_CHANNELS


def revenue_rows(
    rng: np.random.Generator, cal: Calendar, people: Customers
) -> list[tuple[str, str, str]]:
    """Monthly invoices on each customer's billing day while active."""
    signup_day = people.signup // DAY
    signup_dates = [cal.start + timedelta(days=int(d)) for d in signup_day]
    billing_day = np.asarray([min(d.day, 28) for d in signup_dates], dtype=np.int64)
    signup_month = np.asarray([d.month for d in signup_dates], dtype=np.int64)
    churn_day = np.where(people.churn == NEVER, cal.days + 1, people.churn // DAY)
    day_text = cal.dates(np.arange(cal.days, dtype=np.int64) * DAY)
    rows: list[tuple[str, str, str]] = []
    month = date(cal.start.year, cal.start.month, 1)
    while (month - cal.start).days < cal.days:
        invoice_day = (month - cal.start).days + billing_day - 1
        billed = (invoice_day >= np.maximum(signup_day, 0)) & (
            invoice_day < np.minimum(churn_day, cal.days)
        )
        renewal = people.has_domain & (signup_month == month.month) & (invoice_day > signup_day)
        amount = (
            people.price
            + np.where(renewal, DOMAIN_RENEWAL, 0.0)
            + np.where(rng.random(people.count) < 0.03, SSL_ADDON, 0.0)
        )
        for i in np.flatnonzero(billed).tolist():
            rows.append((customer_id(i), day_text[invoice_day[i]], f"{amount[i]:.2f}"))
        month = add_months(month, 1)
    rows.sort(key=lambda row: (row[1], row[0]))
    return rows


def spend_rows(
    rng: np.random.Generator, cal: Calendar, people: Customers
) -> list[tuple[str, str, str]]:
    """Acquisition spend: weekly ad invoices, occasional events, monthly affiliate payouts."""
    google, facebook, events, affiliates = SPEND_CHANNELS
    rows: list[tuple[date, float, str]] = []
    for month in range(cal.months):
        low, high = cal.month_bounds(month)
        first = cal.start + timedelta(days=low // DAY)
        length = (high - low) // DAY
        budget = MONTHLY_ADS_BUDGET * (1.0 + 0.5 * month / max(cal.months - 1, 1))
        for week in range(4):
            day = first + timedelta(days=7 * week)
            rows.append((day, budget * 0.6 / 4 * np.exp(rng.normal(0, 0.15)), google))
            rows.append(
                (day + timedelta(days=2), budget * 0.4 / 4 * np.exp(rng.normal(0, 0.2)), facebook)
            )
        for _ in range(int(rng.random() < 0.4) + int(rng.random() < 0.15)):
            day = first + timedelta(days=int(rng.integers(0, length)))
            rows.append((day, rng.uniform(400, 1800), events))
        signups = int(((people.signup >= low) & (people.signup < high)).sum())
        payout = signups * AFFILIATE_SHARE * AFFILIATE_COMMISSION * rng.uniform(0.8, 1.2)
        rows.append((first + timedelta(days=length - 1), payout, affiliates))
    rows.sort(key=lambda row: (row[0], row[2]))
    return [(day.isoformat(), f"{amount:.2f}", channel) for day, amount, channel in rows]

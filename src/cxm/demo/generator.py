"""A deterministic year of data for a web-hosting company, written as canonical import files.

The company sells shared hosting, VPS, dedicated servers and reseller plans, mostly in
Cambodia, Thailand and Vietnam. :func:`write_demo_files` simulates its customers month by
month (sign-ups with a growth trend, churn that rises after bad experiences), their support
tickets (a weekly rhythm, business-hour peaks in each customer's time zone, response times
that depend on the channel and the load), the surveys they answer (CSAT and CES after tickets,
relational NPS, CSAT at each journey stage) and the money: invoices and acquisition spend.

Patterns an analyst should find in the data:

* one outage week (:func:`outage_week`): shared-hosting technical tickets spike, response and
  resolution times stretch, CSAT drops, churn rises the month after;
* onboarding is the weakest journey stage;
* weekdays are busier than weekends, business hours busier than nights;
* about 3 % of customers are "VIP support": promoters (NPS 9-10) with bad support experiences.

The same seed always gives byte-identical files: every random draw comes from one numpy
generator, in a fixed order. E-mail addresses use the reserved ``example.*`` domains, so a
demo can never write to a real person.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from cxm.demo.customers import make_customers
from cxm.demo.money import revenue_rows, spend_rows
from cxm.demo.period import Calendar, outage_week
from cxm.demo.simulation import simulate
from cxm.demo.surveys import draw_comments
from cxm.demo.vocabulary import CUSTOMER_COLUMNS, REVENUE_COLUMNS, SPEND_COLUMNS, TICKET_COLUMNS
from cxm.demo.writers import (
    customer_rows,
    number_tickets,
    response_records,
    ticket_rows,
    write_csv,
    write_jsonl,
)

__all__ = ["outage_week", "write_demo_files"]


def write_demo_files(
    out_dir: Path,
    *,
    seed: int = 7,
    start: date = date(2025, 1, 1),
    months: int = 12,
    customers: int = 4000,
) -> dict[str, Path]:
    """Write customers.csv, tickets.csv, responses.jsonl, revenue.csv, spend.csv into out_dir.

    Returns the path of each file by entity name. The same arguments always give
    byte-identical files; the outage week is derived from ``start`` (see :func:`outage_week`).
    """
    if months < 1 or customers < 1:
        raise ValueError("months and customers must be at least 1")
    rng = np.random.default_rng(seed)
    cal = Calendar.build(start, months)
    people = make_customers(rng, cal, customers)
    tickets, responses = simulate(rng, cal, people)
    comments = draw_comments(rng, people, responses)
    revenue = revenue_rows(rng, cal, people)
    spend = spend_rows(rng, cal, people)

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "customers": out_dir / "customers.csv",
        "tickets": out_dir / "tickets.csv",
        "responses": out_dir / "responses.jsonl",
        "revenue": out_dir / "revenue.csv",
        "spend": out_dir / "spend.csv",
    }
    ticket_ids = number_tickets(tickets)
    write_csv(paths["customers"], CUSTOMER_COLUMNS, customer_rows(cal, people))
    write_csv(paths["tickets"], TICKET_COLUMNS, ticket_rows(cal, tickets, ticket_ids))
    write_jsonl(paths["responses"], response_records(cal, people, responses, comments, ticket_ids))
    write_csv(paths["revenue"], REVENUE_COLUMNS, revenue)
    write_csv(paths["spend"], SPEND_COLUMNS, spend)
    return paths

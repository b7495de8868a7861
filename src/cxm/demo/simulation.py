"""The month-by-month run: who churns, then that month's tickets and survey answers."""

from __future__ import annotations

import numpy as np

from cxm.demo.columns import Ints
from cxm.demo.customers import NEVER, Customers
from cxm.demo.experience import Experience
from cxm.demo.invitations import nps_invitations, stage_invitations
from cxm.demo.parameters import (
    BAD_EXPERIENCE_CHURN,
    CHURN_PER_MONTH,
    EARLY_CHURN,
    EARLY_CHURN_DAYS,
    PLAN_CHURN,
    POST_OUTAGE_CHURN,
)
from cxm.demo.period import DAY, HOUR, Calendar
from cxm.demo.surveys import Responses, nps_surveys, stage_surveys, ticket_surveys
from cxm.demo.tickets import Tickets, month_tickets


def simulate(
    rng: np.random.Generator, cal: Calendar, people: Customers
) -> tuple[Tickets, Responses]:
    """Run the period month by month; churn depends on what happened before."""
    experience = Experience.empty(people.count)
    stage_events = stage_invitations(rng, cal, people)
    nps_events = nps_invitations(rng, cal, people)
    ticket_parts: list[Tickets] = []
    response_parts: list[Responses] = []
    ticket_count = 0
    for month in range(cal.months):
        low, high = cal.month_bounds(month)
        leaving = _decide_churn(rng, cal, people, experience, low, high)
        tickets = month_tickets(rng, cal, people, low, high, leaving)
        in_month = [e.take((e.time >= low) & (e.time < high)) for e in (stage_events, nps_events)]
        month_responses = [
            ticket_surveys(rng, cal, people, tickets, ticket_count),
            stage_surveys(rng, cal, people, in_month[0], experience),
            nps_surveys(rng, cal, people, in_month[1], experience),
        ]
        experience.record_month(tickets)
        for part in month_responses:
            experience.seen(part.customer, part.answered)
        ticket_parts.append(tickets)
        response_parts.extend(month_responses)
        ticket_count += tickets.size
    return Tickets.concat(ticket_parts), Responses.concat(response_parts)


def _decide_churn(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    experience: Experience,
    low: int,
    high: int,
) -> Ints:
    """Pick who leaves during [low, high) and when; return their indices."""
    staying = (people.signup < high) & (people.churn == NEVER)
    tenure_days = (low - people.signup) / DAY
    hazard = (
        CHURN_PER_MONTH
        * np.asarray(PLAN_CHURN)[people.plan]
        * np.where(tenure_days < EARLY_CHURN_DAYS, EARLY_CHURN, 1.0)
        * (1.0 + BAD_EXPERIENCE_CHURN * experience.bad)
        * np.exp(-0.25 * people.loyalty)
        * np.where(people.vip, 0.4, 1.0)
    )
    aftermath = _overlap(low, high, cal.outage[1], cal.outage[1] + 45 * DAY)
    hazard = np.where(people.on_shared, hazard * (1.0 + POST_OUTAGE_CHURN * aftermath), hazard)
    exposure = np.clip((high - np.maximum(people.signup, low)) / (high - low), 0.0, 1.0)
    draw = rng.random(people.count) < np.minimum(hazard, 0.3) * exposure
    earliest = np.maximum.reduce(
        [np.full(people.count, low), people.signup + DAY, experience.last_seen + HOUR]
    )
    when = earliest + (rng.random(people.count) * (high - earliest)).astype(np.int64)
    leaving = np.flatnonzero(staying & draw & (earliest < high))
    people.churn[leaving] = when[leaving]
    return leaving


def _overlap(low: int, high: int, start: int, stop: int) -> float:
    """Share of [low, high) that falls in [start, stop)."""
    return max(0, min(high, stop) - max(low, start)) / (high - low)

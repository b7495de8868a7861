"""Support tickets: arrivals, routing to teams and agents, response and resolution times."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxm.demo.columns import Bools, Columns, Floats, Ints
from cxm.demo.customers import Customers
from cxm.demo.draws import choose, choose_by_row, local_seconds, lognormal
from cxm.demo.parameters import (
    CANCELLATION_TICKET_SHARE,
    CATEGORY_ESCALATION,
    CATEGORY_MIX,
    CATEGORY_QUALITY,
    CATEGORY_RESOLUTION,
    CHANNEL_BY_REGION,
    ESCALATED_EXTRA_AGENTS,
    FIRST_RESPONSE_MINUTES,
    LONG_TAIL_SHARE,
    NEVER_ANSWERED_SHARE,
    NEW_CUSTOMER_CATEGORY_MIX,
    NEW_CUSTOMER_DAYS,
    NIGHT_RESPONSE,
    OUTAGE_DAY_PROFILE,
    OUTAGE_DAYS,
    OUTAGE_PRIORITY,
    OUTAGE_QUALITY,
    OUTAGE_RESOLUTION,
    OUTAGE_TECHNICAL_EXTRA,
    OUTAGE_TECHNICAL_QUALITY,
    PRIORITY_BY_CATEGORY,
    PRIORITY_ESCALATION,
    PRIORITY_FIRST_RESPONSE,
    PRIORITY_RESOLUTION_HOURS,
    PRODUCT_BY_CATEGORY,
    STALE_PENDING_SHARE,
    TEAM_BY_CATEGORY,
    VIP_QUALITY,
    WEEKDAY_PROFILE,
)
from cxm.demo.period import DAY, HOUR, MINUTE, Calendar
from cxm.demo.vocabulary import (
    AGENTS,
    CANCELLATION,
    DOMAINS,
    EMAIL,
    OPEN,
    PENDING,
    PLAN_PRODUCT,
    RESOLVED,
    TEAMS,
    TECHNICAL,
)


@dataclass
class Tickets(Columns):
    customer: Ints
    created: Ints
    category: Ints
    channel: Ints
    priority: Ints
    team: Ints
    agent: Ints
    agents_involved: Ints
    product: Ints
    first_response: Ints  # -1 when never answered
    resolved: Ints  # -1 while not resolved
    status: Ints
    outage: Bools  # created during the outage week
    surge: Bools  # one of the outage's extra technical tickets
    quality: Floats  # latent experience of the customer


def month_tickets(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    low: int,
    high: int,
    leaving: Ints,
) -> Tickets:
    customer, created, from_outage = _arrivals(rng, cal, people, low, high)
    cancel_customer, cancel_created = _cancellation_arrivals(rng, people, leaving)
    regular_per_day = float((~from_outage).sum()) / ((high - low) / DAY)
    forced = np.concatenate(
        [np.where(from_outage, TECHNICAL, -1), np.full(cancel_customer.size, CANCELLATION)]
    )
    customer = np.concatenate([customer, cancel_customer])
    created = np.concatenate([created, cancel_created])
    from_outage = np.concatenate([from_outage, np.zeros(cancel_customer.size, dtype=bool)])
    return _describe_tickets(
        rng, cal, people, customer, created, forced, from_outage, regular_per_day
    )


def _arrivals(
    rng: np.random.Generator, cal: Calendar, people: Customers, low: int, high: int
) -> tuple[Ints, Ints, Bools]:
    """Ticket arrivals per customer and local day, plus the outage's extra technical tickets."""
    days = np.arange(low // DAY, high // DAY, dtype=np.int64)
    active = (people.signup[:, None] < (days[None, :] + 1) * DAY) & (
        people.churn[:, None] > days[None, :] * DAY
    )
    daily = people.contact_rate[:, None] / 30.44 * active
    weekday = np.asarray(WEEKDAY_PROFILE) / np.mean(WEEKDAY_PROFILE)
    counts = rng.poisson(daily * weekday[cal.weekday(days)][None, :])

    outage_day = (days - cal.outage[0] // DAY).clip(0, OUTAGE_DAYS)
    profile = np.append(np.asarray(OUTAGE_DAY_PROFILE), 0.0)[outage_day]
    profile[days * DAY < cal.outage[0]] = 0.0
    extra_share = CATEGORY_MIX[TECHNICAL] * OUTAGE_TECHNICAL_EXTRA * OUTAGE_DAYS
    extra_daily = daily * people.on_shared[:, None] * extra_share * profile[None, :]
    extra = rng.poisson(extra_daily)

    customer, created, outage = [], [], []
    for matrix, flag in ((counts, False), (extra, True)):
        rows, cols = np.nonzero(matrix)
        repeat = matrix[rows, cols]
        who = np.repeat(rows, repeat).astype(np.int64)
        day = np.repeat(days[cols], repeat)
        when = day * DAY + local_seconds(rng, who.size) - people.utc_offset[who]
        keep = (when >= np.maximum(0, people.signup[who] + 5 * MINUTE)) & (
            when < np.minimum(people.churn[who], cal.end)
        )
        customer.append(who[keep])
        created.append(when[keep])
        outage.append(np.full(int(keep.sum()), flag))
    return np.concatenate(customer), np.concatenate(created), np.concatenate(outage)


def _cancellation_arrivals(
    rng: np.random.Generator, people: Customers, leaving: Ints
) -> tuple[Ints, Ints]:
    """A cancellation request a few hours to a few days before some customers leave."""
    asks = leaving[rng.random(leaving.size) < CANCELLATION_TICKET_SHARE]
    before = (rng.uniform(0.1, 5.0, asks.size) * DAY).astype(np.int64)
    created = people.churn[asks] - before
    keep = created >= np.maximum(0, people.signup[asks] + HOUR)
    return asks[keep], created[keep]


def _describe_tickets(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    customer: Ints,
    created: Ints,
    forced_category: Ints,
    surge: Bools,
    regular_per_day: float,
) -> Tickets:
    """Category, channel, routing and timings of new tickets."""
    n = customer.size
    new_customer = (created - people.signup[customer]) < NEW_CUSTOMER_DAYS * DAY
    category = np.where(
        new_customer,
        choose(rng, NEW_CUSTOMER_CATEGORY_MIX, n),
        choose(rng, CATEGORY_MIX, n),
    )
    category = np.where(forced_category >= 0, forced_category, category)
    priority = np.where(
        surge,
        choose(rng, OUTAGE_PRIORITY, n),
        choose_by_row(rng, PRIORITY_BY_CATEGORY, category),
    )
    team = choose_by_row(rng, TEAM_BY_CATEGORY, category)
    tickets = Tickets(
        customer=customer,
        created=created,
        category=category,
        channel=choose_by_row(rng, CHANNEL_BY_REGION, people.region[customer]),
        priority=priority,
        team=team,
        agent=_pick_agent(rng, team),
        agents_involved=_agents_involved(rng, category, priority, cal.in_outage(created)),
        product=_pick_product(rng, category, people.plan[customer]),
        first_response=np.zeros(n, dtype=np.int64),
        resolved=np.zeros(n, dtype=np.int64),
        status=np.zeros(n, dtype=np.int64),
        outage=cal.in_outage(created),
        surge=surge,
        quality=np.zeros(n),
    )
    tickets.first_response, tickets.resolved, tickets.status = _timings(
        rng, cal, people, tickets, regular_per_day
    )
    tickets.quality = _ticket_quality(rng, cal, people, tickets)
    return tickets


def _pick_product(rng: np.random.Generator, category: Ints, plan: Ints) -> Ints:
    kind = choose_by_row(rng, PRODUCT_BY_CATEGORY, category)
    own = np.asarray(PLAN_PRODUCT, dtype=np.int64)[plan]
    return np.select([kind == 0, kind == 1], [own, DOMAINS], EMAIL).astype(np.int64)


def _pick_agent(rng: np.random.Generator, team: Ints) -> Ints:
    weights = np.zeros((len(TEAMS), len(AGENTS)))
    for index, (_, agent_team, workload, _, _) in enumerate(AGENTS):
        weights[agent_team, index] = workload
    return choose_by_row(rng, weights, team)


def _agents_involved(
    rng: np.random.Generator, category: Ints, priority: Ints, during_outage: Bools
) -> Ints:
    chance = (
        0.06
        + np.asarray(CATEGORY_ESCALATION)[category]
        + np.asarray(PRIORITY_ESCALATION)[priority]
        + 0.2 * during_outage
    )
    escalated = rng.random(category.size) < chance
    extra_values, extra_weights = ESCALATED_EXTRA_AGENTS
    extra = np.asarray(extra_values)[choose(rng, extra_weights, category.size)]
    return np.asarray(1 + escalated * extra, dtype=np.int64)


def _load(rng: np.random.Generator, cal: Calendar, created: Ints, regular_per_day: float) -> Floats:
    """How busy support was on each ticket's day, 1 on an ordinary day."""
    day = created // DAY
    first = int(day.min()) if day.size else 0
    counts = np.bincount(day - first) if day.size else np.zeros(0)
    jitter = np.exp(rng.normal(0.0, 0.12, counts.size))
    busy = counts / max(regular_per_day, 1.0) * jitter
    busy = np.where(cal.in_outage((np.arange(counts.size) + first) * DAY), busy * 1.5, busy)
    return np.maximum(busy[day - first], 0.3)


def _timings(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    tickets: Tickets,
    regular_per_day: float,
) -> tuple[Ints, Ints, Ints]:
    """First response, resolution (both -1 when absent) and status at the end of the period."""
    n = tickets.size
    created, priority = tickets.created, tickets.priority
    load = _load(rng, cal, created, regular_per_day)
    local_hour = ((created + people.utc_offset[tickets.customer]) % DAY) // HOUR
    speed = np.asarray([a[3] for a in AGENTS])[tickets.agent]
    first_minutes = (
        lognormal(rng, np.asarray(FIRST_RESPONSE_MINUTES)[tickets.channel], 0.75, n)
        * np.asarray(PRIORITY_FIRST_RESPONSE)[priority]
        * load**1.3
        * speed
        * np.where(local_hour < 7, NIGHT_RESPONSE, 1.0)
    )
    first = created + np.maximum(first_minutes * MINUTE, 10).astype(np.int64)
    work_hours = (
        lognormal(rng, np.asarray(PRIORITY_RESOLUTION_HOURS)[priority], 0.85, n)
        * np.asarray(CATEGORY_RESOLUTION)[tickets.category]
        * (1.0 + 0.7 * (tickets.agents_involved - 1))
        * speed
        * load**0.8
        * np.where(tickets.surge, OUTAGE_RESOLUTION, 1.0)
    )
    tail = rng.random(n) < LONG_TAIL_SHARE
    work_hours = np.where(tail, work_hours * np.exp(rng.uniform(1.2, 3.2, n)), work_hours)
    resolved = first + np.maximum(work_hours * HOUR, MINUTE).astype(np.int64)

    unanswered = (rng.random(n) < NEVER_ANSWERED_SHARE) | (first >= cal.end)
    stale = rng.random(n) < STALE_PENDING_SHARE
    unresolved = unanswered | stale | (resolved >= cal.end)
    waiting = rng.random(n) < 0.6
    status = np.where(unresolved, np.where(waiting & ~unanswered, PENDING, OPEN), RESOLVED)
    first = np.where(unanswered, -1, first)
    resolved = np.where(unresolved, -1, resolved)
    return first, resolved, status.astype(np.int64)


def _ticket_quality(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    tickets: Tickets,
) -> Floats:
    """The customer's latent experience of a ticket; its CSAT and CES are cut from it."""
    c = tickets.customer
    done = np.where(tickets.resolved >= 0, tickets.resolved, cal.end + 2 * DAY)
    answered = np.where(tickets.first_response >= 0, tickets.first_response, done)
    resolution_hours = (done - tickets.created) / HOUR
    response_hours = (answered - tickets.created) / HOUR
    agent_quality = np.asarray([a[4] for a in AGENTS])[tickets.agent]
    quality = (
        people.care[c]
        + agent_quality
        + np.asarray(CATEGORY_QUALITY)[tickets.category]
        - 0.45 * np.log1p(resolution_hours)
        - 0.25 * np.log1p(response_hours)
        - 0.35 * (tickets.agents_involved - 1)
        - OUTAGE_QUALITY * tickets.outage
        - OUTAGE_TECHNICAL_QUALITY * tickets.surge
        - VIP_QUALITY * people.vip[c]
        + rng.normal(0.0, 0.8, tickets.size)
    )
    return np.asarray(quality, dtype=np.float64)

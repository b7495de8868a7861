"""Survey invitations not about a ticket: CSAT along the customer journey and relational NPS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from cxm.demo.columns import Columns, Floats, Ints
from cxm.demo.customers import Customers
from cxm.demo.draws import answer_delay
from cxm.demo.parameters import NPS_CADENCE_DAYS, NPS_FIRST_DAYS, NPS_WAVE_DAY, NPS_WAVE_GAP_DAYS
from cxm.demo.period import DAY, Calendar
from cxm.demo.vocabulary import MARKETING, ONBOARDING, RELATIONSHIP, RENEWAL, SALES, TRIAL


@dataclass
class Events(Columns):
    """Survey invitations not tied to a ticket, at the time they would be answered."""

    customer: Ints
    time: Ints
    stage: Ints


def stage_invitations(rng: np.random.Generator, cal: Calendar, people: Customers) -> Events:
    """Transactional CSAT invitations along the customer journey, before churn is known."""
    n = people.count
    everyone = np.arange(n, dtype=np.int64)
    new = everyone[people.signup >= 0]
    signup = people.signup
    parts: list[tuple[Ints, Floats | Ints, int]] = []
    trial = new[rng.random(new.size) < 0.6]
    parts.append((trial, signup[trial] + rng.uniform(7, 14, trial.size) * DAY, TRIAL))
    sales = new[rng.random(new.size) < 0.25 + 0.1 * people.company_size[new]]
    parts.append((sales, signup[sales] + rng.uniform(0.1, 2, sales.size) * DAY, SALES))
    upsell = everyone[rng.random(n) < 0.05]
    parts.append((upsell, _uniform_time(rng, cal, signup[upsell]), SALES))
    parts.append((new, signup[new] + rng.uniform(5, 20, new.size) * DAY, ONBOARDING))
    reached = everyone[rng.random(n) < 0.35]
    parts.append((reached, _uniform_time(rng, cal, signup[reached]), MARKETING))
    for year in (1, 2, 3):
        renew = signup + year * 365 * DAY
        due = everyone[(renew >= 0) & (renew < cal.end)]
        parts.append((due, renew[due] + rng.uniform(1, 5, due.size) * DAY, RENEWAL))
    return _events(cal, parts)


def _uniform_time(rng: np.random.Generator, cal: Calendar, after: Ints) -> Floats:
    low = np.maximum(after, 0)
    return np.asarray(low + rng.random(after.size) * (cal.end - low), dtype=np.float64)


def _events(cal: Calendar, parts: list[tuple[Ints, Any, int]]) -> Events:
    customer = np.concatenate([p[0] for p in parts]).astype(np.int64)
    time = np.concatenate([np.asarray(p[1]) for p in parts]).astype(np.int64)
    stage = np.concatenate([np.full(p[0].size, p[2]) for p in parts]).astype(np.int64)
    inside = (time >= 0) & (time < cal.end)
    return Events(customer, time, stage).take(inside)


def nps_invitations(rng: np.random.Generator, cal: Calendar, people: Customers) -> Events:
    """Relational NPS: 3 days after sign-up, every 180 days after, and a quarterly wave."""
    n = people.count
    everyone = np.arange(n, dtype=np.int64)
    parts: list[tuple[Ints, Any, int]] = []
    cadence_times = []
    horizon = (cal.end - int(people.signup.min())) // (NPS_CADENCE_DAYS * DAY) + 1
    for k in range(int(horizon)):
        due = people.signup + (NPS_FIRST_DAYS + k * NPS_CADENCE_DAYS) * DAY
        inside = everyone[(due >= 0) & (due < cal.end)]
        parts.append((inside, due[inside] + _nps_delay(rng, inside.size), _nps_stage(k)))
        cadence_times.append(due)
    cadence = np.stack(cadence_times, axis=1)
    for month in range(1, cal.months, 3):
        wave = cal.month_starts[month] + NPS_WAVE_DAY * DAY
        near = (np.abs(cadence - wave) < NPS_WAVE_GAP_DAYS * DAY).any(axis=1)
        invited = everyone[(people.signup < wave - 30 * DAY) & ~near]
        parts.append((invited, wave + _nps_delay(rng, invited.size), RELATIONSHIP))
    return _events(cal, parts)


def _nps_delay(rng: np.random.Generator, size: int) -> Ints:
    """Relational surveys are answered less promptly: up to six days after the invitation."""
    return answer_delay(rng, size) * 3


def _nps_stage(occurrence: int) -> int:
    """The first NPS after sign-up is onboarding; every yearly one is a renewal."""
    if occurrence == 0:
        return ONBOARDING
    return RENEWAL if occurrence % 2 == 0 else RELATIONSHIP

"""Survey answers: CSAT and CES after tickets, CSAT along the journey, NPS, and comments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cxm.demo.columns import Bools, Columns, Floats, Ints
from cxm.demo.comments import COMMENTS, NEGATIVE, NEUTRAL, OUTAGE_COMMENTS, POSITIVE
from cxm.demo.customers import Customers
from cxm.demo.draws import answer_delay, choose, pick
from cxm.demo.experience import Experience
from cxm.demo.invitations import Events
from cxm.demo.parameters import (
    BAD_EXPERIENCE,
    CES_CUTS,
    CES_SURVEY_SHARE,
    COMMENT_SHARE,
    CSAT_CUTS,
    CSAT_SURVEY_SHARE,
    NOT_SURVEYED,
    NOT_SURVEYED_SHARE,
    NPS_ANSWER_RATE,
    NPS_CENTER,
    NPS_SPREAD,
    OUTAGE_COMMENT_SHARE,
    STAGE_ANSWER_RATE,
    STAGE_BASE,
    STAGE_QUALITY,
    SURVEY_CHANNELS,
    VIP_NPS_ANSWER_RATE,
)
from cxm.demo.period import DAY, Calendar
from cxm.demo.tickets import Tickets
from cxm.demo.vocabulary import CES, CSAT, LANGUAGES, NPS, ONBOARDING, RESOLVED, SUPPORT


@dataclass
class Responses(Columns):
    customer: Ints
    ticket: Ints  # index into the tickets, -1 for surveys not about a ticket
    survey: Ints
    score: Ints
    stage: Ints
    channel: Ints
    answered: Ints
    about_outage: Bools


def _cut(latent: Floats, cuts: Sequence[float], lowest: int) -> Ints:
    steps = (latent[:, None] > np.asarray(cuts)[None, :]).sum(axis=1)
    return np.asarray(lowest + steps, dtype=np.int64)


def _keep_answers(people: Customers, cal: Calendar, customer: Ints, answered: Ints) -> Bools:
    alive = (answered > people.signup[customer]) & (answered < people.churn[customer])
    return alive & (answered >= 0) & (answered < cal.end)


def ticket_surveys(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    tickets: Tickets,
    offset: int,
) -> Responses:
    """CSAT after most resolved tickets, CES after some; a third of customers answer."""
    n = tickets.size
    c = tickets.customer
    kind = choose(rng, (CSAT_SURVEY_SHARE, CES_SURVEY_SHARE, NOT_SURVEYED_SHARE), n)
    willing = np.minimum(
        people.responsiveness[c] * np.where(tickets.quality <= BAD_EXPERIENCE, 1.3, 1.0), 0.95
    )
    answers = rng.random(n) < willing
    answered = tickets.resolved + answer_delay(rng, n)
    effort = 0.6 * tickets.quality - 0.3 * (tickets.agents_involved - 1) + rng.normal(0, 0.6, n)
    score = np.where(kind == CSAT, _cut(tickets.quality, CSAT_CUTS, 1), _cut(effort, CES_CUTS, 1))
    keep = (
        (tickets.status == RESOLVED)
        & (kind != NOT_SURVEYED)
        & answers
        & _keep_answers(people, cal, c, answered)
    )
    return Responses(
        customer=c,
        ticket=np.arange(n, dtype=np.int64) + offset,
        survey=np.where(kind == CSAT, CSAT, CES).astype(np.int64),
        score=score,
        stage=np.full(n, SUPPORT, dtype=np.int64),
        channel=tickets.channel,
        answered=answered,
        about_outage=tickets.outage,
    ).take(keep)


def stage_surveys(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    events: Events,
    experience: Experience,
) -> Responses:
    """CSAT at the journey stages; onboarding is where the company is weakest."""
    n = events.size
    c = events.customer
    rate = np.asarray(STAGE_ANSWER_RATE)[events.stage] * people.responsiveness[c]
    latent = (
        0.6 * people.care[c]
        + STAGE_BASE
        + np.asarray(STAGE_QUALITY)[events.stage]
        + rng.normal(0.0, 0.9, n)
    )
    score = _cut(latent, CSAT_CUTS, 1)
    channel = _survey_channels(rng, n)
    keep = (rng.random(n) < rate) & _keep_answers(people, cal, c, events.time)
    bad_onboarding = keep & (events.stage == ONBOARDING) & (score <= 2)
    np.add.at(experience.bad, c[bad_onboarding], 1.0)
    return _invitation_responses(events, CSAT, score, channel, np.zeros(n, dtype=bool), keep)


def _invitation_responses(
    events: Events, survey: int, score: Ints, channel: Ints, about_outage: Bools, keep: Bools
) -> Responses:
    """The kept answers to invitations not about a ticket, answered when they were due."""
    n = events.size
    return Responses(
        customer=events.customer,
        ticket=np.full(n, -1, dtype=np.int64),
        survey=np.full(n, survey, dtype=np.int64),
        score=score,
        stage=events.stage,
        channel=channel,
        answered=events.time,
        about_outage=about_outage,
    ).take(keep)


def _survey_channels(rng: np.random.Generator, size: int) -> Ints:
    values, weights = SURVEY_CHANNELS
    return np.asarray(values, dtype=np.int64)[choose(rng, weights, size)]


def nps_surveys(
    rng: np.random.Generator,
    cal: Calendar,
    people: Customers,
    events: Events,
    experience: Experience,
) -> Responses:
    """Likelihood to recommend, driven by loyalty and by the support experience so far."""
    n = events.size
    c = events.customer
    tenure_years = np.clip((events.time - people.signup[c]) / (365 * DAY), 0, 3)
    hurt = cal.after_outage(events.time) & people.on_shared[c]
    latent = (
        people.loyalty[c]
        + 0.5 * experience.mean_quality()[c]
        + 0.12 * tenure_years
        - 0.9 * hurt
        - 0.25 * (events.stage == ONBOARDING)
        + rng.normal(0.0, 0.75, n)
    )
    score = np.clip(np.rint(NPS_CENTER + NPS_SPREAD * latent), 0, 10).astype(np.int64)
    vip_score = 9 + (rng.random(n) < 0.6)
    score = np.where(people.vip[c], vip_score, score)
    rate = np.where(people.vip[c], VIP_NPS_ANSWER_RATE, NPS_ANSWER_RATE * people.responsiveness[c])
    keep = (rng.random(n) < rate) & _keep_answers(people, cal, c, events.time)
    channel = _survey_channels(rng, n)  # after keep: each draw keeps its place in the stream
    return _invitation_responses(events, NPS, score, channel, hurt, keep)


# --- comments ------------------------------------------------------------------------------


def _band(survey: int, score: int) -> str:
    negative_max, positive_min = {CSAT: (2, 4), CES: (3, 6), NPS: (6, 9)}[survey]
    if score <= negative_max:
        return NEGATIVE
    return POSITIVE if score >= positive_min else NEUTRAL


def draw_comments(
    rng: np.random.Generator, people: Customers, responses: Responses
) -> list[str | None]:
    """About a third of answers carry a comment in the customer's language, fitting the score."""
    n = responses.size
    draws = rng.random((n, 2))
    picks = rng.integers(0, 1_000_000, n)
    comments: list[str | None] = []
    for i in range(n):
        band = _band(int(responses.survey[i]), int(responses.score[i]))
        if draws[i, 0] >= COMMENT_SHARE[band]:
            comments.append(None)
            continue
        language = LANGUAGES[people.language[responses.customer[i]]]
        bank = COMMENTS[language][band]
        if band == NEGATIVE and responses.about_outage[i] and draws[i, 1] < OUTAGE_COMMENT_SHARE:
            bank = OUTAGE_COMMENTS[language]
        comments.append(pick(bank, picks[i]))
    return comments

"""Rows and records in the canonical import layouts, and the CSV and JSON Lines writers."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxm.demo.columns import Ints
from cxm.demo.customers import NEVER, Customers, customer_id
from cxm.demo.period import Calendar
from cxm.demo.surveys import Responses
from cxm.demo.tickets import Tickets
from cxm.demo.vocabulary import (
    AGENTS,
    CATEGORIES,
    CHANNELS,
    COMPANY_SIZES,
    LANGUAGES,
    PLANS,
    PRIORITIES,
    PRODUCTS,
    REGIONS,
    STAGES,
    STATUSES,
    SURVEY_KINDS,
    SURVEY_SCALES,
    TEAMS,
)


def number_tickets(tickets: Tickets) -> list[str]:
    """Ticket ids in creation order, indexed by simulation order."""
    order = np.lexsort((tickets.customer, tickets.created))
    rank = np.empty(tickets.size, dtype=np.int64)
    rank[order] = np.arange(tickets.size)
    return [f"T{r + 1:06d}" for r in rank.tolist()]


def _optional_timestamps(cal: Calendar, seconds: Ints) -> list[str]:
    text = cal.timestamps(np.maximum(seconds, 0))
    return [t if s >= 0 else "" for t, s in zip(text, seconds.tolist(), strict=True)]


def customer_rows(cal: Calendar, people: Customers) -> Iterable[tuple[str, ...]]:
    signup = cal.timestamps(people.signup)
    churn = _optional_timestamps(cal, np.where(people.churn == NEVER, -1, people.churn))
    for i in range(people.count):
        yield (
            customer_id(i),
            people.names[i],
            people.emails[i],
            people.phones[i],
            LANGUAGES[people.language[i]],
            REGIONS[people.region[i]],
            PLANS[people.plan[i]],
            signup[i],
            churn[i],
            COMPANY_SIZES[people.company_size[i]],
        )


def ticket_rows(cal: Calendar, tickets: Tickets, ids: list[str]) -> Iterable[tuple[str, ...]]:
    created = cal.timestamps(tickets.created)
    first = _optional_timestamps(cal, tickets.first_response)
    resolved = _optional_timestamps(cal, tickets.resolved)
    for i in np.lexsort((tickets.customer, tickets.created)).tolist():
        yield (
            ids[i],
            customer_id(int(tickets.customer[i])),
            CHANNELS[tickets.channel[i]],
            CATEGORIES[tickets.category[i]],
            PRIORITIES[tickets.priority[i]],
            STATUSES[tickets.status[i]],
            created[i],
            first[i],
            resolved[i],
            AGENTS[tickets.agent[i]][0],
            TEAMS[tickets.team[i]],
            str(tickets.agents_involved[i]),
            PRODUCTS[tickets.product[i]],
        )


def response_records(
    cal: Calendar,
    people: Customers,
    responses: Responses,
    comments: list[str | None],
    ticket_ids: list[str],
) -> Iterable[dict[str, Any]]:
    answered = cal.timestamps(responses.answered)
    order = np.lexsort((responses.ticket, responses.customer, responses.survey, responses.answered))
    for number, i in enumerate(order.tolist(), start=1):
        survey = SURVEY_KINDS[responses.survey[i]]
        ticket = int(responses.ticket[i])
        yield {
            "response_id": f"R{number:06d}",
            "customer_id": customer_id(int(responses.customer[i])),
            "ticket_id": ticket_ids[ticket] if ticket >= 0 else None,
            "survey": survey,
            "scale": SURVEY_SCALES[survey],
            "score": int(responses.score[i]),
            "comment": comments[i],
            "stage": STAGES[responses.stage[i]],
            "channel": CHANNELS[responses.channel[i]],
            "language": LANGUAGES[people.language[responses.customer[i]]],
            "answered_at": answered[i],
        }


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")

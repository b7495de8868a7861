"""Follow-up tasks in the database: opened from new answers, listed, worked and resolved.

`scan` opens the tasks. It looks at every answer stored since the last scan, whatever way it
came in (survey pages, widget, API, import): answers carry the revision of the change that
stored them, and the highest revision scanned is kept in `cxm_meta`. A revision is taken under
a lock until its transaction commits, so every answer at or below the counter read at the start
of a scan is visible to it. One task per answer (a unique key), so a scan repeated after a
crash, or run by several workers at once, opens nothing twice.

Resolving a task may ask the customer "Is your problem fixed?": an invitation to the
`followup_fixed` survey, queued in the same transaction, then sent by the invitation worker
like any other (claimed, so never twice). It is scheduled no earlier than the contact limit
allows (CXM_CONTACT_DAYS after the last survey sent to the customer).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.channels.base import Sender
from cxm.clock import Clock
from cxm.config import Settings
from cxm.db.schema import (
    customers,
    cxm_meta,
    data_revisions,
    followup_notes,
    followups,
    invitations,
    responses,
    surveys,
    tickets,
)
from cxm.followups import rules
from cxm.followups.rules import Answer, Policy, TransitionError
from cxm.invitations import service as invitation_service
from cxm.metrics.loyalty import LoyaltyRules, Quadrant, place
from cxm.surveys import service as survey_service
from cxm.surveys.definitions import Survey

log = logging.getLogger("cxm.followups")
MARK = "followups_revision"  # the highest answer revision scanned
SYSTEM_AUTHOR = "cxm"
MAX_NOTE = 5000


class FollowupError(ValueError):
    """A change to a task that cannot be made; `code` names why (status, transition,
    root_cause, empty_note, long_note), for translated messages."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class FollowupNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Task:
    id: int
    response_id: str
    customer_id: str | None
    ticket_id: str | None
    survey: str
    score: int
    band: int
    reason: str
    vip: bool
    agent: str | None
    team: str
    status: str
    answered_at: datetime
    opened_at: datetime
    due_at: datetime
    contacted_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None
    root_cause: str | None
    check_requested: bool
    check_invitation_id: int | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> Task:
        values = {f: row[f] for f in cls.__dataclass_fields__}
        values["vip"] = bool(values["vip"])
        values["check_requested"] = bool(values["check_requested"])
        return cls(**values)

    def overdue(self, now: datetime) -> bool:
        return rules.overdue(self.status, self.due_at, now)


@dataclass(frozen=True)
class Note:
    id: int
    at: datetime
    author: str
    event: str  # opened, note, contacted, resolved, reopened
    text: str | None


def _dialect(conn: Connection) -> Any:
    return postgresql if conn.dialect.name == "postgresql" else sqlite


# -- opening tasks ---------------------------------------------------------------------------


def scan(engine: Engine, settings: Settings, now: datetime) -> list[int]:
    """Open a task for every answer stored since the last scan that the rules follow up;
    the ids of the tasks opened."""
    policy = rules.policy_from(settings)
    with engine.begin() as conn:
        conn.execute(
            _dialect(conn)
            .insert(cxm_meta)
            .values(key=MARK, value="0")
            .on_conflict_do_nothing(index_elements=[cxm_meta.c.key])
        )
        # the lock makes concurrent scans wait for this one (SQLite: the write lock)
        mark = int(
            conn.execute(
                select(cxm_meta.c.value).where(cxm_meta.c.key == MARK).with_for_update()
            ).scalar_one()
        )
        top = conn.execute(
            select(data_revisions.c.revision).where(data_revisions.c.entity == "responses")
        ).scalar()
        if top is None or int(top) <= mark:
            return []
        opened = _open_tasks(conn, settings, policy, mark, int(top), now)
        conn.execute(update(cxm_meta).where(cxm_meta.c.key == MARK).values(value=str(int(top))))
    return opened


def _open_tasks(
    conn: Connection, settings: Settings, policy: Policy, mark: int, top: int, now: datetime
) -> list[int]:
    candidates = conn.execute(
        select(responses, surveys.c.key.label("survey_key"))
        .outerjoin(surveys, surveys.c.id == responses.c.survey_id)
        .where(
            responses.c.revision > mark,
            responses.c.revision <= top,
            responses.c.answered_at >= now - timedelta(days=policy.max_age_days),
            or_(responses.c.band == -1, func.coalesce(responses.c.comment, "") != ""),
        )
        .order_by(responses.c.answered_at, responses.c.response_id)
    ).mappings()
    opened = []
    for row in list(candidates):
        answer = Answer(row["survey"], int(row["band"]), row["comment"], row["survey_key"])
        reason = rules.reason_for(answer, policy)
        if reason is None or rules.too_old(row["answered_at"], now, policy):
            continue
        task_id = open_task(conn, settings, policy, row, reason, now)
        if task_id is not None:
            opened.append(task_id)
    return opened


def open_task(
    conn: Connection,
    settings: Settings,
    policy: Policy,
    answer: Any,
    reason: str,
    now: datetime,
) -> int | None:
    """The task of one answer; None when the answer has one already."""
    ticket = None
    if answer["ticket_id"]:
        ticket = (
            conn.execute(
                select(tickets.c.agent, tickets.c.team).where(
                    tickets.c.ticket_id == answer["ticket_id"]
                )
            )
            .mappings()
            .first()
        )
    agent, team = rules.owner(
        ticket["agent"] if ticket else None, ticket["team"] if ticket else None, policy
    )
    vip = is_vip(conn, settings, answer["customer_id"], answer["answered_at"])
    task_id = conn.execute(
        _dialect(conn)
        .insert(followups)
        .values(
            response_id=answer["response_id"],
            customer_id=answer["customer_id"],
            ticket_id=answer["ticket_id"],
            survey=answer["survey"],
            score=answer["score"],
            band=answer["band"],
            reason=reason,
            vip=vip,
            agent=agent,
            team=team,
            status="open",
            answered_at=answer["answered_at"],
            opened_at=now,
            due_at=rules.due_at(reason, vip, answer["answered_at"], policy),
            check_requested=False,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[followups.c.response_id])
        .returning(followups.c.id)
    ).scalar()
    if task_id is None:
        return None
    _note(conn, int(task_id), now, SYSTEM_AUTHOR, "opened", reason)
    return int(task_id)


def is_vip(conn: Connection, settings: Settings, customer_id: str | None, at: datetime) -> bool:
    """Whether the customer is in the VIP-support quadrant of the loyalty map as of `at`: a
    promoter by their latest NPS answer, not satisfied by their CSAT answers of the window."""
    if customer_id is None:
        return False
    nps = conn.execute(
        select(responses.c.score)
        .where(
            responses.c.customer_id == customer_id,
            responses.c.survey == "nps",
            responses.c.answered_at <= at,
        )
        .order_by(responses.c.answered_at.desc())
        .limit(1)
    ).scalar()
    rules = LoyaltyRules.of(settings)
    # the map's window of calendar days (in the reporting time zone), up to this instant
    first = rules.csat_since(at.astimezone(settings.zone).date())
    since = datetime.combine(first, time(), settings.zone).astimezone(UTC)
    n, satisfied = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((responses.c.band == 1, 1), else_=0)), 0),
        ).where(
            responses.c.customer_id == customer_id,
            responses.c.survey == "csat",
            responses.c.answered_at >= since,
            responses.c.answered_at <= at,
        )
    ).one()
    quadrant = place(nps, int(n), int(satisfied), rules.promoter_min, rules.satisfied_share)
    return quadrant is Quadrant.VIP_SUPPORT


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    status: str = "active"  # active (open or contacted), open, contacted, resolved, all
    team: str | None = None
    agent: str | None = None
    customer_id: str | None = None
    vip: bool = False  # VIP-support customers only
    overdue: bool = False  # past due, not resolved


def _filtered(query: Any, filters: Filters, now: datetime) -> Any:
    if filters.status == "active":
        query = query.where(followups.c.status.in_(rules.ACTIVE))
    elif filters.status != "all":
        query = query.where(followups.c.status == filters.status)
    if filters.team:
        query = query.where(followups.c.team == filters.team)
    if filters.agent:
        query = query.where(followups.c.agent == filters.agent)
    if filters.customer_id:
        query = query.where(followups.c.customer_id == filters.customer_id)
    if filters.vip:
        query = query.where(followups.c.vip.is_(True))
    if filters.overdue:
        query = query.where(followups.c.status != "resolved", followups.c.due_at < now)
    return query


def list_tasks(
    conn: Connection,
    filters: Filters,
    now: datetime,
    limit: int = 100,
    offset: int = 0,
    after_id: int | None = None,
    by_id: bool = False,
) -> list[Task]:
    """Tasks matching the filters: VIP first, then the earliest due (`by_id`: in id order,
    for paging through the API)."""
    query = _filtered(select(followups), filters, now)
    if after_id is not None:
        query = query.where(followups.c.id > after_id)
    if by_id:
        query = query.order_by(followups.c.id)
    else:
        query = query.order_by(followups.c.vip.desc(), followups.c.due_at, followups.c.id)
    rows = conn.execute(query.limit(limit).offset(offset)).mappings()
    return [Task.from_row(r) for r in rows]


def count_tasks(conn: Connection, filters: Filters, now: datetime) -> int:
    return int(
        conn.execute(_filtered(select(func.count()).select_from(followups), filters, now)).scalar()
        or 0
    )


def owners(conn: Connection) -> tuple[list[str], list[str]]:
    """The teams and agents that own tasks, for filters."""
    teams = conn.execute(select(followups.c.team).distinct().order_by(followups.c.team))
    agents = conn.execute(
        select(followups.c.agent)
        .where(followups.c.agent.is_not(None))
        .distinct()
        .order_by(followups.c.agent)
    )
    return [t for t in teams.scalars()], [a for a in agents.scalars()]


def get(conn: Connection, task_id: int) -> Task:
    row = conn.execute(select(followups).where(followups.c.id == task_id)).mappings().first()
    if row is None:
        raise FollowupNotFound(f"no follow-up task {task_id}")
    return Task.from_row(row)


def notes(conn: Connection, task_id: int) -> list[Note]:
    rows = conn.execute(
        select(followup_notes)
        .where(followup_notes.c.followup_id == task_id)
        .order_by(followup_notes.c.at, followup_notes.c.id)
    ).mappings()
    return [Note(r["id"], r["at"], r["author"], r["event"], r["text"]) for r in rows]


def answer_of(conn: Connection, task: Task) -> dict[str, Any] | None:
    """The answer that opened the task, as stored now."""
    row = (
        conn.execute(select(responses).where(responses.c.response_id == task.response_id))
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def check_of(conn: Connection, task: Task) -> dict[str, Any] | None:
    """The "Is your problem fixed?" invitation of a task, with its answer's score if any."""
    if task.check_invitation_id is None:
        return None
    row = (
        conn.execute(
            select(
                invitations.c.id,
                invitations.c.status,
                invitations.c.scheduled_at,
                invitations.c.sent_at,
                invitations.c.answered_at,
                invitations.c.error,
                responses.c.score,
                responses.c.comment,
            )
            .outerjoin(responses, responses.c.response_id == invitations.c.response_id)
            .where(invitations.c.id == task.check_invitation_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


# -- working on a task -----------------------------------------------------------------------


def _note(
    conn: Connection, task_id: int, at: datetime, author: str, event: str, text: str | None
) -> None:
    conn.execute(
        insert(followup_notes).values(
            followup_id=task_id, at=at, author=author, event=event, text=text
        )
    )


def _clean(text: str | None) -> str | None:
    cleaned = (text or "").replace("\x00", "").strip()
    if len(cleaned) > MAX_NOTE:
        raise FollowupError(f"a note has at most {MAX_NOTE} characters", "long_note")
    return cleaned or None


def add_note(conn: Connection, task_id: int, author: str, text: str | None, now: datetime) -> Note:
    """A note on the task: who, when, what."""
    get(conn, task_id)
    cleaned = _clean(text)
    if cleaned is None:
        raise FollowupError("a note needs some text", "empty_note")
    _note(conn, task_id, now, author, "note", cleaned)
    conn.execute(update(followups).where(followups.c.id == task_id).values(updated_at=now))
    return notes(conn, task_id)[-1]


def _locked(conn: Connection, task_id: int) -> Task:
    row = (
        conn.execute(select(followups).where(followups.c.id == task_id).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        raise FollowupNotFound(f"no follow-up task {task_id}")
    return Task.from_row(row)


def change_status(
    conn: Connection,
    settings: Settings,
    task_id: int,
    target: str,
    author: str,
    now: datetime,
    *,
    note: str | None = None,
    root_cause: str | None = None,
    ask_fixed: bool = False,
) -> Task:
    """Move a task along open -> contacted -> resolved (or reopen a resolved one), with an
    optional note; resolving needs a root cause from the policy and may ask the customer
    whether the problem is fixed."""
    policy = rules.policy_from(settings)
    task = _locked(conn, task_id)
    try:
        cause = rules.check_transition(task.status, target, root_cause, policy)
    except TransitionError as exc:
        raise FollowupError(str(exc), exc.code) from None
    text = _clean(note)
    values: dict[str, Any] = {"status": target, "updated_at": now}
    event = target
    if target == "contacted" and task.contacted_at is None:
        values["contacted_at"] = now
    elif target == "resolved":
        values.update(resolved_at=now, resolved_by=author, root_cause=cause)
    elif target == "open":
        event = "reopened"
        values.update(resolved_at=None, resolved_by=None, root_cause=None)
    conn.execute(update(followups).where(followups.c.id == task_id).values(**values))
    _note(conn, task_id, now, author, event, text)
    if target == "resolved" and ask_fixed:
        ask_if_fixed(conn, settings, get(conn, task_id), author, now)
    return get(conn, task_id)


def ask_if_fixed(
    conn: Connection, settings: Settings, task: Task, author: str, now: datetime
) -> int | None:
    """Queue the "Is your problem fixed?" question to the task's customer; the invitation id,
    or None when they cannot be reached (the request is recorded either way)."""
    conn.execute(update(followups).where(followups.c.id == task.id).values(check_requested=True))
    customer = None
    if task.customer_id is not None:
        customer = (
            conn.execute(select(customers).where(customers.c.customer_id == task.customer_id))
            .mappings()
            .first()
        )
    channel = None
    if customer is not None:
        channel = "email" if customer["email"] else ("sms" if customer["phone"] else None)
    if channel is None:
        _note(conn, task.id, now, SYSTEM_AUTHOR, "check", "unreachable")
        return None
    last = conn.execute(
        select(func.max(invitations.c.sent_at)).where(
            invitations.c.customer_id == task.customer_id,
            invitations.c.status.in_(invitation_service.CONTACTED),
        )
    ).scalar()
    send_at = now
    if last is not None and settings.contact_days:
        send_at = max(now, last + timedelta(days=settings.contact_days))
    invitation = invitation_service.create(
        conn,
        settings,
        survey=fixed_survey(conn, now),
        channel=channel,
        at=now,
        customer_id=task.customer_id,
        ticket_id=task.ticket_id,
        send_at=send_at,
    )
    conn.execute(
        update(followups).where(followups.c.id == task.id).values(check_invitation_id=invitation.id)
    )
    _note(conn, task.id, now, SYSTEM_AUTHOR, "check", f"invitation {invitation.id}")
    return invitation.id


def fixed_survey(conn: Connection, now: datetime) -> Survey:
    """The "Is your problem fixed?" survey, made on first use (an agent rating kind on the
    yes/no scale: it never counts in CSAT, NPS or CES)."""
    try:
        return survey_service.get(conn, rules.FIXED_SURVEY_KEY)
    except survey_service.SurveyNotFound:
        from cxm.i18n.followups import FIXED_SURVEY_TEXTS

        survey_service.create(
            conn,
            key=rules.FIXED_SURVEY_KEY,
            name="Is your problem fixed? (after a follow-up)",
            kind="rating",
            scale="binary",
            display="numbers",
            stage="support",
            touchpoint="followup_resolved",
            reminders=1,
            reminder_days=3,
            texts={lang: dict(fields) for lang, fields in FIXED_SURVEY_TEXTS.items()},
            now=now,
        )
        return survey_service.get(conn, rules.FIXED_SURVEY_KEY)


def job(engine: Engine, settings: Settings, clock: Clock, channels: Mapping[str, Sender]) -> None:
    """The worker's pass: open the tasks of the answers stored since the last pass."""
    opened = scan(engine, settings, clock.now())
    if opened:
        log.info("follow-up tasks opened: %d", len(opened))

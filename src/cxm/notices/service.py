"""Notices in the database: publish, update, resolve; queue one e-mail per affected customer
and stage; send what is due (the worker's job); list what the status page shows.

Every e-mail is a row of `notice_deliveries` with a unique key (notice, stage, customer), so
a stage is never queued twice, whoever queues it. The worker claims a row (queued -> sending)
in its own short transaction before sending it, outside any transaction, then marks it sent.
A send the SMTP server refused goes back to the queue with a growing delay, up to
`MAX_ATTEMPTS`; a row left `sending` by a worker that died is marked failed and never sent
again, since the server may have taken the message before the crash.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.channels.base import SendError
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.db.schema import customers, notice_deliveries, notice_updates, notices
from cxm.i18n.catalogue import LANGUAGES
from cxm.metrics.periods import Period, next_period
from cxm.notices import marks, schedule
from cxm.notices.audience import Audience, address_of, opted_out
from cxm.notices.messages import NoticeMail, build_message
from cxm.notices.schedule import CREATED, REMINDER, RESOLVED, NoticeError

log = logging.getLogger("cxm.notices")

LEASE = timedelta(minutes=5)
LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
MAX_TITLE = 200
MAX_BODY = 10_000
BATCH = 500
FIELDS = ("title", "body")


@dataclass(frozen=True)
class Update:
    id: int
    status: str
    texts: dict[str, str]
    created_at: datetime
    created_by: str | None = None

    def text(self, lang: str | None, default: str) -> str:
        if not self.texts:
            return ""
        return self.texts[schedule.text_language(lang, self.texts, default)]


@dataclass(frozen=True)
class Notice:
    id: int
    kind: str
    status: str
    default_language: str
    texts: dict[str, dict[str, str]]
    audience: Audience
    public: bool
    starts_at: datetime
    expected_end_at: datetime | None
    resolved_at: datetime | None
    reminder_queued_at: datetime | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    updates: tuple[Update, ...] = ()

    def language_for(self, wanted: str | None) -> str:
        return schedule.text_language(wanted, self.texts, self.default_language)

    def text(self, lang: str | None, name: str) -> str:
        return self.texts[self.language_for(lang)].get(name, "")

    def shown_status(self, now: datetime) -> str:
        return schedule.effective_status(self.status, self.starts_at, now)

    def missing(self, languages: tuple[str, ...] = LANGUAGES) -> dict[str, list[str]]:
        """What has no text in each language (of what the default language has): `title`,
        `body`, `update <id>`."""
        out: dict[str, list[str]] = {}
        for lang in languages:
            have = self.texts.get(lang, {})
            wanted = self.texts.get(self.default_language, {})
            gaps = [f for f in FIELDS if wanted.get(f) and not have.get(f)]
            gaps += [f"update {u.id}" for u in self.updates if u.texts and lang not in u.texts]
            if gaps:
                out[lang] = gaps
        return out


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    recovered: int = 0
    reminders: int = 0  # customers queued for a reminder
    errors: list[str] = field(default_factory=list)


# -- reading ----------------------------------------------------------------------------------


def _notice(row: Mapping[str, Any], updates: tuple[Update, ...] = ()) -> Notice:
    return Notice(
        id=row["id"],
        kind=row["kind"],
        status=row["status"],
        default_language=row["default_language"],
        texts=json.loads(row["texts"]),
        audience=Audience.from_json(row["audience"]),
        public=bool(row["public"]),
        starts_at=row["starts_at"],
        expected_end_at=row["expected_end_at"],
        resolved_at=row["resolved_at"],
        reminder_queued_at=row["reminder_queued_at"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        updates=updates,
    )


def _updates(conn: Connection, ids: list[int]) -> dict[int, tuple[Update, ...]]:
    found: dict[int, list[Update]] = {i: [] for i in ids}
    if not ids:
        return {}
    rows = conn.execute(
        select(notice_updates)
        .where(notice_updates.c.notice_id.in_(ids))
        .order_by(notice_updates.c.created_at, notice_updates.c.id)
    ).mappings()
    for r in rows:
        found[r["notice_id"]].append(
            Update(r["id"], r["status"], json.loads(r["texts"]), r["created_at"], r["created_by"])
        )
    return {k: tuple(v) for k, v in found.items()}


def _with_updates(conn: Connection, rows: list[Mapping[str, Any]]) -> list[Notice]:
    updates = _updates(conn, [r["id"] for r in rows])
    return [_notice(r, updates.get(r["id"], ())) for r in rows]


def get(conn: Connection, notice_id: int) -> Notice:
    row = conn.execute(select(notices).where(notices.c.id == notice_id)).mappings().first()
    if row is None:
        raise NoticeError(f"no notice {notice_id}")
    return _with_updates(conn, [row])[0]


def list_notices(conn: Connection, limit: int = 200) -> list[Notice]:
    """The newest notices first."""
    rows = list(
        conn.execute(
            select(notices).order_by(notices.c.starts_at.desc(), notices.c.id.desc()).limit(limit)
        ).mappings()
    )
    return _with_updates(conn, rows)


def public_notices(
    conn: Connection, now: datetime, recent: timedelta
) -> tuple[list[Notice], list[Notice]]:
    """What the status page lists: open notices (soonest first), then those resolved within
    `recent` (latest first)."""
    rows = list(
        conn.execute(
            select(notices).where(
                notices.c.public.is_(True),
                (notices.c.status != "resolved") | (notices.c.resolved_at >= now - recent),
            )
        ).mappings()
    )
    current, past = [], []
    for n in _with_updates(conn, rows):
        listed = schedule.listing(n.status, n.resolved_at, now, recent)
        if listed is None:
            continue
        (current if listed.current else past).append(n)
    current.sort(key=lambda n: (n.starts_at, n.id))
    past.sort(key=lambda n: (n.resolved_at or n.updated_at, n.id), reverse=True)
    return current, past


def delivery_counts(conn: Connection) -> dict[int, dict[str, int]]:
    """E-mails per notice and status."""
    out: dict[int, dict[str, int]] = {}
    rows = conn.execute(
        select(notice_deliveries.c.notice_id, notice_deliveries.c.status, func.count()).group_by(
            notice_deliveries.c.notice_id, notice_deliveries.c.status
        )
    ).all()
    for notice_id, status, n in rows:
        out.setdefault(notice_id, {})[status] = n
    return out


def stage_counts(conn: Connection, notice_id: int) -> list[tuple[str, str, int]]:
    """(stage, status, e-mails) of one notice, in the order the stages were queued."""
    rows = conn.execute(
        select(
            notice_deliveries.c.stage,
            notice_deliveries.c.status,
            func.count(),
            func.min(notice_deliveries.c.id),
        )
        .where(notice_deliveries.c.notice_id == notice_id)
        .group_by(notice_deliveries.c.stage, notice_deliveries.c.status)
        .order_by(func.min(notice_deliveries.c.id))
    ).all()
    return [(stage, status, n) for stage, status, n, _ in rows]


def incident_spans(
    conn: Connection, first: datetime, last: datetime
) -> list[tuple[datetime, datetime | None]]:
    """(start, resolution or None while open) of the incidents overlapping first..last."""
    rows = conn.execute(
        select(notices.c.starts_at, notices.c.resolved_at)
        .where(
            notices.c.kind == "incident",
            notices.c.starts_at <= last,
            notices.c.resolved_at.is_(None) | (notices.c.resolved_at >= first),
        )
        .order_by(notices.c.starts_at)
    ).all()
    return [(a, b) for a, b in rows]


# -- the audience -----------------------------------------------------------------------------

_CUSTOMER_COLUMNS = (
    customers.c.customer_id,
    customers.c.name,
    customers.c.email,
    customers.c.language,
    customers.c.region,
    customers.c.plan,
    customers.c.timezone,
    customers.c.attributes,
)


def _simple(value: str) -> bool:
    return value.isascii() and not any(c.isspace() for c in value)


def affected(conn: Connection, audience: Audience) -> Iterator[Mapping[str, Any]]:
    """The customers a notice is about (filters on columns narrow the query first)."""
    query = select(*_CUSTOMER_COLUMNS).order_by(customers.c.customer_id)
    for key, values in audience.column_filters().items():
        if all(_simple(v) for v in values):
            column = customers.c[key]
            query = query.where(func.lower(func.trim(column)).in_([v.lower() for v in values]))
    for row in conn.execute(query).mappings():
        if audience.matches(row):
            yield row


def preview(conn: Connection, audience: Audience) -> tuple[int, int]:
    """(customers affected, customers who would receive an e-mail)."""
    matching = reachable = 0
    for row in affected(conn, audience):
        matching += 1
        if address_of(row) and not opted_out(row):
            reachable += 1
    return matching, reachable


def _queue(conn: Connection, notice: Notice, stage: str, now: datetime) -> int:
    """One delivery per reachable affected customer for this stage (none queued twice)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    queued = 0
    batch: list[dict[str, Any]] = []

    def flush() -> int:
        if not batch:
            return 0
        done = conn.execute(
            dialect.insert(notice_deliveries)
            .values(batch)
            .on_conflict_do_nothing(index_elements=["notice_id", "stage", "customer_id"])
            .returning(notice_deliveries.c.id)
        ).all()
        batch.clear()
        return len(done)

    for row in affected(conn, notice.audience):
        address = address_of(row)
        if address is None or opted_out(row):
            continue
        batch.append(
            {
                "notice_id": notice.id,
                "stage": stage,
                "customer_id": row["customer_id"],
                "recipient": address,
                "language": (row["language"] or "").strip().lower()[:35] or notice.default_language,
                "status": "queued",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
        if len(batch) >= BATCH:
            queued += flush()
    return queued + flush()


# -- writing ----------------------------------------------------------------------------------


def _clean_texts(texts: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang, fields in texts.items():
        code = lang.strip().lower()
        if not LANGUAGE.fullmatch(code):
            raise NoticeError(f"{lang!r} is not a language code (e.g. en, km, th, vi)")
        title = " ".join((fields.get("title") or "").split())
        body = (fields.get("body") or "").strip()
        _check_text(title, body)
        if title or body:
            out[code] = {"title": title, "body": body}
    return out


def _check_text(title: str, body: str) -> None:
    if len(title) > MAX_TITLE:
        raise NoticeError(f"a title has at most {MAX_TITLE} characters")
    if len(body) > MAX_BODY:
        raise NoticeError(f"a message has at most {MAX_BODY} characters")
    if "\x00" in title or "\x00" in body:
        raise NoticeError("a text must not contain NUL characters")


def create(
    conn: Connection,
    *,
    kind: str,
    texts: Mapping[str, Mapping[str, str]],
    audience: Audience,
    starts_at: datetime,
    now: datetime,
    expected_end_at: datetime | None = None,
    default_language: str = "en",
    public: bool = True,
    created_by: str | None = None,
) -> Notice:
    """Publish a notice and queue its announcement to every affected customer."""
    kind = schedule.check_kind(kind)
    schedule.check_times(starts_at, expected_end_at)
    cleaned = _clean_texts(texts)
    default_language = default_language.strip().lower()
    if not cleaned.get(default_language, {}).get("title"):
        raise NoticeError(f"a title in the default language ({default_language}) is required")
    status = schedule.initial_status(kind, starts_at, now)
    notice_id = conn.execute(
        insert(notices)
        .values(
            kind=kind,
            status=status,
            default_language=default_language,
            texts=json.dumps(cleaned, ensure_ascii=False),
            audience=audience.to_json(),
            public=public,
            starts_at=starts_at,
            expected_end_at=expected_end_at,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        .returning(notices.c.id)
    ).scalar_one()
    notice = get(conn, notice_id)
    _queue(conn, notice, CREATED, now)
    return notice


def set_text(
    conn: Connection, notice_id: int, lang: str, title: str, body: str, now: datetime
) -> Notice:
    """Add or change the title and message in one language (no e-mail is sent for it)."""
    notice = get(conn, notice_id)
    cleaned = _clean_texts({lang: {"title": title, "body": body}})
    texts = dict(notice.texts)
    code = lang.strip().lower()
    if code in cleaned:
        texts[code] = cleaned[code]
    elif code == notice.default_language:
        raise NoticeError("the default language keeps its title")
    else:
        texts.pop(code, None)
    conn.execute(
        update(notices)
        .where(notices.c.id == notice_id)
        .values(texts=json.dumps(texts, ensure_ascii=False), updated_at=now)
    )
    return get(conn, notice_id)


def _clean_update(texts: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for lang, text in texts.items():
        code = lang.strip().lower()
        if not LANGUAGE.fullmatch(code):
            raise NoticeError(f"{lang!r} is not a language code (e.g. en, km, th, vi)")
        text = (text or "").strip()
        _check_text("", text)
        if text:
            out[code] = text
    return out


def add_update(
    conn: Connection,
    notice_id: int,
    *,
    texts: Mapping[str, str],
    status: str,
    now: datetime,
    created_by: str | None = None,
) -> Update:
    """Post a progress update (and the notice's new status); its e-mail goes to every
    affected customer. A status of `resolved` resolves the notice."""
    status = schedule.check_status(status)
    notice = get(conn, notice_id)
    schedule.check_change(notice.status, status)
    cleaned = _clean_update(texts)
    if status == "resolved":
        return resolve(conn, notice_id, texts=cleaned, now=now, created_by=created_by)
    if not cleaned:
        raise NoticeError("an update needs a text")
    update_id = conn.execute(
        insert(notice_updates)
        .values(
            notice_id=notice_id,
            status=status,
            texts=json.dumps(cleaned, ensure_ascii=False),
            created_by=created_by,
            created_at=now,
        )
        .returning(notice_updates.c.id)
    ).scalar_one()
    conn.execute(
        update(notices).where(notices.c.id == notice_id).values(status=status, updated_at=now)
    )
    _queue(conn, get(conn, notice_id), schedule.update_stage(update_id), now)
    return Update(update_id, status, cleaned, now, created_by)


def resolve(
    conn: Connection,
    notice_id: int,
    *,
    now: datetime,
    texts: Mapping[str, str] | None = None,
    created_by: str | None = None,
) -> Update:
    """Close the notice; its resolution e-mail goes to every affected customer, once."""
    cleaned = _clean_update(texts or {})
    closed = conn.execute(
        update(notices)
        .where(notices.c.id == notice_id, notices.c.status != "resolved")
        .values(status="resolved", resolved_at=now, updated_at=now)
    )
    if closed.rowcount != 1:
        get(conn, notice_id)  # no such notice: says so
        raise NoticeError("this notice is resolved already")
    update_id = conn.execute(
        insert(notice_updates)
        .values(
            notice_id=notice_id,
            status="resolved",
            texts=json.dumps(cleaned, ensure_ascii=False),
            created_by=created_by,
            created_at=now,
        )
        .returning(notice_updates.c.id)
    ).scalar_one()
    _queue(conn, get(conn, notice_id), RESOLVED, now)
    return Update(update_id, "resolved", cleaned, now, created_by)


# -- sending (the worker's job) ---------------------------------------------------------------


def _recover(conn: Connection, now: datetime) -> int:
    """Deliveries left `sending` by a worker that stopped: failed, never sent again."""
    done = conn.execute(
        update(notice_deliveries)
        .where(notice_deliveries.c.status == "sending", notice_deliveries.c.claimed_until < now)
        .values(
            status="failed",
            claimed_until=None,
            error="interrupted while sending: not sent again, to avoid a duplicate",
        )
    )
    return int(done.rowcount or 0)


def queue_reminders(conn: Connection, now: datetime, lead: timedelta) -> int:
    """Queue the reminder of every scheduled maintenance whose moment has come (once: the
    notice is marked in the same transaction)."""
    if lead <= timedelta(0):
        return 0
    rows = conn.execute(
        select(notices).where(
            notices.c.status == "scheduled",
            notices.c.reminder_queued_at.is_(None),
            notices.c.starts_at > now,
            notices.c.starts_at <= now + lead,
        )
    ).mappings()
    queued = 0
    for row in list(rows):
        if not schedule.reminder_due(
            status=row["status"],
            created_at=row["created_at"],
            starts_at=row["starts_at"],
            reminder_queued=False,
            now=now,
            lead=lead,
        ):
            continue
        taken = conn.execute(
            update(notices)
            .where(notices.c.id == row["id"], notices.c.reminder_queued_at.is_(None))
            .values(reminder_queued_at=now)
        )
        if taken.rowcount == 1:
            queued += _queue(conn, get(conn, row["id"]), REMINDER, now)
    return queued


def _zone(name: str | None, settings: Settings) -> ZoneInfo:
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return settings.zone


def _mail(
    conn: Connection,
    settings: Settings,
    row: Mapping[str, Any],
    known: dict[int, Notice] | None = None,
) -> NoticeMail:
    known = {} if known is None else known
    notice = known.get(row["notice_id"])
    if notice is None:
        notice = known[row["notice_id"]] = get(conn, row["notice_id"])
    wanted_customer = customers.c.customer_id == row["customer_id"]
    customer = conn.execute(select(*_CUSTOMER_COLUMNS).where(wanted_customer)).mappings().first()
    customer = customer or {}
    wanted = row["language"]
    lang = notice.language_for(wanted)
    stage = row["stage"]
    update_text = ""
    status = notice.status
    update_id = schedule.update_id_of(stage)
    if update_id is not None:
        found = next((u for u in notice.updates if u.id == update_id), None)
        if found is not None:
            update_text, status = found.text(wanted, notice.default_language), found.status
    elif stage == RESOLVED:
        closing = next((u for u in reversed(notice.updates) if u.status == "resolved"), None)
        update_text = closing.text(wanted, notice.default_language) if closing else ""
        status = "resolved"
    elif stage in (CREATED, REMINDER):
        status = "scheduled" if notice.status == "scheduled" else notice.status
    return NoticeMail(
        delivery_id=row["id"],
        stage=stage,
        kind=notice.kind,
        status=status,
        lang=lang,
        title=notice.text(lang, "title"),
        body=notice.text(lang, "body"),
        update_text=update_text,
        starts_at=notice.starts_at,
        expected_end_at=notice.expected_end_at,
        resolved_at=notice.resolved_at if stage == RESOLVED else None,
        recipient=row["recipient"],
        name=customer.get("name"),
        zone=_zone(customer.get("timezone"), settings),
        frame=(wanted or "").split("-")[0],
    )


def send_due(
    engine: Engine,
    settings: Settings,
    clock: Clock = SYSTEM,
    sender: Any = None,
    limit: int = 200,
) -> SendReport:
    """One pass: recover interrupted sends, queue due reminders, send due e-mails."""
    report = SendReport()
    now = clock.now()
    lead = timedelta(hours=settings.notice_lead_hours)
    with engine.begin() as conn:
        report.recovered = _recover(conn, now)
        report.reminders = queue_reminders(conn, now, lead)
    if not settings.smtp_host:
        return report  # left queued until an SMTP server is configured
    if sender is None:
        from cxm.channels.email import EmailSender

        sender = EmailSender(settings, clock=clock)
    with engine.connect() as conn:
        due = (
            conn.execute(
                select(notice_deliveries.c.id)
                .where(
                    notice_deliveries.c.status == "queued",
                    notice_deliveries.c.next_attempt_at <= now,
                )
                .order_by(notice_deliveries.c.next_attempt_at, notice_deliveries.c.id)
                .limit(limit)
            )
            .scalars()
            .all()
        )
    known: dict[int, Notice] = {}  # the notices of this pass, read once
    for delivery_id in due:
        _send_one(engine, settings, clock, sender, delivery_id, report, known)
    return report


def _send_one(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    sender: Any,
    delivery_id: int,
    report: SendReport,
    known: dict[int, Notice],
) -> None:
    now = clock.now()
    with engine.begin() as conn:
        taken = conn.execute(
            update(notice_deliveries)
            .where(notice_deliveries.c.id == delivery_id, notice_deliveries.c.status == "queued")
            .values(status="sending", claimed_until=now + LEASE)
        )
        if taken.rowcount != 1:
            return  # another worker has it
        row = (
            conn.execute(select(notice_deliveries).where(notice_deliveries.c.id == delivery_id))
            .mappings()
            .one()
        )
        msg, error = None, None
        try:
            msg = build_message(
                _mail(conn, settings, row, known),
                sender=settings.smtp_sender,
                company=settings.company_name,
                base_url=settings.base_url,
                now=now,
            )
        except SendError as exc:
            error = str(exc)
    if msg is not None:
        try:
            sender.deliver(msg)
        except SendError as exc:
            error = str(exc)
    attempts = row["attempts"] + 1
    done = clock.now()
    with engine.begin() as conn:
        if error is None:
            values: dict[str, Any] = {"status": "sent", "sent_at": done, "error": None}
            report.sent += 1
        else:
            again = schedule.retry_at(attempts, done)
            values = {"status": "queued" if again else "failed", "error": error}
            if again is not None:
                values["next_attempt_at"] = again
                report.retried += 1
            else:
                report.failed += 1
            report.errors.append(f"notice e-mail {delivery_id}: {error}")
        conn.execute(
            update(notice_deliveries)
            .where(notice_deliveries.c.id == delivery_id)
            .values(attempts=attempts, claimed_until=None, **values)
        )


def job(engine: Engine, settings: Settings, clock: Clock, channels: Mapping[str, Any]) -> None:
    """The worker's pass over the notices: reminders due, e-mails due (the e-mail channel)."""
    report = send_due(engine, settings, clock, channels.get("email"))
    if report.sent or report.failed or report.retried or report.recovered or report.reminders:
        log.info(
            "notice e-mails: sent %d, retrying %d, failed %d, interrupted %d, reminders queued %d",
            report.sent,
            report.retried,
            report.failed,
            report.recovered,
            report.reminders,
        )
    for error in report.errors:
        log.warning(error)


def chart_shade(
    engine: Engine,
    settings: Settings,
    periods: Sequence[str],
    grain: Period,
    last: date,
    now: datetime,
) -> tuple[int, int] | None:
    """The points of a chart (periods as ISO first days, by `grain`, up to `last`) that the
    latest incident overlapping it covers, for `line_chart(shade=...)`; None without one."""
    if not periods:
        return None
    starts, ends = marks.period_bounds(periods, lambda d: next_period(d, grain), last)
    zone = settings.zone
    first_at = datetime.combine(starts[0], time(), tzinfo=zone) - timedelta(days=1)
    last_at = datetime.combine(ends[-1], time(), tzinfo=zone) + timedelta(days=2)
    with engine.connect() as conn:
        spans = incident_spans(conn, first_at, last_at)
    days = [marks.local_days(a, b, now, zone) for a, b in spans]
    return marks.shade(marks.incident_ranges(starts, ends, days))

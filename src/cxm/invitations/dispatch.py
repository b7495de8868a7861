"""Sending what is due: queued invitations and reminders, within the rules.

Each invitation is taken in its own short transaction (claimed, so two workers never send the
same one), sent outside any transaction, then marked sent or failed. Quiet hours move an
invitation to the end of the quiet period; contact limits suppress it, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, select

from cxm.channels.base import Sender, SendError
from cxm.clock import Clock
from cxm.config import Settings
from cxm.db.schema import customers
from cxm.invitations import service, triggers
from cxm.invitations.policy import QuietHours, suppression_reason
from cxm.invitations.service import Invitation
from cxm.surveys import service as surveys
from cxm.surveys.definitions import Survey

LEASE = timedelta(minutes=5)


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    suppressed: int = 0
    delayed: int = 0
    reminded: int = 0
    recovered: int = 0
    scheduled: int = 0
    errors: list[str] = field(default_factory=list)


def run_once(
    engine: Engine, settings: Settings, clock: Clock, senders: Mapping[str, Sender]
) -> Report:
    """One pass: recover interrupted sends, invite whoever a cadence says is due, send due
    invitations, then due reminders."""
    report = Report()
    quiet = QuietHours.parse(settings.quiet_hours)
    with engine.begin() as conn:
        report.recovered = service.recover_interrupted(conn, clock.now())
        report.scheduled = triggers.schedule_cadence(conn, settings, clock.now())
    with engine.begin() as conn:
        due = service.due(conn, clock.now())
    for invitation in due:
        _send_one(engine, settings, clock, senders, quiet, invitation, report)
    with engine.begin() as conn:
        reminders = service.reminders_due(conn, clock.now())
    for invitation in reminders:
        _remind_one(engine, settings, clock, senders, quiet, invitation, report)
    return report


def _zone(engine: Engine, settings: Settings, customer_id: str | None) -> ZoneInfo:
    if customer_id is not None:
        with engine.connect() as conn:
            name = conn.execute(
                select(customers.c.timezone).where(customers.c.customer_id == customer_id)
            ).scalar()
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                pass
    return settings.zone


def _after_quiet_hours(
    engine: Engine,
    settings: Settings,
    quiet: QuietHours | None,
    invitation: Invitation,
    now: datetime,
) -> datetime | None:
    """When quiet hours end for this customer, if they are in them now; else None."""
    if quiet is None:
        return None
    allowed = quiet.next_allowed(now, _zone(engine, settings, invitation.customer_id))
    return allowed if allowed > now else None


def _send_one(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    senders: Mapping[str, Sender],
    quiet: QuietHours | None,
    invitation: Invitation,
    report: Report,
) -> None:
    now = clock.now()
    with engine.begin() as conn:
        survey = surveys.get(conn, invitation.survey_id)
        if not survey.active:
            service.update_status(
                conn,
                invitation.id,
                now,
                "suppressed",
                "the survey is switched off",
                status="suppressed",
            )
            report.suppressed += 1
            return
        allowed = _after_quiet_hours(engine, settings, quiet, invitation, now)
        if allowed is not None:
            service.update_status(
                conn,
                invitation.id,
                now,
                "delayed",
                f"quiet hours: moved to {allowed:%Y-%m-%d %H:%M} UTC",
                scheduled_at=allowed,
            )
            report.delayed += 1
            return
        reason = suppression_reason(
            now,
            service.contact_history(conn, invitation),
            settings.contact_days,
            survey.recontact_days,
        )
        if reason is not None:
            service.update_status(
                conn, invitation.id, now, "suppressed", reason, status="suppressed"
            )
            report.suppressed += 1
            return
        if not service.claim(conn, invitation.id, now, LEASE):
            return  # another worker took it
    _deliver(engine, settings, clock, senders, invitation, survey, report)


def _deliver(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    senders: Mapping[str, Sender],
    invitation: Invitation,
    survey: Survey,
    report: Report,
) -> None:
    sender = senders.get(invitation.channel)
    error: str | None = None
    if sender is None:
        error = f"no {invitation.channel} channel is configured"
    else:
        try:
            sender.send(invitation, survey, reminder=False)
        except SendError as exc:
            error = str(exc)
    now = clock.now()
    with engine.begin() as conn:
        if error is not None:
            service.update_status(
                conn, invitation.id, now, "failed", error, status="failed", error=error
            )
            report.failed += 1
            report.errors.append(f"invitation {invitation.id}: {error}")
            return
        service.update_status(
            conn,
            invitation.id,
            now,
            "sent",
            invitation.recipient,
            status="sent",
            sent_at=now,
            expires_at=now + timedelta(days=settings.invitation_days),
            claimed_until=None,
            next_reminder_at=(
                now + timedelta(days=survey.reminder_days) if survey.reminders > 0 else None
            ),
        )
    report.sent += 1


def _remind_one(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    senders: Mapping[str, Sender],
    quiet: QuietHours | None,
    invitation: Invitation,
    report: Report,
) -> None:
    now = clock.now()
    with engine.begin() as conn:
        survey = surveys.get(conn, invitation.survey_id)
        if invitation.reminders_sent >= survey.reminders or (
            invitation.expires_at is not None and now >= invitation.expires_at
        ):
            service.update_status(
                conn,
                invitation.id,
                now,
                "no_reminder",
                "no reminder left",
                next_reminder_at=None,
            )
            return
        allowed = _after_quiet_hours(engine, settings, quiet, invitation, now)
        if allowed is not None:
            service.update_status(
                conn,
                invitation.id,
                now,
                "delayed",
                f"reminder in quiet hours: moved to {allowed:%Y-%m-%d %H:%M} UTC",
                next_reminder_at=allowed,
            )
            report.delayed += 1
            return
        # taken before sending, so a crash cannot remind twice
        sent = invitation.reminders_sent + 1
        service.update_status(
            conn,
            invitation.id,
            now,
            "reminding",
            f"reminder {sent}",
            reminders_sent=sent,
            next_reminder_at=(
                now + timedelta(days=survey.reminder_days) if sent < survey.reminders else None
            ),
        )
    sender = senders.get(invitation.channel)
    try:
        if sender is None:
            raise SendError(f"no {invitation.channel} channel is configured")
        sender.send(invitation, survey, reminder=True)
    except SendError as exc:
        with engine.begin() as conn:
            service.log(conn, invitation.id, "failed", clock.now(), f"reminder: {exc}")
        report.errors.append(f"invitation {invitation.id} reminder: {exc}")
        return
    with engine.begin() as conn:
        service.log(conn, invitation.id, "reminded", clock.now(), invitation.recipient)
    report.reminded += 1

"""The background loop (`cxm worker`, or inside `cxm serve`): due invitations and reminders,
webhook deliveries, the monthly report, and whatever else is due. Several may run at once
against one database: each piece of work is claimed before it is done."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from sqlalchemy import Engine

from cxm.alerts import service as alerts
from cxm.channels.base import Sender
from cxm.channels.registry import senders
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.followups import service as followups
from cxm.invitations.dispatch import Report, run_once
from cxm.notices import service as notices
from cxm.reports.schedule import send_due_report
from cxm.sla import service as sla
from cxm.webhooks import service as webhooks

log = logging.getLogger("cxm.worker")
Channels = Mapping[str, Sender]


Job = Callable[[Engine, Settings, Clock, Mapping[str, Sender]], None]


def _invitations(engine: Engine, settings: Settings, clock: Clock, channels: Channels) -> None:
    _log(run_once(engine, settings, clock, channels))


def _webhooks(engine: Engine, settings: Settings, clock: Clock, channels: Channels) -> None:
    delivered = webhooks.deliver_due(engine, settings, clock)
    if delivered:
        log.info("webhook deliveries attempted: %d", delivered)


def _report(engine: Engine, settings: Settings, clock: Clock, channels: Channels) -> None:
    send_due_report(engine, settings, clock, channels["email"])  # type: ignore[arg-type]


# Every pass runs each job in turn; one job failing does not keep the others from running.
# (SLA checks, alerts, follow-ups and notices add theirs here.)
JOBS: list[Job] = [_invitations, _webhooks, _report]
JOBS.append(followups.job)
JOBS.append(notices.job)
JOBS.append(sla.job)
JOBS.append(alerts.job)


def run_jobs(engine: Engine, settings: Settings, clock: Clock, channels: Channels) -> None:
    """One pass of every job."""
    for job in JOBS:
        try:
            job(engine, settings, clock, channels)
        except Exception:  # the loop must outlive a bad pass (database restarting ...)
            log.exception("%s failed; retrying on the next pass", job.__name__.strip("_"))


def run(
    engine: Engine,
    settings: Settings,
    stop: threading.Event,
    clock: Clock = SYSTEM,
    interval_s: float = 5.0,
) -> None:
    """Do what is due every `interval_s` seconds until `stop` is set."""
    channels = senders(settings)
    while not stop.is_set():
        run_jobs(engine, settings, clock, channels)
        stop.wait(interval_s)


def _log(report: Report) -> None:
    if report.sent or report.failed or report.suppressed or report.reminded or report.recovered:
        log.info(
            "sent %d, reminded %d, failed %d, suppressed %d, delayed %d, recovered %d",
            report.sent,
            report.reminded,
            report.failed,
            report.suppressed,
            report.delayed,
            report.recovered,
        )
    for error in report.errors:
        log.warning(error)

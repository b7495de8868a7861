"""The background loop that sends due invitations, reminders, webhook deliveries and the
monthly report (`cxm worker`, or inside `cxm serve`). Several may run at once against one
database: each invitation, delivery and report is claimed before it is sent."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from cxm.channels.registry import senders
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.invitations.dispatch import Report, run_once
from cxm.reports.schedule import send_due_report
from cxm.webhooks import service as webhooks

log = logging.getLogger("cxm.worker")


def run(
    engine: Engine,
    settings: Settings,
    stop: threading.Event,
    clock: Clock = SYSTEM,
    interval_s: float = 5.0,
) -> None:
    """Send what is due every `interval_s` seconds until `stop` is set."""
    channels = senders(settings)
    while not stop.is_set():
        try:
            report = run_once(engine, settings, clock, channels)
            _log(report)
            delivered = webhooks.deliver_due(engine, settings, clock)
            if delivered:
                log.info("webhook deliveries attempted: %d", delivered)
            send_due_report(engine, settings, clock, channels["email"])  # type: ignore[arg-type]
        except Exception:  # the loop must outlive a bad pass (database restarting ...)
            log.exception("sending pass failed; retrying")
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

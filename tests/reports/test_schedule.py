"""The monthly report by e-mail, with a real SMTP server on loopback and a clock the test
moves: nothing before the day and hour, one e-mail per recipient with the files on the day,
nothing more after a restart, and a retry after the SMTP server refused."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.smtp import Envelope
from sqlalchemy import select

from cxm import worker
from cxm.channels.email import EmailSender
from cxm.clock import FrozenClock
from cxm.config import ConfigError, Settings
from cxm.db.engine import get_engine
from cxm.db.schema import report_runs
from cxm.reports import schedule
from cxm.reports.schedule import RETRY_AFTER, due_report, send_due_report
from cxm.reports.texts import REPORT_TEXTS
from helpers.demo import load_demo
from helpers.smtp import Mailbox, serving

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")  # UTC+7, no daylight saving
RECIPIENTS = ("cx-lead@example.com", "support-manager@example.org")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=PHNOM_PENH)  # type: ignore[misc]


def plan(**overrides: Any) -> Settings:
    """Settings of a monthly report on the 1st at 07:00 in Phnom Penh."""
    values: dict[str, Any] = {
        "timezone": "Asia/Phnom_Penh",
        "report_recipients": ", ".join(RECIPIENTS),
        "report_day": 1,
        "report_hour": 7,
        **overrides,
    }
    return dataclasses.replace(Settings(), **values)


# -- when ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "last_sent", "due"),
    [
        (local(2025, 7, 1, 6, 59), None, None),  # before the hour
        (local(2025, 7, 1, 7, 0), None, date(2025, 6, 1)),
        (local(2025, 7, 1, 7, 0), date(2025, 5, 1), date(2025, 6, 1)),
        (local(2025, 7, 1, 7, 0), date(2025, 6, 1), None),  # already sent
        (local(2025, 7, 19, 15, 0), date(2025, 5, 1), date(2025, 6, 1)),  # late, same month
        (local(2025, 7, 31, 23, 59), date(2025, 6, 1), None),
        (local(2025, 8, 1, 6, 59), date(2025, 6, 1), None),  # July's is not due yet
        (local(2025, 8, 1, 7, 0), date(2025, 6, 1), date(2025, 7, 1)),
        (local(2025, 1, 1, 7, 0), date(2024, 11, 1), date(2024, 12, 1)),  # across the year
        # 00:30 UTC is already 07:30 in Phnom Penh
        (datetime(2025, 7, 1, 0, 30, tzinfo=UTC), None, date(2025, 6, 1)),
        (datetime(2025, 6, 30, 23, 59, tzinfo=UTC), None, None),
    ],
)
def test_due_report(now: datetime, last_sent: date | None, due: date | None):
    assert due_report(now, plan(), last_sent) == due


def test_no_recipients_no_report():
    assert due_report(local(2025, 7, 2, 12, 0), plan(report_recipients=""), None) is None


def test_a_day_past_the_months_end_is_its_last_day():
    s = plan(report_day=31, report_hour=0)
    assert due_report(local(2025, 2, 27, 23, 0), s, None) is None
    assert due_report(local(2025, 2, 28, 0, 0), s, None) == date(2025, 1, 1)
    assert due_report(local(2025, 3, 30, 12, 0), s, None) is None
    assert due_report(local(2025, 3, 31, 0, 0), s, None) == date(2025, 2, 1)


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("CXM_REPORT_DAY", "0"),
        ("CXM_REPORT_DAY", "32"),
        ("CXM_REPORT_HOUR", "24"),
        ("CXM_REPORT_FORMATS", "pdf,docx"),
        ("CXM_REPORT_FORMATS", ","),
        ("CXM_REPORT_LANGUAGE", "fr"),
        ("CXM_REPORT_RECIPIENTS", "boss@example.com, not an address"),
    ],
)
def test_a_schedule_that_cannot_work_is_refused(env: str, value: str):
    with pytest.raises(ConfigError, match=env):
        Settings.from_env({env: value})


def test_settings_read_from_the_environment():
    s = Settings.from_env(
        {
            "CXM_REPORT_RECIPIENTS": " a@example.com ,b@example.com,",
            "CXM_REPORT_DAY": "3",
            "CXM_REPORT_HOUR": "9",
            "CXM_REPORT_FORMATS": "PDF, html",
            "CXM_REPORT_LANGUAGE": "km",
        }
    )
    assert s.report_recipient_list == ("a@example.com", "b@example.com")
    assert (s.report_day, s.report_hour, s.report_language) == (3, 9, "km")
    assert s.report_format_list == ("pdf", "html")
    default = Settings.from_env({})
    assert default.report_recipient_list == () and default.report_format_list == ("pdf", "xlsx")
    assert (default.report_day, default.report_hour, default.report_language) == (1, 7, "en")


# -- sending ------------------------------------------------------------------------------------


class Flaky(Mailbox):
    """A mailbox that answers 451 (try again later) for the addresses in `refuse`."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        if self.refuse & set(envelope.rcpt_tos):
            return "451 4.3.0 Mailbox busy, try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mailbox() -> Iterator[tuple[Flaky, int]]:
    handler = Flaky()
    with serving(handler) as controller:
        yield handler, controller.port


@pytest.fixture
def world(settings: Settings, mailbox: tuple[Flaky, int], tmp_path: Path) -> Settings:
    """The demo year on SQLite or PostgreSQL, and a report schedule through the mailbox."""
    load_demo(settings, tmp_path / "demo")
    _, port = mailbox
    return dataclasses.replace(
        settings,
        timezone="Asia/Phnom_Penh",
        company_name="Demo Hosting",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        smtp_sender="CX reports <reports@demo-hosting.example>",
        report_recipients=", ".join(RECIPIENTS),
        report_day=1,
        report_hour=7,
        report_formats="pdf,xlsx",
        report_language="th",
    )


def runs(s: Settings) -> list[dict[str, Any]]:
    with get_engine(s.database_url).connect() as conn:
        return [dict(r) for r in conn.execute(select(report_runs)).mappings()]


def send(s: Settings, clock: FrozenClock) -> schedule.ReportRun | None:
    return send_due_report(get_engine(s.database_url), s, clock, EmailSender(s, clock=clock))


def test_one_email_per_recipient_on_the_day_and_never_again(world: Settings, mailbox):
    box, _ = mailbox
    clock = FrozenClock(local(2025, 7, 1, 6, 59))
    assert send(world, clock) is None
    assert box.envelopes == [] and runs(world) == []

    clock.set(local(2025, 7, 1, 7, 0))
    run = send(world, clock)
    assert run is not None
    assert (run.month, run.status, run.error) == (date(2025, 6, 1), "sent", None)
    assert run.recipients == RECIPIENTS
    assert sorted(rcpt for e in box.envelopes for rcpt in e.rcpt_tos) == sorted(RECIPIENTS)
    for mail in box.messages():
        assert REPORT_TEXTS.text("th", "title") in mail["Subject"]
        assert "มิถุนายน 2025" in mail["Subject"]
        assert mail["From"].addresses[0].addr_spec == "reports@demo-hosting.example"
        assert "th" in mail["Content-Language"]
        body = mail.get_body(preferencelist=("plain",)).get_content()
        assert "Demo Hosting" in body and "CSAT" in body
        files = {part.get_filename(): part for part in mail.iter_attachments()}
        assert set(files) == {"cxm-report-2025-06.pdf", "cxm-report-2025-06.xlsx"}
        assert files["cxm-report-2025-06.pdf"].get_content_type() == "application/pdf"
        assert files["cxm-report-2025-06.pdf"].get_content().startswith(b"%PDF-")
        assert files["cxm-report-2025-06.xlsx"].get_content().startswith(b"PK")
    (row,) = runs(world)
    assert row["month"] == date(2025, 6, 1) and row["status"] == "sent"
    assert row["sent_at"] == clock.now() and row["attempts"] == 1
    assert row["recipients"].split(",") == list(RECIPIENTS)

    # later that day, the next day: nothing more
    for hours in (0, 1, 30):
        clock.set(local(2025, 7, 1, 7, 0) + timedelta(hours=hours))
        assert send(world, clock) is None
    assert len(box.envelopes) == 2

    # a month later, the next month's report
    clock.set(local(2025, 8, 1, 7, 5))
    run = send(world, clock)
    assert run is not None and run.month == date(2025, 7, 1) and run.status == "sent"
    assert len(box.envelopes) == 4
    names = {p.get_filename() for p in box.messages()[-1].iter_attachments()}
    assert names == {"cxm-report-2025-07.pdf", "cxm-report-2025-07.xlsx"}


def test_a_refused_send_is_retried_to_whom_it_did_not_reach(world: Settings, mailbox):
    box, _ = mailbox
    box.refuse = {RECIPIENTS[1]}
    clock = FrozenClock(local(2025, 7, 1, 7, 0))
    run = send(world, clock)
    assert run is not None and run.status == "failed"
    assert run.recipients == RECIPIENTS[:1]
    assert "451" in (run.error or "")
    (row,) = runs(world)
    assert row["status"] == "failed" and "451" in row["error"] and row["sent_at"] is None
    assert [e.rcpt_tos for e in box.envelopes] == [[RECIPIENTS[0]]]

    # the next passes wait a little rather than hammer a server that is refusing
    clock.advance(RETRY_AFTER - timedelta(seconds=1))
    assert send(world, clock) is None
    box.refuse = set()
    clock.advance(timedelta(seconds=1))
    run = send(world, clock)
    assert run is not None and run.status == "sent" and run.recipients == RECIPIENTS
    # the first recipient is not sent the report twice
    assert [e.rcpt_tos for e in box.envelopes] == [[RECIPIENTS[0]], [RECIPIENTS[1]]]
    (row,) = runs(world)
    assert row["status"] == "sent" and row["attempts"] == 2 and row["error"] is None
    clock.advance(RETRY_AFTER * 3)
    assert send(world, clock) is None


def test_no_smtp_server_is_a_failure_recorded_and_retried(world: Settings, mailbox):
    from helpers.smtp import free_port

    box, _ = mailbox
    down = dataclasses.replace(world, smtp_port=free_port())  # nothing listens there
    clock = FrozenClock(local(2025, 7, 2, 9, 0))
    run = send(down, clock)
    assert run is not None and run.status == "failed" and run.recipients == ()
    assert "could not connect" in (run.error or "")
    clock.advance(RETRY_AFTER)
    run = send(world, clock)  # the server is back
    assert run is not None and run.status == "sent"
    assert len(box.envelopes) == 2


def test_an_abandoned_attempt_is_taken_over(world: Settings, mailbox):
    """A worker that died while sending leaves its claim; another takes it over later."""
    box, _ = mailbox
    engine = get_engine(world.database_url)
    now = local(2025, 7, 1, 7, 0)
    assert schedule._claim(engine, date(2025, 6, 1), now) == ()
    clock = FrozenClock(now + timedelta(minutes=10))
    assert send(world, clock) is None  # still being sent, as far as anyone knows
    clock.advance(schedule.ABANDONED_AFTER)
    run = send(world, clock)
    assert run is not None and run.status == "sent" and len(box.envelopes) == 2


def test_the_worker_sends_it_once_across_restarts(world: Settings, mailbox):
    box, _ = mailbox
    engine = get_engine(world.database_url)
    clock = FrozenClock(local(2025, 7, 1, 7, 30))

    def run_worker(seconds: float, until: Any = None) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=worker.run, args=(engine, world, stop, clock, 0.05), daemon=True
        )
        thread.start()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until()):
            time.sleep(0.05)
        time.sleep(0.3)  # a few more passes
        stop.set()
        thread.join(timeout=60)
        assert not thread.is_alive()

    run_worker(120, until=lambda: len(box.envelopes) == 2)
    assert len(box.envelopes) == 2
    run_worker(1.0)  # restarted, same day
    clock.advance(timedelta(days=3))
    run_worker(1.0)  # restarted days later
    assert len(box.envelopes) == 2
    (row,) = runs(world)
    assert row["status"] == "sent" and row["attempts"] == 1

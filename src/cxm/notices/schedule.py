"""What is due when (pure): statuses, the e-mail stages of a notice, the reminder before a
maintenance, retries after a failed send, what the status page lists.

A notice's customers receive one e-mail per stage: `created` when it is published,
`reminder` at its start minus the lead time (only when it was published before that moment:
a notice published inside the lead time has just been announced), `update-<id>` at each
progress update, and `resolved` at its resolution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxm.i18n.catalogue import FALLBACK

KINDS = ("maintenance", "incident")
STATUSES = ("scheduled", "in_progress", "monitoring", "resolved")
OPEN_STATUSES = ("scheduled", "in_progress", "monitoring")

CREATED = "created"
REMINDER = "reminder"
RESOLVED = "resolved"

MAX_ATTEMPTS = 6  # sends tried before a delivery is given up as failed
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=1)


class NoticeError(ValueError):
    """A notice or an update that cannot be accepted; the text says why."""


def update_stage(update_id: int) -> str:
    return f"update-{update_id}"


def update_id_of(stage: str) -> int | None:
    """The update a stage is about, or None for created / reminder / resolved."""
    if stage.startswith("update-"):
        try:
            return int(stage.removeprefix("update-"))
        except ValueError:
            return None
    return None


def check_kind(kind: str) -> str:
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise NoticeError(f"kind {kind!r}: choose one of {', '.join(KINDS)}")
    return kind


def check_status(status: str) -> str:
    status = status.strip().lower().replace(" ", "_").replace("-", "_")
    if status not in STATUSES:
        raise NoticeError(f"status {status!r}: choose one of {', '.join(STATUSES)}")
    return status


def initial_status(kind: str, starts_at: datetime, now: datetime) -> str:
    """A maintenance in the future is scheduled; anything already started is in progress."""
    return "scheduled" if kind == "maintenance" and starts_at > now else "in_progress"


def check_times(starts_at: datetime, expected_end_at: datetime | None) -> None:
    for value in (starts_at, expected_end_at):
        if value is not None and value.tzinfo is None:
            raise NoticeError("times need a time zone (e.g. 2025-06-01T02:00:00+07:00)")
    if expected_end_at is not None and expected_end_at <= starts_at:
        raise NoticeError("the expected end must come after the start")


def check_change(current: str, new: str) -> None:
    """A resolved notice is closed: nothing moves it again."""
    if current == "resolved":
        raise NoticeError("this notice is resolved: publish a new notice instead")
    if new not in STATUSES:
        raise NoticeError(f"status {new!r}: choose one of {', '.join(STATUSES)}")


def effective_status(status: str, starts_at: datetime, now: datetime) -> str:
    """The status to show: a scheduled maintenance whose start has passed is in progress."""
    if status == "scheduled" and now >= starts_at:
        return "in_progress"
    return status


def reminder_moment(starts_at: datetime, lead: timedelta) -> datetime:
    return starts_at - lead


def reminder_due(
    *,
    status: str,
    created_at: datetime,
    starts_at: datetime,
    reminder_queued: bool,
    now: datetime,
    lead: timedelta,
) -> bool:
    """Whether the reminder before the start is to be queued now."""
    if reminder_queued or lead <= timedelta(0) or status != "scheduled":
        return False
    moment = reminder_moment(starts_at, lead)
    return created_at < moment <= now < starts_at


def reminder_missed(
    *, status: str, created_at: datetime, starts_at: datetime, now: datetime, lead: timedelta
) -> bool:
    """Whether the reminder will never be due (published inside the lead time, started,
    or closed): no need to look at the notice again for it."""
    if lead <= timedelta(0) or status != "scheduled":
        return True
    return created_at >= reminder_moment(starts_at, lead) or now >= starts_at


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When to try a failed send again (1, 2, 4 ... minutes, at most an hour apart), or None
    when `attempts` sends have failed and the delivery is given up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    delay = min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LAST_RETRY)
    return now + delay


def text_language(wanted: str | None, available: Mapping[str, object], default: str) -> str:
    """The language of a text for a reader who speaks `wanted` (e.g. `km` or `th-TH`): theirs
    when the text exists in it, else the notice's default language, else English, else any."""
    if wanted:
        code = wanted.strip().lower().replace("_", "-")
        for candidate in (code, code.split("-")[0]):
            if candidate in available:
                return candidate
    for candidate in (default, FALLBACK):
        if candidate in available:
            return candidate
    return next(iter(available), default)


@dataclass(frozen=True)
class Listed:
    """Where a notice belongs on the status page."""

    current: bool  # open: scheduled, in progress or monitoring
    recent: bool  # resolved within the recent days


def listing(
    status: str, resolved_at: datetime | None, now: datetime, recent: timedelta
) -> Listed | None:
    """Whether the status page lists a notice, and where; None when it is too old."""
    if status != "resolved":
        return Listed(True, False)
    if resolved_at is not None and now - resolved_at <= recent:
        return Listed(False, True)
    return None

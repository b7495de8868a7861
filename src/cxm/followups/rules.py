"""Which answers open a follow-up task, when it is due, who owns it, how it moves (pure).

An answer opens a task when it is
- an NPS detractor (`detractor`), an unsatisfied CSAT (`unsatisfied`), a high-effort CES
  (`high_effort`): the answer's band is -1, fixed when it was stored;
- a "no" to the "Is your problem fixed?" question sent when a task is resolved (`not_fixed`);
- otherwise an answer with a negative comment (`negative_comment`): any comment on a low-band
  answer of another kind (an agent rating), or a comment holding one of the negative words and
  phrases below on an answer whose score is not low.
The due time counts from the answer: the hours of its reason in the follow-up policy, or the
VIP hours when shorter for a VIP-support customer (a promoter who is not satisfied, domain.md
section 3). VIP tasks come first in every list, then the earliest due.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxm.config import Settings

REASONS = ("detractor", "unsatisfied", "high_effort", "negative_comment", "not_fixed")
BAND_REASONS = {"nps": "detractor", "csat": "unsatisfied", "ces": "high_effort"}
STATUSES = ("open", "contacted", "resolved")
ACTIVE = ("open", "contacted")
# The survey that asks "Is your problem fixed?" when a task is resolved.
FIXED_SURVEY_KEY = "followup_fixed"

# Negative words and phrases, matched on whole words in English and Vietnamese and anywhere in
# Khmer and Thai text (written without spaces between words). Deliberately short: a word that
# is often used kindly ("problem" in "no problem") is left out, and the phrases of
# NOT_NEGATIVE are removed before matching.
NEGATIVE_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "bad",
        "terrible",
        "awful",
        "horrible",
        "worst",
        "useless",
        "disappointed",
        "disappointing",
        "angry",
        "unacceptable",
        "rude",
        "slow",
        "broken",
        "not working",
        "doesn't work",
        "does not work",
        "still down",
        "never again",
        "cancel",
        "refund",
        "waste of time",
        "frustrated",
        "frustrating",
    ),
    "vi": (
        "tệ",
        "kém",
        "chậm",
        "thất vọng",
        "bực mình",
        "khó chịu",
        "không hoạt động",
        "không được",
        "vô dụng",
        "lỗi",
        "hủy",
        "hoàn tiền",
        "mất thời gian",
        "thô lỗ",
    ),
    "th": (
        "แย่",
        "ห่วย",
        "ช้า",
        "ผิดหวัง",
        "ไม่พอใจ",
        "ใช้ไม่ได้",
        "ไม่ทำงาน",
        "เสียเวลา",
        "ยกเลิก",
        "คืนเงิน",
        "หยาบคาย",
        "โมโห",
    ),
    "km": (
        "អាក្រក់",
        "យឺត",
        "ខកចិត្ត",
        "មិនពេញចិត្ត",
        "មិនដំណើរការ",
        "ខឹង",
        "ខាតពេល",
        "បោះបង់",
        "សងប្រាក់",
        "គ្មានប្រយោជន៍",
    ),
}
NOT_NEGATIVE: tuple[str, ...] = (
    "not bad",
    "not slow",
    "không tệ",
    "xin lỗi",  # "sorry", not a fault ("lỗi")
    "không chậm",
    "ไม่แย่",
    "ไม่ช้า",
    "មិនអាក្រក់",
    "មិនយឺត",
)
_SPACED = ("en", "vi")


class PolicyError(ValueError):
    """A follow-up policy that cannot be applied."""


class TransitionError(ValueError):
    """A status change the task cannot make; `code` names the rule (for translated messages):
    status, transition, root_cause."""

    def __init__(self, message: str, code: str = "transition") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Policy:
    due_hours: dict[str, int]  # reason -> hours; a reason absent is not followed up
    vip_hours: int
    queue: str
    root_causes: tuple[str, ...]
    max_age_days: int


def parse_hours(text: str) -> dict[str, int]:
    """'detractor=24,unsatisfied=12' -> {'detractor': 24, 'unsatisfied': 12}."""
    hours: dict[str, int] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, sep, value = (s.strip() for s in part.partition("="))
        if not sep or name not in REASONS:
            raise PolicyError(
                f"CXM_FOLLOWUP_DUE_HOURS: {part!r} is not REASON=HOURS with a reason among "
                f"{', '.join(REASONS)}"
            )
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number <= 0:
            raise PolicyError(f"CXM_FOLLOWUP_DUE_HOURS: {part!r} needs a whole number of hours > 0")
        hours[name] = number
    return hours


def policy_from(settings: Settings) -> Policy:
    """The follow-up policy of these settings (PolicyError when it cannot work)."""
    causes = tuple(c.strip() for c in settings.followup_root_causes.split(",") if c.strip())
    if not causes:
        raise PolicyError("CXM_FOLLOWUP_ROOT_CAUSES: name at least one root cause")
    if any(len(c) > 64 for c in causes):
        raise PolicyError("CXM_FOLLOWUP_ROOT_CAUSES: a root cause has at most 64 characters")
    if settings.followup_vip_hours <= 0:
        raise PolicyError("CXM_FOLLOWUP_VIP_HOURS: expected a whole number of hours > 0")
    if settings.followup_max_age_days <= 0:
        raise PolicyError("CXM_FOLLOWUP_MAX_AGE_DAYS: expected a number of days > 0")
    if not settings.followup_queue.strip():
        raise PolicyError("CXM_FOLLOWUP_QUEUE: name the default team queue")
    return Policy(
        due_hours=parse_hours(settings.followup_due_hours),
        vip_hours=settings.followup_vip_hours,
        queue=settings.followup_queue.strip(),
        root_causes=causes,
        max_age_days=settings.followup_max_age_days,
    )


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


_PATTERNS = {
    lang: [
        re.compile(r"(?<!\w)" + re.escape(_normal(p)) + r"(?!\w)")
        if lang in _SPACED
        else re.compile(re.escape(_normal(p)))
        for p in phrases
    ]
    for lang, phrases in NEGATIVE_PHRASES.items()
}


def negative_phrases(comment: str | None) -> list[str]:
    """The negative words and phrases found in a comment (any of the four languages)."""
    if not comment:
        return []
    text = _normal(comment)
    for kind in NOT_NEGATIVE:
        text = text.replace(_normal(kind), " ")
    found = []
    for lang, patterns in _PATTERNS.items():
        for phrase, pattern in zip(NEGATIVE_PHRASES[lang], patterns, strict=True):
            if pattern.search(text):
                found.append(phrase)
    return found


@dataclass(frozen=True)
class Answer:
    """What the rules need of an answer."""

    survey: str  # csat, nps, ces, rating
    band: int  # +1, 0, -1
    comment: str | None
    survey_key: str | None = None  # the cxm survey that collected it, if any


def reason_for(answer: Answer, policy: Policy) -> str | None:
    """Why this answer opens a follow-up task, or None when it does not (or the policy does
    not follow that reason up)."""
    reason: str | None = None
    if answer.survey_key == FIXED_SURVEY_KEY and answer.band == -1:
        reason = "not_fixed"
    elif answer.band == -1 and answer.survey in BAND_REASONS:
        reason = BAND_REASONS[answer.survey]
    elif (
        answer.comment
        and answer.comment.strip()
        and (answer.band == -1 or negative_phrases(answer.comment))
    ):
        reason = "negative_comment"
    return reason if reason in policy.due_hours else None


def too_old(answered_at: datetime, now: datetime, policy: Policy) -> bool:
    """An answer from long ago (an import of past data) opens no task."""
    return now - answered_at > timedelta(days=policy.max_age_days)


def due_at(reason: str, vip: bool, answered_at: datetime, policy: Policy) -> datetime:
    """When the task must be closed: from the answer, the reason's hours (VIP: at most the VIP
    hours)."""
    hours = policy.due_hours[reason]
    if vip:
        hours = min(hours, policy.vip_hours)
    return answered_at + timedelta(hours=hours)


def owner(agent: str | None, team: str | None, policy: Policy) -> tuple[str | None, str]:
    """(agent, team queue): the ticket's agent and team, else the default queue."""
    agent = (agent or "").strip() or None
    team = (team or "").strip() or policy.queue
    return agent, team


def overdue(status: str, due: datetime, now: datetime) -> bool:
    return status != "resolved" and now > due


def sort_key(vip: bool, due: datetime, task_id: int) -> tuple[bool, datetime, int]:
    """VIP-support customers first, then the earliest due, then the oldest task."""
    return (not vip, due, task_id)


def check_transition(
    current: str, target: str, root_cause: str | None, policy: Policy
) -> str | None:
    """Refuse a status change the flow does not allow; the root cause to store (resolving)."""
    if target not in STATUSES:
        raise TransitionError(
            f"unknown status {target!r}: choose one of {', '.join(STATUSES)}", "status"
        )
    allowed = {
        "open": ("contacted",),
        "contacted": ("resolved",),
        "resolved": ("open",),  # reopened: the problem came back
    }[current]
    if target not in allowed:
        raise TransitionError(
            f"a task that is {current} cannot become {target}"
            + (" (contact the customer first)" if target == "resolved" else "")
        )
    if target == "resolved":
        cause = (root_cause or "").strip()
        if not cause:
            raise TransitionError("a root cause is needed to resolve a task", "root_cause")
        if cause not in policy.root_causes:
            raise TransitionError(
                f"unknown root cause {cause!r}: choose one of {', '.join(policy.root_causes)}",
                "root_cause",
            )
        return cause
    return None

"""The follow-up rules: which answers open a task, due times, owners, order, transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cxm.config import ConfigError, Settings
from cxm.followups import rules
from cxm.followups.rules import Answer, PolicyError, TransitionError

AT = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
POLICY = rules.policy_from(Settings())


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer("nps", -1, None), "detractor"),
        (Answer("csat", -1, None), "unsatisfied"),
        (Answer("ces", -1, None), "high_effort"),
        (Answer("nps", 0, None), None),  # a passive without a comment
        (Answer("csat", 1, None), None),
        (Answer("csat", 1, "Great, thanks!"), None),
        (Answer("csat", 1, "Fast, but the control panel is still broken"), "negative_comment"),
        (Answer("nps", 0, "Support was slow"), "negative_comment"),
        (Answer("rating", -1, "He tried"), "negative_comment"),  # any comment on a low rating
        (Answer("rating", -1, None), None),
        (Answer("rating", -1, None, rules.FIXED_SURVEY_KEY), "not_fixed"),
        (Answer("rating", 1, None, rules.FIXED_SURVEY_KEY), None),
        (Answer("csat", 0, "   "), None),
    ],
)
def test_reasons(answer: Answer, reason: str | None) -> None:
    assert rules.reason_for(answer, POLICY) == reason


@pytest.mark.parametrize(
    "comment",
    [
        "The migration was terrible",
        "Rất thất vọng với tốc độ",  # Vietnamese: very disappointed with the speed
        "เว็บไซต์ช้ามาก",  # Thai, no spaces: the website is very slow
        "សេវាកម្មយឺតណាស់",  # Khmer, no spaces: the service is very slow
        "DOESN'T WORK after the update",
    ],
)
def test_negative_phrases_in_every_language(comment: str) -> None:
    assert rules.negative_phrases(comment)


@pytest.mark.parametrize(
    "comment",
    [
        "Not bad at all, thank you",
        "Xin lỗi vì trả lời muộn, mọi thứ ổn",  # "sorry for the late answer, all fine"
        "badge works now",  # a word containing a negative one is not it
        "ขอบคุณมากครับ",
        "អរគុណច្រើន",
    ],
)
def test_kind_comments_are_not_negative(comment: str) -> None:
    assert rules.negative_phrases(comment) == []


def test_a_reason_left_out_of_the_policy_is_not_followed_up() -> None:
    policy = rules.policy_from(Settings(followup_due_hours="detractor=12"))
    assert rules.reason_for(Answer("nps", -1, None), policy) == "detractor"
    assert rules.reason_for(Answer("csat", -1, None), policy) is None


def test_due_time_counts_from_the_answer_and_vip_is_sooner() -> None:
    assert rules.due_at("detractor", False, AT, POLICY) == AT + timedelta(hours=24)
    assert rules.due_at("detractor", True, AT, POLICY) == AT + timedelta(hours=4)
    short = rules.policy_from(Settings(followup_due_hours="not_fixed=2", followup_vip_hours=4))
    assert rules.due_at("not_fixed", True, AT, short) == AT + timedelta(hours=2)


def test_owner_is_the_agent_else_the_team_else_the_queue() -> None:
    assert rules.owner("Dara", "billing", POLICY) == ("Dara", "billing")
    assert rules.owner(None, "billing", POLICY) == (None, "billing")
    assert rules.owner(" ", None, POLICY) == (None, "support")


def test_vip_first_then_earliest_due() -> None:
    tasks = [
        (1, False, AT),
        (2, True, AT + timedelta(hours=3)),
        (3, False, AT - timedelta(hours=1)),
        (4, True, AT + timedelta(hours=1)),
    ]
    ordered = sorted(tasks, key=lambda t: rules.sort_key(t[1], t[2], t[0]))
    assert [t[0] for t in ordered] == [4, 2, 3, 1]


def test_overdue() -> None:
    assert rules.overdue("open", AT, AT + timedelta(seconds=1))
    assert not rules.overdue("open", AT, AT)
    assert not rules.overdue("resolved", AT, AT + timedelta(days=9))


def test_transitions() -> None:
    assert rules.check_transition("open", "contacted", None, POLICY) is None
    assert rules.check_transition("contacted", "resolved", " outage ", POLICY) == "outage"
    assert rules.check_transition("resolved", "open", None, POLICY) is None
    with pytest.raises(TransitionError, match="contact the customer first"):
        rules.check_transition("open", "resolved", "outage", POLICY)
    with pytest.raises(TransitionError) as missing:
        rules.check_transition("contacted", "resolved", "", POLICY)
    assert missing.value.code == "root_cause"
    with pytest.raises(TransitionError, match="unknown root cause"):
        rules.check_transition("contacted", "resolved", "aliens", POLICY)
    with pytest.raises(TransitionError):
        rules.check_transition("resolved", "contacted", None, POLICY)
    with pytest.raises(TransitionError) as unknown:
        rules.check_transition("open", "closed", None, POLICY)
    assert unknown.value.code == "status"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CXM_FOLLOWUP_DUE_HOURS": "detractor=soon"}, "whole number"),
        ({"CXM_FOLLOWUP_DUE_HOURS": "angry=4"}, "REASON=HOURS"),
        ({"CXM_FOLLOWUP_DUE_HOURS": "detractor=0"}, "whole number"),
        ({"CXM_FOLLOWUP_ROOT_CAUSES": " , "}, "at least one root cause"),
        ({"CXM_FOLLOWUP_VIP_HOURS": "0"}, "VIP_HOURS"),
        ({"CXM_FOLLOWUP_MAX_AGE_DAYS": "-1"}, "MAX_AGE_DAYS"),
    ],
)
def test_settings_refuse_a_policy_that_cannot_work(
    env: dict[str, str], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_policy_from_the_environment() -> None:
    s = Settings.from_env(
        {
            "CXM_FOLLOWUP_DUE_HOURS": "detractor=8, unsatisfied=12",
            "CXM_FOLLOWUP_ROOT_CAUSES": "bug,outage",
            "CXM_FOLLOWUP_QUEUE": "care",
        }
    )
    policy = rules.policy_from(s)
    assert policy.due_hours == {"detractor": 8, "unsatisfied": 12}
    assert policy.root_causes == ("bug", "outage")
    assert policy.queue == "care"
    with pytest.raises(PolicyError):
        rules.parse_hours("detractor")

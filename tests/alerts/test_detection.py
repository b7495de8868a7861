"""The pure parts of alerting: the spike test, thresholds, changes, periods, rules."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import pytest

from cxm.alerts import detection
from cxm.alerts.rules import (
    BUILT_IN,
    Rule,
    RuleError,
    check,
    parse_recipients,
    parse_segment,
    segment_text,
)
from cxm.metrics.changes import Change


def test_poisson_tail_matches_the_closed_forms():
    assert detection.poisson_tail(0, 3.0) == 1.0
    assert detection.poisson_tail(1, 3.0) == pytest.approx(1 - math.exp(-3))
    # P(X >= 10 | 2) = 4.65e-5 (tables); far tail summed without cancellation
    assert detection.poisson_tail(10, 2.0) == pytest.approx(4.6498e-5, rel=1e-3)
    assert 0 < detection.poisson_tail(80, 2.0) < 1e-60


def test_an_earlier_spike_does_not_raise_the_usual_level():
    assert (
        detection.usual_level([2, 3, 2, 40, 3, 2, 2, 3]) == 2.5
    )  # the median; the mean without the 40 is 2.43
    assert detection.usual_level([0, 0, 0, 0]) == 0.0


HOUR = datetime(2025, 10, 15, 10, 0)


def test_sixty_extra_tickets_in_a_busy_hour_is_a_spike():
    spike = detection.judge_hour(HOUR, 62, [2, 3, 1, 2, 4, 2, 3, 2], min_count=10)
    assert spike.is_spike and spike.limit <= 13 and spike.p_value < 1e-30


def test_a_usual_hour_is_not_a_spike():
    assert not detection.judge_hour(HOUR, 4, [2, 3, 1, 2, 4, 2, 3, 2], min_count=10).is_spike


def test_a_quiet_hour_needs_the_minimum_count():
    # 8 tickets when there is usually none is improbable, but too few to call anyone at night
    assert not detection.judge_hour(HOUR, 8, [0, 0, 1, 0, 0, 0, 0, 0], min_count=10).is_spike
    assert detection.judge_hour(HOUR, 10, [0, 0, 1, 0, 0, 0, 0, 0], min_count=10).is_spike


def test_a_noisy_series_does_not_fire_on_its_usual_swings():
    history = [10, 30, 12, 28, 9, 31, 11, 29]  # far more spread than Poisson
    assert not detection.judge_hour(HOUR, 45, history, min_count=10).is_spike
    assert detection.judge_hour(HOUR, 200, history, min_count=10).is_spike


def test_too_little_history_judges_nothing():
    assert not detection.judge_hour(HOUR, 90, [1, 2, 1], min_count=10).is_spike


def test_history_is_the_same_weekday_and_hour_and_skips_weeks_before_the_data():
    counts = {HOUR - timedelta(weeks=k): k for k in range(1, 9)}
    counts[HOUR - timedelta(hours=1)] = 99  # another hour: not part of it
    assert detection.weekly_history(counts, HOUR, 8, None) == [8, 7, 6, 5, 4, 3, 2, 1]
    first = HOUR - timedelta(weeks=3, hours=2)
    assert detection.weekly_history(counts, HOUR, 8, first) == [3, 2, 1]


def test_complete_periods():
    assert detection.complete_periods(date(2025, 6, 18), "week") == (
        (date(2025, 6, 9), date(2025, 6, 15)),
        (date(2025, 6, 2), date(2025, 6, 8)),
    )
    assert detection.complete_periods(date(2025, 3, 1), "month") == (
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 1, 1), date(2025, 1, 31)),
    )
    assert detection.complete_periods(date(2025, 1, 1), "day")[0] == (
        date(2024, 12, 31),
        date(2024, 12, 31),
    )


CSAT_LOW = Rule(None, "CSAT low", "threshold", "csat", "<", 60.0, "week", min_n=20)


def test_threshold_needs_its_sample_size():
    assert detection.threshold_fires(CSAT_LOW, 52.0, 75)
    assert not detection.threshold_fires(CSAT_LOW, 52.0, 12)
    assert not detection.threshold_fires(CSAT_LOW, 61.0, 75)
    assert not detection.threshold_fires(CSAT_LOW, None, 75)


def test_change_fires_only_beyond_noise_and_in_its_direction():
    drop = Rule(None, "drop", "change", "csat", "<", 0.0, "week")
    fell = Change("csat", 52.0, 72.0, -20.0, -3.1, True)
    noise = Change("csat", 70.0, 72.0, -2.0, -0.4, False)
    rose = Change("csat", 90.0, 72.0, 18.0, 3.0, True)
    assert detection.change_fires(drop, fell, 75)
    assert not detection.change_fires(drop, noise, 75)
    assert not detection.change_fires(drop, rose, 75)
    big_drop = Rule(None, "big drop", "change", "csat", "<", -25.0, "week")
    assert not detection.change_fires(big_drop, fell, 75)


def test_fingerprints_separate_rules_segments_and_subjects():
    a = detection.fingerprint(1, "", "2025-06-09")
    assert a == detection.fingerprint(1, "", "2025-06-09")
    assert (
        len(
            {
                a,
                detection.fingerprint(2, "", "2025-06-09"),
                detection.fingerprint(1, "channel=email", "2025-06-09"),
                detection.fingerprint(1, "", "2025-06-16"),
            }
        )
        == 4
    )


def test_segments_and_recipients_are_read_and_checked():
    seg = parse_segment("channel=email,chat; region=TH")
    assert seg == {"channel": ("email", "chat"), "region": ("TH",)}
    assert parse_segment(segment_text(seg)) == seg
    assert parse_segment('{"channel": ["email"]}') == {"channel": ("email",)}
    with pytest.raises(RuleError) as bad:
        parse_segment("channel")
    assert bad.value.field == "segment"
    assert parse_recipients("ops@example.com, https://hooks.example.com/x ops@example.com") == (
        "ops@example.com",
        "https://hooks.example.com/x",
    )
    with pytest.raises(RuleError):
        parse_recipients("not-an-address")


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (Rule(None, "", "threshold", "csat", "<", 60), "name"),
        (Rule(None, "x", "threshold", "nothing", "<", 60), "metric"),
        (Rule(None, "x", "threshold", "csat", "=", 60), "comparator"),
        (Rule(None, "x", "threshold", "csat", "<", None), "value"),
        (Rule(None, "x", "threshold", "csat", "<", 60, "hour"), "period"),
        (Rule(None, "x", "change", "resolution_time", "<", 0), "metric"),
        (Rule(None, "x", "spike", "csat"), "metric"),
        (Rule(None, "x", "sla", "late"), "metric"),
        (Rule(None, "x", "threshold", "csat", "<", 60, severity="urgent"), "severity"),
        (
            Rule(None, "x", "threshold", "loyalty_churners", ">", 5, segment={"region": ("TH",)}),
            "segment",
        ),
    ],
)
def test_a_rule_that_cannot_be_checked_is_refused(rule, field):
    with pytest.raises(RuleError) as refused:
        check(rule)
    assert refused.value.field == field


def test_the_built_in_rules_are_valid_and_follow_the_seeds():
    by_key = {r.key: check(r) for r in BUILT_IN}
    assert (by_key["csat_below_60"].comparator, by_key["csat_below_60"].value) == ("<", 60.0)
    assert by_key["churners_above_5"].value == 5.0
    assert by_key["wildcards_above_80"].value == 80.0
    assert by_key["sla_breached"].severity == "critical"
    assert {"sla_at_risk", "ticket_spike", "csat_drop"} <= by_key.keys()


def test_a_summary_shows_a_value_on_its_side_of_the_threshold():
    from cxm.alerts.service import _show

    assert _show(79.96, "percent", 80.0) == "79.96 %"  # not "80.0 %, below 80 %"
    assert _show(79.96, "percent") == "80.0 %"
    assert _show(72.4, "percent", 80.0) == "72.4 %"
    assert _show(-0.04, "nps", 0.0) == "-0.04"

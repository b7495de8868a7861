"""Scales: what each score means."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.surveys.scales import SCALES, SCALES_OF, Orientation, SurveyKind


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        ("1-5", {1: -1, 2: -1, 3: 0, 4: 1, 5: 1}),
        ("1-3", {1: -1, 2: 0, 3: 1}),
        ("1-7", {1: -1, 2: -1, 3: -1, 4: 0, 5: 0, 6: 1, 7: 1}),
        ("0-10", {0: -1, 6: -1, 7: 0, 8: 0, 9: 1, 10: 1}),
        ("binary", {0: -1, 1: 1}),
    ],
)
def test_bands(scale, expected):
    assert {s: SCALES[scale].band(s) for s in expected} == expected


def test_high_is_bad_effort_question_is_turned():
    # "How much effort did you put in?" 1 = very little effort = easy
    assert SCALES["1-7"].band(1, Orientation.HIGH_IS_BAD) == 1
    assert SCALES["1-7"].band(7, Orientation.HIGH_IS_BAD) == -1
    assert SCALES["1-5"].oriented(2, Orientation.HIGH_IS_BAD) == 4


def test_nps_only_on_0_10():
    assert SCALES_OF[SurveyKind.NPS] == ("0-10",)
    assert "0-10" not in SCALES_OF[SurveyKind.CSAT]


@given(st.sampled_from(sorted(SCALES)), st.data())
def test_turning_twice_is_identity_and_bands_are_monotonic(name, data):
    scale = SCALES[name]
    a = data.draw(st.integers(scale.low, scale.high))
    b = data.draw(st.integers(scale.low, scale.high))
    turned = scale.oriented(scale.oriented(a, Orientation.HIGH_IS_BAD), Orientation.HIGH_IS_BAD)
    assert turned == a
    if a <= b:
        assert scale.band(a) <= scale.band(b)

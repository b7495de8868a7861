"""Intervals and standard errors against published reference values, and their properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.metrics.stats import (
    beyond_noise,
    nps_change_z,
    nps_interval,
    nps_standard_error,
    nps_value,
    nps_variance,
    proportion_change_z,
    wilson_interval,
)


def nps_from_scores(scores: list[int]) -> tuple[int, int, int]:
    return (sum(s >= 9 for s in scores), sum(s <= 6 for s in scores), len(scores))


def test_nps_of_scores_0_7_7_9_9_9():
    promoters, detractors, n = nps_from_scores([0, 7, 7, 9, 9, 9])
    assert nps_value(promoters, detractors, n) == pytest.approx(33.333, abs=1e-3)
    assert nps_variance(promoters, detractors, n) == pytest.approx(5 / 9)


@pytest.mark.parametrize(
    ("detractors", "passives", "promoters", "se"),
    [(1, 2, 3, 0.304), (1, 1, 1, 0.471)],
)
def test_nps_standard_error_published_values(detractors, passives, promoters, se):
    n = detractors + passives + promoters
    assert nps_standard_error(promoters, detractors, n) == pytest.approx(se, abs=5e-4)


def test_nps_of_an_eleven_bin_histogram():
    # counts of the scores 0..10
    histogram = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3]
    scores = [score for score, count in enumerate(histogram) for _ in range(count)]
    assert round(nps_value(*nps_from_scores(scores)), 1) == -5.9


def test_wilson_81_of_263():
    ci = wilson_interval(81, 263)
    assert (round(100 * ci.low, 2), round(100 * ci.high, 2)) == (25.53, 36.62)


def test_wilson_0_of_20():
    ci = wilson_interval(0, 20)
    assert ci.low == 0.0
    assert round(100 * ci.high, 2) == 16.11


def test_empty_bases_have_no_interval():
    assert wilson_interval(0, 0) is None
    assert nps_value(0, 0, 0) is None
    assert nps_interval(0, 0, 0) is None


@pytest.mark.parametrize(("s", "n"), [(-1, 5), (6, 5)])
def test_wilson_refuses_impossible_counts(s, n):
    with pytest.raises(ValueError):
        wilson_interval(s, n)


def test_nps_refuses_impossible_counts():
    with pytest.raises(ValueError):
        nps_value(3, 3, 5)


counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n))
)


@given(counts)
def test_wilson_contains_the_estimate_within_0_1(sn):
    s, n = sn
    ci = wilson_interval(s, n)
    assert 0.0 <= ci.low <= s / n <= ci.high <= 1.0


@given(counts)
def test_wilson_is_symmetric(sn):
    s, n = sn
    a, b = wilson_interval(s, n), wilson_interval(n - s, n)
    assert a.low == pytest.approx(1 - b.high, abs=1e-12)
    assert a.high == pytest.approx(1 - b.low, abs=1e-12)


@given(st.integers(1, 2000), st.integers(0, 2000), st.integers(0, 2000))
def test_nps_bounds_and_interval(passives, promoters, detractors):
    n = passives + promoters + detractors
    value = nps_value(promoters, detractors, n)
    ci = nps_interval(promoters, detractors, n)
    assert -100 <= ci.low <= value <= ci.high <= 100
    se = nps_standard_error(promoters, detractors, n)
    # the variance of a -1/0/+1 score never exceeds 1
    assert 0 <= se <= 1 / math.sqrt(n) + 1e-12


@given(st.integers(1, 500), st.integers(1, 500))
def test_nps_interval_narrows_with_more_answers(promoters, detractors):
    n = promoters + detractors + 10
    small = nps_interval(promoters, detractors, n)
    large = nps_interval(4 * promoters, 4 * detractors, 4 * n)
    assert (large.high - large.low) < (small.high - small.low) or small.high - small.low == 0


def test_change_beyond_noise():
    # 50 % -> 70 % on 400 answers each is far beyond noise; on 10 answers it is not
    assert beyond_noise(proportion_change_z(200, 400, 280, 400))
    assert not beyond_noise(proportion_change_z(5, 10, 7, 10))
    assert beyond_noise(nps_change_z((100, 200, 400), (200, 100, 400)))
    assert not beyond_noise(nps_change_z((3, 3, 10), (4, 3, 10)))
    assert not beyond_noise(None)

"""The worked examples of domain.md and the properties of each formula."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.metrics import formulas


def test_csat_worked_example():
    # 30 answers of 4 and 50 of 5 among 112 -> 80/112 -> 71
    rate = formulas.csat(30 + 50, 112)
    assert round(rate.value) == 71
    assert rate.value == pytest.approx(71.43, abs=0.01)
    assert rate.n == 112
    assert rate.ci_low < rate.value < rate.ci_high


def test_nps_worked_example():
    # 80 % promoters, 15 % detractors -> 65
    assert formulas.nps(80, 15, 100).value == pytest.approx(65)


def test_retention_worked_example():
    assert formulas.retention_rate(start=100, end=90, acquired=15).value == pytest.approx(75)


def test_churn_worked_example():
    assert formulas.churn_rate(25, 100).value == pytest.approx(25)


def test_cac_worked_example():
    assert formulas.cac(10_000, 20_000) == pytest.approx(0.50)


def test_empty_bases_are_not_measurable():
    assert formulas.csat(0, 0).value is None
    assert formulas.retention_rate(0, 5, 5).value is None
    assert formulas.cac(100.0, 0) is None
    assert formulas.cac(None, 10) is None
    assert formulas.resolved_to_unresolved(5, 5) is None


def test_clv_simple_historical_form():
    # 100 customers all year, 12,000 revenue in a 365.25-day year, 20 % churn:
    # 120 a year x 1 / 0.2 years - CAC 50 = 550
    value = formulas.clv(12_000, 100, 100, 20, formulas.DAYS_PER_YEAR, 50)
    assert value == pytest.approx(550)


def test_clv_without_churn_is_not_measurable():
    assert formulas.clv(1000, 10, 10, 0, 30, None) is None


def test_clv_scales_a_month_to_a_year():
    # a month with 2 % churn: yearly churn 1 - 0.98^(365.25/30)
    value = formulas.clv(1000, 100, 100, 2, 30, None)
    yearly_churn = 1 - 0.98 ** (365.25 / 30)
    assert value == pytest.approx(10 * 365.25 / 30 / yearly_churn)


@given(st.integers(1, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
def test_churn_is_100_minus_retention_when_nobody_joins_and_leaves(start, lost_raw, acquired):
    lost = min(lost_raw, start)
    end = start - lost + acquired
    retention = formulas.retention_rate(start, end, acquired).value
    churn = formulas.churn_rate(lost, start).value
    assert retention + churn == pytest.approx(100)


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_resolution_rate_and_ratio_agree(resolved, open_):
    total = resolved + open_
    rate = formulas.resolution_rate(resolved, total).value
    ratio = formulas.resolved_to_unresolved(resolved, total)
    if total == 0:
        assert rate is None
    else:
        assert 0 <= rate <= 100
    if open_ > 0:
        # the ratio r and the rate p are two views of one split: p = r / (1 + r)
        assert rate == pytest.approx(100 * ratio / (1 + ratio))

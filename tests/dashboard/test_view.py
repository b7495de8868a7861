"""Dashboard views: read from the address, written back to it, and their previous period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.dashboard.view import View, ViewError, parse_view
from cxm.metrics.periods import Period

ALLOWED = dict.fromkeys(["channel", "region", "plan_tier"])


def test_default_is_the_month_of_the_latest_data():
    view = parse_view([], date(2025, 6, 17), ALLOWED)
    assert (view.first, view.last, view.grain, view.filters) == (
        date(2025, 6, 1),
        date(2025, 6, 30),
        Period.MONTH,
        {},
    )


def test_filters_combine_and_repeat():
    view = parse_view(
        [("from", "2025-01-01"), ("to", "2025-03-31"), ("channel", "email"), ("channel", "sms"),
         ("region", "north"), ("grain", "week"), ("attr", "plan_tier = gold"), ("region", "")],
        None,
        ALLOWED,
    )  # fmt: skip
    assert view.filters == {
        "channel": ("email", "sms"),
        "region": ("north",),
        "plan_tier": ("gold",),
    }
    assert view.grain is Period.WEEK


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ([("from", "2025-02-30")], "from / to"),
        ([("from", "2025-03-01"), ("to", "2025-02-01")], "before"),
        ([("grain", "fortnight")], "grain"),
        ([("grain", "all")], "grain"),
        ([("colour", "red")], "colour: not a segment"),
        ([("attr", "no equals sign")], "attr"),
        ([("from", "1990-01-01"), ("to", "2025-01-01")], "20 years"),
    ],
)
def test_bad_addresses_say_which_parameter(params, message):
    with pytest.raises(ViewError, match=message):
        parse_view(params, date(2025, 6, 1), ALLOWED)


def test_previous_period():
    june = View(date(2025, 6, 1), date(2025, 6, 30))
    assert (june.previous().first, june.previous().last) == (date(2025, 5, 1), date(2025, 5, 31))
    march = View(date(2025, 3, 1), date(2025, 3, 31))
    assert march.previous().first == date(2025, 2, 1)  # a month, not 31 days
    days = View(date(2025, 6, 10), date(2025, 6, 16))
    assert (days.previous().first, days.previous().last) == (date(2025, 6, 3), date(2025, 6, 9))


def test_trend_covers_twelve_periods_up_to_the_view():
    q = View(date(2025, 6, 1), date(2025, 6, 30)).trend()
    assert (q.first, q.last, q.period) == (date(2024, 7, 1), date(2025, 6, 30), Period.MONTH)


@given(
    first=st.dates(date(2000, 1, 1), date(2030, 1, 1)),
    days=st.integers(0, 400),
    grain=st.sampled_from([Period.DAY, Period.WEEK, Period.MONTH, Period.QUARTER]),
    filters=st.dictionaries(
        st.sampled_from(list(ALLOWED)),
        st.lists(st.text(min_size=1, max_size=8).filter(str.strip), min_size=1, max_size=3),
        max_size=3,
    ),
)
def test_an_address_gives_back_its_view(first, days, grain, filters):
    from datetime import timedelta
    from urllib.parse import parse_qsl, urlsplit

    view = View(
        first, first + timedelta(days=days), grain, {k: tuple(v) for k, v in filters.items()}
    )
    query = urlsplit(view.url("/dashboard")).query
    again = parse_view(parse_qsl(query, keep_blank_values=True), None, ALLOWED)
    assert again == view

"""The loyalty map: placement rules, shares, warnings, the VIP-support list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.analytics.replica import Replica
from cxm.dashboard.cache import RESULTS
from cxm.dashboard.loyalty import loyalty_as_of
from cxm.importers.service import import_file
from cxm.metrics.loyalty import (
    LoyaltyRules,
    Quadrant,
    loyalty_map,
    place,
    place_all,
    quadrant_of,
)
from helpers.files import write_csv


@pytest.mark.parametrize(
    ("promoter", "satisfied", "expected"),
    [
        (True, True, Quadrant.ADVOCATES),
        (True, False, Quadrant.VIP_SUPPORT),
        (False, True, Quadrant.WILDCARDS),
        (False, False, Quadrant.CHURNERS),
    ],
)
def test_quadrants(promoter, satisfied, expected):
    assert quadrant_of(promoter, satisfied) is expected


def test_placement_needs_both_axes_and_uses_the_cut_offs():
    assert place(None, 3, 3, 9, 50) is None
    assert place(10, 0, 0, 9, 50) is None
    assert place(9, 2, 1, 9, 50) is Quadrant.ADVOCATES  # 50 % satisfied is satisfied
    assert place(9, 3, 1, 9, 50) is Quadrant.VIP_SUPPORT
    assert place(8, 1, 1, 9, 50) is Quadrant.WILDCARDS
    assert place(8, 1, 1, 8, 50) is Quadrant.ADVOCATES  # the promoter cut-off is a setting


def answers(rows: list[tuple[str, str, str, int, str]]) -> list[tuple]:
    return [
        (f"R{i}", cid, survey, "0-10" if survey == "nps" else "1-5", score, at)
        for i, (cid, survey, _unused, score, at) in enumerate(rows)
    ]


def twelve_customers(settings, tmp_path) -> None:
    """1 advocate, 2 VIP support, 3 wildcards, 4 churners, 1 with NPS only, 1 CSAT only."""
    rows = []
    day = "2025-06-01T10:00:00Z"
    people = (
        [("A", 10, 5)]
        + [(f"V{i}", 9, 1) for i in range(2)]
        + [(f"W{i}", 7, 4) for i in range(3)]
        + [(f"C{i}", 3, 2) for i in range(4)]
    )
    for cid, nps, csat in people:
        rows.append((cid, "nps", "", nps, day))
        rows.append((cid, "csat", "", csat, day))
    rows.append(("N", "nps", "", 10, day))
    rows.append(("S", "csat", "", 5, day))
    # an old unhappy CSAT answer outside the 180-day window does not count
    rows.append(("A", "csat", "", 1, "2024-10-01T10:00:00Z"))
    # a newer NPS answer replaces an older one: V0 was a detractor before
    rows.append(("V0", "nps", "", 2, "2025-01-01T10:00:00Z"))
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "customer_id", "survey", "scale", "score", "answered_at"],
        answers(rows),
    )
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "name", "signup_at"],
        [
            ("V0", "Sok <b>Dara</b>", "2024-01-01T00:00:00Z"),
            ("V1", "Somchai", "2024-01-01T00:00:00Z"),
        ],
    )
    import_file(settings, "responses", tmp_path / "r.csv")
    import_file(settings, "customers", tmp_path / "c.csv")


def test_loyalty_map_on_a_database(settings, tmp_path):
    twelve_customers(settings, tmp_path)
    with Replica(settings).fresh() as con:
        m = loyalty_map(con, date(2025, 6, 30))
    assert m.customers == 12 and m.placed == 10
    assert m.counts == {
        Quadrant.ADVOCATES: 1,
        Quadrant.VIP_SUPPORT: 2,
        Quadrant.WILDCARDS: 3,
        Quadrant.CHURNERS: 4,
    }
    assert m.share(Quadrant.CHURNERS) == pytest.approx(40)
    assert m.unplaced_share == pytest.approx(100 * 2 / 12)
    assert any("Churners are 40.0 %" in w for w in m.warnings)
    assert not any("Wildcards" in w for w in m.warnings)
    assert [p.customer_id for p in m.vip_support] == ["V0", "V1"]
    assert m.vip_support[0].name == "Sok <b>Dara</b>"
    # as of before the June answers, only the old answers exist
    with Replica(settings).fresh() as con:
        early = loyalty_map(con, date(2025, 3, 1))
    assert early.placed == 0 and early.customers == 2


def mapped(settings, tmp_path, rows):
    """The map on 30 June 2025 of these answers, imported."""
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "customer_id", "survey", "scale", "score", "answered_at"],
        answers(rows),
    )
    import_file(settings, "responses", tmp_path / "r.csv")
    with Replica(settings).fresh() as con:
        return loyalty_map(con, date(2025, 6, 30))


def test_wildcard_warning(sqlite_settings, tmp_path):
    day = "2025-06-01T10:00:00Z"
    rows = []
    for i in range(9):
        rows += [(f"W{i}", "nps", "", 8, day), (f"W{i}", "csat", "", 5, day)]
    rows += [("A", "nps", "", 10, day), ("A", "csat", "", 5, day)]
    m = mapped(sqlite_settings, tmp_path, rows)
    assert m.share(Quadrant.WILDCARDS) == pytest.approx(90)
    assert any("Wildcards are 90.0 %" in w for w in m.warnings)
    assert not any("Churners" in w for w in m.warnings)


customer = st.tuples(
    st.one_of(st.none(), st.integers(0, 10)),
    st.integers(0, 40),
    st.integers(0, 40),
).map(lambda c: (c[0], c[1], min(c[1], c[2])))


@given(
    st.lists(customer, max_size=60),
    st.integers(0, 11),
    st.floats(0, 100, allow_nan=False),
)
def test_placing_columns_agrees_with_placing_one_customer(customers, promoter_min, share):
    nps = np.array([np.nan if c[0] is None else c[0] for c in customers], dtype=float)
    answers = np.array([c[1] for c in customers], dtype=np.int64)
    satisfied = np.array([c[2] for c in customers], dtype=np.int64)
    codes = place_all(nps, answers, satisfied, promoter_min, share)
    order = list(Quadrant)
    assert [None if k < 0 else order[k] for k in codes] == [
        place(*c, promoter_min, share) for c in customers
    ]


def test_placements_read_like_a_list(sqlite_settings, tmp_path):
    twelve_customers(sqlite_settings, tmp_path)
    with Replica(sqlite_settings).fresh() as con:
        m = loyalty_map(con, date(2025, 6, 30))
    everyone = list(m.placements)
    assert [p.customer_id for p in everyone] == sorted(p.customer_id for p in everyone)
    assert len(m.placements) == len(everyone) == 12
    assert m.placements[0] == everyone[0] and m.placements[-1] == everyone[-1]
    assert list(m.placements[3:7]) == everyone[3:7]
    with pytest.raises(IndexError):
        m.placements[12]
    # chunk by chunk, the same customers as in one go
    assert [p for chunk in m.placements.chunks(size=5) for p in chunk] == everyone
    for q in Quadrant:
        assert list(m.placements.in_quadrant(q)) == [p for p in everyone if p.quadrant is q]
    assert [p.customer_id for p in m.placements.in_quadrant(None)] == ["N", "S"]
    assert [p.nps_score for p in m.placements.in_quadrant(None)] == [10, None]
    assert list(m.placements.placed()) == [p for p in everyone if p.quadrant is not None]
    spread = list(m.placements.spread(4))
    assert len(spread) == 4 and spread[0] == everyone[0]
    assert [everyone.index(p) for p in spread] == sorted(everyone.index(p) for p in spread)
    assert list(m.placements.spread(50)) == everyone


def test_the_dashboard_draws_the_lines_the_settings_ask_for(sqlite_settings, tmp_path):
    twelve_customers(sqlite_settings, tmp_path)
    # nobody is a promoter below 11; the map kept for the usual rules is not reused
    strict = replace(sqlite_settings, loyalty_promoter_min=11, loyalty_satisfied_share=60.0)
    assert LoyaltyRules.of(strict) == LoyaltyRules(180, 11, 60.0)
    RESULTS.clear()
    with Replica(sqlite_settings).fresh() as con:
        usual = loyalty_as_of(con, sqlite_settings, date(2025, 6, 30))
        stricter = loyalty_as_of(con, strict, date(2025, 6, 30))
    assert usual.counts[Quadrant.ADVOCATES] == 1
    assert stricter.counts[Quadrant.ADVOCATES] == stricter.counts[Quadrant.VIP_SUPPORT] == 0
    assert stricter.counts[Quadrant.CHURNERS] == 4 + 2  # the VIP-support two are now churners
    assert stricter.counts[Quadrant.WILDCARDS] == 3 + 1


def test_the_churner_warning_shows_a_share_just_above_five_percent(sqlite_settings, tmp_path):
    day = "2025-06-01T10:00:00Z"
    # 10 churners of 199 placed customers: 5.025 %, which one decimal would show as 5.0 %
    rows = []
    for i in range(199):
        nps, csat = (0, 1) if i < 10 else (10, 5)
        rows += [(f"C{i}", "nps", "", nps, day), (f"C{i}", "csat", "", csat, day)]
    m = mapped(sqlite_settings, tmp_path, rows)
    assert m.share(Quadrant.CHURNERS) == pytest.approx(1000 / 199)
    assert [w.split(" of ")[0] for w in m.warnings] == ["Churners are 5.03 %"]

"""The loyalty map: placement rules, shares, warnings, the VIP-support list."""

from __future__ import annotations

from datetime import date

import pytest

from cxm.analytics.replica import Replica
from cxm.importers.service import import_file
from cxm.metrics.loyalty import Quadrant, loyalty_map, place, quadrant_of
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


def test_loyalty_map_on_a_database(settings, tmp_path):
    rows = []
    day = "2025-06-01T10:00:00Z"
    # 1 advocate, 2 VIP support, 3 wildcards, 4 churners, 1 with NPS only, 1 CSAT only
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


def test_wildcard_warning(sqlite_settings, tmp_path):
    day = "2025-06-01T10:00:00Z"
    rows = []
    for i in range(9):
        rows += [(f"W{i}", "nps", "", 8, day), (f"W{i}", "csat", "", 5, day)]
    rows += [("A", "nps", "", 10, day), ("A", "csat", "", 5, day)]
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "customer_id", "survey", "scale", "score", "answered_at"],
        answers(rows),
    )
    import_file(sqlite_settings, "responses", tmp_path / "r.csv")
    with Replica(sqlite_settings).fresh() as con:
        m = loyalty_map(con, date(2025, 6, 30))
    assert m.share(Quadrant.WILDCARDS) == pytest.approx(90)
    assert any("Wildcards are 90.0 %" in w for w in m.warnings)
    assert not any("Churners" in w for w in m.warnings)

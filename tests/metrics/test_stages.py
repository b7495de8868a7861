"""CSAT per journey stage."""

from __future__ import annotations

from datetime import date

from cxm.analytics.replica import Replica
from cxm.importers.service import import_file
from cxm.metrics.stages import stage_csat
from helpers.files import write_csv


def test_strongest_weakest_and_noise(sqlite_settings, tmp_path):
    rows = []
    plan = {"support": (80, 100), "onboarding": (30, 100), "renewal": (7, 10), "trial": (60, 100)}
    i = 0
    for stage, (good, n) in plan.items():
        for k in range(n):
            rows.append(
                (f"R{i}", "csat", "1-5", 5 if k < good else 2, stage, "2025-03-03T00:00:00Z")
            )
            i += 1
    write_csv(
        tmp_path / "r.csv",
        ["response_id", "survey", "scale", "score", "stage", "answered_at"],
        rows,
    )
    import_file(sqlite_settings, "responses", tmp_path / "r.csv")
    with Replica(sqlite_settings).fresh() as con:
        report = stage_csat(con, date(2025, 3, 1), date(2025, 3, 31))
    assert [s.stage for s in report.stages] == ["support", "renewal", "trial", "onboarding"]
    # renewal has too few answers to be called the strongest
    assert report.strongest == "support" and report.weakest == "onboarding"
    assert report.gap_significant
    by = {s.stage: s for s in report.stages}
    assert by["renewal"].n == 10 and by["renewal"].csat == 70

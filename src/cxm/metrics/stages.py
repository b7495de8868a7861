"""CSAT per journey stage (trial, onboarding, support, renewal ...), strongest and weakest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.periods import Period
from cxm.metrics.stats import beyond_noise, proportion_change_z

MIN_ANSWERS = 30  # fewer answers make a stage too uncertain to call strongest or weakest


@dataclass(frozen=True)
class StageCsat:
    stage: str | None
    csat: float | None
    n: int
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class StageReport:
    stages: tuple[StageCsat, ...]
    strongest: str | None
    weakest: str | None
    gap_significant: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "stages": [s.__dict__ for s in self.stages],
            "strongest": self.strongest,
            "weakest": self.weakest,
            "gap_significant": self.gap_significant,
        }


def stage_csat(
    con: duckdb.DuckDBPyConnection, first: date, last: date, min_answers: int = MIN_ANSWERS
) -> StageReport:
    """CSAT of each stage over the range, best first."""
    rows = compute_metrics(con, MetricsQuery(first, last, Period.ALL, by="stage"))
    stages = sorted(
        (
            StageCsat(r["stage"], r["csat"], r["csat_n"], r["csat_ci_low"], r["csat_ci_high"])
            for r in rows
            if r["csat_n"]
        ),
        key=lambda s: -(s.csat or 0),
    )
    ranked = [s for s in stages if s.n >= min_answers and s.stage is not None]
    if len(ranked) < 2:
        return StageReport(tuple(stages), None, None, False)
    best, worst = ranked[0], ranked[-1]
    z = proportion_change_z(
        round(worst.csat * worst.n / 100),  # type: ignore[operator]
        worst.n,
        round(best.csat * best.n / 100),  # type: ignore[operator]
        best.n,
    )
    return StageReport(tuple(stages), best.stage, worst.stage, beyond_noise(z))

"""Survey kinds and answer scales: which scores are valid and what each one means.

Every answer is stored with its survey kind, scale and orientation, and with its band:
+1 satisfied / easy / promoter, 0 neutral / passive, -1 unsatisfied / hard / detractor.
The band is fixed when the answer is stored, so changing a survey later never changes what
past answers counted as (domain.md section 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SurveyKind(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"


class Orientation(StrEnum):
    HIGH_IS_GOOD = "high_is_good"
    # "How much effort did you have to put forth?": a high number means a hard experience.
    HIGH_IS_BAD = "high_is_bad"


@dataclass(frozen=True)
class Scale:
    name: str
    low: int
    high: int
    positive_min: int  # oriented score from which an answer counts as satisfied / easy / promoter
    negative_max: int  # oriented score up to which it counts as unsatisfied / hard / detractor
    label: str

    def contains(self, score: int) -> bool:
        return self.low <= score <= self.high

    def oriented(self, score: int, orientation: Orientation) -> int:
        """The score turned so that high always means good."""
        if orientation is Orientation.HIGH_IS_BAD:
            return self.low + self.high - score
        return score

    def band(self, score: int, orientation: Orientation = Orientation.HIGH_IS_GOOD) -> int:
        """+1 positive, 0 neutral, -1 negative."""
        s = self.oriented(score, orientation)
        if s >= self.positive_min:
            return 1
        if s <= self.negative_max:
            return -1
        return 0


# Satisfied = top-2 box on 5 and 7 points, top box on 3 points, "Good" on binary; NPS
# promoters 9-10 and detractors 0-6. Negative = the bottom side of the scale.
SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("1-5", 1, 5, positive_min=4, negative_max=2, label="1 to 5 (stars, faces)"),
        Scale("1-3", 1, 3, positive_min=3, negative_max=1, label="1 to 3"),
        Scale("1-7", 1, 7, positive_min=6, negative_max=3, label="1 to 7"),
        Scale("0-10", 0, 10, positive_min=9, negative_max=6, label="0 to 10"),
        Scale("binary", 0, 1, positive_min=1, negative_max=0, label="1 = good, 0 = bad"),
    )
}

SCALES_OF: dict[SurveyKind, tuple[str, ...]] = {
    SurveyKind.CSAT: ("1-5", "1-3", "1-7", "binary"),
    SurveyKind.NPS: ("0-10",),
    SurveyKind.CES: ("1-5", "1-7"),
}

# Only effort questions are ever worded so that a high number is bad.
ORIENTABLE: frozenset[SurveyKind] = frozenset({SurveyKind.CES})


def band_sql(scale_col: str, oriented_score_sql: str) -> str:
    """The band as an SQL expression, generated from SCALES so the two never disagree."""
    whens = " ".join(
        f"WHEN {scale_col} = '{s.name}' THEN CASE WHEN {oriented_score_sql} >= {s.positive_min} "
        f"THEN 1 WHEN {oriented_score_sql} <= {s.negative_max} THEN -1 ELSE 0 END"
        for s in SCALES.values()
    )
    return f"(CASE {whens} END)"


def oriented_sql(scale_col: str, score_col: str, orientation_col: str) -> str:
    """The oriented score (high = good) as an SQL expression."""
    flips = " ".join(
        f"WHEN {scale_col} = '{s.name}' THEN {s.low + s.high} - {score_col}"
        for s in SCALES.values()
    )
    return (
        f"(CASE WHEN {orientation_col} = '{Orientation.HIGH_IS_BAD}' "
        f"THEN (CASE {flips} END) ELSE {score_col} END)"
    )

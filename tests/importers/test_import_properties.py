"""Any score on any scale: stored with the band its scale gives it, or refused if out of range."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxm.surveys.scales import ORIENTABLE, SCALES, SCALES_OF, Orientation
from helpers.files import write_csv
from importers.support import T0, run, stored

ANSWERS = [
    (str(kind), scale, str(orientation))
    for kind, scales in SCALES_OF.items()
    for scale in scales
    for orientation in Orientation
    if kind in ORIENTABLE or orientation is Orientation.HIGH_IS_GOOD
]


@st.composite
def answer(draw: st.DrawFn) -> tuple[str, str, str, int]:
    survey, scale, orientation = draw(st.sampled_from(ANSWERS))
    s = SCALES[scale]
    return survey, scale, orientation, draw(st.integers(s.low - 2, s.high + 2))


batch = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answers=st.lists(answer(), min_size=1, max_size=8))
def test_any_score_gets_its_scales_band_or_is_rejected(sqlite_settings, tmp_path, answers):
    prefix = f"B{next(batch)}-"
    rows = [
        [f"{prefix}{i}", survey, scale, str(score), orientation, T0]
        for i, (survey, scale, orientation, score) in enumerate(answers)
    ]
    path = write_csv(
        tmp_path / f"{prefix}.csv",
        ["response_id", "survey", "scale", "score", "orientation", "answered_at"],
        rows,
    )
    result = run(sqlite_settings, "responses", path, skip_invalid=True)
    valid = {
        f"{prefix}{i}": (score, SCALES[scale].band(score, Orientation(orientation)))
        for i, (_, scale, orientation, score) in enumerate(answers)
        if SCALES[scale].contains(score)
    }
    out_of_range = [i + 2 for i, a in enumerate(answers) if not SCALES[a[1]].contains(a[3])]
    assert [(e.row, e.column) for e in result.errors] == [(r, "score") for r in out_of_range]
    assert all("is out of range for scale" in e.reason for e in result.errors)
    got = {k: (r["score"], r["band"]) for k, r in stored(sqlite_settings, "responses").items()}
    assert {k: v for k, v in got.items() if k.startswith(prefix)} == valid

"""How numbers are shown beside the thresholds they are compared with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cxm.i18n.formatting import digits_apart


def test_a_share_is_shown_on_its_side_of_the_warning_line():
    assert digits_apart(40.0, 5.0) == 1
    assert digits_apart(5.031, 5.0) == 2  # "5.03 %", not "5.0 % (above 5 %)"
    assert digits_apart(4.97, 5.0) == 2
    assert digits_apart(5.0004, 5.0) == 4
    assert digits_apart(5.0, 5.0) == 1


@given(st.floats(0, 100, allow_nan=False), st.sampled_from([5.0, 80.0]))
def test_shown_shares_never_cross_the_line(share, line):
    shown = float(f"{share:.{digits_apart(share, line)}f}")
    if abs(share - line) >= 0.00005:  # four decimals tell any share this far apart
        assert (shown > line) == (share > line) and (shown < line) == (share < line)

"""The SVG charts: well-formed, escaped, accessible, and drawn where the numbers say."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxm.charts import Point, Series, bar_chart, line_chart, quadrant_chart, sparkline
from cxm.charts.svg import PALETTE, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}
S = "{http://www.w3.org/2000/svg}"
MONTHS = ["Jul 2024", "Aug 2024", "Sep 2024", "Oct 2024", "Nov 2024", "Dec 2024"]
EVIL = "<script>alert(1)</script>"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def centre(el: ET.Element) -> tuple[float, float]:
    """The centre of a point's marker, whatever its shape."""
    tag = el.tag.removeprefix(S)
    if tag == "circle":
        return float(el.get("cx", 0)), float(el.get("cy", 0))
    if tag == "rect":
        return (
            float(el.get("x", 0)) + float(el.get("width", 0)) / 2,
            float(el.get("y", 0)) + float(el.get("height", 0)) / 2,
        )
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def points(root: ET.Element, series: str | None = None) -> list[ET.Element]:
    found = [el for el in root.iter() if el.get("class") == "point"]
    if series is not None:
        found = [el for el in found if el.get("data-series") == series]
    return found


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == name]


def no_script(svg: str) -> None:
    root = parse(svg)
    for el in root.iter():
        assert el.tag.removeprefix(S) != "script"
        assert not any(a.lower().startswith("on") for a in el.attrib), el.attrib
        href = el.get("href")
        assert href is None or not href.lower().startswith("javascript:")


def test_root_is_an_accessible_image():
    svg = line_chart(MONTHS, [Series("CSAT", [70, 71, 72, 73, 74, 75])], title="CSAT & more")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "CSAT & more"
    assert root.find("s:title", NS).text == "CSAT & more"  # type: ignore[union-attr]
    assert "Noto Sans Khmer" in root.get("font-family", "")
    assert "Noto Sans Thai" in root.get("font-family", "")
    no_script(svg)


def test_points_have_labels_values_and_tooltips():
    svg = line_chart(
        ["May 2025", "Jun 2025"],
        [Series("CSAT", [70.0, 80 / 112 * 100])],
        title="CSAT",
        value_format=lambda v: f"{v:.1f}",
    )
    pts = points(parse(svg))
    assert [p.get("data-label") for p in pts] == ["May 2025", "Jun 2025"]
    assert float(pts[1].get("data-value", "")) == pytest.approx(71.4285714)
    assert pts[1].find("s:title", NS).text == "Jun 2025: 71.4"  # type: ignore[union-attr]


def test_point_heights_follow_the_values():
    values = [3.0, -2.0, 10.5, 0.0, 7.25, 7.3]
    pts = points(parse(line_chart(MONTHS, [Series("x", values)], title="t")))
    xy = [centre(p) for p in pts]
    assert [x for x, _ in xy] == sorted(x for x, _ in xy)  # left to right, in label order
    ranked = sorted(range(len(values)), key=lambda i: values[i])
    heights = [xy[i][1] for i in ranked]
    assert heights == sorted(heights, reverse=True)  # larger value, higher up (smaller y)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30, unique=True))
def test_point_heights_follow_any_values(values):
    labels = [f"d{i}" for i in range(len(values))]
    pts = points(parse(line_chart(labels, [Series("x", values)], title="t")))
    ys = [centre(p)[1] for p in pts]
    for (a, ya), (b, yb) in itertools.pairwise(sorted(zip(values, ys, strict=True))):
        assert a < b and ya >= yb


def test_links_wrap_points_and_scripts_links_are_dropped():
    svg = line_chart(
        MONTHS[:3],
        [Series("CSAT", [1, 2, 3], links=["/metrics?month=2024-07", None, "javascript:alert(1)"])],
        title="t",
    )
    root = parse(svg)
    anchors = root.findall(".//s:a", NS)
    assert len(anchors) == 1
    assert anchors[0].get("href") == "/metrics?month=2024-07"
    assert anchors[0][0].get("class") == "point" and anchors[0][0].get("data-label") == "Jul 2024"
    no_script(svg)


def test_customer_text_stays_text():
    svg = line_chart(
        [EVIL, "b"],
        [Series(EVIL, [1, 2]), Series('"><img src=x onerror=alert(1)>', [2, 1])],
        title=EVIL,
        guides=[(1.5, EVIL)],
        marks=[0],
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.get("aria-label") == EVIL
    texts = [el.text for el in root.iter(f"{S}text")]
    assert EVIL in texts
    assert points(root)[0].get("data-label") == EVIL
    no_script(svg)
    bars = bar_chart([(EVIL, 1.0, "/x?a=1&b=2")], title=EVIL)
    assert "<script>" not in bars and 'href="/x?a=1&amp;b=2"' in bars
    no_script(bars)
    quad = quadrant_chart(
        [Point(1, 1, EVIL, "/c/1")],
        x_cut=50,
        y_cut=9,
        x_label=EVIL,
        y_label=EVIL,
        quadrant_labels=(EVIL, "b", "c", "d"),
        title=EVIL,
        x_range=(0, 100),
        y_range=(0, 10),
    )
    assert "<script>" not in quad
    no_script(quad)
    assert "<script>" not in sparkline([1, 2], label=EVIL)


def test_gaps_break_the_line():
    root = parse(line_chart(MONTHS, [Series("x", [1, 2, None, 4, 5, None])], title="t"))
    lines = by_class(root, "line")
    assert len(lines) == 2
    assert [d.get("d", "").count("L") for d in lines] == [1, 1]
    assert [p.get("data-label") for p in points(root)] == [MONTHS[i] for i in (0, 1, 3, 4)]


def test_nan_is_a_gap():
    root = parse(line_chart(MONTHS[:3], [Series("x", [1, math.nan, 3])], title="t"))
    assert len(points(root)) == 2 and by_class(root, "line") == []


def test_guides_are_drawn_at_their_values():
    root = parse(
        line_chart(
            MONTHS,
            [Series("CSAT", [62, 65, 70, 75, 78, 79])],
            title="CSAT",
            y_min=0,
            y_max=100,
            guides=[(60, "60: to improve"), (80, "80: good"), (120, "off the axis")],
        )
    )
    guides = by_class(root, "guide")
    assert [float(g.get("data-value", "")) for g in guides] == [60, 80]
    ys = {float(g.get("data-value", "")): float(g[0].get("y1", "")) for g in guides}
    assert ys[80] < ys[60]
    labels = [t.text for g in guides for t in g.iter(f"{S}text")]
    assert labels == ["60: to improve", "80: good"]
    # a guide outside the data still widens an automatic axis, so it is seen
    auto = parse(
        line_chart(MONTHS, [Series("x", [70, 71, 72, 73, 74, 75])], title="t", guides=[(80, "80")])
    )
    assert len(by_class(auto, "guide")) == 1


def test_marks_and_shade_sit_on_their_labels():
    root = parse(
        line_chart(
            MONTHS,
            [Series("tickets", [10, 12, 40, 11, 13, 12])],
            title="volume",
            marks=[2, 99],
            shade=(3, 4),
        )
    )
    xs = {p.get("data-label"): centre(p)[0] for p in points(root)}
    (mark,) = by_class(root, "mark")
    assert mark.get("data-label") == MONTHS[2]
    assert float(mark[0].get("x1", "")) == pytest.approx(xs[MONTHS[2]], abs=0.1)
    (shade,) = by_class(root, "shade")
    left = float(shade.get("x", ""))
    right = left + float(shade.get("width", ""))
    assert left < xs[MONTHS[3]] < xs[MONTHS[4]] < right
    assert not left < xs[MONTHS[2]] < right and not left < xs[MONTHS[5]] < right


def test_bands_enclose_their_points():
    values = [70.0, 72.0, None, 75.0]
    band = [(65.0, 75.0), (68.0, 76.0), (None, None), (None, 80.0)]
    root = parse(line_chart(MONTHS[:4], [Series("CSAT", values, band=band)], title="t"))
    (polygon,) = by_class(root, "band")  # the stretch of the first two; the last lacks a low
    coords = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", polygon.get("points", ""))]
    band_ys = coords[1::2]
    for p in points(root)[:2]:
        _, y = centre(p)
        assert min(band_ys) <= y <= max(band_ys)
    tip = points(root)[0].find("s:title", NS).text  # type: ignore[union-attr]
    assert "65" in tip and "75" in tip  # type: ignore[operator]


def test_several_series_get_a_legend_and_their_own_colours():
    one = parse(line_chart(MONTHS[:2], [Series("a", [1, 2])], title="t"))
    assert by_class(one, "legend") == []
    names = [f"s{i}" for i in range(5)]
    root = parse(
        line_chart(MONTHS[:2], [Series(n, [i, i + 1]) for i, n in enumerate(names)], title="t")
    )
    (legend,) = by_class(root, "legend")
    assert [t.text for t in legend.iter(f"{S}text")] == names
    colours = [by_class(root, "line")[i].get("stroke") for i in range(5)]
    assert colours == list(PALETTE[:5]) and len(set(colours)) == 5


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        line_chart(MONTHS, [Series("x", [1, 2])], title="t")


@pytest.mark.parametrize(
    "svg",
    [
        lambda: line_chart([], [], title="nothing"),
        lambda: line_chart(MONTHS, [], title="no series"),
        lambda: line_chart(MONTHS[:2], [Series("x", [None, None])], title="all gaps"),
        lambda: line_chart(["one"], [Series("x", [5])], title="one point"),
        lambda: line_chart(MONTHS[:2], [Series("x", [5, 5])], title="flat"),
        lambda: bar_chart([], title="no bars"),
        lambda: bar_chart([("a", 0.0, None)], title="zero"),
        lambda: sparkline([], label="none"),
        lambda: sparkline([None, 3, None], label="one"),
        lambda: quadrant_chart(
            [],
            x_cut=50,
            y_cut=9,
            x_label="x",
            y_label="y",
            quadrant_labels=("a", "b", "c", "d"),
            title="empty",
            x_range=(0, 100),
            y_range=(0, 10),
        ),
    ],
)
def test_empty_or_degenerate_input_still_draws(svg):
    root = parse(svg())
    assert root.get("role") == "img"


def test_bars_grow_with_their_values_and_link():
    items = [("email", 420.0, None), ("chat", 310.0, "/channels/chat"), ("phone", 12.0, None)]
    root = parse(bar_chart(items, title="channels"))
    bars = points(root)
    widths = [float(b.get("width", "")) for b in bars]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] / widths[1] == pytest.approx(420 / 310, rel=0.02)
    (a,) = root.findall(".//s:a", NS)
    assert a.get("href") == "/channels/chat" and a[0].get("data-label") == "chat"
    assert bars[2].find("s:title", NS).text == "phone: 12"  # type: ignore[union-attr]


def test_negative_bars_extend_left_of_zero():
    root = parse(bar_chart([("a", 40.0, None), ("b", -20.0, None)], title="NPS"))
    a, b = points(root)
    assert float(b.get("x", "")) + float(b.get("width", "")) == pytest.approx(
        float(a.get("x", "")), abs=0.2
    )


def test_quadrant_points_fall_in_their_quadrants():
    pts = [Point(90, 10, "advocate"), Point(20, 9, "vip", "/c/vip"), Point(20, 3, "churner")]
    root = parse(
        quadrant_chart(
            pts,
            x_cut=50,
            y_cut=8.5,
            x_label="CSAT",
            y_label="NPS",
            quadrant_labels=("VIP support", "Advocates", "Churners", "Wildcards"),
            title="Loyalty map",
            x_range=(0, 100),
            y_range=(0, 10),
        )
    )
    quads = by_class(root, "quadrant")
    tl, tr = quads[0], quads[1]
    cut_x = float(tr.get("x", ""))
    cut_y = float(tl.get("y", "")) + float(tl.get("height", ""))
    where = {p.get("data-label"): centre(p) for p in points(root)}
    assert where["advocate"][0] > cut_x and where["advocate"][1] < cut_y
    assert where["vip"][0] < cut_x and where["vip"][1] < cut_y
    assert where["churner"][0] < cut_x and where["churner"][1] > cut_y
    assert root.find(".//s:a", NS).get("href") == "/c/vip"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(f"{S}text")]
    assert {"VIP support", "Advocates", "Churners", "Wildcards", "CSAT", "NPS"} <= set(texts)


def test_sparkline_marks_every_value_and_the_last():
    root = parse(sparkline([1, 5, None, 3], label="CSAT"))
    pts = points(root)
    assert [float(p.get("data-value", "")) for p in pts] == [1, 5, 3]
    assert float(pts[-1].get("r", "")) > float(pts[0].get("r", ""))
    assert root.get("aria-label") == "CSAT"


def test_khmer_and_thai_labels_are_kept_whole():
    km, th = "ការចេញវិក្កយបត្រ", "การเรียกเก็บเงิน"
    root = parse(line_chart([km, th], [Series(km, [1, 2]), Series(th, [2, 1])], title=th))
    texts = [t.text for t in root.iter(f"{S}text")]
    assert km in texts and th in texts


def test_many_labels_are_thinned_not_overlapped():
    labels = [f"2025-01-{d:02d}" for d in range(1, 32)]
    root = parse(line_chart(labels, [Series("x", list(range(31)))], title="t", width=400))
    shown = [t for g in by_class(root, "x-labels") for t in g.iter(f"{S}text")]
    assert 2 <= len(shown) < 31
    assert shown[-1].text == labels[-1]
    xs = [float(t.get("x", "")) for t in shown]
    assert min(b - a for a, b in itertools.pairwise(xs)) > 60


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.one_of(st.just(0.0), st.floats(1e-3, 1e6, allow_nan=False)),
)
def test_nice_ticks_cover_the_range_with_round_steps(low, span):
    high = low + span
    axis_low, axis_high, ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 12
    step = ticks[1] - ticks[0]
    slack = 1e-6 * step  # float noise of a tick on the data's edge is not a miss
    assert axis_low <= low + slack and axis_high >= high - slack
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 5, 10))


def test_nice_ticks_of_a_percentage_axis():
    assert nice_ticks(0, 100, fixed=True)[2] == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(61.3, 78.9)[2] == [60, 65, 70, 75, 80]

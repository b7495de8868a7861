"""Charts for WeasyPrint: texts lifted out of the SVG into HTML, at the same places."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import tinyhtml5

from cxm.charts import Point, Series, bar_chart, line_chart, quadrant_chart
from cxm.charts.printing import BASELINE, lift_text

S = "{http://www.w3.org/2000/svg}"
H = "{http://www.w3.org/1999/xhtml}"
KM = "ការចេញវិក្កយបត្រ"


def lifted(svg: str) -> tuple[ET.Element, ET.Element, list[ET.Element]]:
    """The wrapper, its SVG and its spans, parsed as a browser would."""
    doc = tinyhtml5.parse(f"<!DOCTYPE html><body>{lift_text(svg)}</body>")
    box = next(el for el in doc.iter(f"{H}div") if el.get("class") == "chart-box")
    svg_el = box.find(f"{S}svg")
    assert svg_el is not None
    return box, svg_el, [el for el in box.iter(f"{H}span")]


def style(el: ET.Element) -> dict[str, str]:
    return dict(part.split(":", 1) for part in (el.get("style") or "").split(";") if ":" in part)


def test_every_text_becomes_a_span_and_leaves_the_svg():
    chart = line_chart(
        ["Jan", "Feb"], [Series(KM, [1, 2]), Series("b", [2, 1])], title="t", guides=[(1.5, "g")]
    )
    texts = [el.text for el in ET.fromstring(chart).iter(f"{S}text")]
    box, svg, spans = lifted(chart)
    assert list(svg.iter(f"{S}text")) == []
    assert [s.text for s in spans] == texts
    assert KM in texts
    # the drawing itself is untouched
    assert len([el for el in svg.iter() if el.get("class") == "point"]) == 4
    assert style(box)["width"] == "640px"


def test_spans_sit_where_the_texts_were():
    chart = bar_chart([("email", 40.0, None), ("chat", 20.0, None)], title="Channels")
    originals = list(ET.fromstring(chart).iter(f"{S}text"))
    _, _, spans = lifted(chart)
    width = float(ET.fromstring(chart).get("width", "0"))
    for text, span in zip(originals, spans, strict=True):
        css = style(span)
        size = float(text.get("font-size", "0"))
        assert float(css["top"].removesuffix("px")) == pytest.approx(
            float(text.get("y", "0")) - BASELINE * size, abs=0.06
        )
        x = float(text.get("x", "0"))
        anchor = text.get("text-anchor")
        if anchor == "end":
            assert float(css["right"].removesuffix("px")) == pytest.approx(width - x, abs=0.06)
        elif anchor == "middle":
            left, w = float(css["left"].removesuffix("px")), float(css["width"].removesuffix("px"))
            assert left + w / 2 == pytest.approx(x, abs=0.06) and css["text-align"] == "center"
        else:
            assert float(css["left"].removesuffix("px")) == pytest.approx(x, abs=0.06)
        assert css["color"] == text.get("fill")


def test_rotated_axis_label_stays_rotated():
    chart = quadrant_chart(
        [Point(1, 1, "a")],
        x_cut=50,
        y_cut=9,
        x_label="CSAT",
        y_label="NPS",
        quadrant_labels=("a", "b", "c", "d"),
        title="map",
        x_range=(0, 100),
        y_range=(0, 10),
    )
    _, _, spans = lifted(chart)
    (nps,) = [s for s in spans if s.text == "NPS"]
    assert style(nps)["transform"] == "rotate(-90deg)"


def test_lifted_text_is_still_escaped():
    evil = "<script>alert(1)</script>"
    html = str(lift_text(line_chart([evil], [Series(evil, [1])], title=evil)))
    assert "<script>" not in html
    assert len(re.findall("&lt;script&gt;", html)) >= 2

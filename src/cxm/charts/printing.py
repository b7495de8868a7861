"""Charts for WeasyPrint: the chart's texts laid out by HTML over the SVG.

WeasyPrint (up to at least version 70) draws SVG text one code point at a time, so Khmer and
Thai vowel signs, subscripts and tone marks come apart into dotted circles (WeasyPrint issue
2249). HTML text it shapes properly with HarfBuzz. `lift_text` therefore takes every <text>
out of a chart and puts it back as an absolutely positioned HTML span at the same place; the
lines, bands and points stay SVG.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup, escape

from cxm.charts.svg import FONT_FAMILY

# Where the baseline sits below the top of a line box of line-height 1, in ems (Noto Sans:
# ascent 1.069, descent 0.293; Khmer and Thai fonts land within a few hundredths of it).
BASELINE = 0.89
WIDE = 400  # room given to a centred text on each side of its anchor
_TEXT = re.compile(r"<text\b[^>]*>[^<]*</text>")
_ROTATE = re.compile(r"rotate\(\s*(-?[\d.]+)")


def _px(value: str | None) -> float:
    return float(value or 0)


def lift_text(chart: str) -> Markup:
    """The chart (one <svg> from `cxm.charts`) as a block of the same size: the SVG without
    its texts, and the texts as HTML on top of it."""
    svg = str(chart)
    root = ET.fromstring(svg)  # read only: re-serialising would rewrite its namespaces
    width, height = _px(root.get("width")), _px(root.get("height"))
    family = root.get("font-family") or FONT_FAMILY
    # `cxm.charts.svg` writes each text as one element with escaped content and no children
    spans = [_span(ET.fromstring(m.group(0)), width) for m in _TEXT.finditer(svg)]
    style = (
        f"position:relative;width:{width:g}px;height:{height:g}px;"
        f"font-family:{family};line-height:1"
    )
    return Markup(
        f'<div class="chart-box" style="{escape(style)}">{_TEXT.sub("", svg)}{"".join(spans)}</div>'
    )


def _span(el: ET.Element, width: float) -> str:
    x, y = _px(el.get("x")), _px(el.get("y"))
    size = _px(el.get("font-size")) or 11
    top = y - BASELINE * size
    anchor = el.get("text-anchor", "start")
    css = [
        "position:absolute",
        f"top:{top:.1f}px",
        f"font-size:{size:g}px",
        "line-height:1",
        "white-space:nowrap",
        f"color:{el.get('fill', '#000')}",
    ]
    if el.get("font-weight"):
        css.append(f"font-weight:{el.get('font-weight')}")
    origin_x = 0.0
    if anchor == "middle":
        css += [f"left:{x - WIDE:.1f}px", f"width:{2 * WIDE}px", "text-align:center"]
        origin_x = WIDE
    elif anchor == "end":
        css += [f"right:{width - x:.1f}px", "text-align:right"]
    else:
        css.append(f"left:{x:.1f}px")
    turn = _ROTATE.search(el.get("transform", ""))
    if turn:
        css += [
            f"transform:rotate({float(turn.group(1)):g}deg)",
            f"transform-origin:{origin_x:g}px {BASELINE * size:.1f}px",
        ]
    return (
        f'<span class="chart-text" style="{escape(";".join(css))}">{escape(el.text or "")}</span>'
    )

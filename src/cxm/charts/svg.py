"""Charts drawn on the server as inline SVG: the dashboard links their points to drill-downs,
and the PDF report embeds them as they are.

Every colour, stroke and font is an attribute (no stylesheet, no script), so a chart looks the
same in a browser, in an e-mail client and in WeasyPrint. Every text is XML-escaped: labels and
series names can be category names a customer typed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Latin first, then the scripts the product's languages need; the PDF renderer picks the
# first family that has each character.
FONT_FAMILY = (
    "'Noto Sans', 'DejaVu Sans', 'Noto Sans Khmer', 'Khmer OS', 'Khmer OS System', "
    "'Noto Sans Thai', 'Loma', 'Garuda', sans-serif"
)
# Okabe-Ito: told apart with the common colour-vision deficiencies; each series also gets
# its own marker shape and dash pattern, so a grey-scale print keeps them apart too.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#333333")
DASHES = ("", "6 3", "2 2", "8 3 2 3")
SHAPES = ("circle", "square", "diamond", "triangle")
INK = "#1f2328"  # text
MUTED = "#57606a"  # axis labels
GRID = "#d8dee4"
GUIDE = "#8c959f"
SHADE = "#fff1c2"  # an incident period
MARK = "#bc4c00"  # a volume spike
QUADRANT_TINTS = ("#eef6fc", "#eaf6ee", "#fdf0ea", "#f6f1f8")  # TL, TR, BL, BR

TITLE_SIZE = 13
TEXT_SIZE = 11
GUIDE_ROOM = 120  # at most this much of the width for the labels of reference lines
CHAR_WIDTH = 0.58  # average advance of a character, in ems: for laying out labels
SAFE_SCHEMES = ("", "http", "https", "mailto")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None = a gap
    band: Sequence[tuple[float | None, float | None]] | None = None  # interval per point
    links: Sequence[str | None] | None = None  # URL per point: the point is wrapped in <a href>


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    link: str | None = None


def default_format(value: float) -> str:
    """71.4, 1,204: one decimal unless the value is whole."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


# -- helpers ------------------------------------------------------------------------------------


def _n(v: float) -> str:
    """A coordinate: short, and never in exponent notation."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _a(value: object) -> str:
    """An attribute value, escaped."""
    return str(escape(str(value)))


def _num(v: float | None) -> float | None:
    """None for a gap: missing, NaN or infinite."""
    if v is None:
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _data(v: float) -> str:
    """A value for a data attribute: machine-readable, full precision."""
    return f"{v:.10g}"


def _text_width(text: str, size: float) -> float:
    # combining marks (Thai vowels and tones, Khmer subscripts) take no advance of their own
    visible = sum(1 for ch in text if not unicodedata.combining(ch) and ch not in "\u200b\u17d2")
    return visible * size * CHAR_WIDTH


def _clip(text: str, size: float, room: float) -> str:
    """The text cut with an ellipsis so that it fits `room` pixels."""
    if _text_width(text, size) <= room:
        return text
    keep = max(1, int(room / (size * CHAR_WIDTH)) - 1)
    return text[:keep].rstrip() + "…"


def _safe_link(url: str | None) -> str | None:
    """The URL if it is a web, mail or relative link: a chart never carries a script link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = TEXT_SIZE,
    anchor: str = "start",
    fill: str = MUTED,
    weight: str | None = None,
    extra: str = "",
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
        f'fill="{fill}"{bold}{extra}>{escape(content)}</text>'
    )


def _root(width: float, height: float, title: str, body: Sequence[str], kind: str) -> Markup:
    label = _a(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'role="img" aria-label="{label}" font-family="{_a(FONT_FAMILY)}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _marker(shape: str, x: float, y: float, r: float, colour: str, attrs: str) -> str:
    """A point's marker with its attributes and tooltip (`attrs` ends with the <title>)."""
    head, _, tip = attrs.partition(">")
    style = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "square":
        s = r * 1.8
        el = f'<rect x="{_n(x - s / 2)}" y="{_n(y - s / 2)}" width="{_n(s)}" height="{_n(s)}"'
        return f"{el} {style}{head}>{tip}</rect>"
    if shape == "diamond":
        d = r * 1.35
        path = f"M{_n(x)} {_n(y - d)}L{_n(x + d)} {_n(y)}L{_n(x)} {_n(y + d)}L{_n(x - d)} {_n(y)}Z"
        return f'<path d="{path}" {style}{head}>{tip}</path>'
    if shape == "triangle":
        d = r * 1.3
        path = f"M{_n(x)} {_n(y - d)}L{_n(x + d)} {_n(y + d * 0.8)}L{_n(x - d)} {_n(y + d * 0.8)}Z"
        return f'<path d="{path}" {style}{head}>{tip}</path>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {style}{head}>{tip}</circle>'


def _point_attrs(label: str, value: float, tooltip: str, series: str | None = None) -> str:
    """Attributes and tooltip of a data point: ` class=... data-...><title>...</title>`."""
    of = f' data-series="{_a(series)}"' if series is not None else ""
    return (
        f' class="point" data-label="{_a(label)}" data-value="{_data(value)}"{of}>'
        f"<title>{escape(tooltip)}</title>"
    )


def _linked(element: str, link: str | None) -> str:
    url = _safe_link(link)
    return f'<a href="{_a(url)}">{element}</a>' if url else element


def _step(span: float, count: int) -> float:
    """A round step (1, 2 or 5 x 10^k) cutting `span` into about `count` parts."""
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = (
        10
        if error >= math.sqrt(50)
        else 5
        if error >= math.sqrt(10)
        else 2
        if error >= math.sqrt(2)
        else 1
    )
    return factor * power


def nice_ticks(
    low: float, high: float, count: int = 5, fixed: bool = False
) -> tuple[float, float, list[float]]:
    """(axis low, axis high, ticks) covering low..high with round steps.

    With `fixed` the axis keeps exactly low..high and the ticks are the round values in it.
    """
    if high < low:
        low, high = high, low
    # flat, or too thin for floats to cut into steps: widen around the value
    if high - low <= max(abs(low), abs(high)) * 1e-9 or high - low < 1e-200:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _step(high - low, count)
    digits = max(0, -math.floor(math.log10(step)) + 1)
    if fixed:
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    else:
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    ticks = [round(i * step, digits) + 0.0 for i in range(first, last + 1)]  # + 0.0: no "-0"
    if fixed:
        return low, high, ticks
    return ticks[0], ticks[-1], ticks


def _runs(values: Sequence[float | None]) -> Iterator[list[int]]:
    """Indexes of the stretches of consecutive values that are not gaps."""
    run: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            if run:
                yield run
            run = []
        else:
            run.append(i)
    if run:
        yield run


def _legend(names: Sequence[str], x0: float, y0: float, room: float) -> tuple[list[str], float]:
    """Swatches and names, wrapped over rows; returns the elements and the height used."""
    out = ['<g class="legend">']
    x, y, row_h = x0, y0, TEXT_SIZE + 7
    for i, name in enumerate(names):
        shown = _clip(name, TEXT_SIZE, min(room * 0.6, 220))
        w = 30 + _text_width(shown, TEXT_SIZE) + 14
        if x > x0 and x + w > x0 + room:
            x, y = x0, y + row_h
        colour = PALETTE[i % len(PALETTE)]
        dash = DASHES[i % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        cy = y + row_h / 2 - 3
        out.append(f'<g class="legend-item"><title>{escape(name)}</title>')
        out.append(
            f'<line x1="{_n(x)}" y1="{_n(cy)}" x2="{_n(x + 22)}" y2="{_n(cy)}" '
            f'stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        out.append(
            _marker(SHAPES[i % len(SHAPES)], x + 11, cy, 3.2, colour, ' aria-hidden="true">')
        )
        out.append(_text(x + 27, cy + 4, shown, fill=INK) + "</g>")
        x += w
    out.append("</g>")
    return out, y + row_h - y0


def _empty(width: float, height: float, title: str, kind: str, top: float) -> Markup:
    body = [
        _text(8, 18, title, size=TITLE_SIZE, fill=INK, weight="bold"),
        f'<rect x="8" y="{_n(top)}" width="{_n(width - 16)}" height="{_n(height - top - 8)}" '
        f'fill="none" stroke="{GRID}"/>',
        _text(width / 2, (top + height) / 2, "–", size=TITLE_SIZE, anchor="middle"),
    ]
    return _root(width, height, title, body, kind)


# -- line chart ---------------------------------------------------------------------------------


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    y_min: float | None = None,
    y_max: float | None = None,
    guides: Sequence[tuple[float, str]] = (),
    marks: Sequence[int] = (),
    shade: tuple[int, int] | None = None,
    value_format: Callable[[float], str] = default_format,
    width: int = 640,
    height: int = 240,
) -> Markup:
    """Lines over labelled points (months, days), with interval bands, reference lines,
    marked points (spikes) and a shaded range (an incident)."""
    n = len(labels)
    for s in series:
        if len(s.values) != n or (s.band is not None and len(s.band) != n):
            raise ValueError(f"series {s.name!r}: one value per label expected")
        if s.links is not None and len(s.links) != n:
            raise ValueError(f"series {s.name!r}: one link per label expected")
    values = [[_num(v) for v in s.values] for s in series]
    bands = [
        [(_num(lo), _num(hi)) for lo, hi in s.band] if s.band is not None else None for s in series
    ]

    body: list[str] = [_text(8, 18, title, size=TITLE_SIZE, fill=INK, weight="bold")]
    top = 30.0
    if len(series) > 1:
        items, used = _legend([s.name for s in series], 8, 26, width - 16)
        body += items
        top = 26 + used + 8

    found = [v for vs in values for v in vs if v is not None]
    found += [b for bs in bands if bs for pair in bs for b in pair if b is not None]
    if n == 0 or not found:
        return _empty(width, height, title, "line", top)
    found += [g for g, _ in guides if _num(g) is not None]
    low = y_min if y_min is not None else min(found)
    high = y_max if y_max is not None else max(found)
    fixed = y_min is not None and y_max is not None
    if y_min is not None and y_max is None:
        high = max(high, low)
    if y_max is not None and y_min is None:
        low = min(low, high)
    axis_low, axis_high, ticks = nice_ticks(low, high, fixed=fixed)
    if y_min is not None:
        axis_low = y_min
        ticks = [t for t in ticks if t >= y_min]
    if y_max is not None:
        axis_high = y_max
        ticks = [t for t in ticks if t <= y_max]
    if axis_high == axis_low:
        axis_high = axis_low + 1

    tick_texts = [value_format(t) for t in ticks]
    left = 12 + max((_text_width(t, TEXT_SIZE) for t in tick_texts), default=10)
    guide_room = max(
        (_text_width(_clip(g, TEXT_SIZE, GUIDE_ROOM), TEXT_SIZE) for _, g in guides), default=0
    )
    right = 10 + guide_room + (6 if guides else 0)
    bottom = height - 24
    plot_w = width - left - right
    step = plot_w / n

    def x_at(i: float) -> float:
        return left + step * (i + 0.5)

    def y_at(v: float) -> float:
        v = min(max(v, axis_low), axis_high)  # outside a fixed axis: drawn on its edge
        return bottom - (v - axis_low) / (axis_high - axis_low) * (bottom - top)

    if shade is not None:
        a, b = sorted(shade)
        a, b = max(0, a), min(n - 1, b)
        if a <= b:
            body.append(
                f'<rect class="shade" x="{_n(left + step * a)}" y="{_n(top)}" '
                f'width="{_n(step * (b - a + 1))}" height="{_n(bottom - top)}" fill="{SHADE}">'
                f"<title>{escape(labels[a])} – {escape(labels[b])}</title></rect>"
            )
    body.append('<g class="grid">')
    for t, text in zip(ticks, tick_texts, strict=True):
        y = y_at(t)
        body.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, text, anchor="end"))
    body.append("</g>")

    # x labels: as many as fit without overlapping, always the last one
    widest = max(_text_width(str(lb), TEXT_SIZE) for lb in labels) + 8
    every = max(1, math.ceil(widest / step))
    body.append('<g class="x-labels">')
    for i, lb in enumerate(labels):
        if (n - 1 - i) % every == 0:
            body.append(_text(x_at(i), bottom + 16, str(lb), anchor="middle"))
    body.append("</g>")
    body.append(
        f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(left + plot_w)}" y2="{_n(bottom)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )

    for g, text in guides:
        gv = _num(g)
        if gv is None or not axis_low <= gv <= axis_high:
            continue
        y = y_at(gv)
        body.append(
            f'<g class="guide" data-value="{_data(gv)}"><line x1="{_n(left)}" y1="{_n(y)}" '
            f'x2="{_n(left + plot_w)}" y2="{_n(y)}" stroke="{GUIDE}" stroke-width="1.2" '
            f'stroke-dasharray="5 4"/>'
            + _text(left + plot_w + 4, y + 4, _clip(text, TEXT_SIZE, GUIDE_ROOM), fill=MUTED)
            + f"<title>{escape(text)}</title></g>"
        )

    for i in sorted(set(marks)):
        if not 0 <= i < n:
            continue
        x = x_at(i)
        body.append(
            f'<g class="mark" data-label="{_a(labels[i])}">'
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" stroke="{MARK}" '
            f'stroke-width="1" stroke-dasharray="2 3"/>'
            f'<path d="M{_n(x - 5)} {_n(top - 7)}L{_n(x + 5)} {_n(top - 7)}L{_n(x)} {_n(top)}Z" '
            f'fill="{MARK}"/><title>{escape(labels[i])}</title></g>'
        )

    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        band = bands[k]
        if band is not None:
            ok = [lo if lo is not None and hi is not None else None for lo, hi in band]
            for run in _runs(ok):
                upper = [f"{_n(x_at(i))} {_n(y_at(band[i][1]))}" for i in run]  # type: ignore[arg-type]
                lower = [f"{_n(x_at(i))} {_n(y_at(band[i][0]))}" for i in reversed(run)]  # type: ignore[arg-type]
                if len(run) == 1:  # one point alone: a short vertical bar
                    i = run[0]
                    upper = [f"{_n(x_at(i) - 3)} {_n(y_at(band[i][1]))}"]  # type: ignore[arg-type]
                    upper.append(f"{_n(x_at(i) + 3)} {_n(y_at(band[i][1]))}")  # type: ignore[arg-type]
                    lower = [f"{_n(x_at(i) + 3)} {_n(y_at(band[i][0]))}"]  # type: ignore[arg-type]
                    lower.append(f"{_n(x_at(i) - 3)} {_n(y_at(band[i][0]))}")  # type: ignore[arg-type]
                body.append(
                    f'<polygon class="band" data-series="{_a(s.name)}" '
                    f'points="{" ".join(upper + lower)}" fill="{colour}" fill-opacity="0.15" '
                    f'stroke="none"/>'
                )
        dash = DASHES[k % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _runs(values[k]):
            if len(run) < 2:
                continue
            d = "M" + "L".join(f"{_n(x_at(i))} {_n(y_at(values[k][i]))}" for i in run)  # type: ignore[arg-type]
            body.append(
                f'<path class="line" data-series="{_a(s.name)}" d="{d}" fill="none" '
                f'stroke="{colour}" stroke-width="2" stroke-linejoin="round"{dashed}/>'
            )
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        shape = SHAPES[k % len(SHAPES)]
        body.append(f'<g class="points" data-series="{_a(s.name)}">')
        for i, v in enumerate(values[k]):
            if v is None:
                continue
            name = f"{s.name} · " if len(series) > 1 else ""
            tip = f"{name}{labels[i]}: {value_format(v)}"
            band = bands[k]
            if band is not None and band[i][0] is not None and band[i][1] is not None:
                tip += f" ({value_format(band[i][0])}–{value_format(band[i][1])})"  # type: ignore[arg-type]
            attrs = _point_attrs(str(labels[i]), v, tip, s.name)
            element = _marker(shape, x_at(i), y_at(v), 3.6, colour, attrs)
            body.append(_linked(element, s.links[i] if s.links is not None else None))
        body.append("</g>")
    return _root(width, height, title, body, "line")


# -- sparkline ----------------------------------------------------------------------------------


def sparkline(
    values: Sequence[float | None], *, label: str, width: int = 120, height: int = 28
) -> Markup:
    """A small trend line without axes; the last value is marked."""
    vs = [_num(v) for v in values]
    found = [v for v in vs if v is not None]
    body: list[str] = []
    if found:
        low, high = min(found), max(found)
        if high == low:
            low, high = low - 1, high + 1
        pad = 3.0
        n = len(vs)

        def x_at(i: int) -> float:
            return pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5)

        def y_at(v: float) -> float:
            return height - pad - (v - low) / (high - low) * (height - 2 * pad)

        for run in _runs(vs):
            if len(run) > 1:
                d = "M" + "L".join(f"{_n(x_at(i))} {_n(y_at(vs[i]))}" for i in run)  # type: ignore[arg-type]
                body.append(
                    f'<path class="line" d="{d}" fill="none" stroke="{PALETTE[0]}" '
                    f'stroke-width="1.5" stroke-linejoin="round"/>'
                )
        last = max(i for i, v in enumerate(vs) if v is not None)
        for i, v in enumerate(vs):
            if v is None:
                continue
            r = 2.2 if i == last else 1.1
            attrs = _point_attrs(str(i + 1), v, f"{label}: {default_format(v)}")
            body.append(_marker("circle", x_at(i), y_at(v), r, PALETTE[0], attrs))
    else:
        body.append(
            f'<line x1="3" y1="{_n(height / 2)}" x2="{_n(width - 3)}" y2="{_n(height / 2)}" '
            f'stroke="{GRID}" stroke-dasharray="3 3"/>'
        )
    return _root(width, height, label, body, "sparkline")


# -- bar chart ----------------------------------------------------------------------------------


def bar_chart(
    items: Sequence[tuple[str, float, str | None]],
    *,
    title: str,
    value_format: Callable[[float], str] = default_format,
    width: int = 640,
) -> Markup:
    """Horizontal bars, one per (label, value, link), in the order given."""
    row = 22.0
    top = 30.0
    clean = [(str(lb), _num(v), link) for lb, v, link in items]
    numbers = [v for _, v, _ in clean if v is not None]
    height = top + row * max(1, len(clean)) + 26
    if not clean or not numbers:
        return _empty(width, max(height, 80), title, "bar", top)
    low, high = min(0.0, *numbers), max(0.0, *numbers)
    axis_low, axis_high, ticks = nice_ticks(low, high)
    label_room = min(width * 0.35, max(_text_width(lb, TEXT_SIZE) for lb, _, _ in clean) + 12)
    value_room = max(_text_width(value_format(v), TEXT_SIZE) for v in numbers) + 10
    left = 8 + label_room
    plot_w = width - left - value_room - 8
    bottom = top + row * len(clean)

    def x_at(v: float) -> float:
        return left + (v - axis_low) / (axis_high - axis_low) * plot_w

    body = [_text(8, 18, title, size=TITLE_SIZE, fill=INK, weight="bold"), '<g class="grid">']
    for t in ticks:
        x = x_at(t)
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(bottom)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(x, bottom + 16, value_format(t), anchor="middle"))
    body.append("</g>")
    zero = x_at(0.0)
    for j, (lb, v, link) in enumerate(clean):
        y = top + row * j
        body.append(
            _text(
                left - 8,
                y + row / 2 + 4,
                _clip(lb, TEXT_SIZE, label_room - 10),
                anchor="end",
                fill=INK,
            )
        )
        if v is None:
            body.append(_text(zero + 4, y + row / 2 + 4, "–"))
            continue
        x0, x1 = sorted((zero, x_at(v)))
        attrs = _point_attrs(lb, v, f"{lb}: {value_format(v)}")
        head, _, tip = attrs.partition(">")
        bar = (
            f'<rect x="{_n(x0)}" y="{_n(y + 4)}" width="{_n(max(x1 - x0, 1))}" '
            f'height="{_n(row - 8)}" fill="{PALETTE[0]}"{head}>{tip}</rect>'
        )
        body.append(_linked(bar, link))
        ahead = x1 + 4 if v >= 0 else x1 - 4
        body.append(
            _text(
                ahead,
                y + row / 2 + 4,
                value_format(v),
                anchor="start" if v >= 0 else "end",
                fill=INK,
            )
        )
    body.append(
        f'<line x1="{_n(zero)}" y1="{_n(top)}" x2="{_n(zero)}" y2="{_n(bottom)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    return _root(width, height, title, body, "bar")


# -- quadrant chart -----------------------------------------------------------------------------


def quadrant_chart(
    points: Sequence[Point],
    *,
    x_cut: float,
    y_cut: float,
    x_label: str,
    y_label: str,
    quadrant_labels: tuple[str, str, str, str],
    title: str,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    width: int = 480,
) -> Markup:
    """Points on two axes cut into four named quadrants (the loyalty map):
    `quadrant_labels` are top-left, top-right, bottom-left, bottom-right."""
    height = round(width * 0.8)
    top, left, right, bottom = 30.0, 46.0, 12.0, height - 38.0
    x_lo, x_hi = sorted(x_range)
    y_lo, y_hi = sorted(y_range)
    if x_hi == x_lo:
        x_hi = x_lo + 1
    if y_hi == y_lo:
        y_hi = y_lo + 1
    plot_w, plot_h = width - left - right, bottom - top

    def x_at(v: float) -> float:
        return left + (min(max(v, x_lo), x_hi) - x_lo) / (x_hi - x_lo) * plot_w

    def y_at(v: float) -> float:
        return bottom - (min(max(v, y_lo), y_hi) - y_lo) / (y_hi - y_lo) * plot_h

    cx, cy = x_at(x_cut), y_at(y_cut)
    body = [_text(8, 18, title, size=TITLE_SIZE, fill=INK, weight="bold")]
    boxes = (
        (left, top, cx, cy, "start", "top"),
        (cx, top, left + plot_w, cy, "end", "top"),
        (left, cy, cx, bottom, "start", "bottom"),
        (cx, cy, left + plot_w, bottom, "end", "bottom"),
    )
    for (x0, y0, x1, y1, anchor, edge), tint, name in zip(
        boxes, QUADRANT_TINTS, quadrant_labels, strict=True
    ):
        body.append(
            f'<rect class="quadrant" x="{_n(x0)}" y="{_n(y0)}" width="{_n(max(0, x1 - x0))}" '
            f'height="{_n(max(0, y1 - y0))}" fill="{tint}"/>'
        )
        tx = x0 + 6 if anchor == "start" else x1 - 6
        ty = y0 + 15 if edge == "top" else y1 - 7
        body.append(
            _text(
                tx,
                ty,
                _clip(name, TEXT_SIZE, max(20, x1 - x0 - 12)),
                anchor=anchor,
                fill=INK,
                weight="bold",
            )
        )
    _, _, xt = nice_ticks(x_lo, x_hi, fixed=True)
    _, _, yt = nice_ticks(y_lo, y_hi, fixed=True)
    for t in xt:
        body.append(_text(x_at(t), bottom + 14, default_format(t), anchor="middle"))
    for t in yt:
        body.append(_text(left - 5, y_at(t) + 4, default_format(t), anchor="end"))
    body.append(
        f'<line x1="{_n(cx)}" y1="{_n(top)}" x2="{_n(cx)}" y2="{_n(bottom)}" stroke="{GUIDE}" '
        f'stroke-width="1.2" stroke-dasharray="5 4"/>'
        f'<line x1="{_n(left)}" y1="{_n(cy)}" x2="{_n(left + plot_w)}" y2="{_n(cy)}" '
        f'stroke="{GUIDE}" stroke-width="1.2" stroke-dasharray="5 4"/>'
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(plot_w)}" height="{_n(plot_h)}" '
        f'fill="none" stroke="{MUTED}" stroke-width="1"/>'
    )
    body.append(_text(left + plot_w / 2, height - 8, x_label, anchor="middle", fill=INK))
    mid = top + plot_h / 2
    body.append(
        _text(
            14,
            mid,
            y_label,
            anchor="middle",
            fill=INK,
            extra=f' transform="rotate(-90 14 {_n(mid)})"',
        )
    )
    body.append('<g class="points">')
    for p in points:
        x, y = _num(p.x), _num(p.y)
        if x is None or y is None:
            continue
        tip = f"{p.label}: {default_format(x)}, {default_format(y)}"
        attrs = (
            f' class="point" data-label="{_a(p.label)}" data-value="{_data(y)}" '
            f'data-x="{_data(x)}" data-y="{_data(y)}"><title>{escape(tip)}</title>'
        )
        element = _marker("circle", x_at(x), y_at(y), 4.0, PALETTE[0], attrs)
        body.append(_linked(element, p.link))
    body.append("</g>")
    return _root(width, height, title, body, "quadrant")

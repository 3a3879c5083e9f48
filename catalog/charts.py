"""
Server-rendered SVG charts, built as plain strings.

Nothing here imports Django, so the comparison pages can reuse the chart
with their two models highlighted. Every piece of text that reaches the SVG
goes through ``html.escape``; the caller marks the result safe.

``price_score_svg()`` plots price per 1M tokens (x, log scale) against a
benchmark score (y). A point is a ``(label, x, y, highlighted)`` tuple.
"""

import math
from decimal import Decimal
from html import escape

from catalog import formatting

Point = tuple[str, float, float, bool]

WIDTH = 640
HEIGHT = 400
MARGIN_LEFT = 64
MARGIN_RIGHT = 24
MARGIN_TOP = 20
MARGIN_BOTTOM = 60
POINT_RADIUS = 5
HIGHLIGHT_SIZE = 9
# Space between the axes and the outermost ticks, so edge points are not clipped.
INSET = 12


def format_number(value: float) -> str:
    """Return ``value`` with at most six decimals and no trailing zeros."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_price(value: float) -> str:
    """Return a price per 1M tokens as the pages write it (``$0.10``, ``$10``)."""
    return formatting.format_price(Decimal(f"{value:.6f}"))


def log_ticks(low: float, high: float) -> list[float]:
    """
    Return the ticks of a log axis covering ``low``..``high`` (both > 0):
    the powers of ten around the data, plus 2 and 5 times each power when
    the axis spans two decades or fewer.
    """
    if low <= 0 or high <= 0:
        raise ValueError("A log axis needs positive bounds.")
    first = math.floor(math.log10(low))
    last = math.ceil(math.log10(high))
    if last == first:
        last += 1
    multipliers = (1, 2, 5) if last - first <= 2 else (1,)
    top = 10.0**last
    return [
        tick
        for exponent in range(first, last + 1)
        for multiplier in multipliers
        if (tick := round(multiplier * 10.0**exponent, 12)) <= top
    ]


def linear_ticks(low: float, high: float, *, target: int = 5) -> list[float]:
    """Return evenly spaced "nice" ticks (steps of 1, 2, 2.5 or 5 x 10^n) covering ``low``..``high``."""
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(high) / 10 or 1.0
        low, high = low - pad, high + pad
    raw_step = (high - low) / target
    magnitude = 10.0 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw_step <= m * magnitude)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    count = round((end - start) / step)
    return [round(start + i * step, 10) for i in range(count + 1)]


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start)


def price_score_svg(
    points: list[Point],
    *,
    title: str,
    description: str,
    x_label: str = "Cheapest blended price, $ per 1M tokens (log scale)",
    y_label: str = "Score",
    chart_id: str = "price-score",
) -> str:
    """
    Return an accessible SVG plotting price (x, log scale) against score (y).

    Points with no positive price or no score are left out, since a log axis
    cannot place them. Highlighted points are drawn as labelled diamonds, so
    they differ by shape and text, not by colour alone.
    """
    plotted = [
        (label, float(x), float(y), highlighted)
        for label, x, y, highlighted in points
        if x is not None and y is not None and float(x) > 0
    ]
    chart_id = escape(chart_id)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="system-ui, sans-serif" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if not plotted:
        parts.append(
            f'<text class="chart__empty" x="{WIDTH / 2:g}" y="{HEIGHT / 2:g}" '
            'text-anchor="middle">No model has both a sourced price and a score.</text>'
        )
        parts.append("</svg>")
        return "".join(parts)

    xs = [x for _, x, _, _ in plotted]
    ys = [y for _, _, y, _ in plotted]
    x_ticks = log_ticks(min(xs), max(xs))
    y_ticks = linear_ticks(min(ys), max(ys))
    x_low, x_high = math.log10(x_ticks[0]), math.log10(x_ticks[-1])
    y_low, y_high = y_ticks[0], y_ticks[-1]

    def px(x: float) -> float:
        return _scale(math.log10(x), x_low, x_high, left + INSET, right - INSET)

    def py(y: float) -> float:
        return _scale(y, y_low, y_high, bottom - INSET, top + INSET)

    parts.append('<g class="chart__grid" stroke="#d0d4da" stroke-width="1">')
    for tick in x_ticks:
        parts.append(
            f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{bottom}"/>'
        )
    for tick in y_ticks:
        parts.append(
            f'<line x1="{left}" y1="{py(tick):.1f}" x2="{right}" y2="{py(tick):.1f}"/>'
        )
    parts.append("</g>")

    parts.append('<g class="chart__axis chart__axis--x" font-size="12" fill="#222">')
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#222"/>'
    )
    for tick in x_ticks:
        parts.append(
            f'<text x="{px(tick):.1f}" y="{bottom + 18}" text-anchor="middle">'
            f"{escape(format_price(tick))}</text>"
        )
    parts.append(
        f'<text class="chart__label" x="{(left + right) / 2:g}" y="{HEIGHT - 12}" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    parts.append("</g>")

    parts.append('<g class="chart__axis chart__axis--y" font-size="12" fill="#222">')
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#222"/>'
    )
    for tick in y_ticks:
        parts.append(
            f'<text x="{left - 8}" y="{py(tick) + 4:.1f}" text-anchor="end">'
            f"{escape(format_number(tick))}</text>"
        )
    middle = (top + bottom) / 2
    parts.append(
        f'<text class="chart__label" x="14" y="{middle:g}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle:g})">{escape(y_label)}</text>'
    )
    parts.append("</g>")

    parts.append('<g class="chart__points">')
    # Highlighted points last, so they sit on top.
    for label, x, y, highlighted in sorted(plotted, key=lambda point: point[3]):
        cx, cy = px(x), py(y)
        tooltip = escape(
            f"{label}: {format_price(x)} per 1M tokens, score {format_number(y)}"
        )
        if highlighted:
            size = HIGHLIGHT_SIZE
            anchor, dx = (
                ("end", -size - 4) if cx > (left + right) / 2 else ("start", size + 4)
            )
            parts.append(
                '<g class="chart__point chart__point--highlight">'
                f'<path d="M{cx:.1f} {cy - size:.1f}L{cx + size:.1f} {cy:.1f}'
                f'L{cx:.1f} {cy + size:.1f}L{cx - size:.1f} {cy:.1f}Z" '
                f'fill="#b3261e" stroke="#fff" stroke-width="1.5"><title>{tooltip}</title></path>'
                f'<text x="{cx + dx:.1f}" y="{cy + 4:.1f}" text-anchor="{anchor}" '
                f'font-size="13" font-weight="bold" fill="#222">{escape(label)}</text>'
                "</g>"
            )
        else:
            parts.append(
                f'<circle class="chart__point" cx="{cx:.1f}" cy="{cy:.1f}" r="{POINT_RADIUS}" '
                f'fill="#1a5fb4" fill-opacity="0.75" stroke="#fff">'
                f"<title>{tooltip}</title></circle>"
            )
    parts.append("</g></svg>")
    return "".join(parts)

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

# A viewBox this small keeps 12-unit text readable (about 9 px) when the
# chart scales down to a phone's width.
WIDTH = 480
HEIGHT = 320
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 52
POINT_RADIUS = 5
HIGHLIGHT_SIZE = 8
LABEL_SIZE = 10
# The average width of a character, as a share of the font size: enough to
# keep labels apart without measuring text.
CHAR_WIDTH = 0.58
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
            f'<line x1="{px(tick):.0f}" y1="{top}" x2="{px(tick):.0f}" y2="{bottom}"/>'
        )
    for tick in y_ticks:
        parts.append(
            f'<line x1="{left}" y1="{py(tick):.0f}" x2="{right}" y2="{py(tick):.0f}"/>'
        )
    parts.append("</g>")

    parts.append(
        '<g class="chart__axis chart__axis--x" font-size="12" fill="#222" text-anchor="middle">'
    )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#222"/>'
    )
    for tick in x_ticks:
        parts.append(
            f'<text x="{px(tick):.0f}" y="{bottom + 18}">'
            f"{escape(format_price(tick))}</text>"
        )
    parts.append(
        f'<text class="chart__label" x="{(left + right) / 2:g}" y="{HEIGHT - 12}">'
        f"{escape(x_label)}</text>"
    )
    parts.append("</g>")

    parts.append(
        '<g class="chart__axis chart__axis--y" font-size="12" fill="#222" text-anchor="end">'
    )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#222"/>'
    )
    for tick in y_ticks:
        parts.append(
            f'<text x="{left - 8}" y="{py(tick) + 4:.0f}">'
            f"{escape(format_number(tick))}</text>"
        )
    middle = (top + bottom) / 2
    parts.append(
        f'<text class="chart__label" x="14" y="{middle:g}" text-anchor="middle" '
        f'transform="rotate(-90 14 {middle:g})">{escape(y_label)}</text>'
    )
    parts.append("</g>")

    placed = [
        (px(price), py(score), label, highlighted)
        for label, price, score, highlighted in plotted
    ]
    labels = place_labels(placed, left=left, right=right, top=top, bottom=bottom)
    parts.append(
        '<g class="chart__points" fill="#1a5fb4" fill-opacity="0.75" stroke="#fff">'
    )
    # Highlighted points last, so they sit on top.
    order = sorted(range(len(plotted)), key=lambda index: plotted[index][3])
    for index in order:
        label, price, score, highlighted = plotted[index]
        cx, cy = placed[index][:2]
        tooltip = escape(
            f"{label}: {format_price(price)} per 1M tokens, score {format_number(score)}"
        )
        if highlighted:
            size = HIGHLIGHT_SIZE
            parts.append(
                '<g class="chart__point chart__point--highlight">'
                f'<path d="M{cx:.0f} {cy - size:.0f}l{size} {size}l-{size} {size}l-{size} -{size}Z" '
                f'fill="#b3261e" fill-opacity="1" stroke-width="1.5"><title>{tooltip}</title></path>'
                f"{label_text(labels[index], label, bold=True)}</g>"
            )
        else:
            parts.append(
                f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{POINT_RADIUS}"><title>{tooltip}</title></circle>'
            )
    parts.append("</g>")
    # The other points' labels, where they fit: a narrow screen may hide them.
    tags = [
        label_text(labels[index], plotted[index][0])
        for index in range(len(plotted))
        if index in labels and not plotted[index][3]
    ]
    if tags:
        parts.append(
            f'<g class="chart__tags" font-size="{LABEL_SIZE}" fill="#444">{"".join(tags)}</g>'
        )
    parts.append("</svg>")
    return "".join(parts)


Box = tuple[float, float, float, float]


def _overlaps(box: Box, others: list[Box]) -> bool:
    x1, y1, x2, y2 = box
    return any(x1 < b2 and b1 < x2 and y1 < c2 and c1 < y2 for b1, c1, b2, c2 in others)


def label_text(
    spot: tuple[float, float, str], label: str, *, bold: bool = False
) -> str:
    """Return one point's label as SVG text at ``spot`` (x, y, text-anchor)."""
    x, y, anchor = spot
    # A highlighted label sits in the points' group: it undoes their paint.
    style = (
        f' font-size="{LABEL_SIZE + 1}" font-weight="bold" fill="#222" stroke="none" fill-opacity="1"'
        if bold
        else ""
    )
    # "start" is SVG's default anchor.
    anchor = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{x:.0f}" y="{y:.0f}"{anchor}{style}>{escape(label)}</text>'


def place_labels(
    placed: list[tuple[float, float, str, bool]],
    *,
    left: float,
    right: float,
    top: float,
    bottom: float,
) -> dict[int, tuple[float, float, str]]:
    """
    Return where each labelled point's label goes, by the point's index, as
    (x, y, text-anchor): every highlighted point's, then as many of the
    others as fit, highest first, to the right or left of their point,
    overlapping neither another label nor a point, inside the plot.
    """
    dots = [
        (cx - POINT_RADIUS, cy - POINT_RADIUS, cx + POINT_RADIUS, cy + POINT_RADIUS)
        for cx, cy, _, _ in placed
    ]
    taken: list[Box] = []
    spots = {}
    # Highlighted first (they always get a label), then the rest top down.
    order = sorted(range(len(placed)), key=lambda i: (not placed[i][3], placed[i][1]))
    for index in order:
        cx, cy, label, highlighted = placed[index]
        width = len(label) * LABEL_SIZE * CHAR_WIDTH * (1.1 if highlighted else 1)
        gap = (HIGHLIGHT_SIZE if highlighted else POINT_RADIUS) + 3
        sides = [("start", cx + gap), ("end", cx - gap)]
        if cx > (left + right) / 2:
            sides.reverse()
        for anchor, x in sides:
            x1 = x if anchor == "start" else x - width
            box = (x1, cy - LABEL_SIZE / 2 - 1, x1 + width, cy + LABEL_SIZE / 2 + 1)
            inside = (
                left <= x1 and x1 + width <= right and top <= box[1] <= box[3] <= bottom
            )
            if highlighted or (
                inside and not _overlaps(box, taken) and not _overlaps(box, dots)
            ):
                taken.append(box)
                spots[index] = (x, cy + LABEL_SIZE * 0.35, anchor)
                break
    return spots

import re
import xml.etree.ElementTree as ET

import pytest

from catalog.charts import (
    format_number,
    format_price,
    linear_ticks,
    log_ticks,
    price_score_svg,
)

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    ("Cheap model", 0.2, 41.5, False),
    ("Mid model", 3.0, 60.0, False),
    ("Dear model", 45.0, 82.25, True),
]


def render(points=POINTS, **kwargs):
    kwargs.setdefault("title", "MMLU-Pro score against price")
    kwargs.setdefault("description", "Scatter plot of three models.")
    return price_score_svg(points, **kwargs)


def texts(svg, css_class):
    root = ET.fromstring(svg)
    group = root.find(f".//{SVG}g[@class='{css_class}']")
    return [element.text for element in group.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0.1, 100, [0.1, 1, 10, 100]),
        (0.05, 40, [0.01, 0.1, 1, 10, 100]),
        (3, 8, [1, 2, 5, 10]),
        (0.2, 45, [0.1, 1, 10, 100]),
        (10, 10, [10, 20, 50, 100]),
        (0.015, 0.09, [0.01, 0.02, 0.05, 0.1]),
    ],
)
def test_log_ticks_are_powers_of_ten_around_the_data(low, high, expected):
    assert log_ticks(low, high) == pytest.approx(expected)


def test_log_ticks_refuse_non_positive_bounds():
    with pytest.raises(ValueError):
        log_ticks(0, 10)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (12.3, 88.1, [0, 20, 40, 60, 80, 100]),
        (0.2, 0.9, [0.2, 0.4, 0.6, 0.8, 1.0]),
        (1000, 1400, [1000, 1100, 1200, 1300, 1400]),
    ],
)
def test_linear_ticks_are_nice_steps_covering_the_data(low, high, expected):
    assert linear_ticks(low, high) == pytest.approx(expected)


def test_linear_ticks_widen_a_single_value():
    ticks = linear_ticks(50, 50)
    assert ticks[0] < 50 < ticks[-1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10, "10"), (0.075, "0.075"), (2.5, "2.5"), (1250, "1,250"), (0, "0")],
)
def test_format_number_drops_trailing_zeros(value, expected):
    assert format_number(value) == expected


def test_format_price_writes_prices_as_the_pages_do():
    assert format_price(0.1) == "$0.10"
    assert format_price(10.0) == "$10"
    assert format_price(0.0375) == "$0.0375"


def test_chart_is_well_formed_svg_with_accessible_name():
    svg = render()
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "price-score-title price-score-desc"
    assert root.find(f"{SVG}title").get("id") == "price-score-title"
    assert root.find(f"{SVG}title").text == "MMLU-Pro score against price"
    assert root.find(f"{SVG}desc").text == "Scatter plot of three models."


def test_chart_has_both_axes_with_labels_and_log_ticks():
    svg = render(y_label="MMLU-Pro score (percent)")
    x_texts = texts(svg, "chart__axis chart__axis--x")
    y_texts = texts(svg, "chart__axis chart__axis--y")
    assert x_texts[:-1] == ["$0.10", "$1", "$10", "$100"]
    assert "log scale" in x_texts[-1]
    assert y_texts[-1] == "MMLU-Pro score (percent)"
    assert y_texts[:-1] == ["40", "50", "60", "70", "80", "90"]


def test_chart_log_axis_spaces_decades_evenly():
    svg = render()
    root = ET.fromstring(svg)
    axis = root.find(f".//{SVG}g[@class='chart__axis chart__axis--x']")
    xs = [float(t.get("x")) for t in axis.iter(f"{SVG}text")][:-1]
    gaps = {round(b - a, 1) for a, b in zip(xs, xs[1:], strict=False)}
    assert len(gaps) == 1


def test_chart_escapes_labels_titles_and_ids():
    svg = render(
        [("<script>alert(1)</script>", 1.0, 50.0, True), ("A & B", 2.0, 60.0, False)],
        title="<b>title</b>",
        description='"quoted" <desc>',
        y_label="<y>",
        chart_id='x" onload="alert(1)',
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "A &amp; B" in svg
    assert "<b>" not in svg and "<y>" not in svg
    assert 'onload="' not in svg
    ET.fromstring(svg)  # still well-formed


def test_chart_points_carry_tooltips_and_highlights_differ_by_shape_and_text():
    root = ET.fromstring(render())
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 2
    assert circles[0].find(f"{SVG}title").text == (
        "Cheap model: $0.20 per 1M tokens, score 41.5"
    )
    highlight = root.find(f".//{SVG}g[@class='chart__point chart__point--highlight']")
    assert highlight.find(f"{SVG}path/{SVG}title").text.startswith("Dear model")
    assert highlight.find(f"{SVG}text").text == "Dear model"


def test_chart_leaves_out_points_a_log_axis_cannot_place():
    svg = render([("Free", 0, 50, False), ("No price", None, 60, False)] + POINTS)
    assert "Free:" not in svg and "No price" not in svg
    assert len(re.findall(r"<circle ", svg)) == 2


def test_chart_without_points_says_so():
    svg = render([])
    assert "No model has both a sourced price and a score." in svg
    ET.fromstring(svg)

"""
The price-against-score section of compute_comparison(): which benchmark it
plots, how it prices each model, and the sentence it gives instead of a chart.
No database: the engine is pure.
"""

import json
from decimal import Decimal

import pytest

from comparisons.engine import (
    MIN_CHART_POINTS,
    NOT_PLOTTED,
    BenchmarkResultFacts,
    ModelFacts,
    PeerFacts,
    RouteFacts,
    TrafficProfile,
    blended_price,
    cheapest_blended_price,
    compute_comparison,
)
from tests.comparisons.golden import GOLDEN_TODAY, gpt_4_turbo, qwen3_5_4b


def route(input_price, output_price, **kwargs) -> RouteFacts:
    kwargs.setdefault("provider_slug", "host")
    kwargs.setdefault("provider_name", "Host")
    kwargs.setdefault("identifier", "host/model")
    return RouteFacts(
        input_price=None if input_price is None else Decimal(input_price),
        output_price=None if output_price is None else Decimal(output_price),
        **kwargs,
    )


def result(slug: str, score: str, **kwargs) -> BenchmarkResultFacts:
    kwargs.setdefault("benchmark_name", slug.upper())
    return BenchmarkResultFacts(benchmark_slug=slug, score=Decimal(score), **kwargs)


def model(slug: str, *, routes=(), results=()) -> ModelFacts:
    return ModelFacts(
        slug=slug,
        name=slug.title(),
        organization_slug="org",
        organization_name="Org",
        routes=tuple(routes),
        results=tuple(results),
    )


def peer(slug: str, scores, input_price=None, output_price=None, **kwargs):
    return PeerFacts(
        slug=slug,
        name=slug.title(),
        organization_slug="peer-org",
        organization_name="Peer Org",
        cheapest_input_price=None if input_price is None else Decimal(input_price),
        cheapest_output_price=None if output_price is None else Decimal(output_price),
        benchmark_scores=tuple((s, Decimal(v)) for s, v in scores),
        **kwargs,
    )


def chart_of(a, b, peers=()):
    return compute_comparison(
        a, b, profile=TrafficProfile(), today=GOLDEN_TODAY, peers=tuple(peers)
    ).chart


PAIR = (
    model("alpha", routes=[route("1", "2")], results=[result("gpqa", "60")]),
    model("beta", routes=[route("4", "8")], results=[result("gpqa", "70")]),
)


# Pricing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("input_price", "output_price", "expected"),
    [
        ("5", "15", Decimal("7.5")),  # the golden pair's Replicate route
        ("0.15", "0.6", Decimal("0.2625")),
        ("2", "0", Decimal("1.5")),
        (None, "15", None),
        ("5", None, None),
    ],
)
def test_blended_price_weighs_three_input_tokens_to_one_output(
    input_price, output_price, expected
):
    price = blended_price(
        None if input_price is None else Decimal(input_price),
        None if output_price is None else Decimal(output_price),
    )
    assert price == expected


@pytest.mark.parametrize(
    ("routes", "expected"),
    [
        # The lowest blend of one route, never the cheapest input of one route
        # blended with the cheapest output of another (which would be 1.5).
        ([route("1", "10"), route("3", "3")], Decimal("3")),
        ([route("0", "0"), route("4", "8")], Decimal("5")),  # free tier left out
        ([route(None, "8"), route("4", None)], None),  # no route with both
        ([], None),
    ],
    ids=["per-route", "free-tier", "half-priced", "no-routes"],
)
def test_cheapest_blended_price_follows_the_benchmark_page_rule(routes, expected):
    assert cheapest_blended_price(model("m", routes=routes)) == expected


def test_peer_blends_cheapest_prices_unless_its_blended_price_is_given():
    peers = [
        peer("gamma", [("gpqa", "50")], "2", "6"),
        peer(
            "delta",
            [("gpqa", "55")],
            "1",
            "1",
            cheapest_blended_price=Decimal("9"),
        ),
    ]
    prices = {point.slug: point.price for point in chart_of(*PAIR, peers).points}
    assert prices["gamma"] == Decimal("3")
    assert prices["delta"] == Decimal("9")


# The chart ------------------------------------------------------------------


def test_golden_pair_without_peers_says_why_there_is_no_chart():
    chart = chart_of(gpt_4_turbo(), qwen3_5_4b())
    assert not chart.is_shown
    assert chart.message == (
        "No price-against-score chart on MMLU-Pro: it needs at least 3 models "
        "with both a score and a sourced price, and only GPT-4 Turbo has both."
    )
    assert [(p.name, p.price, p.score) for p in chart.points] == [
        ("GPT-4 Turbo", Decimal("7.50"), Decimal("69.4"))
    ]
    assert [(p.name, p.price_display) for p in chart.not_plotted] == [
        ("Qwen3.5-4B", NOT_PLOTTED)
    ]
    assert chart.not_plotted_text == "Not plotted, with no sourced price: Qwen3.5-4B."
    assert chart.benchmark_slug == "mmlu-pro"
    assert chart.title == chart.description == chart.caption == ""


def test_golden_pair_with_two_priced_peers_is_charted_with_the_pair_highlighted():
    peers = [
        peer("cheap", [("mmlu-pro", "60")], "0.1", "0.3"),
        peer("dear", [("mmlu-pro", "80")], "20", "60"),
        peer("unpriced", [("mmlu-pro", "70")]),
        peer("elsewhere", [("gpqa", "70")], "1", "1"),
    ]
    chart = chart_of(gpt_4_turbo(), qwen3_5_4b(), peers)
    assert chart.is_shown and chart.message == ""
    assert chart.benchmark_slug == "mmlu-pro"
    assert [(p.slug, p.highlighted) for p in chart.points] == [
        ("cheap", False),
        ("gpt-4-turbo", True),
        ("dear", False),
    ]
    assert [p.slug for p in chart.not_plotted] == ["qwen3-5-4b", "unpriced"]
    assert all(p.price_display == NOT_PLOTTED for p in chart.not_plotted)
    assert "0.75 x input price + 0.25 x output price" in chart.description
    assert "log scale" in chart.x_label
    assert chart.y_label == "MMLU-Pro score (percent, higher is better)"
    assert "GPT-4 Turbo is highlighted" in chart.description
    assert "Not plotted, with no sourced price: Qwen3.5-4B and Unpriced." in (
        chart.description
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            model("alpha", results=[result("gpqa", "60")]),
            model("beta", results=[result("mmlu", "60")]),
            "No price-against-score chart: Alpha and Beta share no benchmark in "
            "the catalog.",
        ),
        (
            model("alpha", results=[result("gpqa", "60", unit="percent")]),
            model("beta", results=[result("gpqa", "1200", unit="elo")]),
            "No price-against-score chart: Alpha and Beta share no benchmark "
            "scored the same way in the catalog.",
        ),
        (
            model("alpha", results=[result("gpqa", "60")]),
            model("beta", results=[result("gpqa", "70")]),
            "No price-against-score chart on GPQA: it needs at least 3 models with "
            "both a score and a sourced price, and no model has both.",
        ),
        (
            PAIR[0],
            PAIR[1],
            "No price-against-score chart on GPQA: it needs at least 3 models with "
            "both a score and a sourced price, and only Alpha and Beta have both.",
        ),
    ],
    ids=["no-shared", "other-units", "no-prices", "two-priced"],
)
def test_no_chart_says_why(a, b, expected):
    chart = chart_of(a, b)
    assert not chart.is_shown
    assert chart.message == expected


def test_chart_needs_exactly_the_minimum_of_priced_points():
    assert MIN_CHART_POINTS == 3
    one_peer = [peer("gamma", [("gpqa", "50")], "2", "2")]
    assert chart_of(*PAIR, one_peer).is_shown
    assert not chart_of(*PAIR, [peer("gamma", [("gpqa", "50")])]).is_shown


def test_the_pair_is_plotted_at_the_scores_its_table_compares():
    # alpha's primary result is self-reported; the table compares its
    # independent one with beta's, and the chart must show the same figure.
    a = model(
        "alpha",
        routes=[route("1", "2")],
        results=[
            result("gpqa", "90", provenance="self_reported"),
            result("gpqa", "55", provenance="independent", is_primary=False),
        ],
    )
    b = model(
        "beta",
        routes=[route("4", "8")],
        results=[result("gpqa", "70", provenance="independent")],
    )
    comparison = compute_comparison(
        a,
        b,
        profile=TrafficProfile(),
        today=GOLDEN_TODAY,
        peers=(peer("gamma", [("gpqa", "50")], "2", "2"),),
    )
    (shared,) = comparison.benchmarks.shared
    plotted = {p.slug: p.score for p in comparison.chart.points if p.highlighted}
    assert plotted == {"alpha": shared.a.value, "beta": shared.b.value}
    assert plotted["alpha"] == Decimal("55")


def test_peers_repeating_the_pair_or_each_other_are_plotted_once():
    peers = [
        peer("alpha", [("gpqa", "99")], "9", "9"),
        peer("gamma", [("gpqa", "50")], "2", "2"),
        peer("gamma", [("gpqa", "10")], "7", "7"),
    ]
    chart = chart_of(*PAIR, peers)
    assert sorted((p.slug, p.score) for p in chart.points) == [
        ("alpha", Decimal("60")),
        ("beta", Decimal("70")),
        ("gamma", Decimal("50")),
    ]


def test_benchmark_with_most_priced_points_wins_over_the_largest_lead():
    a = model(
        "alpha",
        routes=[route("1", "2")],
        results=[result("gpqa", "60"), result("mmlu", "10")],
    )
    b = model(
        "beta",
        routes=[route("4", "8")],
        results=[result("gpqa", "61"), result("mmlu", "90")],
    )
    peers = [
        peer("gamma", [("gpqa", "50")], "2", "2"),
        peer("delta", [("gpqa", "55")], "3", "3"),
        peer("epsilon", [("mmlu", "55")]),
    ]
    chart = chart_of(a, b, peers)
    assert chart.benchmark_slug == "gpqa"
    assert chart.selection == (
        "Of 2 shared benchmarks, GPQA has the most published models with both a "
        "score and a sourced price (4)."
    )


def test_the_selection_counts_only_benchmarks_with_comparable_scores():
    a = model(
        "alpha",
        routes=[route("1", "2")],
        results=[
            result("gpqa", "60"),
            result("mmlu", "10"),
            result("arena", "1200", unit="elo"),
        ],
    )
    b = model(
        "beta",
        routes=[route("4", "8")],
        results=[
            result("gpqa", "61"),
            result("mmlu", "90"),
            result("arena", "55", unit="percent"),
        ],
    )
    peers = [peer("gamma", [("gpqa", "50")], "2", "2")]
    chart = chart_of(a, b, peers)
    assert chart.selection == (
        "Of the 2 shared benchmarks with comparable scores, GPQA has the most "
        "published models with both a score and a sourced price (3)."
    )
    one = chart_of(
        model("alpha", routes=[route("1", "2")], results=a.results[::2]),
        model("beta", routes=[route("4", "8")], results=b.results[::2]),
        peers,
    )
    assert one.selection == (
        "GPQA is the one shared benchmark with comparable scores for both models."
    )


def test_equal_coverage_goes_to_the_largest_lead():
    a = model(
        "alpha",
        routes=[route("1", "2")],
        results=[result("gpqa", "60"), result("mmlu", "10")],
    )
    b = model(
        "beta",
        routes=[route("4", "8")],
        results=[result("gpqa", "61"), result("mmlu", "90")],
    )
    peers = [peer("gamma", [("gpqa", "50"), ("mmlu", "50")], "2", "2")]
    assert chart_of(a, b, peers).benchmark_slug == "mmlu"


def test_lower_is_better_benchmark_says_so_on_the_axis():
    a = model(
        "alpha",
        routes=[route("1", "2")],
        results=[result("err", "3", unit="points", higher_is_better=False)],
    )
    b = model(
        "beta",
        routes=[route("4", "8")],
        results=[result("err", "5", unit="points", higher_is_better=False)],
    )
    chart = chart_of(a, b, [peer("gamma", [("err", "4")], "2", "2")])
    assert chart.is_shown
    assert chart.y_label == "ERR score (points, lower is better)"
    assert "lower is better" in chart.description


def test_unpriced_pair_is_listed_not_plotted_and_said_in_the_caption():
    a = model("alpha", results=[result("gpqa", "60")])
    b = model("beta", results=[result("gpqa", "70")])
    peers = [peer(name, [("gpqa", "50")], "1", "1") for name in ("c", "d", "e")]
    chart = chart_of(a, b, peers)
    assert chart.is_shown
    assert not any(point.highlighted for point in chart.points)
    assert [p.slug for p in chart.not_plotted] == ["alpha", "beta"]
    assert "neither Alpha nor Beta has a sourced price" in chart.caption


def test_chart_serializes_with_the_rest_of_the_comparison():
    comparison = compute_comparison(
        *PAIR,
        profile=TrafficProfile(),
        today=GOLDEN_TODAY,
        peers=(peer("gamma", [("gpqa", "50")], "2", "2"),),
    )
    data = comparison.to_dict()["chart"]
    assert data["is_shown"] is True
    assert len(data["points"]) == 3
    json.dumps(data, default=str)

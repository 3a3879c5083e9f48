"""
Price against score: the pair among its peers on the shared benchmark with
the most models both scored and priced, or why there is no chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple, Protocol

from catalog.formatting import format_price, format_score

from . import wording
from .costs import blended_price, cheapest_blended_price
from .inputs import PeerFacts
from .peers import PeerIndex
from .results import ChartPoint, ManyBenchmark, PriceScoreChart, SharedBenchmark
from .sides import _Side
from .vocabulary import MIN_CHART_POINTS


def _peer_blended_price(peer: PeerFacts) -> Decimal | None:
    if peer.cheapest_blended_price is not None:
        return peer.cheapest_blended_price
    return blended_price(peer.cheapest_input_price, peer.cheapest_output_price)


class _Plotted(NamedTuple):
    """A model on a chart before its figures are formatted."""

    slug: str
    name: str
    price: Decimal | None
    score: Decimal
    highlighted: bool


def _chart_point(model: _Plotted, unit: str) -> ChartPoint:
    return ChartPoint(
        slug=model.slug,
        name=model.name,
        price=model.price,
        price_display=(
            format_price(model.price)
            if model.price is not None
            else wording.NOT_PLOTTED
        ),
        score=model.score,
        score_display=format_score(model.score, unit),
        highlighted=model.highlighted,
    )


def _chart_models(
    benchmark_slug: str,
    scored: Sequence[tuple[_Side, Decimal]],
    peers: PeerIndex,
) -> list[_Plotted]:
    """
    Return the compared models and every peer scored on the benchmark,
    priced or not. The compared models are plotted at the scores their table
    compares (from one source where all have one), so the chart never shows
    a reader a second figure for one model; peers at their primary result,
    as on the benchmark page.
    """
    models = [
        _Plotted(side.slug, side.name, cheapest_blended_price(side.facts), score, True)
        for side, score in scored
    ]
    compared = {side.slug for side, _ in scored}
    models += [
        _Plotted(peer.slug, peer.name, _peer_blended_price(peer), score, False)
        for peer, score in peers.scores_on(benchmark_slug)
        if peer.slug not in compared  # a compared model is never its own peer
    ]
    return models


def _no_chart(message: str) -> PriceScoreChart:
    return PriceScoreChart(
        is_shown=False,
        message=message,
        benchmark_slug="",
        benchmark_name="",
        unit="",
        higher_is_better=True,
        selection="",
        title="",
        description="",
        caption="",
        x_label="",
        y_label="",
        points=(),
        not_plotted=(),
        not_plotted_text="",
    )


class _Benchmark(Protocol):
    """What the chart reads of a shared benchmark (pair or several models)."""

    slug: str
    name: str
    unit: str
    higher_is_better: bool
    comparable: bool
    margin: Decimal | None


def build_price_score_chart(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], peers: PeerIndex
) -> PriceScoreChart:
    """
    Return price against score on the shared benchmark with the most models
    both scored and priced (then the most scored, then the largest lead), the
    pair highlighted among its peers; or why there is no chart.
    """
    return _best_chart(
        (a, b),
        [(benchmark, (benchmark.a.value, benchmark.b.value)) for benchmark in shared],
        peers,
    )


def build_many_chart(
    sides: Sequence[_Side], shared: Sequence[ManyBenchmark], peers: PeerIndex
) -> PriceScoreChart:
    """``build_price_score_chart()`` for two to four models, all highlighted."""
    return _best_chart(
        sides,
        [
            (benchmark, tuple(score.score.value for score in benchmark.scores))
            for benchmark in shared
        ],
        peers,
    )


def _best_chart(
    sides: Sequence[_Side],
    shared: Sequence[tuple[_Benchmark, Sequence[Decimal]]],
    peers: PeerIndex,
) -> PriceScoreChart:
    names = [side.name for side in sides]
    comparable = [(b, scores) for b, scores in shared if b.comparable]
    if not comparable:
        return _no_chart(wording.no_chart_message(names, bool(shared)))
    candidates = []
    for benchmark, scores in comparable:
        models = _chart_models(
            benchmark.slug, list(zip(sides, scores, strict=True)), peers
        )
        priced = sum(model.price is not None for model in models)
        candidates.append((benchmark, models, priced))
    # Only the chosen benchmark's points are formatted.
    benchmark, models, priced = min(
        candidates,
        key=lambda c: (
            -c[2],
            -len(c[1]),
            c[0].unit != "percent",
            -(c[0].margin or 0),
            c[0].name.casefold(),
            c[0].slug,
        ),
    )
    points = [_chart_point(model, benchmark.unit) for model in models]
    plotted = sorted(
        (point for point in points if point.price is not None),
        key=lambda p: (p.price, p.name.casefold(), p.slug),
    )
    missing = sorted(
        (point for point in points if point.price is None),
        key=lambda p: (not p.highlighted, p.name.casefold(), p.slug),
    )
    not_plotted_text = wording.not_plotted_text(missing)
    chart = replace(
        _no_chart(""),
        benchmark_slug=benchmark.slug,
        benchmark_name=benchmark.name,
        unit=benchmark.unit,
        higher_is_better=benchmark.higher_is_better,
        selection=wording.chart_selection(
            benchmark.name,
            len(comparable),
            priced,
            models=len(sides),
            shared=len(shared),
        ),
        points=tuple(plotted),
        not_plotted=tuple(missing),
        not_plotted_text=not_plotted_text,
    )
    if priced < MIN_CHART_POINTS:
        # The figures stay, for the API and the page's wording; the texts that
        # would describe a chart do not, as there is none.
        return replace(chart, message=wording.too_few_points(benchmark.name, plotted))
    return replace(
        chart, is_shown=True, **wording.chart_texts(names, chart, not_plotted_text)
    )

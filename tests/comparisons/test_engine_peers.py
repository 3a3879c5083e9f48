"""
The peer index answers what sorting every peer would: the lazy walks of
PeerIndex give "Continue comparing" and the chart exactly the peers, in
exactly the order, that ranking the whole catalog gives.
"""

import datetime as dt
import math
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.formatting import pluralize
from comparisons import engine
from comparisons.engine import (
    BenchmarkResultFacts,
    ModelFacts,
    PeerFacts,
    PeerIndex,
    RouteFacts,
    TrafficProfile,
)
from tests.comparisons.golden import GOLDEN_TODAY

FAST = settings(max_examples=150, deadline=None)
# Few distinct values, so that ties and exact 2x and 1.5x ratios are common.
sizes = st.none() | st.sampled_from([0, 1, 2, 3, 4, 6, 8, 16]).map(lambda n: n * 10**9)
output_prices = st.none() | st.sampled_from(
    [Decimal(p) for p in ("0", "0.5", "1", "1.5", "2", "3", "4", "8")]
)
contexts = st.none() | st.sampled_from([4096, 8192, 12288, 16384, 32768])
organizations = st.sampled_from(["org-a", "org-b", "org-c"])
benchmark_slugs = st.sampled_from(["bench-1", "bench-2", "bench-3", "bench-4"])
scores = st.decimals(min_value=0, max_value=100, places=1)
# Around the rival window's edge (366 days), and unknown.
releases = st.none() | st.sampled_from(
    [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in (0, 200, 366, 367, 600)]
)


@st.composite
def peers(draw) -> list[PeerFacts]:
    count = draw(st.integers(0, 25))
    found = []
    for index in range(count):
        found.append(
            PeerFacts(
                slug=f"peer-{index:02d}",
                # Names repeat and differ in case: the slug breaks the tie.
                name=draw(st.sampled_from(["alpha", "Alpha", "beta", "Gamma"])),
                organization_slug=draw(organizations),
                organization_name="Org",
                parameter_count=draw(sizes),
                context_window=draw(contexts),
                cheapest_output_price=draw(output_prices),
                benchmark_scores=tuple(
                    sorted(draw(st.dictionaries(benchmark_slugs, scores)).items())
                ),
                release_date=draw(releases),
            )
        )
    return found


@st.composite
def models(draw, slug: str) -> ModelFacts:
    price = draw(output_prices)
    return ModelFacts(
        slug=slug,
        name=slug.title(),
        organization_slug=draw(organizations),
        organization_name="Org",
        parameter_count=draw(sizes),
        context_window=draw(contexts),
        release_date=draw(releases),
        routes=(
            RouteFacts("host", "Host", slug, input_price=price, output_price=price),
        )
        if price is not None
        else (),
        results=tuple(
            BenchmarkResultFacts(benchmark, benchmark.title(), score)
            for benchmark, score in draw(
                st.dictionaries(benchmark_slugs, scores)
            ).items()
        ),
    )


def reference_candidates(side, peers, include_free):
    """Rank every peer by sorting the whole list: the rule PeerIndex must give."""
    facts = side.facts
    lowest = engine._lowest_price(side, "output_price", include_free)
    own_price = lowest[0] if lowest else None
    own_benchmarks = {result.benchmark_slug for result in facts.results}

    def shared(peer):
        return len(own_benchmarks & {slug for slug, _ in peer.benchmark_scores})

    def distance(value, target):
        found = engine._closeness(value, target)
        return math.inf if found is None else found

    def size(peer):
        return distance(peer.parameter_count, facts.parameter_count)

    def price(peer):
        return distance(peer.cheapest_output_price, own_price)

    def context(peer):
        return distance(peer.context_window, facts.context_window)

    def rival(peer):
        return (
            peer.organization_slug != facts.organization_slug
            and facts.release_date is not None
            and peer.release_date is not None
            and abs((peer.release_date - facts.release_date).days) <= 366
            and (size(peer) == math.inf or size(peer) <= math.log(2))
            and (price(peer) == math.inf or price(peer) <= math.log(2))
        )

    criteria = (
        (
            "rival: same generation, similar price",
            lambda p: rival(p) and price(p) <= math.log(2),
            price,
        ),
        (
            "rival: same generation, similar size",
            lambda p: rival(p) and size(p) <= math.log(2),
            size,
        ),
        (
            "same organization",
            lambda p: p.organization_slug == facts.organization_slug,
            size,
        ),
        ("similar size", lambda p: size(p) <= math.log(2), size),
        ("similar price", lambda p: price(p) <= math.log(2), price),
        ("shared benchmarks", lambda p: shared(p) > 0, lambda p: -shared(p)),
        ("similar context window", lambda p: context(p) <= math.log(1.5), context),
    )
    seen, ranked = set(), []
    for reason, matches, key in criteria:
        for peer in sorted(
            filter(matches, peers), key=lambda p: (key(p), p.name.casefold(), p.slug)
        ):
            if peer.slug not in seen:
                seen.add(peer.slug)
                label = reason
                if reason == "shared benchmarks":
                    label = pluralize(shared(peer), "shared benchmark")
                ranked.append((peer.slug, label))
    return ranked


@FAST
@given(peers(), models("model-a"), st.booleans())
def test_related_candidates_rank_as_sorting_every_peer_does(peers, model, include_free):
    side = engine._build_side(
        "a", model, TrafficProfile(include_free_tiers=include_free), GOLDEN_TODAY
    )
    found = [
        (peer.slug, label)
        for peer, label in engine._related_candidates(
            side, PeerIndex(peers), (), include_free
        )
    ]
    assert found == reference_candidates(side, peers, include_free)


@FAST
@given(peers(), models("model-a"), models("model-b"))
def test_chart_plots_every_peer_scored_on_its_benchmark(peers, a, b):
    comparison = engine.compute_comparison(
        a, b, profile=TrafficProfile(), today=dt.date(2026, 11, 25), peers=peers
    )
    chart = comparison.chart
    if not chart.benchmark_slug:
        return
    expected = {
        peer.slug
        for peer in peers
        if any(slug == chart.benchmark_slug for slug, _ in peer.benchmark_scores)
    }
    plotted = {point.slug for point in chart.points + chart.not_plotted}
    assert plotted - {"model-a", "model-b"} == expected


def test_a_walk_includes_exactly_twice_the_target_and_stops_beyond():
    peers = [
        PeerFacts(f"p{n}", f"P{n}", "org", "Org", parameter_count=n * 10**9)
        for n in (35, 70, 140, 141, 34)
    ]
    index = PeerIndex(peers)
    walked = [peer.slug for peer in index.similar_size(70 * 10**9, within=2)]
    assert walked == ["p70", "p140", "p35"]
    # Equally far either way: by name.
    assert [p.slug for p in index.similar_size(70 * 10**9, within=math.inf)] == [
        "p70",
        "p140",
        "p35",
        "p141",
        "p34",
    ]


def test_a_walk_from_an_unknown_target_yields_nothing():
    index = PeerIndex([PeerFacts("p", "P", "org", "Org", parameter_count=10)])
    assert list(index.similar_size(None, within=2)) == []
    assert list(index.similar_size(0, within=2)) == []


def test_the_first_record_of_a_slug_wins():
    index = PeerIndex(
        [PeerFacts("p", "First", "org", "Org"), PeerFacts("p", "Second", "org", "Org")]
    )
    assert len(index) == 1 and index.by_slug["p"].name == "First"

"""
Property tests for the engine: any catalog data and any traffic within bounds
give a page, costs rise with traffic, and the verdict does not depend on which
model is written first.
"""

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from comparisons.engine import (
    CAPABILITIES,
    REQUESTS_RANGE,
    TOKENS_RANGE,
    BenchmarkResultFacts,
    CapabilityFacts,
    ModelFacts,
    PeerFacts,
    RouteFacts,
    TrafficProfile,
    Tri,
    compute_comparison,
    estimate_model_cost,
    estimate_route_cost,
    parse_priorities,
    parse_traffic_profile,
)

TODAY = dt.date(2026, 11, 25)
FAST = settings(max_examples=60, deadline=None)

prices = st.decimals(min_value=0, max_value=200, places=3)
maybe_prices = st.none() | prices
shares = st.decimals(min_value=0, max_value=1, places=2)
requests = st.integers(*REQUESTS_RANGE)
tokens = st.integers(*TOKENS_RANGE)
names = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])


def discounts(price: Decimal | None) -> st.SearchStrategy[Decimal | None]:
    """Return cache or batch prices no higher than the standard price."""
    if price is None:
        return maybe_prices
    return st.none() | st.decimals(min_value=0, max_value=price, places=3)


def surcharges(price: Decimal | None) -> st.SearchStrategy[Decimal | None]:
    """Return long-context tier prices no lower than the standard price."""
    return st.none() | prices.map(lambda extra: extra + (price or 0))


@st.composite
def routes(draw) -> RouteFacts:
    """Return a route priced the way providers publish: discounts cost less."""
    provider = draw(names)
    input_price, output_price = draw(maybe_prices), draw(maybe_prices)
    return RouteFacts(
        provider_slug=provider.lower(),
        provider_name=f"{provider} Cloud",
        identifier=draw(st.sampled_from(["m", "m-preview", "vendor/m"])),
        is_first_party=draw(st.booleans()),
        input_price=input_price,
        output_price=output_price,
        cache_read_price=draw(discounts(input_price)),
        batch_input_price=draw(discounts(input_price)),
        batch_output_price=draw(discounts(output_price)),
        long_context_threshold=draw(st.none() | st.integers(1, 10**6)),
        long_context_input_price=draw(surcharges(input_price)),
        long_context_output_price=draw(surcharges(output_price)),
        lifecycle=draw(st.sampled_from(["active", "preview", "deprecated", "retired"])),
    )


results = st.builds(
    BenchmarkResultFacts,
    benchmark_slug=st.sampled_from(["mmlu-pro", "gpqa", "swe-bench"]),
    benchmark_name=st.sampled_from(["MMLU-Pro", "GPQA", "SWE-bench"]),
    score=st.decimals(min_value=0, max_value=100, places=1),
    unit=st.sampled_from(["percent", "percent", "index"]),
    higher_is_better=st.booleans(),
    provenance=st.sampled_from(["independent", "self_reported", "unknown"]),
    is_primary=st.booleans(),
)
capability_lists = st.lists(
    st.builds(
        CapabilityFacts,
        key=st.sampled_from([key for key, _, _ in CAPABILITIES]),
        value=st.sampled_from(list(Tri)),
    ),
    max_size=6,
)


@st.composite
def models(draw, slug: str) -> ModelFacts:
    return ModelFacts(
        slug=slug,
        name=draw(st.sampled_from([slug.title(), "Model", "Model 2"])),
        organization_slug=draw(st.sampled_from(["org-a", "org-b"])),
        organization_name="Org",
        release_date=draw(
            st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 1))
        ),
        release_date_precision=draw(st.sampled_from(["day", "month", "year"])),
        context_window=draw(st.none() | st.integers(1, 10**7)),
        max_output_tokens=draw(st.none() | st.integers(1, 10**6)),
        parameter_count=draw(st.none() | st.integers(10**6, 10**13)),
        parameter_count_is_estimate=draw(st.booleans()),
        parameter_count_note=draw(st.sampled_from(["", "MoE estimate", "8x7B"])),
        active_parameter_count=draw(st.none() | st.integers(10**6, 10**11)),
        architecture=draw(st.sampled_from(["dense", "mixture_of_experts", "unknown"])),
        license_name=draw(st.sampled_from(["", "MIT", "Proprietary"])),
        license_is_osi_approved=draw(st.booleans()),
        open_weights=draw(st.sampled_from(list(Tri))),
        commercial_use=draw(st.sampled_from(["allowed", "conditional", "unknown"])),
        knowledge_cutoff=draw(st.sampled_from(["", "2024-06"])),
        capabilities=tuple(draw(capability_lists)),
        decision_tags=tuple(
            draw(st.lists(st.sampled_from(["Coding", "RAG"]), max_size=2, unique=True))
        ),
        routes=tuple(draw(st.lists(routes(), max_size=4))),
        results=tuple(draw(st.lists(results, max_size=4))),
        last_reviewed=draw(st.none() | st.dates(dt.date(2025, 1, 1), TODAY)),
    )


profiles = st.builds(
    TrafficProfile,
    requests_per_month=requests,
    input_tokens=tokens,
    output_tokens=tokens,
    cached_share=shares,
    batch_share=shares,
    include_free_tiers=st.booleans(),
)
peers = st.lists(
    st.builds(
        PeerFacts,
        slug=st.sampled_from(["p1", "p2", "p3", "model-a", "model-b"]),
        name=st.just("Peer"),
        organization_slug=st.sampled_from(["org-a", "org-c"]),
        organization_name=st.just("Org"),
        parameter_count=st.none() | st.integers(10**6, 10**13),
        context_window=st.none() | st.integers(1, 10**7),
        cheapest_output_price=maybe_prices,
        benchmark_scores=st.just((("gpqa", Decimal(50)),)),
    ),
    max_size=5,
)
priorities = st.lists(st.sampled_from(["quality", "cost", "capabilities"]), max_size=2)


@FAST
@given(models("model-a"), models("model-b"), profiles, priorities, peers)
def test_every_section_builds_for_any_data(a, b, profile, chosen, peer_list):
    comparison = compute_comparison(
        a,
        b,
        profile=profile,
        priorities=tuple(chosen),
        today=TODAY,
        peers=tuple(peer_list),
    )
    assert comparison.verdict.sentence
    # Every capability is in the matrix or named as unknown for every model.
    listed = [row.key for row in comparison.capabilities]
    note = comparison.capabilities_note
    assert all((key in listed) != (phrase in note) for key, _, phrase in CAPABILITIES)
    assert len(comparison.faq) >= 6
    texts = [bullet.text for bullet in comparison.tradeoffs]
    assert len(texts) == len(set(texts))
    for cost in (comparison.costs.a, comparison.costs.b):
        assert (cost.monthly_cost is None) == bool(cost.reason)
    rows = comparison.scorecard + comparison.specs + comparison.pricing.rows
    for cell in [row.a for row in rows] + [row.b for row in rows]:
        assert cell.text.strip() not in {"", "-"}
    comparison.to_dict()


@FAST
@given(models("model-a"), models("model-b"), profiles, priorities)
def test_verdict_is_stable_under_swap(a, b, profile, chosen):
    forward = compute_comparison(
        a, b, profile=profile, priorities=tuple(chosen), today=TODAY
    )
    backward = compute_comparison(
        b, a, profile=profile, priorities=tuple(chosen), today=TODAY
    )
    assert forward.verdict.pick_slug == backward.verdict.pick_slug
    assert [d.winner_slug for d in forward.verdict.dimensions] == [
        d.winner_slug for d in backward.verdict.dimensions
    ]


GROWTH = st.sampled_from(
    [
        ("requests_per_month", REQUESTS_RANGE[1]),
        ("input_tokens", TOKENS_RANGE[1]),
        ("output_tokens", TOKENS_RANGE[1]),
    ]
)


@FAST
@given(routes(), profiles, GROWTH, st.integers(1, 10**6))
def test_route_cost_never_falls_as_traffic_grows(route, profile, growth, extra):
    field, ceiling = growth
    bigger = dataclasses.replace(
        profile, **{field: min(getattr(profile, field) + extra, ceiling)}
    )
    before = estimate_route_cost(route, profile).monthly_cost
    after = estimate_route_cost(route, bigger).monthly_cost
    tier_unpriced = route.long_context_threshold is not None and (
        route.long_context_input_price is None
        or route.long_context_output_price is None
    )
    if before is not None and after is not None:
        assert after >= before
    elif not tier_unpriced:
        # Only crossing into an unpriced long-context tier may lose the figure.
        assert (before is None) == (after is None)


@FAST
@given(models("model-a"), profiles, st.integers(1, 10**6))
def test_cheapest_cost_never_falls_as_requests_grow(model, profile, extra):
    requests_per_month = min(profile.requests_per_month + extra, REQUESTS_RANGE[1])
    bigger = dataclasses.replace(profile, requests_per_month=requests_per_month)
    before = estimate_model_cost(model, profile).monthly_cost
    after = estimate_model_cost(model, bigger).monthly_cost
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after >= before


PARAM_NAMES = st.sampled_from(
    [
        "preset",
        "requests",
        "input_tokens",
        "output_tokens",
        "cached_share",
        "batch_share",
        "include_free",
    ]
)
PARAM_VALUES = st.text(max_size=30) | st.lists(st.text(max_size=10), max_size=3)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(PARAM_NAMES, PARAM_VALUES))
def test_parsing_reader_input_never_raises(params):
    profile, errors = parse_traffic_profile(params)
    assert REQUESTS_RANGE[0] <= profile.requests_per_month <= REQUESTS_RANGE[1]
    assert TOKENS_RANGE[0] <= profile.input_tokens <= TOKENS_RANGE[1]
    assert 0 <= profile.cached_share <= 1 and 0 <= profile.batch_share <= 1
    assert all(isinstance(error, str) for error in errors)
    chosen, _ = parse_priorities(
        list(params.keys()) + [str(v) for v in params.values()]
    )
    assert len(chosen) == len(set(chosen))

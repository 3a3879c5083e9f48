"""
The pair's tables, a cell per model: the scorecard, specs, pricing and the
capability matrix; the several-model tables reuse their cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from catalog.formatting import (
    capitalize_first,
    format_price,
    format_release,
    format_tokens,
    join_list,
    pluralize,
)

from .benchmarks import leads
from .inputs import ModelFacts, RouteFacts, TrafficProfile, Tri
from .results import (
    CapabilityCell,
    CapabilityRow,
    Cell,
    ModelPricing,
    PriceRoute,
    PricingSection,
    RouteCost,
    Row,
    SharedBenchmark,
)
from .sides import _lowest_price, _Side, cheapest_route
from .vocabulary import ARCHITECTURES, CAPABILITIES, COMMERCIAL_USE
from .wording import (
    best_for,
    parameters_text,
    price_display,
    provider_list,
    routes_text,
)


def routes_cell(side: _Side) -> Cell:
    return Cell(capitalize_first(routes_text(side)), not side.live_routes)


def _pair_row(
    key: str, label: str, a: _Side, b: _Side, make: Callable[[_Side], Cell]
) -> Row:
    return Row(key=key, label=label, a=make(a), b=make(b))


def build_scorecard(
    a: _Side, b: _Side, shared: Sequence[SharedBenchmark], profile: TrafficProfile
) -> tuple[Row, ...]:
    def uses(side: _Side) -> Cell:
        text = best_for(side)
        return Cell(text) if text else Cell("Not enough sourced data", True)

    def fit(side: _Side) -> Cell:
        tags = side.facts.decision_tags
        return Cell(join_list(list(tags))) if tags else Cell("No editor tags yet", True)

    def context(side: _Side) -> Cell:
        window = side.facts.context_window
        return Cell(format_tokens(window)) if window else Cell("Unknown", True)

    def output_price(side: _Side) -> Cell:
        lowest = _lowest_price(side, "output_price", profile.include_free_tiers)
        if lowest is None:
            left_out = len(side.live_routes) - len(side.counted_routes)
            if left_out:
                routes = pluralize(left_out, "route")
                return Cell(f"No trusted price ({routes} left out)", True)
            if side.live_routes:
                why = f"none on {pluralize(len(side.live_routes), 'tracked route')}"
            else:
                why = "no routes tracked"
            return Cell(f"No sourced price ({why})", True)
        price, route = lowest
        return Cell(f"{format_price(price)} per 1M tokens ({route.provider_name})")

    def benchmarks(side: _Side) -> Cell:
        if not shared:
            return Cell("No shared benchmarks", True)
        if not any(benchmark.comparable for benchmark in shared):
            count = pluralize(len(shared), "shared benchmark")
            return Cell(f"{count}, none with comparable scores", True)
        names = [benchmark.name for benchmark in leads(shared, side.key)]
        led = f"leads on {join_list(names)}" if names else "leads on none"
        return Cell(f"{pluralize(len(shared), 'shared benchmark')}; {led}")

    return (
        _pair_row("best_for", "Best for", a, b, uses),
        _pair_row("decision_fit", "Decision fit", a, b, fit),
        _pair_row("context_window", "Context window", a, b, context),
        # Over the routes the costs count: the trusted ones, unless the reader
        # included the rest (and then it does not say "trusted").
        _pair_row(
            "cheapest_output_price",
            "Cheapest output price"
            if profile.include_untrusted
            else "Cheapest trusted output price",
            a,
            b,
            output_price,
        ),
        _pair_row("provider_routes", "Provider routes", a, b, routes_cell),
        _pair_row("shared_benchmarks", "Shared benchmarks", a, b, benchmarks),
    )


SPEC_LABELS = (
    ("released", "Released"),
    ("context_window", "Context window"),
    ("max_output", "Max output"),
    ("parameters", "Parameters"),
    ("architecture", "Architecture"),
    ("license", "License"),
    ("openness", "Openness"),
    ("commercial_use", "Commercial use"),
    ("knowledge_cutoff", "Knowledge cutoff"),
)


NOT_VERIFIED = "Not verified (held for review)"


def spec_cells(facts: ModelFacts) -> dict[str, Cell]:
    """Return the model's spec cells by row key; "Unknown" where not sourced."""

    def known(text: str) -> Cell:
        return Cell(text or "Unknown", not text)

    def tokens(count: int | None, field: str) -> Cell:
        if count is None and field in facts.unverified:
            return Cell(NOT_VERIFIED, True)
        return known(
            f"{format_tokens(count)} ({pluralize(count, 'token')})" if count else ""
        )

    osi = (
        " (OSI-approved)"
        if facts.license_name and facts.license_is_osi_approved
        else ""
    )
    weights = {Tri.YES: "Open weights", Tri.NO: "Closed weights"}
    return {
        "released": Cell(NOT_VERIFIED, True)
        if facts.release_date is None and "release_date" in facts.unverified
        else Cell(
            format_release(facts.release_date, facts.release_date_precision),
            facts.release_date is None,
        ),
        "context_window": tokens(facts.context_window, "context_window"),
        "max_output": tokens(facts.max_output_tokens, "max_output_tokens"),
        "parameters": Cell(parameters_text(facts), facts.parameter_count is None),
        "architecture": known(ARCHITECTURES.get(facts.architecture, "")),
        "license": known(f"{facts.license_name}{osi}"),
        "openness": known(weights.get(facts.open_weights, "")),
        "commercial_use": known(COMMERCIAL_USE.get(facts.commercial_use, "")),
        "knowledge_cutoff": known(facts.knowledge_cutoff),
    }


def build_specs(a: _Side, b: _Side) -> tuple[Row, ...]:
    cells_a, cells_b = spec_cells(a.facts), spec_cells(b.facts)
    return tuple(
        Row(key, label, cells_a[key], cells_b[key]) for key, label in SPEC_LABELS
    )


def _price_route(route: RouteFacts, cost: RouteCost) -> PriceRoute:
    check_kind, checked_on = route.last_check
    return PriceRoute(
        last_reviewed=route.last_reviewed,
        check_kind=check_kind,
        checked_on=checked_on,
        checked_by=route.source.title
        if route.source and check_kind == "checked" and checked_on
        else "",
        provider_slug=route.provider_slug,
        provider_name=route.provider_name,
        provider_kind=route.provider_kind,
        is_first_party=route.is_first_party,
        identifier=route.identifier,
        region=route.region,
        region_display=route.region or "Not stated",
        input_price=route.input_price,
        input_price_display=price_display(route.input_price),
        output_price=route.output_price,
        output_price_display=price_display(route.output_price),
        cached_input_price=route.cache_read_price,
        cached_input_price_display=price_display(route.cache_read_price),
        lifecycle=route.lifecycle,
        source=route.source,
        source_url=route.source_url or (route.source.url if route.source else ""),
        last_verified=route.last_verified,
        is_cheapest=cost.is_cheapest,
        is_free_tier=cost.is_free_tier,
        is_list_price=cost.is_list_price,
        doubt=cost.doubt,
        doubt_text=cost.doubt_text,
    )


def cheapest_price_cell(side: _Side, attribute: str) -> Cell:
    """Return one price of the route that is cheapest at the traffic profile."""
    chosen = cheapest_route(side)
    if chosen is None:
        # Its routes may be priced yet all left out: not "Not sourced".
        return Cell(f"No cheapest route ({side.cost.reason.lower()})", True)
    value = getattr(chosen, attribute)
    if value is None:  # an embedding's output price, which its cost needs not
        return Cell(f"Not sourced ({chosen.provider_name})", True)
    return Cell(f"{format_price(value)} per 1M tokens ({chosen.provider_name})")


def providers_cell(side: _Side) -> Cell:
    if not side.provider_names:
        return Cell("No providers tracked yet", True)
    return Cell(provider_list(side.live_routes))


def build_pricing(a: _Side, b: _Side) -> PricingSection:
    def model_pricing(side: _Side) -> ModelPricing:
        cost = side.cost
        if cost.monthly_cost is not None:
            cheapest = (
                f"Cheapest at this traffic: {cost.cheapest_provider_name} "
                f"({cost.cheapest_identifier})"
            )
        else:
            cheapest = f"No cheapest route for {side.name}: {cost.reason.lower()}"
        return ModelPricing(
            model_slug=side.slug,
            model_name=side.name,
            cheapest_route_text=cheapest,
            routes=tuple(
                _price_route(route, route_cost)
                for route, route_cost in zip(side.routes, cost.routes, strict=True)
            ),
            message="" if side.routes else f"No route tracked for {side.name}.",
        )

    rows = (
        Row(
            "input_price",
            "Input price",
            cheapest_price_cell(a, "input_price"),
            cheapest_price_cell(b, "input_price"),
        ),
        Row(
            "output_price",
            "Output price",
            cheapest_price_cell(a, "output_price"),
            cheapest_price_cell(b, "output_price"),
        ),
        _pair_row("providers", "Providers", a, b, providers_cell),
    )
    return PricingSection(rows=rows, a=model_pricing(a), b=model_pricing(b))


def capability_cell(side: _Side, key: str) -> CapabilityCell:
    value = side.capabilities[key]
    return CapabilityCell(
        value=value,
        text={Tri.YES: "Yes", Tri.NO: "No", Tri.UNKNOWN: "Unknown"}[value],
        source=side.capability_sources[key],
    )


def build_capability_matrix(a: _Side, b: _Side) -> tuple[CapabilityRow, ...]:
    """Return a row per capability the catalog knows for some model."""
    return tuple(
        CapabilityRow(
            key=key,
            label=label,
            a=capability_cell(a, key),
            b=capability_cell(b, key),
        )
        for key, label, _ in CAPABILITIES
        if key in a.tracked
    )

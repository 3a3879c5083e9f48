"""
The cost model: a route's and a model's monthly cost at a traffic profile,
exact (see "The cost model" in comparison-page.md), how the costs of several
models compare, and the blended price the chart plots.

The rules live here once: the pair page (its cost dimension, cost delta and
tradeoffs) and the several-model table both rank costs with rank_costs()
and measure gaps with cost_gap(). The words are wording.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from catalog.formatting import format_money, format_ratio

from . import wording
from .inputs import ModelFacts, RouteFacts, TrafficProfile
from .results import CostDelta, ModelCost, RouteCost
from .sides import is_free_tier
from .vocabulary import BLEND_INPUT_SHARE, BLEND_OUTPUT_SHARE, MILLION, PRECISION


def _request_cost(
    profile: TrafficProfile,
    input_price: Decimal,
    output_price: Decimal,
    cache_read_price: Decimal | None,
) -> Decimal:
    """Return one request's cost in dollars x 1M (prices are per 1M tokens)."""
    cached_price = input_price if cache_read_price is None else cache_read_price
    share = profile.cached_share
    return (
        profile.input_tokens * ((1 - share) * input_price + share * cached_price)
        + profile.output_tokens * output_price
    )


def _standard_request_cost(
    route: RouteFacts, profile: TrafficProfile
) -> tuple[Decimal, list[str]]:
    """
    Return one request's cost below any long-context threshold, with notes on
    discounts the profile asks for but the route has no sourced price for.
    """
    assert route.input_price is not None and route.output_price is not None
    notes = []
    standard = _request_cost(
        profile, route.input_price, route.output_price, route.cache_read_price
    )
    if profile.cached_share and route.cache_read_price is None:
        notes.append(wording.no_cache_price_note(route))
    if not profile.batch_share:
        return standard, notes
    if route.batch_input_price is None or route.batch_output_price is None:
        notes.append(wording.no_batch_price_note(route))
        return standard, notes
    batch = _request_cost(
        profile,
        route.batch_input_price,
        route.batch_output_price,
        route.cache_read_price,
    )
    share = profile.batch_share
    return (1 - share) * standard + share * batch, notes


def _long_context_request_cost(
    route: RouteFacts, profile: TrafficProfile
) -> tuple[Decimal | None, list[str], str]:
    """
    Return one request's cost above the long-context threshold, where the whole
    request, input and output, pays the tier prices; or None and the reason.
    """
    tier_input, tier_output = (
        route.long_context_input_price,
        route.long_context_output_price,
    )
    if tier_input is None or tier_output is None:
        return None, [], wording.no_long_context_price_reason(route, profile)
    per_request = (
        profile.input_tokens * tier_input + profile.output_tokens * tier_output
    )
    return per_request, wording.long_context_notes(route, profile), ""


def estimate_route_cost(route: RouteFacts, profile: TrafficProfile) -> RouteCost:
    """
    Return the route's monthly cost at the traffic profile, exact, following
    "The cost model" in comparison-page.md, or None with the reason.
    """
    notes: list[str] = []
    per_request: Decimal | None = None
    reason = ""
    tiered = (
        route.long_context_threshold is not None
        and profile.input_tokens > route.long_context_threshold
    )
    with localcontext(prec=PRECISION):
        if route.input_price is None or route.output_price is None:
            reason = wording.missing_price_reason(
                [
                    kind
                    for kind, price in (
                        ("input", route.input_price),
                        ("output", route.output_price),
                    )
                    if price is None
                ]
            )
        elif tiered:
            per_request, notes, reason = _long_context_request_cost(route, profile)
        else:
            per_request, notes = _standard_request_cost(route, profile)
        cost = (
            None
            if per_request is None
            else profile.requests_per_month * per_request / MILLION
        )
    is_free = is_free_tier(route)
    if note := wording.route_status_note(route, is_free, profile):
        notes.append(note)
    return RouteCost(
        provider_slug=route.provider_slug,
        provider_name=route.provider_name,
        identifier=route.identifier,
        monthly_cost=cost,
        monthly_cost_display=wording.route_cost_display(cost, is_free),
        unavailable_reason=reason,
        is_free_tier=is_free,
        is_eligible=cost is not None
        and route.lifecycle != "retired"
        and (profile.include_free_tiers or not is_free),
        is_cheapest=False,
        long_context_tier_applied=tiered,
        notes=tuple(notes),
    )


def _route_order(route: RouteFacts) -> tuple[bool, str, str, str]:
    """Return the tie-break: the model's own organization first, then by name."""
    return (
        not route.is_first_party,
        route.provider_name.casefold(),
        route.identifier,
        route.region,
    )


def sorted_routes(model: ModelFacts) -> tuple[RouteFacts, ...]:
    """Return the model's routes in display order: its own organization first."""
    return tuple(sorted(model.routes, key=_route_order))


def estimate_model_cost(model: ModelFacts, profile: TrafficProfile) -> ModelCost:
    """
    Return every route's monthly cost, in sorted_routes() order, and the cheapest
    one: the lowest monthly total at the profile (not the lowest input price),
    ties going to the model's own organization, then to the provider name.
    """
    routes = sorted_routes(model)
    costs = [estimate_route_cost(route, profile) for route in routes]
    eligible = [
        (cost.monthly_cost, index)
        for index, cost in enumerate(costs)
        if cost.is_eligible
    ]
    if not eligible:
        return ModelCost(
            model_slug=model.slug,
            model_name=model.name,
            monthly_cost=None,
            monthly_cost_display="Unavailable",
            cheapest_provider_name="",
            cheapest_identifier="",
            reason=wording.no_cost_reason(*_no_cost_finding(routes, costs)),
            notes=(),
            routes=tuple(costs),
        )
    # Routes are already in tie-break order, so the lowest index wins a tie.
    _, cheapest_index = min(eligible)
    cheapest = replace(costs[cheapest_index], is_cheapest=True)
    costs[cheapest_index] = cheapest
    return ModelCost(
        model_slug=model.slug,
        model_name=model.name,
        monthly_cost=cheapest.monthly_cost,
        monthly_cost_display=format_money(cheapest.monthly_cost or Decimal(0)),
        cheapest_provider_name=cheapest.provider_name,
        cheapest_identifier=cheapest.identifier,
        reason="",
        notes=cheapest.notes,
        routes=tuple(costs),
    )


def _no_cost_finding(
    routes: Sequence[RouteFacts], costs: Sequence[RouteCost]
) -> tuple[str, str]:
    """
    Return why a model has no cheapest route, as a code ("no_route",
    "no_long_context_price", "no_price", "free_tiers_only", "no_paid_route")
    and, for a missing long-context price, the first such route's reason.
    """
    if not costs:
        return "no_route", ""
    priced = [cost for cost in costs if cost.monthly_cost is not None]
    if not priced:
        # Routes with both standard prices that lack only the long-context tier's.
        tier_gaps = [
            cost
            for route, cost in zip(routes, costs, strict=True)
            if cost.long_context_tier_applied
            and route.input_price is not None
            and route.output_price is not None
        ]
        if tier_gaps:
            return "no_long_context_price", tier_gaps[0].unavailable_reason
        return "no_price", ""
    if all(cost.is_free_tier for cost in priced):
        return "free_tiers_only", ""
    return "no_paid_route", ""


@dataclass(frozen=True)
class CostRanking:
    """Models' monthly costs compared, by their index in the list ranked."""

    lowest: Decimal | None  # the lowest monthly cost; None when none has one
    cheapest: tuple[int, ...]  # the models at the lowest cost (several on a tie)
    unavailable: tuple[int, ...]  # the models with no monthly cost


def rank_costs(costs: Sequence[ModelCost]) -> CostRanking:
    """Return which of the models are cheapest at the profile, and which have no cost."""
    known = [i for i, cost in enumerate(costs) if cost.monthly_cost is not None]
    lowest = min((costs[i].monthly_cost for i in known), default=None)
    return CostRanking(
        lowest=lowest,
        cheapest=tuple(i for i in known if costs[i].monthly_cost == lowest),
        unavailable=tuple(i for i in range(len(costs)) if i not in known),
    )


def cost_gap(cost: Decimal, lowest: Decimal) -> tuple[Decimal, Decimal | None]:
    """
    Return how much more a monthly cost is than the lowest, and how many times
    as much, to two decimals (all a reader or an API client can use of a
    ratio); None when the lowest is zero.
    """
    with localcontext(prec=PRECISION):
        ratio = (cost / lowest).quantize(Decimal("0.01")) if lowest else None
        return cost - lowest, ratio


def compare_costs(a: ModelCost, b: ModelCost) -> CostDelta:
    """Return how a pair's two monthly costs compare, or that they cannot be."""
    ranking = rank_costs((a, b))
    if ranking.unavailable:
        delta = CostDelta("")
    elif len(ranking.cheapest) == 2:
        delta = CostDelta("", difference=Decimal(0), difference_display="$0")
    else:
        cheap, dear = (a, b) if ranking.cheapest == (0,) else (b, a)
        difference, ratio = cost_gap(
            dear.monthly_cost or Decimal(0), cheap.monthly_cost or Decimal(0)
        )
        delta = CostDelta(
            "",
            cheaper="a" if cheap is a else "b",
            cheaper_slug=cheap.model_slug,
            difference=difference,
            difference_display=format_money(difference),
            ratio=ratio,
            ratio_display=format_ratio(ratio) if ratio else "",
        )
    return replace(delta, sentence=wording.cost_delta_sentence(delta, a, b))


# Blended prices -------------------------------------------------------------


def blended_price(
    input_price: Decimal | None, output_price: Decimal | None
) -> Decimal | None:
    """Return the blended price per 1M tokens, or None unless both are sourced."""
    if input_price is None or output_price is None:
        return None
    return BLEND_INPUT_SHARE * input_price + BLEND_OUTPUT_SHARE * output_price


def cheapest_blended_price(model: ModelFacts) -> Decimal | None:
    """
    Return the lowest blended price over the model's routes with both prices
    sourced, free tiers left out: the rule of catalog.selectors'
    cheapest_blended_price(), so a model sits at the same price on the
    benchmark page's chart and on a comparison page's.
    """
    prices = [
        blended_price(route.input_price, route.output_price)
        for route in model.routes
        if not is_free_tier(route)
    ]
    return min((price for price in prices if price is not None), default=None)
